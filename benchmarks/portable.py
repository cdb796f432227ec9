"""The pure-Python benchmarks on any interpreter (run by run.py under PyPy and MicroPython).

    pypy3 benchmarks/portable.py ROOT [quick]
    micropython -X heapsize=64m benchmarks/portable.py ROOT [quick]

ROOT is the repository (for ``import purenn``).  Prints one JSON object per
line: ``{"task": ..., "median": {name: seconds}, "ratio": {name: x}, ...}``.
"""

import gc
import json
import sys

root = sys.argv[1]
sys.path.insert(0, root + "/benchmarks")
sys.path.insert(0, root)
quick = len(sys.argv) > 2 and sys.argv[2] == "quick"
micro = sys.implementation.name == "micropython"
warm = 0 if micro else 2  # PyPy's JIT needs a warm-up; MicroPython has none

import timing
import tutorial_bench as tb
import floor_digits
import floor_tutorial
import kernels


def report(task, times, ref, **extra):
    med = {}
    ratio = {}
    for name in times:
        med[name] = timing.median(times[name])
        ratio[name] = timing.ratio(times, name, ref)
    out = {"task": task, "interpreter": sys.implementation.name, "median": med,
           "ratio_to": ref, "ratio": ratio}
    for k in extra:
        out[k] = extra[k]
    print(json.dumps(out))


rounds = 3 if quick else 7
W1, W2 = tb.initial_weights()
floor_tutorial.check(tb.run_floor(W1, W2), tb.run_network(W1, W2))
tnet = tb.make_network()     # made before the timing, as the floor's code is
t = timing.paired([("tutorial.NeuralNetwork", lambda: tb.run_tutorial()),
                   ("Network.fit", lambda: tb.run_network(W1, W2, net=tnet)),
                   ("floor", lambda: tb.run_floor(W1, W2))], rounds, warm)
report("tutorial", t, "floor",
       check=tb.max_diff(tb.run_tutorial(), tb.run_network(W1, W2)))

# digits: Network.fit against this interpreter's floors, each checked bit for bit first
t, names = floor_digits.compare((2 if micro else 3) if quick else 7, warm, dense=not quick)
best = None
for name in names[1:]:
    if best is None or timing.median(t[name]) < timing.median(t[best]):
        best = name
report("digits", t, best)
t = None
gc.collect()  # the digits are gone with compare(): free their memory before the kernels

target = 20000 if micro else 200000
for n, k, m in kernels.SIZES:
    if micro and quick and n > 32:
        continue
    ns, best, t = kernels.bench(n, k, m, target, 3 if quick else 5)
    print(json.dumps({"task": "kernels", "interpreter": sys.implementation.name,
                      "size": "%dx%d.%dx%d" % (n, k, k, m), "ns": ns, "best": best,
                      "ratio": timing.ratio(t, "purenn matmul", best)}))
