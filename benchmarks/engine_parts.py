"""What each part of the generated digits epoch costs that the floor leaves out.

    python3 benchmarks/engine_parts.py [ROUNDS]

``Network.fit`` runs, for the digits network, one function written out by
``purenn.core.codegen`` (``Compiled.source``).  The floor
(``floor_digits.epoch_unrolled_skip``) is the same arithmetic without what
``fit`` promises besides the weights.  This times the generated function as
it is against copies of its source with one such part deleted, in paired
rounds, one epoch each (the copies train wrongly in the cases those parts
exist for; here every value stays finite, so they give the same weights):

* ``snapshot``: the tuple of the weights taken before each step (to put back
  the last good ones if training diverges) and the check of the new weights;
* ``guards``: the finiteness tests that keep zero skipping exact when a δ
  is not finite;
* ``loss``: the per-sample loss terms, for the history.

It prints each part's share of the epoch (1 − time without it / time with it),
and the floor's time for scale.  CPython only (the generated code is what
fit runs there).
"""

import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import digits  # noqa: E402
import floor_digits  # noqa: E402
from purenn.core.elementary import compile_functions  # noqa: E402
from purenn.core.rng import Rng  # noqa: E402


def variants(src):
    """The generated source, and copies with one part deleted, by name."""
    # the tuple made after each step, made once at the end instead (for the
    # weights written back into the layers)
    made = re.search(r"\n( {8,})(cur = \(.*?)\n", src)
    snap = src.replace(made.group(0), "\n")
    at = snap.rindex("\n    W[0][0][:] = cur[")
    snap = snap[:at] + "\n    " + made.group(2) + snap[at:]
    snap = re.sub(r"( +)chk = sum\(cur\)\n +if not \(chk - chk == 0.0\) and not all_finite\(cur\):",
                  r"\1if False:", snap)
    snap = re.sub(r"\n +good = cur\n", "\n", snap)
    guards = src.replace("if fd - fd == 0.0:", "if True:")
    guards = re.sub(r"if d1_(\d+) - d1_\d+ == 0.0:", "if True:", guards)
    loss = re.sub(r"L \+= y\d \* \(lse - z2_\d\) if y\d else 0.0", "pass", src)
    out = {"as generated": src, "snapshot": snap, "guards": guards, "loss": loss}
    for name, text in out.items():
        assert name == "as generated" or text != src, name
    return out


def main(rounds):
    X, Y = digits.load()
    P = digits.initial_params()
    code = digits.make_network().compile()
    fns = {name: compile_functions(text, ("epochs",))[0]
           for name, text in variants(code.source("categorical_crossentropy", False, True)).items()}

    def epoch(fn):
        W1, b1, W2, b2 = digits.copy_params(P)
        W, B = [W1, W2], [b1, b2]
        PW, PB = [[r[:] for r in w] for w in W], [b[:] for b in B]
        g = Rng(digits.SEED)
        fn(W, B, PW, PB, X, Y, lambda: g.permutation(len(X)), digits.BATCH, digits.LR, 0.0, 1,
           lambda v: None, [False])
        return W, B

    want = epoch(fns["as generated"])
    for name, fn in fns.items():
        assert epoch(fn) == want, name
    times = {name: [] for name in fns}
    times["floor"] = []
    for r in range(rounds):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            epoch(fn)
            times[name].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        floor_digits.epoch_unrolled_skip(digits.copy_params(P), X, Y)
        times["floor"].append(time.perf_counter() - t0)

    def median(v):
        return sorted(v)[len(v) // 2]
    base = times["as generated"]
    print("digits epoch, generated code, median of %d paired rounds: %.1f ms (floor %.1f ms)"
          % (rounds, median(base) * 1e3, median(times["floor"]) * 1e3))
    for name in ("snapshot", "guards", "loss"):
        share = 1.0 - median([a / b for a, b in zip(times[name], base)])
        print("  %-9s %5.1f%% of the epoch" % (name, 100.0 * share))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
