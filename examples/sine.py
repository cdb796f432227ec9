"""Regression: learn sin(x) from 225 noisy points, test on 75 held out.

    python3 examples/sine.py
"""

import _path  # noqa: F401
from purenn import Network, Dense, datasets
from purenn.data import train_test_split
from purenn.core.progress import clock as _clock

X, Y = datasets.sine(300, noise=0.05, seed=0)
X_train, X_test, Y_train, Y_test = train_test_split(X, Y, 0.25, seed=1)
net = Network([Dense(1, 16, "tanh"), Dense(16, 16, "tanh"), Dense(16, 1, "linear")], seed=1)
start = _clock()
history = net.fit(X_train, Y_train, epochs=300, learning_rate=0.01, optimizer="adam",
                  batch_size=16, seed=1, loss="mse")
seconds = _clock() - start
print("sine regression, noise 0.05 (its variance, 0.0025, is the floor), 1-16-16-1 tanh")
print("training MSE: %.4f" % history["loss"][-1])
print("held-out MSE: %.4f" % net.loss(X_test, Y_test, loss="mse"))
print("time: %.1f s" % seconds)
