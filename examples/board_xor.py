"""Train a small network on a board: 2-8-1 on XOR, plain SGD, binary cross-entropy.

    python3 examples/board_xor.py [EPOCHS]          (default 2000)
    micropython -X heapsize=64k examples/board_xor.py 2000

Prints the loss of the last epoch and the four forecasts.  The loss history
is kept for the last epoch only (``history="last"``), so the heap needed does
not grow with the number of epochs; tools/heapfit.sh measures it.
"""

import sys

try:
    import _path  # noqa: F401  (the repository root on sys.path, from any folder)
except ImportError:  # a copy of this file beside the purenn package
    pass
from purenn import Dense, Network  # noqa: E402

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
Y = [[0.0], [1.0], [1.0], [0.0]]
net = Network([Dense(2, 8, "tanh"), Dense(8, 1, "sigmoid")], seed=1)
history = net.fit(X, Y, epochs=epochs, learning_rate=0.5, loss="binary_crossentropy",
                  history="last")
print("loss after %d epochs: %.6f" % (epochs, history["loss"][-1]))
print(" ".join(["%.3f" % row[0] for row in net.predict(X)]))
