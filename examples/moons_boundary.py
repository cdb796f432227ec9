"""Train a small network on the two moons and draw its decision map.

    python3 examples/moons_boundary.py [MAP.svg]

Trains a 2-16-16-1 network (relu, relu, sigmoid) with binary cross-entropy
and plain gradient descent (learning rate 0.5, full batch, 300 epochs) on
150 of 200 points of ``purenn.datasets.moons`` (the other 50 held out, split
with a fixed seed), prints both accuracies and a loss sparkline, and
writes the decision map of all 200 points to moons_boundary.svg (or
MAP.svg): open it in a web browser.  A point the network gets wrong is
crossed out.
"""

import sys

import _path  # noqa: E402,F401  (the repository root on sys.path)
from purenn import Network, Dense  # noqa: E402
from purenn.data import accuracy, train_test_split  # noqa: E402
from purenn.datasets import moons  # noqa: E402
from purenn.plot import boundary_svg, save, sparkline  # noqa: E402


def main(argv):
    out = argv[0] if argv else "moons_boundary.svg"
    X, Y = moons(200, noise=0.1, seed=0)
    X_train, X_test, Y_train, Y_test = train_test_split(X, Y, 0.25, seed=0)
    net = Network([Dense(2, 16, "relu"), Dense(16, 16, "relu"), Dense(16, 1, "sigmoid")],
                  seed=1)
    history = net.fit(X_train, Y_train, epochs=300, learning_rate=0.5,
                      loss="binary_crossentropy", optimizer="sgd")
    print("loss %s  %.4f -> %.4f" % (sparkline(history["loss"], 40), history["loss"][0],
                                     history["loss"][-1]))
    print("training accuracy %.3f (%d points)" % (accuracy(Y_train, net.predict(X_train)),
                                                  len(X_train)))
    print("held-out accuracy %.3f (%d points)" % (accuracy(Y_test, net.predict(X_test)),
                                                  len(X_test)))
    save(boundary_svg(net, X, Y, title="two moons: 2 → 16 relu → 16 relu → 1 sigmoid",
                      classes=["upper moon", "lower moon"]), out)
    print("wrote %s" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
