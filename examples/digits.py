"""Handwritten digits (8x8, 1797 samples): 64-32-10, softmax, Adam.

    python3 examples/digits.py [WEIGHTS.svg]

Split with a fixed seed into 1438 to train on and 359 held out; 20 epochs
of Adam in batches of 32.  With WEIGHTS.svg, also draws what the hidden
neurons look for: each one's 64 weights as an 8×8 image, with the digit it
votes for most (open it in a web browser).

Data: Alpaydin and Kaynak, "Optical Recognition of Handwritten Digits",
UCI Machine Learning Repository (CC BY 4.0), shipped in purenn/datafiles.
"""

import sys

import _path  # noqa: F401
from purenn import Network, Dense, datasets
from purenn.data import accuracy, train_test_split
from purenn.core.progress import clock as _clock
from purenn.plot import save, weight_images_svg

X, Y = datasets.digits()
X_train, X_test, Y_train, Y_test = train_test_split(X, Y, 0.2, seed=0)
net = Network([Dense(64, 32, "relu"), Dense(32, 10, "softmax")], seed=1)
start = _clock()
history = net.fit(X_train, Y_train, epochs=20, learning_rate=0.002, optimizer="adam",
                  batch_size=32, seed=1, loss="categorical_crossentropy",
                  validation_data=(X_test, Y_test), metrics=["accuracy"])
seconds = _clock() - start
print("digits: %d training and %d held-out samples, 64-32-10, 20 epochs" % (len(X_train), len(X_test)))
print("held-out accuracy by epoch: %s" % " ".join(["%.3f" % a for a in history["val_accuracy"]]))
print("held-out accuracy: %.1f%%" % (100 * accuracy(Y_test, net.predict(X_test))))
print("training accuracy: %.1f%%" % (100 * history["accuracy"][-1]))
print("time: %.1f s (%.2f s an epoch, including the accuracy passes)" % (seconds, seconds / 20))
if len(sys.argv) > 1:
    save(weight_images_svg(net, (8, 8), title="digits, 64-32-10: what each hidden neuron "
                           "looks for", classes=[str(d) for d in range(10)]), sys.argv[1])
    print("wrote %s" % sys.argv[1])
