"""How fast purenn reads and writes ONNX files, beside the onnx package's C++ parser.

    python3 benchmarks/onnx_read.py        (pypy3, micropython: purenn alone)

Two float32 files written by ``purenn.onnx.save``: the digits network
(64-32-10, 2410 parameters, 10 KB) and a 512-512-1 network (263 169
parameters, 1.0 MB).  For each, in one run with rounds interleaved
(``timing.paired``): ``purenn.onnx.loads`` (protobuf wire format, checks,
the Network built), ``purenn.onnx.dumps``, ``purenn.loads`` of the same
network as a JSON model file, and, where the onnx package is installed,
``onnx.load_from_string`` (C++ protobuf; it parses, builds no network).
Prints median milliseconds.
"""

import os
import sys

HERE = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
sys.path.insert(0, HERE + "/..")
sys.path.insert(0, HERE)

from purenn import Dense, Network  # noqa: E402
from purenn.core.network import loads  # noqa: E402
from purenn import onnx as ponnx  # noqa: E402
from purenn.core.modelwrite import dumps as json_dumps, to_dict  # noqa: E402
from timing import median, paired  # noqa: E402


def cases():
    yield "64-32-10", Network([Dense(64, 32, "relu"), Dense(32, 10, "softmax")], seed=1)
    yield "512-512-1", Network([Dense(512, 512, "relu"), Dense(512, 1, "sigmoid")], seed=1)


def main():
    try:
        import onnx
    except ImportError:
        onnx = None
    print("| network | file | purenn.onnx.loads | purenn.onnx.dumps | purenn.loads (JSON) |"
          " onnx.load_from_string |")
    print("|---|---|---|---|---|---|")
    for name, net in cases():
        data = ponnx.dumps(net)
        text = json_dumps(to_dict(net))
        candidates = [("read", lambda: ponnx.loads(data)), ("write", lambda: ponnx.dumps(net)),
                      ("json", lambda: loads(text))]
        if onnx is not None:
            candidates.append(("onnx", lambda: onnx.load_from_string(data)))
        rounds = 5 if len(data) > 100000 else 21
        times = paired(candidates, rounds=rounds, warmup=1)
        ms = ["%.2f ms" % (1000 * median(times[k])) if k in times else "—"
              for k in ("read", "write", "json", "onnx")]
        print("| %s | %d KB | %s |" % (name, (len(data) + 512) // 1024, " | ".join(ms)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
