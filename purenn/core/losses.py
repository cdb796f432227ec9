"""Loss functions: each one class, its value beside its gradient.

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
``2 (y − ŷ)`` in the tutorial's update ``W += Xᵀ·(2 (y − ŷ) ⊙ σ'(z))``,
where ``σ'(z) = ŷ (1 − ŷ)`` is the sigmoid's derivative written through its
output (with the sign of a step *down* the gradient: the tutorial's deltas
are −∂L/∂z, purenn's δ = ∂L/∂z).

**Each formula is written once**, as Python expressions in the loss's
class: ``term`` (in p and y) is what is summed over every entry, ``total``
turns that sum s into L (in s, N and K), and ``gradient`` is ∂L/∂p (in p,
y and the constant ``c = factor``).  The class compiles them into
``value`` and ``grad``; ``Network.compile()`` writes the same expressions
into its generated code.

Log-losses on bare probabilities clip P into ``[EPS, 1 − EPS]`` before the
logarithm (and their gradient is zero where clipping is active), so they stay
finite.  When the output layer is the matching squashing function
(sigmoid with binary cross-entropy, softmax with categorical cross-entropy),
the network instead uses the *fused* forms, computed from the
pre-activations Z, which are exact and stable even for confident wrong
predictions:

* sigmoid + binary_crossentropy:
  ``L = Σ [max(z, 0) − z·y + ln(1 + e^−|z|)] / (N K)``, ``δ = (a − y) / (N K)``
* softmax + categorical_crossentropy:
  ``L = Σₙ Σₖ yₙₖ (lse(zₙ) − zₙₖ) / N``,
  ``δ = (a·Σₖ yₙₖ − y) / N``, where ``lse(z) = m + ln Σ e^(zₖ − m)``.

>>> sse = get("sse")
>>> sse.value([[0.5], [1.0]], [[0.0], [1.0]])
0.25
>>> sse.grad([[0.5], [1.0]], [[0.0], [1.0]])
[[1.0], [0.0]]
"""

from . import elementary

#: Probabilities are clipped into [EPS, 1 − EPS] before a logarithm.
EPS = 1e-12
HI = 1.0 - EPS


def clip(p):
    """p clipped into ``[EPS, 1 − EPS]``."""
    return EPS if p < EPS else (HI if p > HI else p)


def logsumexp(z):
    """``ln Σₖ e^zₖ``, computed as ``m + ln Σₖ e^(zₖ − m)`` with m = max(z)."""
    exp = elementary.exp
    m = max(z)
    e = 0.0
    for v in z:
        e += exp(v - m)
    return m + elementary.log(e)


def rowsum(v):
    """``Σₖ v[k]``, added in order from 0.0."""
    s = 0.0
    for x in v:
        s += x
    return s


# the helpers the expressions may call, beside exp, log and tanh
elementary.NS["clip"] = clip
elementary.NS["logsumexp"] = logsumexp
elementary.NS["rowsum"] = rowsum
elementary.NS["EPS"] = EPS
elementary.NS["HI"] = HI


def _reduction(fn, term, total, setup):
    """Source of ``fn(P, Y)``: ``total`` of the sum of ``term`` over all entries
    (``setup``, a ``(name, expression)`` pair, runs once per row first)."""
    prow = "zrow" if fn == "fused_value" else "prow"
    x = "z" if fn == "fused_value" else "p"
    pre = "        %s = %s\n" % setup if setup else ""
    return ("def %s(P, Y):\n"
            "    s = 0.0\n"
            "    for %s, yrow in zip(P, Y):\n"
            "%s"
            "        for %s, y in zip(%s, yrow):\n"
            "            s += %s\n"
            "    N = len(P)\n"
            "    K = len(P[0])\n"
            "    return %s\n\n" % (fn, prow, pre, x, prow, term, total))


