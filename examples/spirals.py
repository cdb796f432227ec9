"""Three interleaved spirals: a 2-32-32-3 softmax network.

    python3 examples/spirals.py
"""

import _path  # noqa: F401
from purenn import Network, Dense, datasets
from purenn.data import accuracy
from purenn.core.progress import clock as _clock

X, Y = datasets.spirals(100, classes=3, noise=0.2, seed=0)
net = Network([Dense(2, 32, "relu"), Dense(32, 32, "relu"), Dense(32, 3, "softmax")], seed=1)
start = _clock()
history = net.fit(X, Y, epochs=300, learning_rate=0.01, optimizer="adam", batch_size=32, seed=1,
                  loss="categorical_crossentropy")
seconds = _clock() - start
print("spirals, 3 classes x 100 points, 2-32-32-3, Adam, batches of 32, 300 epochs")
print("training accuracy: %.1f%%" % (100 * accuracy(Y, net.predict(X))))
print("final loss: %.4f" % history["loss"][-1])
print("time: %.1f s" % seconds)
