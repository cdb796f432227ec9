"""Inside a network learning the two moons: what each neuron computes, and
how the decision map changes as it trains.

    python3 examples/moons_inside.py [NEURONS.svg] [TRAINING.svg]

A 2-8-8-1 tanh network (sigmoid output, binary cross-entropy, full-batch
gradient descent, learning rate 0.5, 400 epochs) on 150 of 200 moons points
(50 held out, split with a fixed seed).  A ``purenn.plot.Snapshots``
callback keeps the decision map at epochs 0, 10, 100, 200, 300 and 400: the
loss sits on a plateau for some 200 epochs, the boundary one gentle curve
that gets most points right, before it bends round the moons.  Writes

* moons_neurons.svg (or NEURONS.svg): each neuron's activation over the
  plane after training, laid out like the network;
* moons_training.svg (or TRAINING.svg): the snapshots and the loss curve.
"""

import sys

import _path  # noqa: E402,F401  (the repository root on sys.path)
from purenn import Network, Dense, plot  # noqa: E402
from purenn.data import accuracy, train_test_split  # noqa: E402
from purenn.datasets import moons  # noqa: E402

EPOCHS = (0, 10, 100, 200, 300, 400)


def main(argv):
    neurons = argv[0] if argv else "moons_neurons.svg"
    training = argv[1] if len(argv) > 1 else "moons_training.svg"
    X, Y = moons(200, noise=0.1, seed=0)
    X_train, X_test, Y_train, Y_test = train_test_split(X, Y, 0.25, seed=0)
    net = Network([Dense(2, 8, "tanh"), Dense(8, 8, "tanh"), Dense(8, 1, "sigmoid")], seed=1)
    snaps = plot.Snapshots(net, X_train, Y_train, EPOCHS, resolution=30,
                           loss="binary_crossentropy")
    history = net.fit(X_train, Y_train, epochs=EPOCHS[-1], learning_rate=0.5,
                      loss="binary_crossentropy", callbacks=[snaps])
    for epoch, _, right, loss, _ in snaps.frames:
        print("epoch %3d: %5.1f%% of the training points right, loss %.4f"
              % (epoch, 100 * right, loss))
    print("held-out accuracy: %.1f%% (%d points)"
          % (100 * accuracy(Y_test, net.predict(X_test)), len(X_test)))
    plot.save(plot.neuron_maps_svg(net, X_train, Y_train, resolution=20), neurons)
    plot.save(plot.training_svg(snaps, history, title="two moons, 2-8-8-1 tanh: the "
                                "decision map as it trains"), training)
    print("wrote %s and %s" % (neurons, training))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
