"""micrograd's demo, side by side: two moons, MLP 2-16-16-1, SVM hinge loss + L2, SGD.

The set-up follows micrograd's published demo (written here, not copied):
100 points of two moons with noise 0.1, labels ±1, ``MLP(2, [16, 16, 1])``
(ReLU hidden layers, linear output), loss
``mean(relu(1 − y·score)) + 1e-4·Σ p²``, 100 full-batch steps of SGD with
learning rate ``1 − 0.9·k/100`` at step k.  purenn trains the same network
from the same initial weights (copied from micrograd's model) with
``loss="hinge", l2=1e-4``.  The moons come from purenn's own generator,
so both sides see the same points on every run.
"""

import math

from purenn import Network, Dense
from purenn.core.rng import Rng

STEPS = 100
ALPHA = 1e-4


def moons(n=100, noise=0.1, seed=1):
    """``(X, y)``: n points on two interleaved half circles, labels -1 (outer) / +1 (inner)."""
    g = Rng(seed)
    n_out = n // 2
    n_in = n - n_out
    X = []
    y = []
    for i in range(n_out):
        t = math.pi * i / (n_out - 1)
        X.append([math.cos(t) + noise * g.gauss(), math.sin(t) + noise * g.gauss()])
        y.append(-1.0)
    for i in range(n_in):
        t = math.pi * i / (n_in - 1)
        X.append([1.0 - math.cos(t) + noise * g.gauss(), 0.5 - math.sin(t) + noise * g.gauss()])
        y.append(1.0)
    return X, y


def learning_rate(k, steps=STEPS):
    return 1.0 - 0.9 * k / steps


# --- micrograd's side ----------------------------------------------------------

def micrograd_model(seed=1337):
    import random
    from micrograd.nn import MLP
    random.seed(seed)
    return MLP(2, [16, 16, 1])


def micrograd_step(model, X, y, lr):
    """One step as in micrograd's demo; returns (loss before the step, accuracy)."""
    from micrograd.engine import Value
    inputs = [[Value(v) for v in row] for row in X]
    scores = [model(x) for x in inputs]
    losses = [(1 + -yi * s).relu() for yi, s in zip(y, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = ALPHA * sum(p * p for p in model.parameters())
    total = data_loss + reg_loss
    acc = sum(1 for yi, s in zip(y, scores) if (yi > 0) == (s.data > 0)) / len(y)
    model.zero_grad()
    total.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return total.data, acc


# --- purenn's side -------------------------------------------------------------

def purenn_from(model):
    """A purenn Network with micrograd's current parameter values."""
    net = Network([Dense(2, 16, "relu"), Dense(16, 16, "relu"), Dense(16, 1, "linear")])
    for layer, mlayer in zip(net.layers, model.layers):
        layer.weights = [[w.data for w in n.w] for n in mlayer.neurons]
        layer.biases = [n.b.data for n in mlayer.neurons]
    return net


def copy_net(net):
    new = Network([Dense(2, 16, "relu"), Dense(16, 16, "relu"), Dense(16, 1, "linear")])
    for a, b in zip(new.layers, net.layers):
        a.weights = [list(r) for r in b.weights]
        a.biases = list(b.biases)
    return new


def purenn_step(net, X, Y, lr, compiled=None):
    """One full-batch step; returns the loss before it.  ``compiled`` is
    passed to ``fit`` (None: its default, generated code for this size)."""
    return net.fit(X, Y, epochs=1, learning_rate=lr, loss="hinge", l2=ALPHA,
                   compiled=compiled)["loss"][0]


def purenn_train(net, X, y, steps=STEPS, compiled=None):
    Y = [[v] for v in y]
    return [purenn_step(net, X, Y, learning_rate(k), compiled) for k in range(steps)]


def accuracy(net, X, y):
    P = net.predict(X)
    return sum(1 for p, t in zip(P, y) if (p[0] > 0) == (t > 0)) / len(y)
