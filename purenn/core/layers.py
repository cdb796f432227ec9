"""Dense layers: ``n_outputs`` neurons side by side (``purenn.core.neuron``).

**A** ``Dense(n_inputs, n_outputs, activation)`` **layer** is ``n_outputs``
neurons that all read the same ``n_inputs`` numbers.  It stores **one row of
weights per neuron**:

* ``weights`` is ``n_outputs × n_inputs``: ``weights[j][i]`` connects input
  ``i`` to neuron ``j``;
* ``biases`` has ``n_outputs`` entries (``[]`` when made with ``bias=False``;
  then ``has_bias`` is False).

``layer.neurons[j]`` is a ``Neuron`` whose ``weights`` *is*
``layer.weights[j]`` (the same list) and whose ``bias`` reads and writes
``layer.biases[j]``.  For a batch X (``N × n_inputs``, one sample per row)
the layer computes all of them at once:

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
from . import kernels
from .rows import short

#: Weight initialisations: ``"glorot"`` uniform in ±sqrt(6 / (n_in + n_out))
#: (sigmoid, tanh, softmax, linear); ``"he"`` uniform in ±sqrt(6 / n_in)
#: (relu, leaky_relu); ``"uniform"`` in [0, 1), as in the tutorial.
INITS = ("glorot", "he", "uniform")

#: Most weights one Dense layer may have (as many as a model file may hold).
MAX_WEIGHTS = 16 * 1024 * 1024


def _count(name, v):
    if not isinstance(v, int) or isinstance(v, bool) or v < 1:
        raise ValueError("Dense: %s must be a positive int, got %s" % (name, short(v)))
    if v > MAX_WEIGHTS:
        raise ValueError("Dense: %s must be at most %d, got %s" % (name, MAX_WEIGHTS, short(v)))
    return v


class Dense:
    """``Dense(n_inputs, n_outputs, activation="sigmoid", bias=True, init=None, seed=None)``

    ``init`` is one of :data:`INITS` (default: ``"he"`` for relu and
    leaky_relu, ``"glorot"`` otherwise).  Weights are drawn from
    ``purenn.core.rng.Rng(seed)``, or from the module's default generator
    when ``seed`` is None; biases start at 0.
    """

    def __init__(self, n_inputs, n_outputs, activation="sigmoid", bias=True,
                 init=None, seed=None):
        from .rng import Rng, default
        self._setup(n_inputs, n_outputs, activation, bias, init)
        self.initialize(Rng(seed) if seed is not None else default())

    @classmethod
    def from_weights(cls, weights, biases=None, activation="sigmoid"):
        """A layer holding ``weights`` (``n_outputs`` rows of ``n_inputs`` floats)
        and ``biases`` (``n_outputs`` floats, or None for a layer without
        bias), kept as they are (not copied), with no random draw: what
        loading a model uses.  Raises ``ValueError`` if the shapes do not fit."""
        if not isinstance(weights, list) or not weights or not isinstance(weights[0], list):
            raise ValueError("Dense.from_weights: expected a list of rows of weights")
        layer = object.__new__(cls)     # (MicroPython has object.__new__, not cls.__new__)
        layer._setup(len(weights[0]), len(weights), activation, biases is not None, None)
        for j, row in enumerate(weights):
            if not isinstance(row, list) or len(row) != layer.n_inputs:
                raise ValueError("Dense.from_weights: row %d of the weights must be a list of "
                                 "%d numbers, like row 0" % (j, layer.n_inputs))
        if biases is not None and (not isinstance(biases, list) or
                                   len(biases) != layer.n_outputs):
            raise ValueError("Dense.from_weights: expected %d biases, one per row"
                             % layer.n_outputs)
        layer.weights = weights
        layer.biases = biases if biases is not None else []
        return layer

    def _setup(self, n_inputs, n_outputs, activation, bias, init):
        self.n_inputs = _count("n_inputs", n_inputs)
        self.n_outputs = _count("n_outputs", n_outputs)
        if self.n_inputs * self.n_outputs > MAX_WEIGHTS:
            raise ValueError("Dense: %d inputs × %d outputs is more than the %d weights a "
                             "layer may have" % (self.n_inputs, self.n_outputs, MAX_WEIGHTS))
        self.activation = activations.get(activation)
        if not self.activation.elementwise and self.n_outputs == 1:
            raise ValueError("Dense: %s over a single output is always 1 and learns "
                             "nothing; use sigmoid for one output" % self.activation.name)
        if init is None:
            init = "he" if isinstance(self.activation, (activations.Relu, activations.LeakyRelu)) \
                else "glorot"
        if init not in INITS:
            raise ValueError("Dense: unknown init %r; expected one of: %s"
                             % (init, ", ".join(INITS)))
        self.init = init
        self.has_bias = bool(bias)
        self.weights = []
        self.biases = []

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
        self.biases = [0.0] * n_out if self.has_bias else []

    @property
    def neurons(self):
        """The layer's neurons; neuron j shares row j of the weights."""
        from .neuron import Neuron
        return [Neuron.of_layer(self, j) for j in range(self.n_outputs)]

    def parameters(self):
        """The layer's parameters as lists to read or change in place: each
        row of ``weights`` (neuron by neuron), then ``biases`` if it has them."""
        return self.weights + [self.biases] if self.has_bias else list(self.weights)

    def parameter_count(self):
        return self.n_outputs * self.n_inputs + len(self.biases)

    # -- batched computation (inputs already validated) --------------------

    def weighted_sums(self, X):
        """``Z = X·Wᵀ + b`` for a batch X (N × n_inputs)."""
        if self.has_bias:
            return kernels.affine(X, self.weights, self.biases)
        return kernels.matmul_bt(X, self.weights)

    def forward(self, X):
        """``(Z, A)`` for a batch X: the weighted sums and the activations."""
        Z = self.weighted_sums(X)
        return Z, self.activation.forward(Z)

    def backward(self, X, delta, need_input_grad=True):
        """Gradients from ``δ = ∂L/∂Z`` (N × n_outputs) and the layer's input X.

        Returns ``(dW, db, dX)``: ``dW = δᵀ·X``, ``db = Σₙ δ[n]`` (``[]``
        without bias) and ``dX = δ·W`` (None when ``need_input_grad`` is
        false, for the first layer).
        """
        dW = kernels.matmul_at(delta, X)                       # δᵀ·X
        db = kernels.col_sums(delta) if self.has_bias else []  # Σₙ δ[n]
        dX = kernels.matmul(delta, self.weights) if need_input_grad else None   # δ·W
        return dW, db, dX

    def __repr__(self):
        extra = "" if self.has_bias else ", bias=False"
        return "Dense(%d -> %d, %s%s)" % (self.n_inputs, self.n_outputs,
                                          self.activation.name, extra)
