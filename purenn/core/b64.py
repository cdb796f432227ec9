"""Base64 (RFC 4648, with padding) in plain Python, for interpreters without
``binascii`` (a MicroPython port built without it).

Model files hold their weights as base64 text (``purenn.core.modelfile``),
read and written with ``binascii`` where it exists; these two functions
take its place elsewhere, with the same results on well-formed input.
Every 3 bytes become 4 characters of 6 bits each, from the 64-character
alphabet below; a last group of 1 or 2 bytes is padded with ``=``.
"""

ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def b2a_base64(data):
    """The base64 text of the bytes ``data``, as bytes ending in a newline."""
    out = bytearray()
    for i in range(0, len(data), 3):
        chunk = data[i:i + 3]
        n = 0
        for b in chunk:
            n = n << 8 | b
        n <<= 8 * (3 - len(chunk))          # 24 bits: the chunk, zero-filled
        for k in range(4):
            out.append(ALPHABET[n >> (18 - 6 * k) & 63] if k <= len(chunk) else 61)   # 61: "="
    out.append(10)
    return bytes(out)


def a2b_base64(text):
    """The bytes whose base64 text is ``text`` (bytes); ValueError if it is not
    base64 (a character outside the alphabet, or a length that is not a
    multiple of 4)."""
    if len(text) % 4:
        raise ValueError("incorrect padding")
    out = bytearray()
    for i in range(0, len(text), 4):
        n = 0
        pad = 0
        for c in text[i:i + 4]:
            if c == 61 and i + 4 == len(text):     # "=" only at the very end
                pad += 1
                v = 0
            else:
                v = ALPHABET.find(bytes([c]))
                if v < 0 or pad:
                    raise ValueError("not base64")
            n = n << 6 | v
        if pad > 2:
            raise ValueError("not base64")
        out.extend(bytes([n >> 16 & 255, n >> 8 & 255, n & 255])[:3 - pad])
    return bytes(out)