def _elementwise(fn, expr, factor, setup, x):
    """Source of ``fn(P, Y)``: the matrix of ``expr`` over every entry, with
    ``c = factor`` (``setup`` runs once per row first)."""
    if setup:
        row = ("        %s = %s\n"
               "        out.append([%s for %s, y in zip(prow, yrow)])\n" % (setup[0], setup[1],
                                                                         expr, x))
        body = ("    out = []\n"
                "    for prow, yrow in zip(P, Y):\n%s"
                "    return out\n" % row)
    else:
        body = ("    return [[%s for %s, y in zip(prow, yrow)] for prow, yrow in zip(P, Y)]\n"
                % (expr, x))
    return ("def %s(P, Y):\n"
            "    N = len(P)\n"
            "    K = len(P[0])\n"
            "    c = %s\n%s\n" % (fn, factor or "None", body))


class Loss:
    """A loss, given as expressions (see the module docstring).

    ``term``, ``total``, ``gradient`` and ``factor`` define ``value`` and
    ``grad`` (each compiled the first time it is used).  A loss that fuses with the output activation ``fused_with``
    also has ``fused_term`` (in z and y, with ``fused_setup`` per row) and
    ``fused_total``, which define ``fused_value(Z, Y)``, and ``delta``
    (δ = ∂L/∂z, in a, y and ``c = delta_factor``, with ``delta_setup`` per
    row), which defines ``fused_delta(A, Y)``.

    ``summed`` is True for a loss that adds up over samples rather than
    averaging (sse): ``fit`` then sums the losses of an epoch's batches.
    ``flat`` is True for a loss whose gradient is exactly 0.0 over a whole
    region (hinge, beyond its margin): there the generated training code
    tests each sample's output δ for 0.0 (``purenn.core.codegen``).

    ``targets`` says what Y may hold: None (any finite number), ``"unit"``
    (each in [0, 1]), ``"distribution"`` (each in [0, 1], each row summing
    to 1) or ``"sign"`` (−1 or +1); ``labels`` is True when a
    flat list of class labels is accepted (one-hot encoded).

    ``formula``, ``gradient_formula`` and ``fused_formula`` are the math as
    text, for ``purenn.explain``.
    """

    name = None
    term = total = gradient = factor = None
    fused_with = None
    fused_term = fused_total = delta = delta_factor = None
    fused_setup = delta_setup = None
    targets = None
    labels = False
    summed = False
    flat = False
    formula = gradient_formula = fused_formula = ""

    def __getattr__(self, name):
        # value, grad, fused_value and fused_delta are compiled from the
        # expressions the first time each is used, then kept
        if name == "value":
            code = _reduction("value", self.term, self.total, None)
        elif name == "grad":
            code = _elementwise("grad", self.gradient, self.factor, None, "p")
        elif name == "fused_value" and self.fused_with:
            code = _reduction("fused_value", self.fused_term, self.fused_total,
                              self.fused_setup)
        elif name == "fused_delta" and self.fused_with:
            code = _elementwise("fused_delta", self.delta, self.delta_factor,
                                self.delta_setup, "a")
        else:
            raise AttributeError(name)
        fn = elementary.compile_functions(code, (name,))[0]
        setattr(self, name, fn)
        return fn

    def is_fused(self, activation):
        """True when this loss fuses with an output layer of ``activation``."""
        return self.fused_with is not None and self.fused_with == activation.name

    def objective(self, activation, Z, A, Y):
        """L for an output layer with ``activation``, pre-activations Z and outputs A."""
        if self.is_fused(activation):
            return self.fused_value(Z, Y)
        return self.value(A, Y)

    def output_delta(self, activation, A, Y):
        """``δ = ∂L/∂Z`` of an output layer with ``activation`` and outputs A."""
        if self.is_fused(activation):
            return self.fused_delta(A, Y)
        return activation.backward(A, self.grad(A, Y))

    def __repr__(self):
        return "<loss %s>" % self.name


class SSE(Loss):
    """Sum of squared errors (the tutorial's loss), not averaged."""
    name = "sse"
    summed = True
    term = "(p - y) * (p - y)"
    total = "s"
    gradient = "2.0 * (p - y)"
    formula = "Σ (a − y)² over all %d samples"
    gradient_formula = "2 (a − y)"


