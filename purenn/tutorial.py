"""The classic two-layer tutorial network, in pure Python.

The same class, attributes and math as the well-known numpy tutorial, with
purenn's list-of-lists helpers (``purenn.matrix``) in place of numpy:

* ``NeuralNetwork(x, y)``: ``x`` is ``n × 3`` (one sample per row), ``y``
  is ``n × 1``; ``weights1`` is 3×4 and ``weights2`` 4×1, drawn uniformly
  from [0, 1); no biases.
* ``feedforward()``:  ``layer1 = σ(x·W1)``,  ``output = σ(layer1·W2)``.
* ``backprop()``: one step down the gradient of the sum of squared errors
  ``L = Σ (y − ŷ)²`` with learning rate 1, where ``z¹ = x·W1`` and
  ``z² = layer1·W2`` are the weighted sums and ``ŷ = σ(z²)``:

      delta2 = 2 (y − ŷ) ⊙ σ'(z²)             σ'(z²) = ŷ (1 − ŷ)
      delta1 = (delta2 · W2ᵀ) ⊙ σ'(z¹)        σ'(z¹) = layer1 (1 − layer1)
      W2 += layer1ᵀ · delta2;   W1 += xᵀ · delta1

  ``σ'(z) = a (1 − a)`` is the sigmoid's slope at z written through its
  output ``a = σ(z)``, which is what ``sigmoid_derivative`` takes: it is
  given ``self.output`` (that is ŷ), not z, and ``σ'(z²)`` is *not* σ′
  evaluated at ŷ (at the first step ŷ = 0.841029 and σ'(z²) = 0.841029 ×
  (1 − 0.841029) = 0.133699, where σ′(0.841029) would be 0.2105).

The file stands on its own, as the tutorial does: it defines its own
``sigmoid`` and ``sigmoid_derivative`` (the library's sigmoid is the
``Sigmoid`` class of ``purenn.core.activations``; a test checks that the two
agree to the last bit) and uses only the matrix helpers and the seeded
generator.

Two conventions differ from the rest of purenn, as in the tutorial:

* the weights are stored ``n_inputs × n_outputs``: ``weights1[i][j]`` is
  what purenn (a :class:`purenn.Dense` layer, ``explain``, the guide) writes
  ``w¹[j][i]``, the weight from input i to hidden neuron j;
* **the sign of the deltas**: here ``delta2`` and ``delta1`` are
  ``−∂L/∂z`` (they hold ``2 (y − ŷ)…``), so the step *adds* them; everywhere
  else purenn writes ``δˡ = ∂L/∂zˡ`` (holding ``2 (ŷ − y)…``) and steps by
  ``w ← w − η·∂L/∂w``.  ``delta2 = −δ²``, ``delta1 = −δ¹``: the numbers of
  the step are the same.

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
from .core import elementary
from .core.rng import Rng

#: The tutorial's data: three inputs (the third always 1) and a target that
#: is the exclusive-or of the first two.
X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
Y = [[0], [1], [1], [0]]

#: The seed ``NeuralNetwork`` uses when none is given.
DEFAULT_SEED = 1


def _sigmoid(z):
    # 1 / (1 + e^−z), and for z < 0 the equal e^z / (1 + e^z): e is only ever
    # raised to a power ≤ 0, so it cannot overflow (MicroPython raises there).
    # exp is math.exp, or the portable one after purenn.use_portable_math().
    exp = elementary.exp
    if z >= 0.0:
        return 1.0 / (1.0 + exp(-z))
    e = exp(z)
    return e / (1.0 + e)


def sigmoid(Z):
    """``σ(z) = 1 / (1 + e^−z)`` on every entry."""
    return M.apply(_sigmoid, Z)


def sigmoid_derivative(A):
    """``σ'(z)`` from the sigmoid's *output* ``a = σ(z)``: ``a (1 − a)`` on every
    entry.  Give it the activations, not z: ``sigmoid_derivative([[0.5]])`` is
    ``[[0.25]]``, σ'(0)."""
    return M.apply(lambda a: a * (1.0 - a), A)


class NeuralNetwork:
    """``NeuralNetwork(x, y, seed=DEFAULT_SEED)``: a 3-4-1 sigmoid network.

    ``weights1`` is drawn first, row by row, then ``weights2``, all from
    ``Rng(seed)``; the same seed gives the same network everywhere.
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

    def feedforward(self):
        self.layer1 = sigmoid(M.matmul(self.input, self.weights1))
        self.output = sigmoid(M.matmul(self.layer1, self.weights2))

    def backprop(self):
        # the output's delta, 2 (y − ŷ) ⊙ σ'(z²) with σ'(z²) = ŷ (1 − ŷ): this is
        # −∂L/∂z² for L = Σ (y − ŷ)² (purenn's δ² is +∂L/∂z²), hence the += below
        delta2 = M.mul(M.scale(M.sub(self.y, self.output), 2.0),
                       sigmoid_derivative(self.output))
        # the hidden layer's delta, (delta2 · W2ᵀ) ⊙ σ'(z¹): the chain rule one layer
        # down, with the same sign as delta2 (−∂L/∂z¹)
        delta1 = M.mul(M.matmul(delta2, M.transpose(self.weights2)),
                       sigmoid_derivative(self.layer1))
        d_weights2 = M.matmul(M.transpose(self.layer1), delta2)
        d_weights1 = M.matmul(M.transpose(self.input), delta1)
        self.weights1 = M.add(self.weights1, d_weights1)
        self.weights2 = M.add(self.weights2, d_weights2)


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
