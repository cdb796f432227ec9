"""Optimizers: how a gradient becomes a change of the weights.

An optimizer's ``step(layers, grads)`` receives the layers and, for each, the
pair ``(dW, db)`` of gradients of the loss, and changes every layer's
``weights`` and ``biases`` in place (the row lists keep their identity, so
``layer.neurons`` and any reference a user holds stay valid).  State (a
velocity, moment estimates) is kept per parameter in lists shaped like the
weights, layer by layer, in a fixed order.

Plain gradient descent (``SGD()``) moves every parameter θ a step down its
gradient g = ∂L/∂θ:

    θ ← θ − η·g

With the tutorial's loss (SSE) and η = 1 this is exactly the tutorial's
``weights += Xᵀ·(2 (y − ŷ) ⊙ σ'(ŷ))``.  With momentum μ, a velocity v
remembers past steps (the formulation PyTorch uses):

    v ← μ·v + g        θ ← θ − η·v                  (classical)
    v ← μ·v + g        θ ← θ − η·(g + μ·v)          (Nesterov)

Adam (Kingma and Ba, 2015) scales each step by running moment estimates:

    m ← β₁·m + (1 − β₁)·g       v ← β₂·v + (1 − β₂)·g²
    m̂ = m / (1 − β₁ᵗ)           v̂ = v / (1 − β₂ᵗ)
    θ ← θ − η·m̂ / (√v̂ + ε)

L2 weight decay is part of the objective, not of the optimizer:
``fit(..., l2=λ)`` adds ``λ·Σθ²`` to the loss and ``2λθ`` to every
gradient, so it works the same with every optimizer.
"""

import math


def _check_rate(name, v, low, high, inclusive_low=False):
    ok = isinstance(v, (int, float)) and not isinstance(v, bool) and (
        (low <= v if inclusive_low else low < v) and v < high)
    if not ok:
        raise ValueError("%s: expected a number in %s%r, %r), got %r"
                         % (name, "[" if inclusive_low else "(", low, high, v))
    return float(v)


class SGD:
    """``SGD(learning_rate=0.01, momentum=0.0, nesterov=False)``."""

    name = "sgd"

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        self.learning_rate = _check_rate("learning_rate", learning_rate, 0.0, math.inf)
        self.momentum = _check_rate("momentum", momentum, 0.0, 1.0, inclusive_low=True)
        self.nesterov = bool(nesterov)
        if self.nesterov and not self.momentum:
            raise ValueError("SGD: nesterov=True needs a momentum > 0")
        self._velocity = None

    def plain(self):
        """True when this is plain gradient descent (no momentum)."""
        return not self.momentum

    def step(self, layers, grads):
        lr = self.learning_rate
        if not self.momentum:
            for layer, (dW, db) in zip(layers, grads):
                for wr, gr in zip(layer.weights, dW):
                    wr[:] = [w - lr * g for w, g in zip(wr, gr)]
                b = layer.biases
                if b:
                    b[:] = [v - lr * g for v, g in zip(b, db)]
            return
        mu = self.momentum
        if self._velocity is None:
            self._velocity = _zeros_like(layers)
        for layer, (dW, db), (vW, vb) in zip(layers, grads, self._velocity):
            rows = list(zip(layer.weights, dW, vW))
            if layer.biases:
                rows.append((layer.biases, db, vb))
            for wr, gr, vr in rows:
                vr[:] = [mu * v + g for v, g in zip(vr, gr)]
                if self.nesterov:
                    wr[:] = [w - lr * (g + mu * v) for w, g, v in zip(wr, gr, vr)]
                else:
                    wr[:] = [w - lr * v for w, v in zip(wr, vr)]

    def __repr__(self):
        extra = ""
        if self.momentum:
            extra = ", momentum=%r%s" % (self.momentum, ", nesterov=True" if self.nesterov else "")
        return "SGD(learning_rate=%r%s)" % (self.learning_rate, extra)


class Adam:
    """``Adam(learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8)``."""

    name = "adam"

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8):
        self.learning_rate = _check_rate("learning_rate", learning_rate, 0.0, math.inf)
        self.beta1 = _check_rate("beta1", beta1, 0.0, 1.0, inclusive_low=True)
        self.beta2 = _check_rate("beta2", beta2, 0.0, 1.0, inclusive_low=True)
        self.epsilon = _check_rate("epsilon", epsilon, 0.0, math.inf)
        self._moments = None
        self._b1t = 1.0     # β₁ᵗ and β₂ᵗ, kept as running products
        self._b2t = 1.0
        self.t = 0

    def step(self, layers, grads):
        if self._moments is None:
            self._moments = [(_zeros_like([l])[0], _zeros_like([l])[0]) for l in layers]
        b1, b2, eps = self.beta1, self.beta2, self.epsilon
        self.t += 1
        self._b1t *= b1
        self._b2t *= b2
        c1 = 1.0 - self._b1t
        c2 = 1.0 - self._b2t
        lr = self.learning_rate
        sqrt = math.sqrt
        for layer, (dW, db), ((mW, mb), (vW, vb)) in zip(layers, grads, self._moments):
            rows = list(zip(layer.weights, dW, mW, vW))
            if layer.biases:
                rows.append((layer.biases, db, mb, vb))
            for wr, gr, mr, vr in rows:
                mr[:] = [b1 * m + (1.0 - b1) * g for m, g in zip(mr, gr)]
                vr[:] = [b2 * v + (1.0 - b2) * (g * g) for v, g in zip(vr, gr)]
                wr[:] = [w - lr * (m / c1) / (sqrt(v / c2) + eps)
                         for w, m, v in zip(wr, mr, vr)]

    def __repr__(self):
        return "Adam(learning_rate=%r)" % (self.learning_rate,)


def _zeros_like(layers):
    """``[(rows of zeros like weights, zeros like biases)]`` per layer."""
    return [([[0.0] * len(r) for r in l.weights], [0.0] * len(l.biases)) for l in layers]


_NAMES = {"sgd": SGD, "adam": Adam}

#: Optimizer names accepted by ``fit(optimizer=...)``.
NAMES = ("sgd", "adam")


def get(optimizer, learning_rate):
    """An optimizer from a name (``"sgd"``, ``"adam"``) or an object with ``step``."""
    if isinstance(optimizer, str):
        if optimizer not in _NAMES:
            raise ValueError("unknown optimizer %r; expected one of: %s, or an object "
                             "with a step(layers, grads) method"
                             % (optimizer, ", ".join(NAMES)))
        return _NAMES[optimizer](learning_rate)
    if not callable(getattr(optimizer, "step", None)):
        raise ValueError("optimizer must be a name or have a step(layers, grads) method, "
                         "got %r" % (optimizer,))
    return optimizer
