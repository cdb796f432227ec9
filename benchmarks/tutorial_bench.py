"""Tutorial task: 3-4-1 sigmoid net, no biases, SSE, learning rate 1, 1500 iterations.

Three ways to train it from the same initial weights (those of
``purenn.tutorial.NeuralNetwork(X, Y)``, stored inputs × outputs):

* ``run_tutorial``: purenn's ``tutorial.NeuralNetwork`` as the tutorial uses it
  (on the checked matrix helpers, as a learner reads it);
* ``run_fused``: the same class's math with the speed tricks the tutorial
  file leaves out: the kernels called without shape checks, each
  elementwise step folded into one comprehension;
* ``run_network``: ``purenn.Network.fit`` (Dense layers store Wᵀ: one row per neuron);
* ``run_floor``: the fastest pure Python we could write for this one task
  (``benchmarks/floor_tutorial.py``), checked bit for bit against ``run_network``;
* ``run_numpy``: the tutorial's numpy loop, written here from its published
  equations (CPython with numpy only).

Each returns the final ``(W1, W2)`` as lists, inputs × outputs.  Portable.
"""

from purenn import tutorial, Network, Dense

X = tutorial.X
Y = tutorial.Y
ITERATIONS = 1500


def _t(A):
    return [list(c) for c in zip(*A)]


def initial_weights(seed=tutorial.DEFAULT_SEED):
    nn = tutorial.NeuralNetwork(X, Y, seed=seed)
    return nn.weights1, nn.weights2


def run_tutorial(iterations=ITERATIONS, seed=tutorial.DEFAULT_SEED):
    nn = tutorial.NeuralNetwork(X, Y, seed=seed)
    for _ in range(iterations):
        nn.feedforward()
        nn.backprop()
    return nn.weights1, nn.weights2


def run_fused(iterations=ITERATIONS, seed=tutorial.DEFAULT_SEED):
    """``tutorial.NeuralNetwork``'s feedforward and backprop, fused: the same
    numbers, to the last bit, as ``run_tutorial``."""
    from purenn.core import kernels as K
    sigmoid = tutorial.sigmoid
    nn = tutorial.NeuralNetwork(X, Y, seed=seed)
    x, y, w1, w2 = nn.input, nn.y, nn.weights1, nn.weights2
    xT = K.transpose(x)
    for _ in range(iterations):
        layer1 = sigmoid(K.matmul(x, w1))
        output = sigmoid(K.matmul(layer1, w2))
        d2 = [[2.0 * (t - o) * (o * (1.0 - o)) for t, o in zip(tr, orow)]
              for tr, orow in zip(y, output)]
        dw2 = K.matmul(K.transpose(layer1), d2)
        d1 = [[s * (a * (1.0 - a)) for s, a in zip(sr, ar)]
              for sr, ar in zip(K.matmul_bt(d2, w2), layer1)]
        dw1 = K.matmul(xT, d1)
        w1 = [[w + d for w, d in zip(wr, dr)] for wr, dr in zip(w1, dw1)]
        w2 = [[w + d for w, d in zip(wr, dr)] for wr, dr in zip(w2, dw2)]
    return w1, w2


def make_network(compiled=False):
    """The tutorial's net as a purenn Network; ``compiled`` calls ``net.compile()`` once."""
    net = Network([Dense(3, 4, "sigmoid", bias=False), Dense(4, 1, "sigmoid", bias=False)])
    if compiled:
        net.compile()
    return net


def run_network(W1, W2, iterations=ITERATIONS, net=None, compiled=None):
    """``Network.fit`` from weights W1, W2 (in ``net`` if given, e.g. a compiled one);
    ``compiled`` is passed to ``fit`` (None: its default)."""
    net = net or make_network()
    net.layers[0].weights = _t(W1)
    net.layers[1].weights = _t(W2)
    net.fit(X, Y, epochs=iterations, learning_rate=1.0, loss="sse", compiled=compiled)
    return _t(net.layers[0].weights), _t(net.layers[1].weights)


def run_floor(W1, W2, iterations=ITERATIONS):
    """``floor_tutorial.train`` from weights W1, W2 (inputs × outputs, as above)."""
    import floor_tutorial
    A, B = _t(W1), _t(W2)
    floor_tutorial.train(A, B, [[float(v) for v in r] for r in X],
                         [[float(v) for v in r] for r in Y], iterations)
    return _t(A), _t(B)


def run_numpy(W1, W2, iterations=ITERATIONS):
    import numpy as np

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    x = np.array(X, dtype=float)
    y = np.array(Y, dtype=float)
    w1 = np.array(W1, dtype=float)
    w2 = np.array(W2, dtype=float)
    for _ in range(iterations):
        layer1 = sigmoid(x @ w1)
        output = sigmoid(layer1 @ w2)
        d_out = 2 * (y - output) * output * (1 - output)
        d_w2 = layer1.T @ d_out
        d_w1 = x.T @ (d_out @ w2.T * layer1 * (1 - layer1))
        w1 += d_w1
        w2 += d_w2
    return w1.tolist(), w2.tolist()


def max_diff(a, b):
    """Largest |a - b| over two lists of matrices."""
    m = 0.0
    for A, B in zip(a, b):
        for ra, rb in zip(A, B):
            for u, v in zip(ra, rb):
                d = abs(u - v)
                if d > m:
                    m = d
    return m
