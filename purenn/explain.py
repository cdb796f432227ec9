"""One training step, every number shown: ``explain_step(net, X, Y, ...)``.

The text walks through a step of gradient descent the way a learner would
work it out on paper, for one chosen sample n and one chosen neuron j of
each layer, with the actual numbers substituted into every formula, so that
each line can be checked with a calculator from numbers printed before it:

* forward, layer by layer: ``zˡ[n][j] = Σᵢ wˡ[j][i]·aˡ⁻¹[n][i] + bˡ[j]``
  written out term by term, and ``aˡ[n][j] = f(zˡ[n][j])``;
* the loss, term by term (each sample's share, then their sum);
* backward, from the output down: ``∂L/∂a``, ``f'(z)`` (written through the
  output, ``σ'(z) = a (1 − a)``) and ``δ = ∂L/∂a · f'(z)``, then each weight
  gradient ``∂L/∂wˡ[j][i] = Σₙ δˡ[n][j]·aˡ⁻¹[n][i]``;
* the update ``w ← w − η·∂L/∂w``.

The notation is the same everywhere in purenn: the superscript ℓ is the
layer (``a⁰ = x``), the first index in brackets is the sample n, a weight
``wˡ[j][i]`` joins input i to neuron j, and ``δˡ[n][j] = ∂L/∂zˡ[n][j]``
(plus, not minus: the tutorial file's ``delta`` is ``−δ``, see
:func:`tutorial_note`).

Every number printed is one the library itself computed: the forward values
come from ``Network.forward``, the δ and gradients from ``Network.backward``
(which hands over the δ of every layer through its ``trace``), the loss and
its terms from the loss object, and the new weights from the ``SGD``
optimizer's ``step``.  What is computed here is only what is written out
to be checked by hand: the products and exponentials of single printed
numbers.  The network is left unchanged.

Numbers are printed with ``%.6g`` (six significant digits); lines fit in
80 columns.

>>> from purenn.explain import tutorial_network, explain_step
>>> net, X, Y = tutorial_network()
>>> text = explain_step(net, X, Y, loss="sse", learning_rate=1.0)
>>> max(len(line) for line in text.splitlines()) <= 80
True
>>> [line for line in text.splitlines() if line.startswith("  L = ")]
['  L = 0.70733 + 0.0173639 + 0.0153951 + 0.795388 = 1.53548']
"""

import math

from .core import checks
from .core.losses import EPS, HI, get as get_loss
from .core.optimizers import SGD

WIDTH = 80
#: Samples written out one by one in the loss and in each gradient's sum.
MAX_TERMS = 8
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_PAD = " " * 13             # where a neuron's lines start, under "  neuron 0:  "


def num(v):
    """A number as printed in the explanation: ``%.6g``."""
    return "%.6g" % v


def sup(k):
    """k in superscript digits: ``sup(12)`` is ``'¹²'`` (the layer of ``w¹²``)."""
    return "".join([_SUPERSCRIPTS[ord(c) - 48] for c in str(k)])


def _factor(v):
    s = num(v)
    return "(" + s + ")" if s.startswith("-") else s


def _wrap(first, pieces, indent, out, width=WIDTH):
    """Append lines to out: ``first`` followed by pieces, wrapped at width."""
    line = first
    for p in pieces:
        if len(line) + len(p) > width and line.strip():
            out.append(line.rstrip())
            line = " " * indent + p.lstrip()
        else:
            line += p
    out.append(line.rstrip())


def _sum_lines(head, terms, total, out):
    """``head`` then ``= t0 + t1 + ...`` and ``= total`` under its ``=`` sign."""
    out.append(head)
    col = head.index(" = ") + 1
    if terms:
        pieces = [terms[0]] + [" + " + t for t in terms[1:]]
        _wrap(" " * col + "= ", pieces, col + 2, out)
    out.append(" " * col + "= " + total)


