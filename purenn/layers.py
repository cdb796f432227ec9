"""Dense (fully connected) layers.

A ``Dense(n_inputs, n_outputs, activation)`` layer is ``n_outputs`` neurons
that all read the same ``n_inputs`` numbers.  It stores **one row of weights
per neuron**:

* ``weights`` is ``n_outputs × n_inputs``: ``weights[j][i]`` connects input
  ``i`` to neuron ``j``;
* ``biases`` has ``n_outputs`` entries (``[]`` when made with ``bias=False``).

For a batch X (``N × n_inputs``, one sample per row) the layer computes

    Z = X·Wᵀ + b        Z[n][j] = Σᵢ X[n][i]·W[j][i] + b[j]
    A = f(Z)

and, given ``δ = ∂L/∂Z`` from the layer above, backpropagation gives

    ∂L/∂W = δᵀ·X        dW[j][i] = Σₙ δ[n][j]·X[n][i]
    ∂L/∂b = Σₙ δ[n]     db[j]    = Σₙ δ[n][j]
    ∂L/∂X = δ·W         dX[n][i] = Σⱼ δ[n][j]·W[j][i]

>>> layer = Dense(3, 4, "sigmoid", seed=1)
>>> layer
Dense(3 -> 4, sigmoid)
>>> len(layer.weights), len(layer.weights[0]), len(layer.biases)
(4, 3, 4)
>>> layer.neurons[2].weights is layer.weights[2]
True
"""

import math

from . import activations
from . import rng as _rng
from .matrix import _affine, _matmul_bt, _transpose
from .neuron import Neuron

#: Weight initialisations: ``"glorot"`` uniform in ±sqrt(6 / (n_in + n_out))
#: (sigmoid, tanh, softmax, linear); ``"he"`` uniform in ±sqrt(6 / n_in)
#: (relu, leaky_relu); ``"uniform"`` in [0, 1), as in the tutorial.
INITS = ("glorot", "he", "uniform")


def _count(name, v):
    if not isinstance(v, int) or isinstance(v, bool) or v < 1:
        raise ValueError("Dense: %s must be a positive int, got %r" % (name, v))
    return v


class Dense:
    """``Dense(n_inputs, n_outputs, activation="sigmoid", bias=True, init=None, seed=None)``

    ``init`` is one of :data:`INITS` (default: ``"he"`` for relu and
    leaky_relu, ``"glorot"`` otherwise).  Weights are drawn from
    ``purenn.rng.Rng(seed)``, or from the module's default generator when
    ``seed`` is None; biases start at 0.
    """

    def __init__(self, n_inputs, n_outputs, activation="sigmoid", bias=True,
                 init=None, seed=None):
        self.n_inputs = _count("n_inputs", n_inputs)
        self.n_outputs = _count("n_outputs", n_outputs)
        self.activation = activations.get(activation)
        if self.activation.name == "softmax" and self.n_outputs == 1:
            raise ValueError("Dense: softmax over a single output is always 1 and learns "
                             "nothing; use sigmoid for one output")
        if init is None:
            init = "he" if self.activation.name in ("relu", "leaky_relu") else "glorot"
        if init not in INITS:
            raise ValueError("Dense: unknown init %r; expected one of: %s"
                             % (init, ", ".join(INITS)))
        self.init = init
        self.bias = bool(bias)
        self.weights = []
        self.biases = []
        self.initialize(_rng.Rng(seed) if seed is not None else _rng.default())

    def initialize(self, generator):
        """Draw fresh weights from ``generator`` (row by row) and zero the biases."""
        n_in, n_out = self.n_inputs, self.n_outputs
        if self.init == "uniform":
            lo, hi = 0.0, 1.0
        else:
            fan = n_in if self.init == "he" else n_in + n_out
            hi = math.sqrt(6.0 / fan)
            lo = -hi
        self.weights = [[generator.uniform(lo, hi) for _ in range(n_in)]
                        for _ in range(n_out)]
        self.biases = [0.0] * n_out if self.bias else []

    @property
    def neurons(self):
        """The layer's neurons; neuron j shares row j of the weights."""
        return [Neuron._view(self, j) for j in range(self.n_outputs)]

    def parameter_count(self):
        return self.n_outputs * self.n_inputs + len(self.biases)

    # -- batched computation (inputs already validated) --------------------

    def weighted_sums(self, X):
        """``Z = X·Wᵀ + b`` for a batch X (N × n_inputs)."""
        if self.biases:
            return _affine(X, self.weights, self.biases)
        return _matmul_bt(X, self.weights)

    def forward(self, X):
        """``(Z, A)`` for a batch X: the weighted sums and the activations."""
        Z = self.weighted_sums(X)
        return Z, self.activation.forward(Z)

    def backward(self, X, delta, need_input_grad=True):
        """Gradients from ``δ = ∂L/∂Z`` (N × n_outputs) and the layer's input X.

        Returns ``(dW, db, dX)`` with ``dW = δᵀ·X``, ``db = Σₙ δ[n]`` (``[]``
        without bias) and ``dX = δ·W`` (None when ``need_input_grad`` is
        false, for the first layer).
        """
        dT = _transpose(delta)                      # n_outputs × N
        dW = _matmul_bt(dT, _transpose(X))          # dW[j][i] = δᵀ[j]·Xᵀ[i]
        db = [_sum(r) for r in dT] if self.biases else []
        dX = _matmul_bt(delta, _transpose(self.weights)) if need_input_grad else None
        return dW, db, dX

    def __repr__(self):
        extra = "" if self.bias else ", bias=False"
        return "Dense(%d -> %d, %s%s)" % (self.n_inputs, self.n_outputs,
                                          self.activation.name, extra)


def _sum(v):
    s = 0.0
    for x in v:
        s += x
    return s
