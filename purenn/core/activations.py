"""Activation functions: each one class, its value beside its derivative.

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
leaky_relu    ``z if z > 0 else α z``         ``1 if a > 0 else α``
linear        ``z``                           ``1``
softmax       ``e^zᵢ / Σⱼ e^zⱼ`` (per row)    Jacobian ``aᵢ(δᵢⱼ - aⱼ)``
============  ==============================  =========================

**Each formula is written once**, as Python source in the activation's
class.  An elementwise activation is three expressions: ``value`` (in z),
``derivative`` (in a) and ``delta``, the backward step ``δ = g·f'(z)`` for
an incoming gradient ``g = ∂L/∂a`` (in a and g; by default
``g * (derivative)``).  The class compiles them, each the first time it
is used, into

* ``f(z)`` and ``df(a)``: one number, for reading and teaching (note that
  ``df`` takes the *output* a, not z: ``sigmoid.df(0.5)`` is σ'(0) = 0.25);
* ``forward(Z)`` and ``backward(A, G)``: a whole batch, for the layers;

and the same expressions are what ``Network.compile()`` writes into its
generated code and ``purenn.export`` into a standalone file.  The
expressions may call ``exp``, ``log`` and ``tanh``: ``math``'s, or the
portable ones after ``purenn.use_portable_math()`` (see
``purenn.core.elementary``).  An activation
that needs the whole row (softmax) is written as the source of two row
functions instead.

>>> sigmoid = get("sigmoid")
>>> sigmoid.f(0.0), sigmoid.df(0.5)
(0.5, 0.25)
>>> sigmoid.f(-1000.0), sigmoid.f(1000.0)
(0.0, 1.0)
>>> get("softmax").forward([[1000.0, 1000.0]])
[[0.5, 0.5]]

A new activation is one class here (or in your own code) and a call of
:func:`register`; it then works in layers, ``fit``, ``compile``, model
files, ``export`` and ``explain``.
"""

from .elementary import NS, compile_functions


class Activation:
    """What every activation has: a ``name``, ``elementwise`` (True when
    ``a[j]`` depends on ``z[j]`` alone), ``forward(Z)`` and
    ``backward(A, G)``, and ``formula`` / ``derivative_formula``, the math
    as text for explanations and exported files."""

    name = None
    elementwise = True
    formula = ""
    derivative_formula = ""

    def __repr__(self):
        return "<activation %s>" % self.name


class Elementwise(Activation):
    """An activation applied entry by entry, given as three expressions.

    ``value``: ``a = f(z)``, in ``z``.  ``derivative``: ``f'(z)`` written
    through the output, in ``a``.  ``delta``: ``δ = g·f'(z)``, in ``a`` and
    ``g`` (default ``g * (derivative)``; piecewise activations select ``g``
    instead, so an infinite ``g`` meets no ``0 * inf``).
    """

    value = None
    derivative = None
    delta = None

    #: What each function computes, around the expressions.
    TEMPLATES = (("f", "def f(z):\n    return %(value)s\n"),
                 ("df", "def df(a):\n    return %(derivative)s\n"),
                 ("forward", "def forward(Z):\n    return [[%(value)s for z in row] for row in Z]\n"),
                 ("backward", "def backward(A, G):\n    return [[%(delta)s for a, g in zip(ar, gr)]"
                              " for ar, gr in zip(A, G)]\n"))

    def __init__(self):
        if self.delta is None:
            self.delta = "g * (%s)" % self.derivative

    def __getattr__(self, name):
        # f, df, forward and backward are compiled from the expressions the
        # first time each is used (so predicting compiles forward alone:
        # on MicroPython the compiler's work is heap), then kept
        for fn, template in self.TEMPLATES:
            if fn == name:
                code = template % {"value": self.value, "derivative": self.derivative,
                                   "delta": self.delta}
                f = compile_functions(code, (fn,))[0]
                setattr(self, fn, f)
                return f
        raise AttributeError(name)


