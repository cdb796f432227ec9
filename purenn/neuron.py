"""One neuron: a row of weights, a bias, and an activation.

A neuron with weights ``w`` and bias ``b`` turns an input vector ``x`` into

    z = Σᵢ wᵢ·xᵢ + b        (the weighted sum)
    a = f(z)                (the activation)

>>> n = Neuron([0.5, -1.0], bias=0.25, activation="linear")
>>> n.weighted_sum([2.0, 1.0])
0.25
>>> Neuron([1.0], activation="sigmoid").forward([0.0])
0.5

A :class:`purenn.Dense` layer is a group of neurons that share one input:
``layer.neurons[j]`` is a Neuron whose ``weights`` *is* ``layer.weights[j]``
(the same list) and whose ``bias`` reads and writes ``layer.biases[j]``.
The layer computes all of them at once for a whole batch; the results are
the same numbers.
"""

from . import activations
from .matrix import _dot


class Neuron:
    """``Neuron(weights, bias=0.0, activation="sigmoid")``."""

    def __init__(self, weights, bias=0.0, activation="sigmoid"):
        self.weights = weights
        self._biases = [bias]
        self._j = 0
        self.activation = activations.get(activation)

    @classmethod
    def _view(cls, layer, j):
        """Neuron j of a layer, sharing the layer's storage."""
        n = cls(layer.weights[j], 0.0, layer.activation.name)
        n._biases = layer.biases if layer.biases else None
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
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                raise ValueError("Neuron: expected numbers, got %r" % (v,))
        z = _dot(self.weights, x)
        if self._biases is not None:
            z += self._biases[self._j]
        return z

    def forward(self, x):
        """``a = f(z)``: the neuron's output for input vector x."""
        return self.activation.f(self.weighted_sum(x))

    def __repr__(self):
        return "Neuron(%d inputs, %s)" % (len(self.weights), self.activation.name)
