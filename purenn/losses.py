"""Loss functions, each kept beside its gradient.

P is the network's prediction and Y the target, both ``N×K`` matrices (N
samples, K outputs).  Each loss offers ``value(P, Y)`` (a float) and
``grad(P, Y)``, the matrix ``∂L/∂P`` of the same shape:

==========================  ==================================  =============================
name                        value L                             gradient ∂L/∂Pₙₖ
==========================  ==================================  =============================
sse                         ``Σ (P − Y)²``                      ``2 (P − Y)``
mse                         ``Σ (P − Y)² / (N K)``              ``2 (P − Y) / (N K)``
binary_crossentropy         ``−Σ [Y ln P + (1−Y) ln(1−P)]/(NK)``  ``(P − Y) / (P (1−P) N K)``
categorical_crossentropy    ``−Σ Y ln P / N``                   ``−Y / (P N)``
hinge (Y = ±1)              ``Σ max(0, 1 − Y P) / (N K)``       ``−Y / (N K)`` where ``Y P < 1``
==========================  ==================================  =============================

``sse`` is the tutorial's loss: its gradient ``2 (P − Y)`` is exactly the
``2 (y − ŷ)`` in the tutorial's update ``W += Xᵀ·(2 (y − ŷ) ⊙ σ'(ŷ))``
(with the sign of a step *down* the gradient).

Log-losses on bare probabilities clip P into ``[EPS, 1 − EPS]`` before the
logarithm (and their gradient is zero where clipping is active), so they stay
finite.  When the output layer is the matching squashing function
(sigmoid with binary cross-entropy, softmax with categorical cross-entropy),
the network instead uses the *fused* forms below, computed from the
pre-activations Z, which are exact and stable even for confident wrong
predictions:

* sigmoid + binary_crossentropy:
  ``L = Σ [max(z, 0) − z·y + ln(1 + e^−|z|)] / (N K)``, ``δ = (a − y) / (N K)``
* softmax + categorical_crossentropy:
  ``L = Σₙ [lse(zₙ)·Σₖ yₙₖ − Σₖ yₙₖ zₙₖ] / N``,
  ``δ = (a·Σₖ yₙₖ − y) / N``, where ``lse(z) = m + ln Σ e^(zₖ − m)``.

>>> sse = get("sse")
>>> sse.value([[0.5], [1.0]], [[0.0], [1.0]])
0.25
>>> sse.grad([[0.5], [1.0]], [[0.0], [1.0]])
[[1.0], [0.0]]
"""

import math

#: Probabilities are clipped into [EPS, 1 − EPS] before a logarithm.
EPS = 1e-12

_log = math.log
_exp = math.exp


def _squared_error(P, Y):
    s = 0.0
    for p, y in zip(P, Y):
        for k in range(len(p)):
            d = p[k] - y[k]
            s += d * d
    return s


class SSE:
    """Sum of squared errors (the tutorial's loss), not averaged."""
    name = "sse"
    fused_with = None

    def value(self, P, Y):
        return _squared_error(P, Y)

    def grad(self, P, Y):
        return [[2.0 * (a - b) for a, b in zip(p, y)] for p, y in zip(P, Y)]


class MSE:
    """Mean squared error over all N·K entries."""
    name = "mse"
    fused_with = None

    def value(self, P, Y):
        n = len(P) * len(P[0])
        return _squared_error(P, Y) / n

    def grad(self, P, Y):
        c = 2.0 / (len(P) * len(P[0]))
        return [[c * (a - b) for a, b in zip(p, y)] for p, y in zip(P, Y)]


def _clip(p):
    return EPS if p < EPS else (1.0 - EPS if p > 1.0 - EPS else p)


