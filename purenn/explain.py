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
come from ``Network._forward``, the δ and gradients from
``Network._backward`` (the layers' ``backward`` is watched while it runs, so
the δ shown are exactly the ones it used), and the new weights from the
``SGD`` optimizer's ``step``.  Nothing is recomputed here, except the
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

WIDTH = 80

_DERIVATIVE = {
    "sigmoid": "a (1 − a)",
    "tanh": "1 − a²",
    "relu": "1 if a > 0 else 0",
    "leaky_relu": "1 if a > 0 else 0.01",
    "linear": "1",
}

_LOSS_FORMULA = {
    "sse": ("Σ (a − y)² over all %d samples", "2 (a − y)"),
    "mse": ("Σ (a − y)² / (N K), N = %d samples", "2 (a − y) / (N K)"),
    "binary_crossentropy": ("−Σ [y ln a + (1 − y) ln(1 − a)] / (N K), N = %d",
                            "(a − y) / (a (1 − a) N K)"),
    "categorical_crossentropy": ("−Σ y ln a / N, N = %d", "−y / (a N)"),
    "hinge": ("Σ max(0, 1 − y a) / (N K), N = %d", "−y / (N K) where y a < 1"),
}

_FUSED_DELTA = {
    "binary_crossentropy": "(a − y) / (N K)",
    "categorical_crossentropy": "(a Σₖyₖ − y) / N",
}


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


class _Watch:
    """Stands in for ``layer.backward`` while ``Network._backward`` runs,
    recording the δ it is given and the ∂L/∂X it returns."""

    def __init__(self, layer, log, k):
        self.method = layer.backward
        self.log = log
        self.k = k

    def __call__(self, X, delta, need_input_grad=True):
        result = self.method(X, delta, need_input_grad)
        self.log[self.k] = (delta, result[2])
        return result


def _backward_watched(net, cache, lossobj, Y):
    """``(grads, [(δ, dX)] per layer)`` from the network's own backward pass."""
    log = [None] * len(net.layers)
    for k, layer in enumerate(net.layers):
        layer.backward = _Watch(layer, log, k)
    try:
        grads = net._backward(cache, lossobj, Y)
    finally:
        for layer in net.layers:
            del layer.backward
    return grads, log


