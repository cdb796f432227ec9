"""Train fixed networks and print the bits of every weight, for comparing runtimes.

    python3 tests/portable/same_bits.py [--platform-math]
    micropython -X heapsize=8m tests/portable/same_bits.py
    node tests/portable/run_wasm.mjs tests/portable/same_bits.py

With purenn's portable elementary functions (the default here) the output
is the same, line for line, on CPython 3.9–3.14, PyPy, MicroPython (unix
and WebAssembly) and Pyodide; CI compares them all.  ``--platform-math``
uses ``math``'s functions instead, as purenn does by default: then the
WebAssembly runtimes differ from the others.

The runs:

* the tutorial (``purenn.tutorial``: 3-4-1 sigmoid, SSE, 1500 iterations);
* moons (200 points, noise 0.1): 2-16-16-1 tanh/tanh/sigmoid, Adam,
  binary cross-entropy, batches of 16, 50 epochs (the generic engine);
* spirals (3 arms of 30): 2-12-3 relu/softmax, plain SGD, categorical
  cross-entropy, batches of 10, 30 epochs, through generated code;
* the loss history of each.
"""

import struct
import sys


def _root():
    f = __file__
    i = f.rfind("/")
    here = f[:i] if i >= 0 else "."
    return here + "/../.."


def bits(x):
    """The 16 hex digits of the IEEE-754 double x (exact on every runtime)."""
    return "%08x%08x" % struct.unpack(">II", struct.pack(">d", x))


def show(name, net, history):
    for k, layer in enumerate(net.layers):
        for j, row in enumerate(layer.weights):
            print("%s w%d[%d] %s" % (name, k + 1, j, " ".join([bits(w) for w in row])))
        if layer.biases:
            print("%s b%d %s" % (name, k + 1, " ".join([bits(b) for b in layer.biases])))
    if history is not None:
        print("%s loss %s" % (name, " ".join([bits(v) for v in history["loss"]])))


def main(args):
    sys.path.insert(0, _root())
    import purenn
    from purenn import Dense, Network, datasets, tutorial
    if "--platform-math" not in args:
        purenn.use_portable_math(True)

    nn = tutorial.train(1500)
    for name, W in (("weights1", nn.weights1), ("weights2", nn.weights2)):
        for i, row in enumerate(W):
            print("tutorial %s[%d] %s" % (name, i, " ".join([bits(w) for w in row])))

    X, Y = datasets.moons(200, noise=0.1, seed=0)
    net = Network([Dense(2, 16, "tanh"), Dense(16, 16, "tanh"), Dense(16, 1, "sigmoid")], seed=1)
    h = net.fit(X, Y, epochs=50, learning_rate=0.01, loss="binary_crossentropy",
                optimizer="adam", batch_size=16, seed=2)
    show("moons", net, h)

    X, Y = datasets.spirals(30, classes=3, noise=0.2, seed=0)
    net = Network([Dense(2, 12, "relu"), Dense(12, 3, "softmax")], seed=3)
    h = net.fit(X, Y, epochs=30, learning_rate=0.1, loss="categorical_crossentropy",
                batch_size=10, seed=4, compiled=True)
    show("spirals", net, h)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