def _equation(head, parts, out):
    """``head = p1 = p2 = ...`` on one line, or each ``= p`` under the first ``=``."""
    line = head + "".join([" = " + p for p in parts])
    if len(line) <= WIDTH:
        out.append(line)
        return
    out.append(head + " = " + parts[0])
    col = head.index(" = ") + 1 if " = " in head else len(head) + 1
    for p in parts[1:]:
        out.append(" " * col + "= " + p)


def _vector_lines(name, values, out, indent=2):
    head = " " * indent + name + " = ["
    pieces = []
    for k, v in enumerate(values):
        pieces.append(num(v) + (", " if k < len(values) - 1 else "]"))
    _wrap(head, pieces, len(head), out)


def _plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


# -- the numbers of one step -------------------------------------------------------

class Step:
    """The numbers of one full-batch gradient-descent step of ``net`` on (X, Y).

    Checks its arguments like :func:`explain_step` and keeps: ``X``, ``Y``
    (checked floats), ``lossobj``, ``rate`` (η), ``n`` (the sample written
    out), ``neuron``; ``cache`` (``Network.forward``: per layer the triple
    ``(input, Z, A)``), ``value`` (L), ``trace`` (per layer ``(δ, ∂L/∂A of
    the layer below)``), ``grads`` (per layer ``(dW, db)``) and ``after``
    (per layer ``(weights, biases)`` after the step).  The network is not
    changed.  :func:`purenn.plot.gradient_svg` draws the same numbers.
    """

    def __init__(self, net, X, Y, loss="mse", learning_rate=0.01, sample=0, neuron=0):
        lossobj = get_loss(loss)
        X = checks.as_matrix(X, "X", net.n_inputs)
        Y = checks.as_targets(Y, "Y", len(X), net.n_outputs, lossobj)
        N = len(X)
        if not isinstance(sample, int) or isinstance(sample, bool) or not 0 <= sample < N:
            raise ValueError("sample: expected 0 to %d, got %r" % (N - 1, sample))
        if not isinstance(neuron, int) or isinstance(neuron, bool) or neuron < 0:
            raise ValueError("neuron: expected an int >= 0, got %r" % (neuron,))
        self.net, self.X, self.Y, self.lossobj = net, X, Y, lossobj
        self.rate = checks.rate("learning_rate", learning_rate)
        self.n, self.neuron = sample, neuron
        self.cache = net.forward(X)
        _, Z, A = self.cache[-1]
        self.value = net.objective(lossobj, Z, A, Y)
        self.trace = []
        self.grads = net.backward(self.cache, lossobj, Y, trace=self.trace)
        saved = net.copy_parameters()
        SGD(self.rate).step(net.parameters(), net.gradient_rows(self.grads))
        self.after = [([r[:] for r in l.weights], l.biases[:]) for l in net.layers]
        net.set_parameters(saved)

    def j(self, k):
        """The neuron written out in layer k (counted from 0): the chosen one,
        or the layer's last when it has fewer."""
        return min(self.neuron, self.net.layers[k].n_outputs - 1)


def explain_step(net, X, Y, loss="mse", learning_rate=0.01, sample=0, neuron=0):
    """The text of one full-batch gradient-descent step of ``net`` on (X, Y).

    ``sample`` picks the row of X whose numbers are written out and
    ``neuron`` the neuron of each layer (capped at the layer's size, so
    ``neuron=2`` shows neuron 2 of a 4-neuron layer and neuron 0 of a
    1-neuron output).  The network is not changed.
    """
    t = _Text(Step(net, X, Y, loss, learning_rate, sample, neuron))
    out = []
    t.header(out)
    t.forward(out)
    t.loss(out)
    t.backward(out)
    t.update(out)
    return "\n".join(out) + "\n"


def tutorial_note():
    """What ``python -m purenn explain`` writes before the tutorial's step: which
    network it is, and how its δ relates to the tutorial file's ``delta``."""
    return ("The tutorial network (purenn/tutorial.py), its first step.  Sign: δ here "
            "is\n∂L/∂z; the tutorial's delta2, delta1 are −δ², −δ¹ (2 (y − ŷ)… where "
            "δ² has\n2 (ŷ − y)…), so it adds its step (W += …) where purenn "
            "subtracts η·∂L/∂w.\n\n")


