"""Digits task: 64-32-10 (ReLU, softmax), categorical cross-entropy, mini-batch 32, one epoch.

Data: ``purenn.datasets.digits()`` (UCI optical digits, see
``purenn/datafiles/README.md``); inputs are pixels / 16, targets one-hot.  Every side starts from the same
initial weights (``Network(..., seed=SEED)``) and visits the samples in the
same order, ``purenn.core.rng.Rng(SEED).permutation(n)``, computed inside the
timed epoch as ``Network.fit`` does.  Portable, except ``epoch_numpy``.
"""

from purenn import Network, Dense, datasets
from purenn.core.rng import Rng

SEED = 1
LR = 0.1
BATCH = 32


def load():
    """``(X, Y)``: the 1797 digits, pixels / 16, one-hot targets."""
    return datasets.digits()


def initial_params():
    """``[W1, b1, W2, b2]`` with W one row per neuron, as purenn stores them."""
    net = Network([Dense(64, 32, "relu"), Dense(32, 10, "softmax")], seed=SEED)
    a, b = net.layers
    return [a.weights, a.biases, b.weights, b.biases]


def copy_params(P):
    return [[list(r) for r in P[0]], list(P[1]), [list(r) for r in P[2]], list(P[3])]


def make_network(compiled=False):
    """The 64-32-10 Network; ``compiled`` calls ``net.compile()`` once."""
    net = Network([Dense(64, 32, "relu"), Dense(32, 10, "softmax")])
    if compiled:
        net.compile()
    return net


def epoch_purenn(P, X, Y, net=None):
    """One epoch of ``Network.fit`` from ``P`` (in ``net`` if given, a network made
    by :func:`make_network` before the timing: the floors are not timed making
    one either); returns the trained ``[W1, b1, W2, b2]``."""
    net = net or make_network()
    P = copy_params(P)
    net.layers[0].weights, net.layers[0].biases, net.layers[1].weights, net.layers[1].biases = P
    net.fit(X, Y, epochs=1, batch_size=BATCH, loss="categorical_crossentropy",
            learning_rate=LR, seed=SEED)
    a, b = net.layers
    return [a.weights, a.biases, b.weights, b.biases]


def reference(P, X, Y):
    """``(parameters, loss)`` after one epoch of ``Network.fit`` from ``P``: what
    ``floor_digits.check`` compares a floor with."""
    net = make_network()
    net.layers[0].weights, net.layers[0].biases, net.layers[1].weights, \
        net.layers[1].biases = copy_params(P)
    history = net.fit(X, Y, epochs=1, batch_size=BATCH, loss="categorical_crossentropy",
                      learning_rate=LR, seed=SEED)
    a, b = net.layers
    return [a.weights, a.biases, b.weights, b.biases], history["loss"][0]


def epoch_numpy(P, X, Y):
    """The same epoch in numpy (X and Y passed as arrays)."""
    import numpy as np
    W1, b1, W2, b2 = [np.array(p, dtype=float) for p in P]
    order = Rng(SEED).permutation(len(X))
    total = 0.0
    for lo in range(0, len(X), BATCH):
        idx = order[lo:lo + BATCH]
        x = X[idx]
        y = Y[idx]
        z1 = x @ W1.T + b1
        h = np.maximum(z1, 0.0)
        z2 = h @ W2.T + b2
        m = z2.max(axis=1, keepdims=True)
        e = np.exp(z2 - m)
        s = e.sum(axis=1, keepdims=True)
        total += float(((m + np.log(s)) * y - z2 * y).sum()) / len(X)
        a = e / s
        d2 = (a - y) / len(idx)
        d1 = (d2 @ W2) * (h > 0)
        W2 -= LR * (d2.T @ h)
        b2 -= LR * d2.sum(axis=0)
        W1 -= LR * (d1.T @ x)
        b1 -= LR * d1.sum(axis=0)
    return [W1.tolist(), b1.tolist(), W2.tolist(), b2.tolist()]


def max_diff(P, Q):
    m = 0.0
    for p, q in zip(P, Q):
        if p and isinstance(p[0], list):
            p = [v for r in p for v in r]
            q = [v for r in q for v in r]
        for u, v in zip(p, q):
            if abs(u - v) > m:
                m = abs(u - v)
    return m
