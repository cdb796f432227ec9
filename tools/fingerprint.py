"""One hash over the weights and histories of 162 trainings, to compare checkouts.

    PYTHONPATH=. python3 tools/fingerprint.py
    git worktree add /tmp/old COMMIT && PYTHONPATH=/tmp/old python3 tools/fingerprint.py

Every loss with each hidden activation, both engines, full and mini-batches,
with and without L2, on the moons (15 epochs each), then SGD and Adam with
validation, accuracy and early stopping.  The same hash means the same
numbers to the last bit (CPython and PyPy give the same hash).
"""

import hashlib

from purenn import Network, Dense, datasets, TrainingDiverged

h = hashlib.sha256()


def note(*parts):
    h.update(repr(parts).encode())


def main():
    X, Y = datasets.moons(60, seed=1)
    cases = 0
    for loss, out in (("mse", "sigmoid"), ("binary_crossentropy", "sigmoid"), ("sse", "linear"),
                      ("hinge", "linear")):
        Yl = [[1.0 if y[0] > 0.5 else -1.0] for y in Y] if loss == "hinge" else Y
        for act in ("tanh", "relu", "leaky_relu", "sigmoid", "linear"):
            for compiled in (False, True):
                for batch in (None, 7):
                    for l2 in (0.0, 1e-3):
                        net = Network([Dense(2, 6, act), Dense(6, 1, out)], seed=3)
                        try:
                            hist = net.fit(X, Yl, epochs=15, learning_rate=0.1, loss=loss,
                                           batch_size=batch, seed=5, l2=l2, compiled=compiled)
                            note(hist["loss"])
                        except TrainingDiverged as e:
                            note("diverged", str(e))
                        note([l.weights for l in net.layers], [l.biases for l in net.layers])
                        cases += 1
    for opt in ("sgd", "adam"):
        net = Network([Dense(2, 8, "tanh"), Dense(8, 1, "sigmoid")], seed=4)
        hist = net.fit(X, Y, epochs=20, learning_rate=0.05, optimizer=opt, batch_size=8, seed=1,
                       validation_data=(X[:10], Y[:10]), patience=5, metrics=["accuracy"])
        note(sorted(hist.items()), [l.weights for l in net.layers])
        cases += 1
    print(cases, h.hexdigest())


if __name__ == "__main__":
    main()