# -- formulas with the numbers put in ---------------------------------------------
#
# Keyed by the formula's text as the activation or loss states it, so that
# a formula that changes (or one of your own) is printed without numbers
# put in rather than with a wrong substitution.

def _derivative_text(act, a):
    """``([f'(z) with a put in], remark)``; ([], "") when the formula is not known."""
    f, s = act.derivative_formula, _factor(a)
    if f == "a (1 − a)":
        return ["%s·(1 − %s)" % (s, s)], ""
    if f == "1 − a²":
        return ["1 − %s²" % s], ""
    if f.startswith("1 if a > 0 else "):
        return [], "   (a > 0)" if a > 0 else "   (a ≤ 0)"
    return [], ""


def _gradient_text(lossobj, a, y, N, K):
    """``([∂L/∂a with a, y, N and K put in], remark)``; ([], "") when not known."""
    f, A, Y = lossobj.gradient_formula, _factor(a), _factor(y)
    if lossobj.name in ("binary_crossentropy", "categorical_crossentropy") \
            and not EPS <= a <= HI:
        return [], "   (a clipped to [1e-12, 1 − 1e-12])"
    if f == "2 (a − y)":
        return ["2·(%s − %s)" % (A, Y)], ""
    if f == "2 (a − y) / (N K)":
        return ["2·(%s − %s) / (%d·%d)" % (A, Y, N, K)], ""
    if f == "(a − y) / (a (1 − a) N K)":
        return ["(%s − %s) / (%s·(1 − %s)·%d·%d)" % (A, Y, A, A, N, K)], ""
    if f == "−y / (a N)":
        return ["−%s / (%s·%d)" % (Y, A, N)], ""
    if f == "−y / (N K) where y a < 1":
        return (["−%s / (%d·%d)" % (Y, N, K)], "   (y·a < 1)") if y * a < 1.0 else \
            ([], "   (y·a ≥ 1)")
    return [], ""


def _fused_text(lossobj, a, y, yrow, N, K):
    """``[δ of a fused output with the numbers put in]``, or []."""
    f = lossobj.fused_formula
    if f == "(a − y) / (N K)":
        return ["(%s − %s) / (%d·%d)" % (_factor(a), _factor(y), N, K)]
    if f == "(a Σₖyₖ − y) / N":
        t = 0.0
        for v in yrow:
            t += v
        return ["(%s·%s − %s) / %d" % (_factor(a), num(t), _factor(y), N)]
    return []


# The loss, term by term: for each formula (as the loss states it), the
# head printed, how one entry (or one sample's row) is written with its
# numbers, and what the sum is divided by.

def _sq(a, y):
    return "(%s − %s)²" % (_factor(a), _factor(y))


def _bce(a, y):
    if y == 1.0:
        return "−ln %s" % num(a)
    if y == 0.0:
        return "−ln(1 − %s)" % num(a)
    return "−[%s·ln %s + (1 − %s)·ln(1 − %s)]" % (num(y), num(a), num(y), num(a))


def _hinge(a, y):
    return "max(0, 1 − %s·%s)" % (_factor(y), _factor(a))


def _cce_row(arow, yrow):
    parts = ["%s·ln %s" % (num(y), num(a)) for a, y in zip(arow, yrow) if y]
    if len(parts) == 1 and parts[0].startswith("1·"):
        return "−" + parts[0][2:]
    return "−(" + " + ".join(parts) + ")"


_LOSS_TERMS = {
    "Σ (a − y)² over all %d samples": ("Σₙ Σₖ (a%s[n][k] − y[n][k])²", _sq, ""),
    "Σ (a − y)² / (N K), N = %d samples": ("Σₙ Σₖ (a%s[n][k] − y[n][k])² / (N K)", _sq, "NK"),
    "−Σ [y ln a + (1 − y) ln(1 − a)] / (N K), N = %d":
        ("−Σₙ Σₖ [y ln a + (1 − y) ln(1 − a)] / (N K),  a = a%s[n][k]", _bce, "NK"),
    "−Σ y ln a / N, N = %d": ("−Σₙ Σₖ y[n][k] ln a%s[n][k] / N", None, "N"),
    "Σ max(0, 1 − y a) / (N K), N = %d": ("Σₙ Σₖ max(0, 1 − y[n][k]·a%s[n][k]) / (N K)",
                                          _hinge, "NK"),
}