def _stepped(net, grads, learning_rate):
    """The weights and biases after one SGD step; the network is put back."""
    from .optimizers import SGD
    saved = net._snapshot()
    SGD(learning_rate).step(net.layers, grads)
    after = net._snapshot()
    net._restore(saved)
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
    from .network import _as_matrix, _as_targets, _get_loss
    lossobj = _get_loss(loss)
    X = _as_matrix(X, "X", net.n_inputs)
    Y = _as_targets(Y, "Y", len(X), net.n_outputs, lossobj)
    N = len(X)
    if not isinstance(sample, int) or isinstance(sample, bool) or not 0 <= sample < N:
        raise ValueError("sample: expected 0 to %d, got %r" % (N - 1, sample))
    if not isinstance(neuron, int) or isinstance(neuron, bool) or neuron < 0:
        raise ValueError("neuron: expected an int >= 0, got %r" % (neuron,))
    if not isinstance(learning_rate, (int, float)) or isinstance(learning_rate, bool) \
            or not learning_rate > 0.0:
        raise ValueError("learning_rate: expected a number > 0, got %r" % (learning_rate,))
    n = sample
    L = len(net.layers)

    cache = net._forward(X)
    _, Zout, Aout = cache[-1]
    value = net._objective(lossobj, Zout, Aout, Y)
    grads, log = _backward_watched(net, cache, lossobj, Y)
    after = _stepped(net, grads, learning_rate)
    fused = lossobj.fused_with == net.layers[-1].activation.name

    out = []
    w = out.append
    w("One step of gradient descent, every number from purenn")
    _wrap("network: ", ["%d inputs" % net.n_inputs] + [
        " -> Dense(%d, %s%s)" % (l.n_outputs, l.activation.name,
                                 "" if l.biases else ", no bias") for l in net.layers],
          4, out)
    w("loss %s, learning rate η = %s, %d sample%s in the batch"
      % (lossobj.name, num(learning_rate), N, "" if N == 1 else "s"))
    w("showing sample n = %d and neuron j = %d of each layer (a smaller layer: its last)"
      % (n, neuron))
    w("")
    w("FORWARD PASS   z = w·x + b (the weighted sum),  a = f(z) (the activation)")
    w("")
    _vector_lines("input x (sample %d)" % n, X[n], out, 0)
    for k, layer in enumerate(net.layers):
        A_in, Z, A = cache[k]
        j = min(neuron, layer.n_outputs - 1)
        x = A_in[n]
        wrow = layer.weights[j]
        w("")
        w(_layer_title(k, layer))
        inp = "x" if k == 0 else "a%d" % k
        terms = ["%s·%s" % (_factor(wrow[i]), _factor(x[i])) for i in range(len(x))]
        if layer.biases:
            terms.append(_factor(layer.biases[j]))
        head = "  neuron %d:  z = w·%s%s" % (j, inp, " + b" if layer.biases else "")
        _sum_lines(head, terms, num(Z[n][j]), out)
        pad = " " * (head.index(" = ") - 1)
        if layer.activation.name == "softmax":
            w("%sa = softmax(z)[%d] = e^z%d / Σₖ e^zₖ = %s" % (pad, j, j, num(A[n][j])))
        else:
            w("%sa = %s(z) = %s" % (pad, layer.activation.name, num(A[n][j])))
        _vector_lines("z%d" % (k + 1), Z[n], out)
        _vector_lines("a%d" % (k + 1), A[n], out)

    w("")
    formula, grad_formula = _LOSS_FORMULA[lossobj.name]
    line = "loss L = %s = %s" % (lossobj.name, formula % N)
    if len(line) + 3 + len(num(value)) <= WIDTH:
        w(line + " = " + num(value))
    else:
        w(line)
        w("       = " + num(value))
    _vector_lines("output a", Aout[n], out)
    _vector_lines("target y", Y[n], out)

    w("")
    w("BACKWARD PASS   δ = ∂L/∂z,  ∂L/∂w[j][i] = Σₙ δ[n][j]·x[n][i]")
    for k in range(L - 1, -1, -1):
        layer = net.layers[k]
        A_in, Z, A = cache[k]
        delta = log[k][0]
        dW, db = grads[k]
        j = min(neuron, layer.n_outputs - 1)
        act = layer.activation
        w("")
        w(_layer_title(k, layer))
        if k == L - 1:
            if fused:
                w("  neuron %d:  δ = %s   (loss and %s fused)"
                  % (j, _FUSED_DELTA[lossobj.name], act.name))
                w("               = %s" % num(delta[n][j]))
            else:
                G = lossobj.grad(Aout, Y)
                w("  neuron %d:  ∂L/∂a = %s = %s" % (j, grad_formula, num(G[n][j])))
                _delta_lines(act, A[n], G[n], delta[n], j, out)
        else:
            above = net.layers[k + 1]
            d_above = log[k + 1][0]
            G = log[k + 1][1]      # ∂L/∂a of this layer, from the layer above
            terms = ["%s·%s" % (_factor(d_above[n][m]), _factor(above.weights[m][j]))
                     for m in range(above.n_outputs)]
            head = "  neuron %d:  ∂L/∂a = Σₘ δ%d[m]·w%d[m][%d]" % (j, k + 2, k + 2, j)
            _sum_lines(head, terms, num(G[n][j]), out)
            _delta_lines(act, A[n], G[n], delta[n], j, out)
        _vector_lines("δ%d" % (k + 1), delta[n], out)
        # weight gradients of neuron j: a sum over the samples of the batch
        inp = "x" if k == 0 else "a%d" % k
        w("  gradients of neuron %d (a sum over the %d sample%s of the batch):"
          % (j, N, "" if N == 1 else "s"))
        for i in range(layer.n_inputs):
            head = "    ∂L/∂w[%d][%d] = Σₙ δ[n][%d]·%s[n][%d]" % (j, i, j, inp, i)
            terms = ["%s·%s" % (_factor(delta[m][j]), _factor(A_in[m][i]))
                     for m in range(N)] if N <= 8 else []
            if terms:
                _sum_lines(head, terms, num(dW[j][i]), out)
            else:
                w("%s = %s" % (head, num(dW[j][i])))
        if layer.biases:
            w("    ∂L/∂b[%d] = Σₙ δ[n][%d] = %s" % (j, j, num(db[j])))

    w("")
    w("UPDATE   w ← w − η·∂L/∂w   (η = %s)" % num(learning_rate))
    for k, layer in enumerate(net.layers):
        j = min(neuron, layer.n_outputs - 1)
        dW, db = grads[k]
        newW, newb = after[k]
        w("")
        w(_layer_title(k, layer) + ", neuron %d" % j)
        rows = [("w[%d][%d]" % (j, i), layer.weights[j][i], dW[j][i], newW[j][i])
                for i in range(layer.n_inputs)]
        if layer.biases:
            rows.append(("b[%d]" % j, layer.biases[j], db[j], newb[j]))
        cells = [(name, num(old), _factor(g), num(new)) for name, old, g, new in rows]
        wide = [max([len(c[m]) for c in cells]) for m in range(3)]
        for name, old, g, new in cells:
            w("  " + name + " " * (wide[0] - len(name)) + " = " + " " * (wide[1] - len(old))
              + old + " − " + num(learning_rate) + "·" + g + " " * (wide[2] - len(g))
              + " = " + new)
    return "\n".join(out) + "\n"


def _delta_lines(act, a_row, g_row, d_row, j, out):
    pad = "             "
    if act.name == "softmax":
        out.append("%sδ = a (∂L/∂a − Σₖ ∂L/∂aₖ·aₖ) (softmax) = %s" % (pad, num(d_row[j])))
        return
    out.append("%sf'(z) = %s = %s" % (pad, _DERIVATIVE[act.name], num(act.df(a_row[j]))))
    out.append("%sδ = ∂L/∂a · f'(z) = %s" % (pad, num(d_row[j])))


def tutorial_network(seed=None):
    """``(net, X, Y)``: the tutorial's 3-4-1 network as a :class:`Network`.

    Two bias-free sigmoid ``Dense`` layers holding exactly the weights
    ``purenn.tutorial.NeuralNetwork`` starts from (transposed: a Dense layer
    keeps one row per neuron), and the tutorial's four rows.  Training it
    with ``loss="sse"`` and ``learning_rate=1`` takes the tutorial's steps.
    """
    from . import tutorial
    from .layers import Dense
    from .network import Network
    nn = tutorial.NeuralNetwork(tutorial.X, tutorial.Y,
                                seed=tutorial.DEFAULT_SEED if seed is None else seed)
    l1 = Dense(3, 4, "sigmoid", bias=False, seed=0)
    l2 = Dense(4, 1, "sigmoid", bias=False, seed=0)
    l1.weights = [[nn.weights1[i][j] for i in range(3)] for j in range(4)]
    l2.weights = [[nn.weights2[i][0] for i in range(4)]]
    return Network([l1, l2]), [r[:] for r in nn.input], [r[:] for r in nn.y]
