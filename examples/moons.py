"""Two moons: a 2-16-16-1 network separates them, and points it never saw.

    python3 examples/moons.py

200 points, noise 0.1 (purenn.datasets.moons, seeded), split with a fixed
seed into 150 to train on and 50 held out (purenn.data.train_test_split);
ReLU hidden layers, a sigmoid output and binary cross-entropy, plain
gradient descent on the full batch.  The best-known pure-Python autograd
demo trains the same architecture on the same kind of data to 100% in
about 100 steps of a second each; benchmarks/ compares the two side by side.
"""

import _path  # noqa: F401
from purenn import Network, Dense, datasets
from purenn.data import accuracy, train_test_split
from purenn.core.progress import clock as _clock

X, Y = datasets.moons(200, noise=0.1, seed=0)
X_train, X_test, Y_train, Y_test = train_test_split(X, Y, 0.25, seed=0)
net = Network([Dense(2, 16, "relu"), Dense(16, 16, "relu"), Dense(16, 1, "sigmoid")], seed=1)
start = _clock()
history = net.fit(X_train, Y_train, epochs=300, learning_rate=0.5, loss="binary_crossentropy",
                  metrics=["accuracy"])
seconds = _clock() - start
first = history["accuracy"].index(1.0) + 1 if 1.0 in history["accuracy"] else None
print("two moons, %d training and %d held-out points, 2-16-16-1, 300 epochs of full-batch SGD"
      % (len(X_train), len(X_test)))
print("training accuracy: %.1f%%  (100%% first at epoch %s)"
      % (100 * accuracy(Y_train, net.predict(X_train)), first))
print("held-out accuracy: %.1f%%" % (100 * accuracy(Y_test, net.predict(X_test))))
print("final loss: %.4f" % history["loss"][-1])
print("time: %.2f s (%.1f ms an epoch)" % (seconds, 1000 * seconds / 300))