class BinaryCrossentropy:
    """Mean binary cross-entropy over all N·K entries; targets in [0, 1]."""
    name = "binary_crossentropy"
    fused_with = "sigmoid"

    def value(self, P, Y):
        log = _log
        s = 0.0
        for p, y in zip(P, Y):
            for k in range(len(p)):
                q = _clip(p[k])
                s += y[k] * log(q) + (1.0 - y[k]) * log(1.0 - q)
        return -s / (len(P) * len(P[0]))

    def grad(self, P, Y):
        c = 1.0 / (len(P) * len(P[0]))
        lo = EPS
        hi = 1.0 - EPS
        return [[c * (a - b) / (a * (1.0 - a)) if lo <= a <= hi else 0.0
                 for a, b in zip(p, y)] for p, y in zip(P, Y)]

    def fused_value(self, Z, Y):
        log = _log
        exp = _exp
        s = 0.0
        for z, y in zip(Z, Y):
            for k in range(len(z)):
                v = z[k]
                s += (v if v > 0.0 else 0.0) - v * y[k] + log(1.0 + exp(-abs(v)))
        return s / (len(Z) * len(Z[0]))

    def fused_delta(self, A, Y):
        c = 1.0 / (len(A) * len(A[0]))
        return [[c * (a - b) for a, b in zip(p, y)] for p, y in zip(A, Y)]


class CategoricalCrossentropy:
    """Mean over samples of ``−Σₖ yₖ ln pₖ``; each target row a distribution
    (one-hot for plain classification)."""
    name = "categorical_crossentropy"
    fused_with = "softmax"

    def value(self, P, Y):
        log = _log
        s = 0.0
        for p, y in zip(P, Y):
            for k in range(len(p)):
                if y[k]:
                    s += y[k] * log(_clip(p[k]))
        return -s / len(P)

    def grad(self, P, Y):
        c = 1.0 / len(P)
        lo = EPS
        hi = 1.0 - EPS
        return [[-c * b / a if lo <= a <= hi else 0.0
                 for a, b in zip(p, y)] for p, y in zip(P, Y)]

    def fused_value(self, Z, Y):
        log = _log
        exp = _exp
        s = 0.0
        for z, y in zip(Z, Y):
            m = max(z)
            e = 0.0
            for v in z:
                e += exp(v - m)
            lse = m + log(e)
            for k in range(len(z)):
                s += y[k] * (lse - z[k])
        return s / len(Z)

    def fused_delta(self, A, Y):
        c = 1.0 / len(A)
        out = []
        for a, y in zip(A, Y):
            t = 0.0
            for v in y:
                t += v
            out.append([c * (p * t - b) for p, b in zip(a, y)])
        return out


class Hinge:
    """Mean hinge loss over all N·K entries, for targets −1 or +1:
    ``L = Σ max(0, 1 − y·p) / (N K)``; gradient ``−y / (N K)`` where the
    margin ``y·p`` is below 1, else 0 (at exactly 1 it is taken as 0)."""
    name = "hinge"
    fused_with = None

    def value(self, P, Y):
        s = 0.0
        for p, y in zip(P, Y):
            for k in range(len(p)):
                m = 1.0 - y[k] * p[k]
                if m > 0.0:
                    s += m
        return s / (len(P) * len(P[0]))

    def grad(self, P, Y):
        c = 1.0 / (len(P) * len(P[0]))
        return [[-c * b if a * b < 1.0 else 0.0 for a, b in zip(p, y)] for p, y in zip(P, Y)]


_ALL = {}
for _cls in (SSE, MSE, BinaryCrossentropy, CategoricalCrossentropy, Hinge):
    _ALL[_cls.name] = _cls()

#: The loss names purenn knows, in a fixed order.
NAMES = ("sse", "mse", "binary_crossentropy", "categorical_crossentropy", "hinge")


def get(name):
    """The loss object for ``name`` (one of :data:`NAMES`)."""
    if not isinstance(name, str) or name not in _ALL:
        raise ValueError("unknown loss %r; expected one of: %s"
                         % (name, ", ".join(NAMES)))
    return _ALL[name]
