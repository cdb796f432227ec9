"""Optimizers: how a gradient becomes a change of the weights.

An optimizer's ``step(layers, grads)`` receives the layers and, for each, the
pair ``(dW, db)`` of gradients of the loss, and changes every layer's
``weights`` and ``biases`` in place (the row lists keep their identity, so
``layer.neurons`` and any reference a user holds stay valid).

Plain gradient descent (SGD) moves every parameter a step down its gradient:

    W ← W − η·∂L/∂W        b ← b − η·∂L/∂b

With the tutorial's loss (SSE) and η = 1 this is exactly the tutorial's
``weights += Xᵀ·(2 (y − ŷ) ⊙ σ'(ŷ))``.
"""


class SGD:
    """Plain (full-batch or mini-batch) gradient descent with step ``learning_rate``."""

    name = "sgd"

    def __init__(self, learning_rate=0.01):
        self.learning_rate = learning_rate

    def step(self, layers, grads):
        lr = self.learning_rate
        for layer, (dW, db) in zip(layers, grads):
            for wr, gr in zip(layer.weights, dW):
                wr[:] = [w - lr * g for w, g in zip(wr, gr)]
            b = layer.biases
            if b:
                b[:] = [v - lr * g for v, g in zip(b, db)]

    def __repr__(self):
        return "SGD(learning_rate=%r)" % (self.learning_rate,)


_NAMES = {"sgd": SGD}


def get(optimizer, learning_rate):
    """An optimizer from a name (``"sgd"``) or an object with ``step``."""
    if isinstance(optimizer, str):
        if optimizer not in _NAMES:
            raise ValueError("unknown optimizer %r; expected one of: %s, or an object "
                             "with a step(layers, grads) method"
                             % (optimizer, ", ".join(sorted(_NAMES))))
        return _NAMES[optimizer](learning_rate)
    if not hasattr(optimizer, "step"):
        raise ValueError("optimizer must be a name or have a step(layers, grads) method, "
                         "got %r" % (optimizer,))
    return optimizer
