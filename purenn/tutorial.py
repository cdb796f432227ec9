"""The classic two-layer tutorial network, in pure Python.

The same class, attributes and math as the well-known numpy tutorial, with
purenn's list-of-lists helpers in place of numpy:

* ``NeuralNetwork(x, y)``: ``x`` is ``n × 3`` (one sample per row), ``y``
  is ``n × 1``; ``weights1`` is 3×4 and ``weights2`` 4×1, drawn uniformly
  from [0, 1); no biases.
* ``feedforward()``:  ``layer1 = σ(x·W1)``,  ``output = σ(layer1·W2)``.
* ``backprop()``: one step down the gradient of the sum of squared errors
  ``L = Σ (y − ŷ)²`` with learning rate 1:

      d_weights2 = layer1ᵀ · (2 (y − ŷ) ⊙ σ'(ŷ))
      d_weights1 = xᵀ · ((2 (y − ŷ) ⊙ σ'(ŷ)) · W2ᵀ ⊙ σ'(layer1))
      W1 += d_weights1;  W2 += d_weights2

  where ``σ'`` is written in terms of the sigmoid's output, ``σ'(a) = a (1 − a)``.

Note that these weights are stored the tutorial's way, ``n_inputs ×
n_outputs``; a :class:`purenn.Dense` layer stores the transpose (one row
per neuron).

>>> X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
>>> y = [[0], [1], [1], [0]]
>>> nn = NeuralNetwork(X, y)
>>> for i in range(1500):
...     nn.feedforward()
...     nn.backprop()
>>> [round(row[0]) for row in nn.output]
[0, 1, 1, 0]
"""

from . import matrix as M
from .activations import get as _activation
from .rng import Rng

_sig = _activation("sigmoid")

#: The tutorial's data: three inputs (the third always 1) and a target that
#: is the exclusive-or of the first two.
X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
Y = [[0], [1], [1], [0]]

#: The seed ``NeuralNetwork`` uses when none is given.
DEFAULT_SEED = 1


def sigmoid(Z):
    """``σ(z) = 1 / (1 + e^−z)`` on every entry (stable for large |z|)."""
    return _sig.forward(Z)


def sigmoid_derivative(A):
    """``σ'`` from the sigmoid's output: ``a (1 − a)`` on every entry."""
    return [[a * (1.0 - a) for a in row] for row in A]


class NeuralNetwork:
    """``NeuralNetwork(x, y, seed=DEFAULT_SEED)``: a 3-4-1 sigmoid network.

    ``weights1`` is drawn first, row by row, then ``weights2``, all from
    ``Rng(seed)``; the same seed gives the same network everywhere.

    The shapes are checked once, here; ``feedforward`` and ``backprop``
    then call the matrix kernels directly (``M._matmul`` is ``matmul``
    without the checks) and fold each elementwise step into one list
    comprehension, which is what makes pure Python fast at this size.
    """

    def __init__(self, x, y, seed=DEFAULT_SEED, hidden=4):
        self.input = [[float(v) for v in row] for row in x]
        self.y = [[float(v) for v in row] for row in y]
        n, n_in = M.shape(self.input)
        n2, n_out = M.shape(self.y)
        if n != n2 or n == 0:
            raise M.ShapeError("NeuralNetwork: x has %d rows but y has %d" % (n, n2))
        g = Rng(seed)
        self.weights1 = [[g.random() for _ in range(hidden)] for _ in range(n_in)]
        self.weights2 = [[g.random() for _ in range(n_out)] for _ in range(hidden)]
        self.output = M.zeros(n, n_out)
        self._inputT = M.transpose(self.input)       # xᵀ never changes

    def feedforward(self):
        # layer1 = σ(x·W1),  output = σ(layer1·W2)
        self.layer1 = sigmoid(M._matmul(self.input, self.weights1))
        self.output = sigmoid(M._matmul(self.layer1, self.weights2))

    def backprop(self):
        # δ2 = 2 (y − ŷ) ⊙ σ'(ŷ): minus the gradient of the SSE w.r.t. the output's z
        delta2 = [[2.0 * (t - o) * (o * (1.0 - o)) for t, o in zip(tr, orow)]
                  for tr, orow in zip(self.y, self.output)]
        d_weights2 = M._matmul(M._transpose(self.layer1), delta2)     # layer1ᵀ·δ2
        # δ1 = (δ2·W2ᵀ) ⊙ σ'(layer1)
        delta1 = [[s * (a * (1.0 - a)) for s, a in zip(srow, arow)]
                  for srow, arow in zip(M._matmul_bt(delta2, self.weights2), self.layer1)]
        d_weights1 = M._matmul(self._inputT, delta1)                  # xᵀ·δ1
        self.weights1 = [[w + d for w, d in zip(wr, dr)]
                         for wr, dr in zip(self.weights1, d_weights1)]
        self.weights2 = [[w + d for w, d in zip(wr, dr)]
                         for wr, dr in zip(self.weights2, d_weights2)]


def train(iterations=1500, seed=DEFAULT_SEED):
    """Train the tutorial network on its table; return it."""
    nn = NeuralNetwork(X, Y, seed=seed)
    for _ in range(iterations):
        nn.feedforward()
        nn.backprop()
    return nn


def table(nn):
    """The tutorial's closing table as lines of text: forecast / fact per row.

    As in the tutorial, the forecasts are ``nn.output`` from the last
    ``feedforward()`` (just before the last ``backprop()``).
    """
    lines = ["Forecast / Fact"]
    for out, fact in zip(nn.output, nn.y):
        lines.append("%.3f / %d" % (out[0], fact[0]))
    return lines