class MSE(Loss):
    """Mean squared error over all N·K entries."""
    name = "mse"
    term = "(p - y) * (p - y)"
    total = "s / (N * K)"
    gradient = "c * (p - y)"
    factor = "2.0 / (N * K)"
    formula = "Σ (a − y)² / (N K), N = %d samples"
    gradient_formula = "2 (a − y) / (N K)"


class BinaryCrossentropy(Loss):
    """Mean binary cross-entropy over all N·K entries; targets in [0, 1]."""
    name = "binary_crossentropy"
    term = "y * log(clip(p)) + (1.0 - y) * log(1.0 - clip(p))"
    total = "-s / (N * K)"
    gradient = "c * (p - y) / (p * (1.0 - p)) if EPS <= p <= HI else 0.0"
    factor = "1.0 / (N * K)"
    fused_with = "sigmoid"
    fused_term = "(z if z > 0.0 else 0.0) - z * y + log(1.0 + exp(-abs(z)))"
    fused_total = "s / (N * K)"
    delta = "c * (a - y)"
    delta_factor = "1.0 / (N * K)"
    targets = "unit"
    formula = "−Σ [y ln a + (1 − y) ln(1 − a)] / (N K), N = %d"
    gradient_formula = "(a − y) / (a (1 − a) N K)"
    fused_formula = "(a − y) / (N K)"


class CategoricalCrossentropy(Loss):
    """Mean over samples of ``−Σₖ yₖ ln pₖ``; each target row a distribution
    (one-hot for plain classification)."""
    name = "categorical_crossentropy"
    term = "y * log(clip(p)) if y else 0.0"
    total = "-s / N"
    gradient = "-c * y / p if EPS <= p <= HI else 0.0"
    factor = "1.0 / N"
    fused_with = "softmax"
    fused_setup = ("lse", "logsumexp(zrow)")
    fused_term = "y * (lse - z) if y else 0.0"      # 0·∞ at logits ±1e308 is no NaN
    fused_total = "s / N"
    delta_setup = ("t", "rowsum(yrow)")
    delta = "c * (a * t - y)"
    delta_factor = "1.0 / N"
    targets = "distribution"
    labels = True
    formula = "−Σ y ln a / N, N = %d"
    gradient_formula = "−y / (a N)"
    fused_formula = "(a Σₖyₖ − y) / N"


class Hinge(Loss):
    """Mean hinge loss over all N·K entries, for targets −1 or +1:
    ``L = Σ max(0, 1 − y·p) / (N K)``; gradient ``−y / (N K)`` where the
    margin ``y·p`` is below 1, else 0 (at exactly 1 it is taken as 0)."""
    name = "hinge"
    term = "0.0 if 1.0 - y * p <= 0.0 else 1.0 - y * p"     # NaN stays NaN
    total = "s / (N * K)"
    gradient = "-c * y if p * y < 1.0 else 0.0"
    factor = "1.0 / (N * K)"
    targets = "sign"
    flat = True
    formula = "Σ max(0, 1 − y a) / (N K), N = %d"
    gradient_formula = "−y / (N K) where y a < 1"


#: The loss names purenn knows, in a fixed order.
NAMES = ("sse", "mse", "binary_crossentropy", "categorical_crossentropy", "hinge")

_classes = {}
for _cls in (SSE, MSE, BinaryCrossentropy, CategoricalCrossentropy, Hinge):
    _classes[_cls.name] = _cls
_made = {}


def reset():
    """Forget the loss objects made so far (and their compiled formulas):
    each is made again on next use."""
    _made.clear()


def get(name):
    """The loss object for ``name`` (one of :data:`NAMES`)."""
    loss = _made.get(name) if isinstance(name, str) else None
    if loss is None:
        if not isinstance(name, str) or name not in _classes:
            raise ValueError("unknown loss %r; expected one of: %s"
                             % (name, ", ".join(NAMES)))
        loss = _made[name] = _classes[name]()
    return loss