# -- the text ----------------------------------------------------------------------

def _layer_title(k, layer):
    return "layer %d: Dense(%d -> %d, %s%s)" % (
        k + 1, layer.n_inputs, layer.n_outputs, layer.activation.name,
        "" if layer.biases else ", no bias")


def _inp(k):
    """The name of layer k's input (k from 0): x, a¹, a², ..."""
    return "x" if k == 0 else "a" + sup(k)


class _Text:
    """The text of each part of a :class:`Step`."""

    def __init__(self, step):
        self.s = step

    def header(self, out):
        s = self.s
        net, N = s.net, len(s.X)
        out.append("One step of gradient descent, every number from purenn")
        _wrap("network: ", ["%d inputs" % net.n_inputs] + [
            " -> Dense(%d, %s%s)" % (l.n_outputs, l.activation.name,
                                     "" if l.biases else ", no bias") for l in net.layers],
              4, out)
        out.append("loss %s, learning rate η = %s, %s in the batch"
                   % (s.lossobj.name, num(s.rate), _plural(N, "sample")))
        _wrap("written out: ", ["sample n = %d, " % s.n, "neuron j = %d of each layer " % s.neuron,
                                "(or the layer's last)"], 2, out)
        out.append("notation: ℓ is the layer; wˡ[j][i] joins input i to neuron j, bˡ[j] is "
                   "a bias;")
        out.append("  zˡ[n][j], aˡ[n][j]: neuron j's weighted sum and activation for "
                   "sample n;")
        out.append("  a⁰ = x (the inputs), aᴸ the output;  δˡ[n][j] = ∂L/∂zˡ[n][j]")
        out.append("")

    def forward(self, out):
        s = self.s
        n = s.n
        out.append("FORWARD PASS  zˡ[n][j] = Σᵢ wˡ[j][i]·aˡ⁻¹[n][i] + bˡ[j],  "
                   "aˡ[n][j] = f(zˡ[n][j])")
        out.append("")
        _vector_lines("input x (sample %d)" % n, s.X[n], out, 0)
        for k, layer in enumerate(s.net.layers):
            A_in, Z, A = s.cache[k]
            j, L = s.j(k), sup(k + 1)
            x, wrow = A_in[n], layer.weights[j]
            out.append("")
            out.append(_layer_title(k, layer))
            _wrap("  f = ", ["%s: %s" % (layer.activation.name, layer.activation.formula)],
                  6, out)
            terms = ["%s·%s" % (_factor(wrow[i]), _factor(x[i])) for i in range(len(x))]
            head = "  neuron %d:  z%s[%d][%d] = Σᵢ w%s[%d][i]·%s[%d][i]" % (
                j, L, n, j, L, j, _inp(k), n)
            if layer.biases:
                terms.append(_factor(layer.biases[j]))
                head += " + b%s[%d]" % (L, j)
            _sum_lines(head, terms, num(Z[n][j]), out)
            self._activation(k, layer, Z[n], A[n][j], out)
            _vector_lines("z%s (sample %d)" % (L, n), Z[n], out)
            _vector_lines("a%s (sample %d)" % (L, n), A[n], out)

    def _activation(self, k, layer, zrow, a, out):
        s, act = self.s, layer.activation
        j, L = s.j(k), sup(k + 1)
        name = "a%s[%d][%d]" % (L, s.n, j)
        if act.elementwise:
            _equation(_PAD + name, ["%s(%s)" % (act.name, num(zrow[j])), num(a)], out)
        elif act.name == "softmax":
            _softmax_lines(_PAD + name, "z%s[%d]" % (L, s.n), zrow, j, a, out)
        else:
            entry = act.entry_formula % j if act.entry_formula else "%s(z)[%d]" % (act.name, j)
            _equation(_PAD + name, [entry, num(a)], out)

    def loss(self, out):
        s = self.s
        last = len(s.net.layers)
        N, K = len(s.X), s.net.n_outputs
        form = _LOSS_TERMS.get(s.lossobj.formula)
        out.append("")
        if form is None:
            _equation("LOSS   L", ["%s = %s" % (s.lossobj.name, s.lossobj.formula % N),
                                   num(s.value)], out)
            return
        head, entry, divide = form
        out.append("LOSS   L = " + head % sup(last))
        out.append("  (%s; y[n][k]: the target; N = %s, K = %s)"
                   % (s.lossobj.name, _plural(N, "sample"), _plural(K, "output")))
        shares = [self._share(n, entry) for n in range(N)]
        if N <= MAX_TERMS:
            shown = list(range(N))
        else:
            shown = [s.n]
        for n in shown:
            texts = shares[n][0]
            pieces = [texts[0]] + [" + " + t for t in texts[1:]] if texts else []
            _wrap("  sample %d:  " % n, pieces + [(" = " if texts else "") + num(shares[n][1])],
                  13, out)
        terms = [num(shares[n][1]) for n in shown]
        if len(shown) < N:
            rest = 0.0
            for n in range(N):
                if n != s.n:
                    rest += shares[n][1]
            out.append("  the other %s:  %s" % (_plural(N - 1, "sample"), num(rest)))
            terms.append(num(rest))
        total = " + ".join(terms)
        if divide:
            total = "(%s) / %s" % (total, "%d" % N if divide == "N" else "(%d·%d)" % (N, K))
        _equation("  L", ([total] if len(terms) > 1 or divide else []) + [num(s.value)], out)

    def _share(self, n, entry):
        """(text, value) of sample n's part of the loss, before dividing."""
        s = self.s
        lossobj, act = s.lossobj, s.net.layers[-1].activation
        _, Z, A = s.cache[-1]
        fused = lossobj.is_fused(act)
        y = s.Y[n]
        if entry is None:                       # one value per row (cross-entropy)
            value = lossobj.fused_value([Z[n]], [y]) if fused else lossobj.value([A[n]], [y])
            return [_cce_row(A[n], y)], value
        value = 0.0
        texts = []
        for k in range(len(y)):
            value += lossobj.fused_value([[Z[n][k]]], [[y[k]]]) if fused else \
                lossobj.value([[A[n][k]]], [[y[k]]])
            texts.append(entry(A[n][k], y[k]))
        return (texts if len(texts) <= MAX_TERMS else []), value

    def backward(self, out):
        s = self.s
        out.append("")
        out.append("BACKWARD PASS   δˡ[n][j] = ∂L/∂zˡ[n][j],  "
                   "∂L/∂wˡ[j][i] = Σₙ δˡ[n][j]·aˡ⁻¹[n][i]")
        layers = s.net.layers
        for k in range(len(layers) - 1, -1, -1):
            out.append("")
            out.append(_layer_title(k, layers[k]))
            if k == len(layers) - 1:
                self._output_delta(k, out)
            else:
                self._hidden_delta(k, out)
            _vector_lines("δ%s (sample %d)" % (sup(k + 1), s.n), s.trace[k][0][s.n], out)
            self._weight_gradients(k, out)

    def _output_delta(self, k, out):
        s = self.s
        n, j, L = s.n, s.j(k), sup(k + 1)
        act, lossobj = s.net.layers[k].activation, s.lossobj
        A, delta = s.cache[k][2], s.trace[k][0]
        a, y = A[n][j], s.Y[n][j]
        N, K = len(s.X), len(A[n])
        name = "δ%s[%d][%d]" % (L, n, j)
        if lossobj.is_fused(act):
            out.append("  neuron %d:  %s and its loss together: ∂L/∂a · f'(z) simplifies to"
                       % (j, act.name))
            _equation(_PAD + name, [lossobj.fused_formula] + _fused_text(
                lossobj, a, y, s.Y[n], N, K) + [num(delta[n][j])], out)
            return
        G = lossobj.grad(A, s.Y)
        parts, remark = _gradient_text(lossobj, a, y, N, K)
        _equation("  neuron %d:  ∂L/∂a%s[%d][%d]" % (j, L, n, j),
                  [lossobj.gradient_formula] + parts + [num(G[n][j]) + remark], out)
        self._delta_lines(k, G[n], out)

    def _hidden_delta(self, k, out):
        s = self.s
        n, j, L, up = s.n, s.j(k), sup(k + 1), sup(k + 2)
        above = s.net.layers[k + 1]
        d_above, G = s.trace[k + 1]      # G: ∂L/∂a of this layer, from the layer above
        terms = ["%s·%s" % (_factor(d_above[n][m]), _factor(above.weights[m][j]))
                 for m in range(above.n_outputs)]
        head = "  neuron %d:  ∂L/∂a%s[%d][%d] = Σₘ δ%s[%d][m]·w%s[m][%d]" % (
            j, L, n, j, up, n, up, j)
        _sum_lines(head, terms, num(G[n][j]), out)
        self._delta_lines(k, G[n], out)

    def _delta_lines(self, k, g_row, out):
        """f'(z) and δ = ∂L/∂a · f'(z) of neuron j (or softmax's row form)."""
        s = self.s
        n, j, L = s.n, s.j(k), sup(k + 1)
        act = s.net.layers[k].activation
        a_row, d = s.cache[k][2][n], s.trace[k][0][n][j]
        name = "δ%s[%d][%d]" % (L, n, j)
        if not act.elementwise:
            rows = ("∂L/∂a%s[%d]" % (L, n), "a%s[%d]" % (L, n))
            _row_delta_lines(act, name, rows, a_row, g_row, j, d, out)
            return
        df = act.df(a_row[j])
        parts, remark = _derivative_text(act, a_row[j])
        _equation(_PAD + "f'(z%s[%d][%d])" % (L, n, j),
                  [act.derivative_formula] + parts + [num(df) + remark], out)
        _equation(_PAD + name, ["∂L/∂a · f'(z)", "%s·%s" % (_factor(g_row[j]), _factor(df)),
                                num(d)], out)

    def _weight_gradients(self, k, out):
        # the weight gradients of neuron j: a sum over the samples of the batch
        s = self.s
        layer, N, L = s.net.layers[k], len(s.X), sup(k + 1)
        j = s.j(k)
        A_in, delta = s.cache[k][0], s.trace[k][0]
        dW, db = s.grads[k]
        out.append("  gradients of neuron %d (a sum over the %s of the batch):"
                   % (j, _plural(N, "sample")))
        for i in range(layer.n_inputs):
            head = "    ∂L/∂w%s[%d][%d] = Σₙ δ%s[n][%d]·%s[n][%d]" % (L, j, i, L, j, _inp(k), i)
            terms = ["%s·%s" % (_factor(delta[m][j]), _factor(A_in[m][i]))
                     for m in range(N)] if N <= MAX_TERMS else []
            if terms:
                _sum_lines(head, terms, num(dW[j][i]), out)
            else:
                out.append("%s = %s" % (head, num(dW[j][i])))
        if layer.biases:
            head = "    ∂L/∂b%s[%d] = Σₙ δ%s[n][%d]" % (L, j, L, j)
            if 1 < N <= MAX_TERMS:
                _sum_lines(head, [_factor(delta[m][j]) for m in range(N)], num(db[j]), out)
            else:
                out.append("%s = %s" % (head, num(db[j])))

    def update(self, out):
        s = self.s
        out.append("")
        out.append("UPDATE   w ← w − η·∂L/∂w   (η = %s)" % num(s.rate))
        for k, layer in enumerate(s.net.layers):
            j, L = s.j(k), sup(k + 1)
            dW, db = s.grads[k]
            newW, newb = s.after[k]
            out.append("")
            out.append(_layer_title(k, layer) + ", neuron %d" % j)
            rows = [("w%s[%d][%d]" % (L, j, i), layer.weights[j][i], dW[j][i], newW[j][i])
                    for i in range(layer.n_inputs)]
            if layer.biases:
                rows.append(("b%s[%d]" % (L, j), layer.biases[j], db[j], newb[j]))
            cells = [(name, num(old), _factor(g), num(new)) for name, old, g, new in rows]
            wide = [max([len(c[m]) for c in cells]) for m in range(3)]
            for name, old, g, new in cells:
                out.append("  " + name + " " * (wide[0] - len(name)) + " = "
                           + " " * (wide[1] - len(old)) + old + " − " + num(s.rate) + "·"
                           + g + " " * (wide[2] - len(g)) + " = " + new)


