"""One training step, every number shown: ``explain_step(net, X, Y, ...)``.

The text walks through a step of gradient descent the way a learner would
work it out on paper, for one chosen sample and one chosen neuron of each
layer, with the actual numbers substituted:

* forward, layer by layer: ``z = w·x + b`` written out term by term, and
  ``a = f(z)``;
* the loss;
* backward, from the output down: ``∂L/∂a``, ``f'(z)`` and ``δ = ∂L/∂z``,
  then each weight gradient ``∂L/∂w[j][i] = Σₙ δ[n][j]·x[n][i]``;
* the update ``w ← w − η·∂L/∂w``.

Every number printed is one the library itself computed: the forward values
come from ``Network.forward``, the δ and gradients from ``Network.backward``
(which hands over the δ of every layer through its ``trace``), and the new
weights from the ``SGD`` optimizer's ``step``.  The formulas printed beside
them are the activations' and losses' own (``derivative_formula``,
``formula``...).  Nothing is recomputed here, except the
products of single terms that are printed next to each sum to show what is
being added.  The network is left unchanged.

Numbers are printed with ``%.6g`` (six significant digits); lines fit in
80 columns.

>>> from purenn.explain import tutorial_network, explain_step
>>> net, X, Y = tutorial_network()
>>> text = explain_step(net, X, Y, loss="sse", learning_rate=1.0)
>>> max(len(line) for line in text.splitlines()) <= 80
True
>>> [line for line in text.splitlines() if line.startswith("loss L")]
['loss L = sse = Σ (a − y)² over all 4 samples = 1.53548']
"""

from .core import checks
from .core.losses import get as get_loss
from .core.optimizers import SGD

WIDTH = 80


def num(v):
    """A number as printed in the explanation: ``%.6g``."""
    return "%.6g" % v


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


def _vector_lines(name, values, out, indent=2):
    head = " " * indent + name + " = ["
    pieces = []
    for k, v in enumerate(values):
        pieces.append(num(v) + (", " if k < len(values) - 1 else "]"))
    _wrap(head, pieces, len(head), out)


def _stepped(net, grads, learning_rate):
    """Each layer's ``(weights, biases)`` after one SGD step; the network is put back."""
    saved = net.copy_parameters()
    SGD(learning_rate).step(net.parameters(), net.gradient_rows(grads))
    after = [([r[:] for r in l.weights], l.biases[:]) for l in net.layers]
    net.set_parameters(saved)
    return after


def _layer_title(k, layer):
    return "layer %d: Dense(%d -> %d, %s%s)" % (
        k + 1, layer.n_inputs, layer.n_outputs, layer.activation.name,
        "" if layer.biases else ", no bias")


def explain_step(net, X, Y, loss="mse", learning_rate=0.01, sample=0, neuron=0):
    """The text of one full-batch gradient-descent step of ``net`` on (X, Y).

    ``sample`` picks the row of X whose numbers are written out and
    ``neuron`` the neuron of each layer (capped at the layer's size, so
    ``neuron=2`` shows neuron 2 of a 4-neuron layer and neuron 0 of a
    1-neuron output).  The network is not changed.
    """
    lossobj = get_loss(loss)
    X = checks.as_matrix(X, "X", net.n_inputs)
    Y = checks.as_targets(Y, "Y", len(X), net.n_outputs, lossobj)
    N = len(X)
    if not isinstance(sample, int) or isinstance(sample, bool) or not 0 <= sample < N:
        raise ValueError("sample: expected 0 to %d, got %r" % (N - 1, sample))
    if not isinstance(neuron, int) or isinstance(neuron, bool) or neuron < 0:
        raise ValueError("neuron: expected an int >= 0, got %r" % (neuron,))
    learning_rate = checks.rate("learning_rate", learning_rate)
    step = _Step(net, X, Y, lossobj, learning_rate, sample, neuron)
    out = []
    step.header(out)
    step.forward(out)
    step.loss(out)
    step.backward(out)
    step.update(out)
    return "\n".join(out) + "\n"


