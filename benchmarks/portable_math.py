"""What purenn's portable elementary functions cost: training with ``math``'s
functions and with ``purenn.use_portable_math()``, side by side.

    python3 benchmarks/portable_math.py [--quick]
    pypy3 benchmarks/portable_math.py [--quick]

Each task is run from the same initial weights with one setting, then the
other, alternating the order from round to round (``timing.paired``); the
ratio is the median over rounds of portable time / ``math`` time measured
in the same round.  Prints a Markdown table.  (The functions alone: about
ten times ``math``'s per call on CPython; a training run spends most of
its time elsewhere.)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import timing  # noqa: E402
from purenn import Dense, Network, datasets, tutorial  # noqa: E402
from purenn.core import elementary  # noqa: E402

XOR_X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
XOR_Y = [[0], [1], [1], [0]]


def tutorial_fit():
    net = Network([Dense(3, 4, "sigmoid", bias=False, init="uniform"),
                   Dense(4, 1, "sigmoid", bias=False, init="uniform")], seed=1)
    net.fit(XOR_X, XOR_Y, epochs=1500, learning_rate=1.0, loss="sse")


def tutorial_class():
    tutorial.train(1500)


MOONS = datasets.moons(200, noise=0.1, seed=0)


def moons_adam():
    net = Network([Dense(2, 16, "tanh"), Dense(16, 16, "tanh"), Dense(16, 1, "sigmoid")], seed=1)
    net.fit(MOONS[0], MOONS[1], epochs=50, learning_rate=0.01, loss="binary_crossentropy",
            optimizer="adam", batch_size=16, seed=2)


DIGITS = None


def digits_epoch():
    net = Network([Dense(64, 32, "relu"), Dense(32, 10, "softmax")], seed=1)
    net.fit(DIGITS[0], DIGITS[1], epochs=1, learning_rate=0.1, loss="categorical_crossentropy",
            batch_size=32, seed=1)


def both(fn):
    """Two candidates: ``fn`` with math's functions, and with the portable ones."""
    def with_math():
        elementary.use_portable_math(False)
        fn()

    def portable():
        elementary.use_portable_math(True)
        fn()
        elementary.use_portable_math(False)
    return [("math", with_math), ("portable", portable)]


def main(args):
    global DIGITS
    quick = "--quick" in args
    DIGITS = datasets.digits(0, 300 if quick else None)
    tasks = [("the tutorial, `Network.fit` (generated code on CPython)", tutorial_fit),
             ("the tutorial, `tutorial.NeuralNetwork`", tutorial_class),
             ("moons 2-16-16-1, Adam, 50 epochs", moons_adam),
             ("digits 64-32-10, one epoch (batches of 32)", digits_epoch)]
    print("%s %s" % (sys.implementation.name, sys.version.split()[0]))
    print("| run | `math` | portable | ratio |")
    print("|---|---|---|---|")
    for name, fn in tasks:
        times = timing.paired(both(fn), rounds=3 if quick else 7, warmup=1)
        print("| %s | %.1f ms | %.1f ms | %.2f× |" % (
            name, 1e3 * timing.median(times["math"]), 1e3 * timing.median(times["portable"]),
            timing.ratio(times, "portable", "math")))
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