class RowWise(Activation):
    """An activation of the whole row, given as the Python source of two row
    functions: ``forward_source`` defines ``<name>_forward(z)`` (z → a) and
    ``backward_source`` defines ``<name>_backward(a, g)`` (a and g = ∂L/∂a
    → δ = ∂L/∂z)."""

    elementwise = False
    forward_source = backward_source = None
    #: One output written through the row, for explanations: ``% j`` gives the text.
    entry_formula = None

    def __init__(self):
        self.forward_row, self.backward_row = compile_functions(
            self.forward_source + "\n" + self.backward_source,
            (self.name + "_forward", self.name + "_backward"))
        # generated code calls them by these names
        NS[self.name + "_forward"] = self.forward_row
        NS[self.name + "_backward"] = self.backward_row

    def f(self, z):
        raise ValueError("%s: defined on a whole row, not on one number; "
                         "use forward([[z1, z2, ...]])" % self.name)

    def df(self, a):
        raise ValueError("%s: its derivative is a Jacobian; use backward()" % self.name)

    def forward(self, Z):
        fn = self.forward_row
        return [fn(z) for z in Z]

    def backward(self, A, G):
        fn = self.backward_row
        return [fn(a, g) for a, g in zip(A, G)]


# -- the activations -------------------------------------------------------------

class Sigmoid(Elementwise):
    """Logistic sigmoid ``σ(z) = 1 / (1 + e^−z)``, without overflow for any
    finite z: for z < 0 it uses the equal form ``e^z / (1 + e^z)``, so ``e``
    is only ever raised to a non-positive power (``e^z`` is computed once,
    named ``ez``).  ``σ'(z) = a (1 − a)``."""
    name = "sigmoid"
    value = "1.0 / (1.0 + exp(-z)) if z >= 0.0 else (ez := exp(z)) / (1.0 + ez)"
    derivative = "a * (1.0 - a)"
    formula = "1 / (1 + e^-z), without overflow"
    derivative_formula = "a (1 − a)"


class Tanh(Elementwise):
    """Hyperbolic tangent; ``tanh`` saturates to ±1 without overflow.
    ``tanh'(z) = 1 − a²``."""
    name = "tanh"
    value = "tanh(z)"
    derivative = "1.0 - a * a"
    formula = "tanh z"
    derivative_formula = "1 − a²"


class Relu(Elementwise):
    """Rectified linear unit ``max(0, z)``.  The derivative at exactly z = 0
    is taken as 0."""
    name = "relu"
    value = "z if z > 0.0 else 0.0"
    derivative = "1.0 if a > 0.0 else 0.0"
    delta = "g if a > 0.0 else 0.0"
    formula = "max(0, z)"
    derivative_formula = "1 if a > 0 else 0"


class LeakyRelu(Elementwise):
    """Leaky ReLU ``z if z > 0 else α·z`` with slope α = ``alpha``.

    ``"leaky_relu"`` has α = 0.01; ``"leaky_relu(0.2)"`` names the one with
    α = 0.2 (any α > 0; its name is written ``leaky_relu(%r)``, so model
    files and generated code keep the slope).  Because α > 0, ``a > 0``
    exactly when ``z > 0``, so the derivative can still be read off the output.

    >>> get("leaky_relu(0.2)").f(-1.0), get("leaky_relu").f(-1.0)
    (-0.2, -0.01)
    """
    name = "leaky_relu"
    #: The slope of ``"leaky_relu"``.
    ALPHA = 0.01
    #: ``name(x)`` makes the activation with ``alpha = x`` (see :func:`get`).
    parameter = "alpha"

    def __init__(self, alpha=ALPHA):
        if not isinstance(alpha, (int, float)) or isinstance(alpha, bool) \
                or not 0.0 < alpha < 1e300:
            raise ValueError("leaky_relu: the slope alpha must be a number > 0, got %r"
                             % (alpha,))
        alpha = float(alpha)
        self.alpha = alpha
        if alpha != self.ALPHA:
            self.name = "leaky_relu(%r)" % alpha
        self.value = "z if z > 0.0 else %r * z" % alpha
        self.derivative = "1.0 if a > 0.0 else %r" % alpha
        self.delta = "g if a > 0.0 else %r * g" % alpha
        self.formula = "z if z > 0 else %r z" % alpha
        self.derivative_formula = "1 if a > 0 else %r" % alpha
        Elementwise.__init__(self)


