"""Optimizers: how a gradient becomes a change of the weights.

An optimizer's ``step(params, grads)`` receives ``net.parameters()`` (every
weight row and bias list, layer by layer) and the gradient rows of the same
shapes, in the same order (``net.gradient_rows(grads)``), and changes every
parameter in place (the row lists keep their identity, so ``layer.neurons``
and any reference a user holds stay valid).  State (a velocity, moment
estimates) is kept in rows shaped like the parameters, in the same order.
Any object with such a ``step`` method can be given to ``fit(optimizer=)``.

Plain gradient descent (``SGD()``) moves every parameter θ a step down its
gradient g = ∂L/∂θ:

    θ ← θ − η·g

With the tutorial's loss (SSE) and η = 1 this is exactly the tutorial's
``weights += Xᵀ·(2 (y − ŷ) ⊙ σ'(z))``, with ``σ'(z) = ŷ (1 − ŷ)`` (the
tutorial adds −η·∂L/∂W, which is the same step).  With momentum μ, a velocity v
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

    def step(self, params, grads):
        """One step: ``θ ← θ − η·g`` (or the momentum forms above) for every row."""
        lr = self.learning_rate
        if not self.momentum:
            for p, g in zip(params, grads):
                p[:] = [w - lr * gi for w, gi in zip(p, g)]
            return
        mu = self.momentum
        if self._velocity is None:
            self._velocity = _zeros_like(params)
        for p, g, v in zip(params, grads, self._velocity):
            v[:] = [mu * vi + gi for vi, gi in zip(v, g)]
            if self.nesterov:
                p[:] = [w - lr * (gi + mu * vi) for w, gi, vi in zip(p, g, v)]
            else:
                p[:] = [w - lr * vi for w, vi in zip(p, v)]

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
        self._m = None      # first and second moment estimates, shaped like the parameters
        self._v = None
        self._b1t = 1.0     # β₁ᵗ and β₂ᵗ, kept as running products
        self._b2t = 1.0
        self.t = 0

    def step(self, params, grads):
        """One Adam step for every row (the formulas above), t counting steps from 1."""
        if self._m is None:
            self._m = _zeros_like(params)
            self._v = _zeros_like(params)
        b1, b2, eps = self.beta1, self.beta2, self.epsilon
        self.t += 1
        self._b1t *= b1
        self._b2t *= b2
        c1 = 1.0 - self._b1t
        c2 = 1.0 - self._b2t
        lr = self.learning_rate
        sqrt = math.sqrt
        for p, g, m, v in zip(params, grads, self._m, self._v):
            m[:] = [b1 * mi + (1.0 - b1) * gi for mi, gi in zip(m, g)]
            v[:] = [b2 * vi + (1.0 - b2) * (gi * gi) for vi, gi in zip(v, g)]
            p[:] = [w - lr * (mi / c1) / (sqrt(vi / c2) + eps) for w, mi, vi in zip(p, m, v)]

    def __repr__(self):
        return "Adam(learning_rate=%r)" % (self.learning_rate,)


def _zeros_like(rows):
    """A row of zeros for every row given."""
    return [[0.0] * len(r) for r in rows]


_NAMES = {"sgd": SGD, "adam": Adam}

#: Optimizer names accepted by ``fit(optimizer=...)``.
NAMES = ("sgd", "adam")


def get(optimizer, learning_rate):
    """An optimizer from a name (``"sgd"``, ``"adam"``, made with ``learning_rate``)
    or an object with a ``step(params, grads)`` method (returned as it is)."""
    if isinstance(optimizer, str):
        if optimizer not in _NAMES:
            raise ValueError("unknown optimizer %r; expected one of: %s, or an object "
                             "with a step(params, grads) method"
                             % (optimizer, ", ".join(NAMES)))
        return _NAMES[optimizer](learning_rate)
    if not callable(getattr(optimizer, "step", None)):
        raise ValueError("optimizer must be a name or have a step(params, grads) method, "
                         "got %r" % (optimizer,))
    return optimizer
