"""Three interleaved spirals: a 2-24-24-3 softmax network.

    python3 examples/spirals.py [MAP.svg]

300 points (purenn.datasets.spirals, seeded), split with a fixed seed into
225 to train on and 75 held out; Adam, batches of 32, 200 epochs.  With
MAP.svg, also draws the decision map of every point, the misclassified
ones crossed out (open it in a web browser).
"""

import sys

import _path  # noqa: F401
from purenn import Network, Dense, datasets
from purenn.data import accuracy, train_test_split
from purenn.core.progress import clock as _clock
from purenn.plot import boundary_svg, save

X, Y = datasets.spirals(100, classes=3, noise=0.2, seed=0)
X_train, X_test, Y_train, Y_test = train_test_split(X, Y, 0.25, seed=0)
net = Network([Dense(2, 24, "relu"), Dense(24, 24, "relu"), Dense(24, 3, "softmax")], seed=1)
start = _clock()
history = net.fit(X_train, Y_train, epochs=200, learning_rate=0.01, optimizer="adam",
                  batch_size=32, seed=1, loss="categorical_crossentropy")
seconds = _clock() - start
held_out = accuracy(Y_test, net.predict(X_test))
print("spirals, 3 classes, %d training and %d held-out points, 2-24-24-3, Adam, "
      "batches of 32, 200 epochs" % (len(X_train), len(X_test)))
print("training accuracy: %.1f%%" % (100 * accuracy(Y_train, net.predict(X_train))))
print("held-out accuracy: %.1f%%" % (100 * held_out))
print("final loss: %.4f" % history["loss"][-1])
print("time: %.1f s" % seconds)
if len(sys.argv) > 1:
    save(boundary_svg(net, X, Y, title="three spirals, 2-24-24-3: %.0f%% held out right"
                      % (100 * held_out), classes=["spiral 0", "spiral 1", "spiral 2"]),
         sys.argv[1])
    print("wrote %s" % sys.argv[1])
