"""A neuron: a weighted sum of its inputs, then an activation.

**A neuron** with weights ``w`` and bias ``b`` turns an input vector ``x`` into

    z = Σᵢ wᵢ·xᵢ + b        (the weighted sum)
    a = f(z)                (the activation)

>>> n = Neuron([0.5, -1.0], bias=0.25, activation="linear")
>>> n.weighted_sum([2.0, 1.0])
0.25
>>> Neuron([1.0], activation="sigmoid").forward([0.0])
0.5

``Dense.neurons`` gives a layer's neurons as ``Neuron`` objects sharing the
layer's storage: neuron j's ``weights`` is row j of the layer's weights.
"""

from . import activations
from . import kernels
from .errors import is_number


class Neuron:
    """``Neuron(weights, bias=0.0, activation="sigmoid")``."""

    def __init__(self, weights, bias=0.0, activation="sigmoid"):
        self.weights = weights
        self._biases = [bias]
        self._j = 0
        self.activation = activations.get(activation)

    @classmethod
    def of_layer(cls, layer, j):
        """Neuron j of a layer, sharing the layer's storage."""
        n = cls(layer.weights[j], 0.0, layer.activation.name)
        n._biases = layer.biases if layer.has_bias else None
        n._j = j
        return n

    @property
    def bias(self):
        return self._biases[self._j] if self._biases is not None else 0.0

    @bias.setter
    def bias(self, value):
        if self._biases is None:
            raise ValueError("Neuron: this neuron's layer was made with bias=False")
        self._biases[self._j] = value

    def weighted_sum(self, x):
        """``z = Σᵢ wᵢ·xᵢ + b`` (summed in order i = 0, 1, ...)."""
        if not isinstance(x, (list, tuple)) or len(x) != len(self.weights):
            raise ValueError("Neuron: expected a list of %d numbers, got %r"
                             % (len(self.weights), x))
        for v in x:
            if not is_number(v):
                raise ValueError("Neuron: expected numbers, got %r" % (v,))
        z = kernels.dot(self.weights, x)
        if self._biases is not None:
            z += self._biases[self._j]
        return z

    def forward(self, x):
        """``a = f(z)``: the neuron's output for input vector x."""
        return self.activation.f(self.weighted_sum(x))

    def __repr__(self):
        return "Neuron(%d inputs, %s)" % (len(self.weights), self.activation.name)