class Linear(Elementwise):
    """Identity ``a = z``, for regression outputs."""
    name = "linear"
    value = "z"
    derivative = "1.0"
    delta = "g"
    formula = "z"
    derivative_formula = "1"


class Softmax(RowWise):
    """Softmax over each row: ``aᵢ = e^(zᵢ − m) / Σⱼ e^(zⱼ − m)``, m = max(z).

    Subtracting the row maximum changes nothing mathematically and keeps
    every exponent ≤ 0, so no overflow.  Its derivative is the Jacobian
    ``∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)``, so backward gives ``δᵢ = aᵢ (gᵢ − Σⱼ gⱼ aⱼ)``.
    """
    name = "softmax"
    formula = "e^(z - max z) / sum e^(z - max z) over the layer"
    entry_formula = "e^{z[%d]} / Σₖ e^{z[k]}"
    derivative_formula = "a (∂L/∂a − Σₖ ∂L/∂aₖ·aₖ)"
    forward_source = """\
def softmax_forward(z):
    m = max(z)
    e = [exp(v - m) for v in z]
    s = 0.0
    for v in e:
        s += v
    return [v / s for v in e]
"""
    backward_source = """\
def softmax_backward(a, g):
    s = 0.0
    for k in range(len(a)):
        s += g[k] * a[k]
    return [ak * (gk - s) for ak, gk in zip(a, g)]
"""


# -- the registry -------------------------------------------------------------------

#: The built-in activation names, in a fixed order.
NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "softmax", "linear")

_classes = {}
_made = {}


def register(cls):
    """Make the activation class ``cls`` known by its ``name`` (returns cls,
    so it can be used as a decorator).  Its one instance is made on first use."""
    if not isinstance(getattr(cls, "name", None), str) or not cls.name:
        raise ValueError("register: an activation class needs a name")
    _classes[cls.name] = cls
    _made.pop(cls.name, None)
    return cls


def unregister(name):
    """Forget the activation called ``name`` (a built-in one cannot be removed)."""
    if name in NAMES:
        raise ValueError("unregister: %r is built in" % name)
    _classes.pop(name, None)
    _made.pop(name, None)


def reset():
    """Forget the activation objects made so far (and their compiled formulas):
    each is made again on next use.  Layers keep the objects they have."""
    _made.clear()


def known():
    """Every activation name that :func:`get` accepts: the built-in ones
    first, then registered ones in sorted order."""
    return list(NAMES) + sorted([n for n in _classes if n not in NAMES])


def get(name):
    """The activation object for ``name``: one of :func:`known`, or
    ``base(x)`` for a class that takes a ``parameter`` (``leaky_relu(0.2)``)."""
    act = _made.get(name) if isinstance(name, str) else None
    if act is None:
        cls, args = _lookup(name)
        act = cls(*args)
        _made[name] = act
    return act


def _lookup(name):
    """``(class, arguments)`` for an activation name, or ValueError."""
    if isinstance(name, str) and name in _classes:
        return _classes[name], ()
    if isinstance(name, str) and name.endswith(")") and "(" in name:
        base, arg = name[:-1].split("(", 1)
        cls = _classes.get(base)
        if cls is not None and getattr(cls, "parameter", None):
            try:
                value = float(arg)
            except ValueError:
                value = None
            if value is None or value != value:
                raise ValueError("activation %r: %s must be a number, got %r"
                                 % (name, cls.parameter, arg))
            return cls, (value,)
    raise ValueError("unknown activation %r; expected one of: %s (or leaky_relu(alpha), "
                     "a slope alpha > 0)" % (name, ", ".join(known())))


for _cls in (Sigmoid, Tanh, Relu, LeakyRelu, Linear, Softmax):
    register(_cls)
