"""Pack the 8×8 digits CSV into purenn/datafiles/digits.bin (run once).

    python3 tools/pack_digits.py path/to/digits.csv.gz

Input: 1797 rows of 64 pixel values (0-16) then the label (0-9). Output:
per sample, one byte with the label, then the 64 pixels at 5 bits each,
most significant bit first, in 40 bytes (41 bytes a sample, 73,677 in all).
"""

import gzip
import sys


def pack(rows):
    out = bytearray()
    for row in rows:
        pixels, label = row[:64], row[64]
        if len(pixels) != 64 or not all(0 <= p <= 16 for p in pixels) or not 0 <= label <= 9:
            raise ValueError("bad row: %r" % (row,))
        bits = 0
        for p in pixels:
            bits = (bits << 5) | p
        out.append(label)
        out += bits.to_bytes(40, "big")
    return bytes(out)


def main(path):
    with gzip.open(path, "rt") as f:
        rows = [[int(v) for v in line.split(",")] for line in f if line.strip()]
    data = pack(rows)
    with open("purenn/datafiles/digits.bin", "wb") as f:
        f.write(data)
    print("%d samples, %d bytes" % (len(rows), len(data)))


if __name__ == "__main__":
    main(sys.argv[1])