def _softmax_lines(head, zname, zrow, j, a, out):
    """``a = e^{z[j]} / Σₖ e^{z[k]}`` with the exponentials written out (shifted
    by m = max z when the numbers are large, as the library computes it)."""
    m = max(zrow)
    shift = m > 30.0 or min(zrow) < -30.0
    ms = (" − m" if shift else "")
    out.append("%s = e^{%s[%d]%s} / Σₖ e^{%s[k]%s}%s" % (
        head, zname, j, ms, zname, ms, "   (m = max z)" if shift else ""))
    e = [math.exp(v - m) if shift else math.exp(v) for v in zrow]
    col = len(head) + 1
    pieces = [num(e[j]) + " / (" + num(e[0])] + [" + " + num(v) for v in e[1:]]
    pieces[-1] += ")"
    if len(e) > MAX_TERMS:
        total = 0.0
        for v in e:
            total += v
        pieces = [num(e[j]) + " / " + num(total)]
    _wrap(" " * col + "= ", pieces, col + 2, out)
    out.append(" " * col + "= " + num(a))


def _row_delta_lines(act, name, names, a_row, g_row, j, d, out):
    """δ of a row-wise activation: softmax's ``a (∂L/∂a − s)``, s = Σₖ ∂L/∂aₖ·aₖ,
    with its numbers; another's formula and value.  ``names`` is
    ``(∂L/∂a of the row, a of the row)``, as printed."""
    if act.name != "softmax":
        _equation(_PAD + name, ["%s (%s)" % (act.derivative_formula, act.name), num(d)], out)
        return
    total = 0.0
    for g, a in zip(g_row, a_row):
        total += g * a
    _sum_lines(_PAD + "s = Σₖ %s[k]·%s[k]" % names,
               ["%s·%s" % (_factor(g), _factor(a)) for g, a in zip(g_row, a_row)],
               num(total), out)
    _equation(_PAD + name, ["a (∂L/∂a − s)", "%s·(%s − %s)" % (
        _factor(a_row[j]), _factor(g_row[j]), _factor(total)), num(d)], out)


def tutorial_network(seed=None):
    """``(net, X, Y)``: the tutorial's 3-4-1 network as a :class:`Network`.

    Two bias-free sigmoid ``Dense`` layers holding exactly the weights
    ``purenn.tutorial.NeuralNetwork`` starts from (transposed: a Dense layer
    keeps one row per neuron), and the tutorial's four rows.  Training it
    with ``loss="sse"`` and ``learning_rate=1`` takes the tutorial's steps.
    """
    from . import tutorial
    from .core.layers import Dense
    from .core.network import Network
    nn = tutorial.NeuralNetwork(tutorial.X, tutorial.Y,
                                seed=tutorial.DEFAULT_SEED if seed is None else seed)
    l1 = Dense(3, 4, "sigmoid", bias=False, seed=0)
    l2 = Dense(4, 1, "sigmoid", bias=False, seed=0)
    l1.weights = [[nn.weights1[i][j] for i in range(3)] for j in range(4)]
    l2.weights = [[nn.weights2[i][0] for i in range(4)]]
    return Network([l1, l2]), [r[:] for r in nn.input], [r[:] for r in nn.y]