class _Step:
    """The numbers of one step, and the text of each part of it."""

    def __init__(self, net, X, Y, loss, rate, sample, neuron):
        self.net, self.X, self.Y, self.lossobj = net, X, Y, loss
        self.rate, self.n, self.neuron = rate, sample, neuron
        self.cache = net.forward(X)
        _, Z, self.Aout = self.cache[-1]
        self.value = net.objective(loss, Z, self.Aout, Y)
        self.trace = []
        self.grads = net.backward(self.cache, loss, Y, trace=self.trace)
        self.after = _stepped(net, self.grads, rate)

    def j(self, layer):
        return min(self.neuron, layer.n_outputs - 1)

    def header(self, out):
        net, N = self.net, len(self.X)
        out.append("One step of gradient descent, every number from purenn")
        _wrap("network: ", ["%d inputs" % net.n_inputs] + [
            " -> Dense(%d, %s%s)" % (l.n_outputs, l.activation.name,
                                     "" if l.biases else ", no bias") for l in net.layers],
              4, out)
        out.append("loss %s, learning rate η = %s, %d sample%s in the batch"
                   % (self.lossobj.name, num(self.rate), N, "" if N == 1 else "s"))
        out.append("showing sample n = %d and neuron j = %d of each layer (a smaller layer: "
                   "its last)" % (self.n, self.neuron))
        out.append("")

    def forward(self, out):
        n = self.n
        out.append("FORWARD PASS   z = w·x + b (the weighted sum),  a = f(z) (the activation)")
        out.append("")
        _vector_lines("input x (sample %d)" % n, self.X[n], out, 0)
        for k, layer in enumerate(self.net.layers):
            A_in, Z, A = self.cache[k]
            j = self.j(layer)
            x = A_in[n]
            wrow = layer.weights[j]
            out.append("")
            out.append(_layer_title(k, layer))
            inp = "x" if k == 0 else "a%d" % k
            terms = ["%s·%s" % (_factor(wrow[i]), _factor(x[i])) for i in range(len(x))]
            if layer.biases:
                terms.append(_factor(layer.biases[j]))
            head = "  neuron %d:  z = w·%s%s" % (j, inp, " + b" if layer.biases else "")
            _sum_lines(head, terms, num(Z[n][j]), out)
            pad = " " * (head.index(" = ") - 1)
            act = layer.activation
            if not act.elementwise:
                entry = act.entry_formula % j + " = " if act.entry_formula else ""
                out.append("%sa = %s(z)[%d] = %s%s" % (pad, act.name, j, entry, num(A[n][j])))
            else:
                out.append("%sa = %s(z) = %s" % (pad, layer.activation.name, num(A[n][j])))
            _vector_lines("z%d" % (k + 1), Z[n], out)
            _vector_lines("a%d" % (k + 1), A[n], out)

    def loss(self, out):
        out.append("")
        line = "loss L = %s = %s" % (self.lossobj.name, self.lossobj.formula % len(self.X))
        if len(line) + 3 + len(num(self.value)) <= WIDTH:
            out.append(line + " = " + num(self.value))
        else:
            out.append(line)
            out.append("       = " + num(self.value))
        _vector_lines("output a", self.Aout[self.n], out)
        _vector_lines("target y", self.Y[self.n], out)

    def backward(self, out):
        out.append("")
        out.append("BACKWARD PASS   δ = ∂L/∂z,  ∂L/∂w[j][i] = Σₙ δ[n][j]·x[n][i]")
        layers = self.net.layers
        for k in range(len(layers) - 1, -1, -1):
            layer = layers[k]
            out.append("")
            out.append(_layer_title(k, layer))
            if k == len(layers) - 1:
                self._output_delta(layer, out)
            else:
                self._hidden_delta(k, out)
            _vector_lines("δ%d" % (k + 1), self.trace[k][0][self.n], out)
            self._weight_gradients(k, out)

    def _output_delta(self, layer, out):
        n, j, act, lossobj = self.n, self.j(layer), layer.activation, self.lossobj
        delta = self.trace[-1][0]
        if lossobj.is_fused(act):
            out.append("  neuron %d:  δ = %s   (loss and %s fused)"
                       % (j, lossobj.fused_formula, act.name))
            out.append("               = %s" % num(delta[n][j]))
        else:
            G = lossobj.grad(self.Aout, self.Y)
            out.append("  neuron %d:  ∂L/∂a = %s = %s" % (j, lossobj.gradient_formula,
                                                        num(G[n][j])))
            _delta_lines(act, self.Aout[n], G[n], delta[n], j, out)

    def _hidden_delta(self, k, out):
        n, layer, above = self.n, self.net.layers[k], self.net.layers[k + 1]
        j = self.j(layer)
        d_above, G = self.trace[k + 1]      # G: ∂L/∂a of this layer, from the layer above
        terms = ["%s·%s" % (_factor(d_above[n][m]), _factor(above.weights[m][j]))
                 for m in range(above.n_outputs)]
        head = "  neuron %d:  ∂L/∂a = Σₘ δ%d[m]·w%d[m][%d]" % (j, k + 2, k + 2, j)
        _sum_lines(head, terms, num(G[n][j]), out)
        _delta_lines(layer.activation, self.cache[k][2][n], G[n], self.trace[k][0][n], j, out)

    def _weight_gradients(self, k, out):
        # the weight gradients of neuron j: a sum over the samples of the batch
        layer, N = self.net.layers[k], len(self.X)
        j = self.j(layer)
        A_in = self.cache[k][0]
        delta = self.trace[k][0]
        dW, db = self.grads[k]
        inp = "x" if k == 0 else "a%d" % k
        out.append("  gradients of neuron %d (a sum over the %d sample%s of the batch):"
                   % (j, N, "" if N == 1 else "s"))
        for i in range(layer.n_inputs):
            head = "    ∂L/∂w[%d][%d] = Σₙ δ[n][%d]·%s[n][%d]" % (j, i, j, inp, i)
            terms = ["%s·%s" % (_factor(delta[m][j]), _factor(A_in[m][i]))
                     for m in range(N)] if N <= 8 else []
            if terms:
                _sum_lines(head, terms, num(dW[j][i]), out)
            else:
                out.append("%s = %s" % (head, num(dW[j][i])))
        if layer.biases:
            out.append("    ∂L/∂b[%d] = Σₙ δ[n][%d] = %s" % (j, j, num(db[j])))

    def update(self, out):
        out.append("")
        out.append("UPDATE   w ← w − η·∂L/∂w   (η = %s)" % num(self.rate))
        for k, layer in enumerate(self.net.layers):
            j = self.j(layer)
            dW, db = self.grads[k]
            newW, newb = self.after[k]
            out.append("")
            out.append(_layer_title(k, layer) + ", neuron %d" % j)
            rows = [("w[%d][%d]" % (j, i), layer.weights[j][i], dW[j][i], newW[j][i])
                    for i in range(layer.n_inputs)]
            if layer.biases:
                rows.append(("b[%d]" % j, layer.biases[j], db[j], newb[j]))
            cells = [(name, num(old), _factor(g), num(new)) for name, old, g, new in rows]
            wide = [max([len(c[m]) for c in cells]) for m in range(3)]
            for name, old, g, new in cells:
                out.append("  " + name + " " * (wide[0] - len(name)) + " = "
                           + " " * (wide[1] - len(old)) + old + " − " + num(self.rate) + "·"
                           + g + " " * (wide[2] - len(g)) + " = " + new)


def _delta_lines(act, a_row, g_row, d_row, j, out):
    pad = "             "
    if not act.elementwise:
        out.append("%sδ = %s (%s) = %s" % (pad, act.derivative_formula, act.name,
                                         num(d_row[j])))
        return
    out.append("%sf'(z) = %s = %s" % (pad, act.derivative_formula, num(act.df(a_row[j]))))
    out.append("%sδ = ∂L/∂a · f'(z) = %s" % (pad, num(d_row[j])))


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
