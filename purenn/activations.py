"""Activation functions, each kept beside its derivative.

A layer computes ``z = W·x + b`` and then ``a = f(z)``.  Backpropagation
needs ``f'(z)``; for every elementwise activation here it can be written
in terms of the output ``a`` alone, which is what the tutorial does
(``sigmoid_derivative(output) = output * (1 - output)``):

============  ==============================  =========================
name          value ``a = f(z)``              derivative ``f'(z)``
============  ==============================  =========================
sigmoid       ``1 / (1 + e^-z)``              ``a (1 - a)``
tanh          ``tanh z``                      ``1 - a²``
relu          ``max(0, z)``                   ``1 if a > 0 else 0``
leaky_relu    ``z if z > 0 else 0.01 z``      ``1 if a > 0 else 0.01``
linear        ``z``                           ``1``
softmax       ``e^zᵢ / Σⱼ e^zⱼ`` (per row)    Jacobian ``aᵢ(δᵢⱼ - aⱼ)``
============  ==============================  =========================

Each activation object offers the scalar pair ``f(z)`` and ``df(a)`` for
reading and teaching, and the batched ``forward(Z)`` and ``backward(A, G)``
that the layers use.  ``backward`` turns ``G = ∂L/∂A`` into
``δ = ∂L/∂Z``: for elementwise functions ``δ = G ⊙ f'``; for softmax, whose
outputs depend on the whole row, ``δᵢ = aᵢ (gᵢ - Σⱼ gⱼ aⱼ)``.

>>> sigmoid = get("sigmoid")
>>> sigmoid.f(0.0), sigmoid.df(0.5)
(0.5, 0.25)
>>> sigmoid.f(-1000.0), sigmoid.f(1000.0)
(0.0, 1.0)
>>> get("softmax").forward([[1000.0, 1000.0]])
[[0.5, 0.5]]
"""

import math

_exp = math.exp
_tanh = math.tanh


class Sigmoid:
    """Logistic sigmoid, computed without overflow for any finite z.

    For z ≥ 0 it is ``1 / (1 + e^-z)``; for z < 0 the equal form
    ``e^z / (1 + e^z)``, so ``e`` is only ever raised to a non-positive power.
    """
    name = "sigmoid"

    def f(self, z):
        if z >= 0.0:
            return 1.0 / (1.0 + _exp(-z))
        e = _exp(z)
        return e / (1.0 + e)

    def df(self, a):
        return a * (1.0 - a)

    def forward(self, Z):
        exp = _exp
        return [[1.0 / (1.0 + exp(-z)) if z >= 0.0 else exp(z) / (1.0 + exp(z))
                 for z in row] for row in Z]

    def backward(self, A, G):
        return [[g * (a * (1.0 - a)) for a, g in zip(ar, gr)] for ar, gr in zip(A, G)]


class Tanh:
    """Hyperbolic tangent; ``math.tanh`` saturates to ±1 without overflow."""
    name = "tanh"

    def f(self, z):
        return _tanh(z)

    def df(self, a):
        return 1.0 - a * a

    def forward(self, Z):
        tanh = _tanh
        return [[tanh(z) for z in row] for row in Z]

    def backward(self, A, G):
        return [[g * (1.0 - a * a) for a, g in zip(ar, gr)] for ar, gr in zip(A, G)]


class Relu:
    """Rectified linear unit.  The derivative at exactly z = 0 is taken as 0."""
    name = "relu"

    def f(self, z):
        return z if z > 0.0 else 0.0

    def df(self, a):
        return 1.0 if a > 0.0 else 0.0

    def forward(self, Z):
        return [[z if z > 0.0 else 0.0 for z in row] for row in Z]

    def backward(self, A, G):
        return [[g if a > 0.0 else 0.0 for a, g in zip(ar, gr)] for ar, gr in zip(A, G)]


class LeakyRelu:
    """Leaky ReLU with slope ``alpha`` (0.01) for z ≤ 0.

    Because ``alpha > 0``, ``a > 0`` exactly when ``z > 0``, so the
    derivative can still be read off the output.
    """
    name = "leaky_relu"
    alpha = 0.01

    def f(self, z):
        return z if z > 0.0 else self.alpha * z

    def df(self, a):
        return 1.0 if a > 0.0 else self.alpha

    def forward(self, Z):
        al = self.alpha
        return [[z if z > 0.0 else al * z for z in row] for row in Z]

    def backward(self, A, G):
        al = self.alpha
        return [[g if a > 0.0 else al * g for a, g in zip(ar, gr)] for ar, gr in zip(A, G)]


class Linear:
    """Identity: ``a = z``, for regression outputs."""
    name = "linear"

    def f(self, z):
        return z

    def df(self, a):
        return 1.0

    def forward(self, Z):
        return [list(row) for row in Z]

    def backward(self, A, G):
        return [list(row) for row in G]


class Softmax:
    """Softmax over each row: ``aᵢ = e^(zᵢ - m) / Σⱼ e^(zⱼ - m)``, m = max(z).

    Subtracting the row maximum changes nothing mathematically and keeps
    every exponent ≤ 0, so no overflow.  It is not elementwise: ``f`` and
    ``df`` are not defined for a single number.
    """
    name = "softmax"

    def f(self, z):
        raise ValueError("softmax: defined on a whole row, not on one number; "
                         "use forward([[z1, z2, ...]])")

    def df(self, a):
        raise ValueError("softmax: its derivative is a Jacobian aᵢ(δᵢⱼ − aⱼ); use backward()")

    def forward(self, Z):
        exp = _exp
        out = []
        for row in Z:
            m = max(row)
            e = [exp(z - m) for z in row]
            s = 0.0
            for v in e:
                s += v
            out.append([v / s for v in e])
        return out

    def backward(self, A, G):
        out = []
        for ar, gr in zip(A, G):
            # δᵢ = aᵢ (gᵢ − Σⱼ gⱼ aⱼ)
            s = 0.0
            for k in range(len(ar)):
                s += gr[k] * ar[k]
            out.append([a * (g - s) for a, g in zip(ar, gr)])
        return out


_ALL = {}
for _cls in (Sigmoid, Tanh, Relu, LeakyRelu, Linear, Softmax):
    _ALL[_cls.name] = _cls()

#: The activation names purenn knows, in a fixed order.
NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "softmax", "linear")


def get(name):
    """The activation object for ``name`` (one of :data:`NAMES`)."""
    if not isinstance(name, str) or name not in _ALL:
        raise ValueError("unknown activation %r; expected one of: %s"
                         % (name, ", ".join(NAMES)))
    return _ALL[name]
