"""Train a small network on the two moons and draw its decision boundary.

    python3 examples/moons_boundary.py [OUT.svg]

Trains a 2-16-16-1 network (relu, relu, sigmoid) with binary cross-entropy
and plain gradient descent (learning rate 0.5, full batch, 300 epochs) on
100 points of ``purenn.datasets.moons``, prints the accuracy and a loss
sparkline, and writes the decision map to moons_boundary.svg (or OUT.svg):
open it in a web browser.
"""

import sys

import _path  # noqa: E402,F401  (the repository root on sys.path)
from purenn import Network, Dense  # noqa: E402
from purenn.data import accuracy  # noqa: E402
from purenn.datasets import moons  # noqa: E402
from purenn.plot import boundary_svg, save, sparkline  # noqa: E402


def main(argv):
    out = argv[0] if argv else "moons_boundary.svg"
    X, Y = moons(100, noise=0.1, seed=0)
    net = Network([Dense(2, 16, "relu"), Dense(16, 16, "relu"), Dense(16, 1, "sigmoid")],
                  seed=1)
    history = net.fit(X, Y, epochs=300, learning_rate=0.5, loss="binary_crossentropy",
                      optimizer="sgd")
    acc = accuracy(Y, net.predict(X))
    print("loss %s  %.4f -> %.4f" % (sparkline(history["loss"], 40), history["loss"][0],
                                     history["loss"][-1]))
    print("training accuracy %.3f" % acc)
    save(boundary_svg(net, X, Y, title="two moons: 2 → 16 relu → 16 relu → 1 sigmoid"), out)
    print("wrote %s" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
