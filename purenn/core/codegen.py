"""Plain Python source specialised to one network, compiled once.

Pure Python spends its time on the interpreter's work per operation, not on
arithmetic.  For a small network most of that work is bookkeeping: building
lists for every intermediate matrix, calling a helper per row.  This module
writes out the forward and backward passes of one particular network as
straight-line Python, with every weight in a local variable and every loop
over neurons unrolled, then compiles that text once with ``exec``.

The formulas are not written here: each activation's ``value`` and
``delta`` and each loss's ``term``, ``gradient`` and ``total`` are the
expressions of ``purenn.core.activations`` and ``purenn.core.losses``,
with their variables renamed (:func:`substitute`).  So
the generated code does exactly the same arithmetic, in the same order, as
the generic path (``Dense.forward``/``backward``, the activations, the
losses, ``optimizers.SGD``), and the weights after training are the same
to the last bit.  It is ordinary Python that can be printed and read
(``print(net.compile().source("sse", full=True))``, the code for full
batches)::

    z1_0 = 0.0 + a0_0 * w1_0_0 + a0_1 * w1_0_1 + a0_2 * w1_0_2
    a1_0 = 1.0 / (1.0 + exp(-z1_0)) if z1_0 >= 0.0 else (ez := exp(z1_0)) / (1.0 + ez)

Names: ``a{l}_{j}`` is the activation of neuron j in layer l (``a0_i`` the
inputs), ``z`` the weighted sum, ``w{l}_{j}_{i}`` the weight from input i to
neuron j, ``b{l}_{j}`` its bias, ``d{l}_{j}`` = δ = ∂L/∂z, ``e{l}_{i}`` =
∂L/∂a of the layer below, ``gw``/``gb`` the accumulated gradients.

It is meant for small networks (the code grows with the number of weights;
a few thousand is fine).  Only plain SGD is compiled; other optimizers use
the generic path.
"""

from . import losses
from .elementary import NS, compile_functions
from .source import CHUNK, Emitter, softmax_inline, substitute
from .activations import LeakyRelu, Linear, Relu, Sigmoid, Tanh
from .rows import first_not_finite


def all_finite(values):
    """True when every value is finite (generated code asks when a sum is not)."""
    return first_not_finite([values]) < 0


NS["all_finite"] = all_finite

def _names(fmt, count):
    return [fmt % j for j in range(count)]


def _unpack(names):
    """The left side of an assignment that unpacks a sequence into names."""
    return ", ".join(names) + ("," if len(names) == 1 else "")


def _row(names):
    return "[" + ", ".join(names) + "]"


def emit_activation(em, ind, act, z, a):
    """Lines computing ``a[j] = f(z[j])`` for the variables z -> a."""
    if act.elementwise:
        for zj, aj in zip(z, a):
            em(ind, "%s = %s" % (aj, substitute(act.value, {"z": zj})))
    else:
        em(ind, "%s = %s_forward(%s)" % (_unpack(a), act.name, _row(z)))


def emit_delta(em, ind, act, a, g, d):
    """Lines computing ``δ = ∂L/∂z`` (variables d) from ``g = ∂L/∂a``."""
    if act.elementwise:
        for aj, gj, dj in zip(a, g, d):
            em(ind, "%s = %s" % (dj, substitute(act.delta, {"a": aj, "g": gj})))
    else:
        em(ind, "%s = %s_backward(%s, %s)" % (_unpack(d), act.name, _row(a), _row(g)))


def emit_loss(em, ind, loss, act, z, a, d):
    """Add sample n's loss terms to ``L`` and set the output deltas ``d``.

    ``c`` (the loss's ``factor``) is set per batch beforehand.
    """
    K = len(z)
    y = _names("y%d", K)
    em(ind, "%s = Y[n]" % _unpack(y))
    rows = {"zrow": _row(z), "arow": _row(a), "prow": _row(a), "yrow": "Y[n]"}
    if loss.is_fused(act):
        if loss.fused_setup:
            em(ind, "%s = %s" % (loss.fused_setup[0], substitute(loss.fused_setup[1], rows)))
        for k in range(K):
            em(ind, "L += %s" % substitute(loss.fused_term, {"z": z[k], "y": y[k]}))
        if loss.delta_setup:
            em(ind, "%s = %s" % (loss.delta_setup[0], substitute(loss.delta_setup[1], rows)))
        for k in range(K):
            em(ind, "%s = %s" % (d[k], substitute(loss.delta, {"a": a[k], "y": y[k]})))
        return
    g = _names("g%d", K)
    for k in range(K):
        em(ind, "L += %s" % substitute(loss.term, {"p": a[k], "y": y[k]}))
    for k in range(K):
        em(ind, "%s = %s" % (g[k], substitute(loss.gradient, {"p": a[k], "y": y[k]})))
    emit_delta(em, ind, act, a, g, d)


class Compiled:
    """The compiled forward pass and SGD epochs of one network architecture."""

    def __init__(self, network):
        self.signature = signature(network)
        self.activations = [l.activation for l in network.layers]
        self._cache = {}
        self._predict = None

    def matches(self, network):
        """True while the network still has the layers this code was made for."""
        return signature(network) == self.signature and \
            [l.activation for l in network.layers] == self.activations

    # -- source ---------------------------------------------------------------

    def _layers(self):
        """``(l, n_in, n_out, activation, bias)`` for layers l = 1, 2, ..."""
        return [(l, s[0], s[1], act, s[3])
                for l, (s, act) in enumerate(zip(self.signature, self.activations), 1)]

    def _parameter_names(self, p=""):
        """Every parameter's variable, in the order of ``Network.parameters``:
        ``[(names, is_weight_row, index)]``, one entry per weight row (index
        ``"[l][j]"`` into W) and per bias list (``"[l]"`` into B)."""
        out = []
        for l, n_in, n_out, act, bias in self._layers():
            for j in range(n_out):
                out.append(([p + "w%d_%d_%d" % (l, j, i) for i in range(n_in)], True,
                            "[%d][%d]" % (l - 1, j)))
            if bias:
                out.append(([p + "b%d_%d" % (l, j) for j in range(n_out)], False,
                            "[%d]" % (l - 1)))
        return out

    def _unpack_parameters(self, em, ind, p="", W="W", B="B"):
        for names, weight, where in self._parameter_names(p):
            em(ind, "%s = %s%s" % (_unpack(names), W if weight else B, where))

    def _write_back(self, em, ind, p="", W="W", B="B"):
        for names, weight, where in self._parameter_names(p):
            em(ind, "%s%s[:] = %s" % (W if weight else B, where, _row(names)))

    def _forward(self, em, ind, skips=None, loss=None):
        """Sample n's forward pass; with ``skips`` (see :meth:`_skips`) the
        layers it marks test their inputs for 0.0 (:meth:`_forward_skipping`).
        The output layer's activation is left to :meth:`_output` when it
        writes softmax out for ``loss`` (``source.softmax_inline``)."""
        em(ind, "%s = X[n]" % _unpack(_names("a0_%d", self.signature[0][0])))
        layers = self._layers()
        for l, n_in, n_out, act, bias in layers:
            z = _names("z%d_%%d" % l, n_out)
            if skips and skips[l - 1]:
                self._forward_skipping(em, ind, l, n_in, n_out, bias)
            else:
                for j in range(n_out):
                    terms = ["a%d_%d * w%d_%d_%d" % (l - 1, i, l, j, i) for i in range(n_in)]
                    if bias:        # (Σ products) + b, in the order Dense adds them
                        terms.append("b%d_%d" % (l, j))
                    em.chain(ind, z[j], terms, start="0.0")
            if not (l == len(layers) and loss is not None and softmax_inline(act, loss)):
                emit_activation(em, ind, act, z, _names("a%d_%%d" % l, n_out))

    def predict_source(self):
        """Source of ``predict(W, B, X)``: the outputs for a batch X."""
        em = Emitter()
        em(0, "def predict(W, B, X):")
        self._unpack_parameters(em, 1)
        em(1, "out = []")
        em(1, "for n in range(len(X)):")
        self._forward(em, 2)
        L = len(self.signature)
        em(2, "out.append(%s)" % _row(_names("a%d_%%d" % L, self.signature[-1][1])))
        em(1, "return out")
        return em.text()

    # -- the training function ------------------------------------------------

    def _relu(self, l):
        """True when layer l (from 1) is ReLU with its own formulas: its output is
        0.0 exactly when it is off, and then its δ is 0.0 whatever ∂L/∂a is."""
        if not 1 <= l <= len(self.activations):
            return False
        act = self.activations[l - 1]
        return isinstance(act, Relu) and act.value == Relu.value and act.delta == Relu.delta

    def _quiet(self, loss):
        """True when the training code skips the backward pass of a sample
        whose output δ are all exactly ±0.0 (see :meth:`source`): for a loss
        that is ``flat`` somewhere (hinge) or ReLU outputs, through hidden
        layers that pass a zero on (:func:`passes_zero`)."""
        if not (loss.flat or self._relu(len(self.activations))):
            return False
        for act in self.activations[:-1]:
            if not passes_zero(act):
                return False
        return True

    def _unless_quiet(self, em, ind, loss):
        """When :meth:`_quiet`, the test that runs sample n's backward pass
        only if an output δ is not ±0.0 or an activation is not finite; the
        indent of that pass."""
        if not self._quiet(loss):
            return ind
        layers = self._layers()
        hidden = [v for l, _, n_out, _, _ in layers[:-1] for v in _names("a%d_%%d" % l, n_out)]
        test = _names("d%d_%%d" % len(layers), layers[-1][2])
        if hidden:
            em.chain(ind, "fa", hidden, start="0.0")
            test.append("not (fa - fa == 0.0)")
        em(ind, "if %s:" % " or ".join(test))
        return ind + 1

    def _skips(self, skip_inputs):
        """Per layer l (index l - 1): True when the forward pass tests each of
        its inputs for 0.0 (the network's inputs with ``skip_inputs``, the
        outputs of a ReLU layer always)."""
        return [skip_inputs if l == 1 else self._relu(l - 1)
                for l in range(1, len(self.signature) + 1)]

    def _forward_skipping(self, em, ind, l, n_in, n_out, bias):
        """Layer l's sums column by column: ``z += a·w`` in input order, each
        input's products under ``if a:`` (an input of 0.0 adds ±0.0 to sums
        that are never −0.0: skipping them changes no bit, weights being finite)."""
        z = _names("z%d_%%d" % l, n_out)
        em(ind, "%s = 0.0" % " = ".join(z))
        for i in range(n_in):
            em(ind, "if a%d_%d:" % (l - 1, i))
            for j in range(n_out):
                em(ind + 1, "%s += a%d_%d * w%d_%d_%d" % (z[j], l - 1, i, l, j, i))
        if bias:
            for j in range(n_out):
                em(ind, "%s += b%d_%d" % (z[j], l, j))

    def _output(self, em, ind, loss):
        """Sample n's loss terms, added to L, and the output deltas."""
        layers = self._layers()
        L, K, act = len(layers), layers[-1][2], layers[-1][3]
        z, a, d = _names("z%d_%%d" % L, K), _names("a%d_%%d" % L, K), _names("d%d_%%d" % L, K)
        if softmax_inline(act, loss):
            # softmax, lse and Σy written out (see purenn.core.source.SOFTMAX_LINES)
            y = _names("y%d", K)
            em(ind, "%s = Y[n]" % _unpack(y))
            em(ind, "mx = max(%s)" % ", ".join(z))
            for zk, ak in zip(z, a):
                em(ind, "%s = exp(%s - mx)" % (ak, zk))
            em.chain(ind, "sm", a, start="0.0")
            for ak in a:
                em(ind, "%s = %s / sm" % (ak, ak))
            em(ind, "lse = mx + log(sm)")
            em.chain(ind, "t", y, start="0.0")
            for k in range(K):
                em(ind, "L += %s" % substitute(loss.fused_term, {"z": z[k], "y": y[k]}))
            for k in range(K):
                em(ind, "%s = %s" % (d[k], substitute(loss.delta, {"a": a[k], "y": y[k]})))
            return
        emit_loss(em, ind, loss, act, z, a, d)

    def _rows_of_first_layer(self, em, ind, skips):
        """The gradients of layer 1, unit by unit (a ReLU unit that is off has
        δ = 0.0 and adds nothing, the inputs being finite)."""
        l, n_in, n_out, act, bias = self._layers()[0]
        for j in range(n_out):
            d = "d1_%d" % j
            inner = ind
            if self._relu(1):
                em(ind, "if a1_%d:" % j)
                inner = ind + 1
            if bias:
                em(inner, "gb1_%d += %s" % (j, d))
            dense = ["gw1_%d_%d += %s * a0_%d" % (j, i, d, i) for i in range(n_in)]
            if skips[0]:
                # an input of 0.0 adds 0.0 while δ is finite: test it, else form all
                em(inner, "if %s - %s == 0.0:" % (d, d))
                for i in range(n_in):
                    em(inner + 1, "if a0_%d: %s" % (i, dense[i]))
                em(inner, "else:")
                inner += 1
            for line in dense:
                em(inner, line)

    def _columns(self, em, ind, l, skip):
        """Layer l's weight gradients input by input, the error of each input
        and the δ below (l > 1, the layer below a ReLU): an input of 0.0 is a
        unit that is off, whose products and error are skipped when every δ
        of layer l is finite (``skip``: the code for that case)."""
        _, n_in, n_out, act, bias = self._layers()[l - 1]
        below = self.activations[l - 2]
        for i in range(n_in):
            a = "a%d_%d" % (l - 1, i)
            inner = ind
            if skip:
                em(ind, "if %s:" % a)
                inner = ind + 1
            for j in range(n_out):
                em(inner, "gw%d_%d_%d += d%d_%d * %s" % (l, j, i, l, j, a))
            terms = ["d%d_%d * w%d_%d_%d" % (l, j, l, j, i) for j in range(n_out)]
            em.chain(inner, "e", terms, start="0.0")
            if skip:
                # below is ReLU (see _relu): a unit that is on has a > 0.0 (its
                # output is z if z > 0.0, else 0.0), so its δ is e; one that is
                # off has δ = 0.0
                em(inner, "d%d_%d = e" % (l - 1, i))
                em(ind, "else:")
                em(ind + 1, "d%d_%d = 0.0" % (l - 1, i))
            else:
                em(inner, "d%d_%d = %s" % (l - 1, i, substitute(below.delta, {"a": a, "g": "e"})))

    def _backward_train(self, em, ind, skips):
        """Sample n's gradients, added to gw…, gb… (after ``_output``)."""
        layers = self._layers()
        for l, n_in, n_out, act, bias in reversed(layers):
            if l == 1:
                self._rows_of_first_layer(em, ind, skips)
                continue
            if bias:
                for j in range(n_out):
                    em(ind, "gb%d_%d += d%d_%d" % (l, j, l, j))
            if self._relu(l - 1):
                # every δ of layer l finite: the off units below are skipped
                em.chain(ind, "fd", _names("d%d_%%d" % l, n_out), start="0.0")
                em(ind, "if fd - fd == 0.0:")
                self._columns(em, ind + 1, l, True)
                em(ind, "else:")
                self._columns(em, ind + 1, l, False)
                continue
            for j in range(n_out):
                for i in range(n_in):
                    em(ind, "gw%d_%d_%d += d%d_%d * a%d_%d" % (l, j, i, l, j, l - 1, i))
            below = layers[l - 2][3]
            e = _names("e%d_%%d" % l, n_in) if not below.elementwise else ["e"] * n_in
            for i in range(n_in):
                terms = ["d%d_%d * w%d_%d_%d" % (l, j, l, j, i) for j in range(n_out)]
                em.chain(ind, e[i], terms, start="0.0")
                if below.elementwise:       # δ of unit i as soon as its error is known
                    em(ind, "d%d_%d = %s" % (l - 1, i, substitute(below.delta, {
                        "a": "a%d_%d" % (l - 1, i), "g": "e"})))
            if not below.elementwise:
                emit_delta(em, ind, below, _names("a%d_%%d" % (l - 1), n_in), e,
                           _names("d%d_%%d" % (l - 1), n_in))

    def _hot_names(self):
        """The names every sample uses, to be given the first local slots
        (CPython needs no EXTENDED_ARG for the first 256)."""
        out = _names("a0_%d", self.signature[0][0]) + ["c", "L", "e", "ez", "mx", "sm", "lse",
                                                        "t", "fa", "fd", "n"]
        for l, n_in, n_out, act, bias in self._layers():
            out += _names("a%d_%%d" % l, n_out) + _names("z%d_%%d" % l, n_out) + \
                _names("d%d_%%d" % l, n_out)
        return out + _names("y%d", self.signature[-1][1])

    def _params(self):
        return [v for names, _, _ in self._parameter_names() for v in names]

    def _restore_from(self, em, ind, saved, W="W", B="B"):
        """Write the tuple ``saved`` (every parameter, in order) into W, B."""
        at = 0
        for names, weight, where in self._parameter_names():
            em(ind, "%s%s[:] = %s[%d:%d]" % (W if weight else B, where, saved, at,
                                            at + len(names)))
            at += len(names)

    def _step(self, em, ind, loss, l2, full):
        """The batch's loss as ``Network.objective`` gives it, the divergence
        check, and the SGD step ``θ ← θ − η·(g + 2·l2·θ)``; ``full``: the
        batch is the whole epoch."""
        K = self.signature[-1][1]
        fused = loss.is_fused(self.activations[-1])
        total = loss.fused_total if fused else loss.total
        if total != "s":
            em(ind, "L = %s" % substitute(total, {"s": "L", "N": "nb", "K": "%d" % K}))
        params = self._params()
        if l2:
            em.chain(ind, "sq", ["%s * %s" % (v, v) for v in params], start="0.0")
            em(ind, "pen = l2 * sq")
            em(ind, "L += pen")
            em(ind, "c2 = 2.0 * l2")
        em(ind, "if not (L - L == 0.0):")
        self._restore_from(em, ind + 1, "good")
        em(ind + 1, "return 'loss', L, ep + 1, batch")
        em(ind, "good = cur")       # these weights gave a finite loss
        for v in params:
            g = "g" + v
            em(ind, "%s = %s - lr * %s" % (v, v, "(%s + c2 * %s)" % (g, v) if l2 else g))
        # the new weights must be finite (a NaN or an inf is not always seen by
        # the next loss: ReLU turns NaN into 0); their sum is, unless one is
        # not or the sum overflows, which all_finite then tells apart
        em(ind, "cur = (%s,)" % ", ".join(params))
        em(ind, "chk = sum(cur)")
        em(ind, "if not (chk - chk == 0.0) and not all_finite(cur):")
        self._restore_from(em, ind + 1, "good")
        em(ind + 1, "return 'weights', None, ep + 1, batch")
        if full:        # the epoch's loss: what the sum below gives for one batch of N rows
            em(ind, "total = %s" % ("0.0 + L" if loss.summed and not l2 else "L"))
        elif loss.summed and l2:
            # the penalty counts once per epoch: each batch adds its share
            em(ind, "total += L - pen + pen * nb / N")
        elif loss.summed:
            em(ind, "total += L")
        else:
            em(ind, "total += L * nb / N")

    def _leave(self, em, ind, result):
        """Write the weights and the last good ones back, and return ``result``."""
        self._restore_from(em, ind, "cur")
        self._restore_from(em, ind, "good", "PW", "PB")
        em(ind, "return %s" % result)

    def _open_batch(self, em, full, c):
        """The loops over epochs and batches, up to the batch's gradients set
        to 0.0 and ``c`` (the loss's factor, or None); the batch's code
        follows at indentation 2 (``em.shift`` is 1 inside the batch loop)."""
        if full:
            # one batch of every row, in row order: no order, no batch loop
            em(1, "every = range(N)")
            em(1, "nb = N")
            em(1, "batch = 1")
            if c:
                em(1, c)
            em(1, "for ep in range(count):")
        else:
            em(1, "for ep in range(count):")
            em.shift = 1
            em(1, "order = next_order()")
            em(1, "total = 0.0")
            em(1, "batch = 0")
            em(1, "for lo in range(0, N, bs):")
            em(2, "idx = order[lo:lo + bs]")
            em(2, "nb = len(idx)")
            em(2, "batch += 1")
        for names, _, _ in self._parameter_names("g"):
            em(2, " = ".join(names) + " = 0.0")
        if c and not full:
            em(2, c)

    def _close_batch(self, em, full):
        """After a batch's step: record the epoch's loss after its last batch,
        and return if asked to stop (within the epoch or at its end)."""
        if full:
            em(2, "record(total)")
            em(2, "if stop[0]:")                 # stopped at the epoch's end
            self._leave(em, 3, "'stop', None, ep + 1, 0")
            return
        em(2, "if stop[0] and lo + nb < N:")     # stopped within the epoch
        self._leave(em, 3, "'stop', None, ep + 1, batch")
        em(1, "record(total)")
        em(1, "if stop[0]:")                     # stopped at its end
        self._leave(em, 2, "'stop', None, ep + 1, 0")
        em.shift = 0

    def source(self, loss, l2=False, skip_inputs=False, full=False):
        """Source of ``epochs(W, B, PW, PB, X, Y, next_order, bs, lr, l2, count, record, stop)``.

        It runs ``count`` epochs of SGD, each over the batches
        ``order[lo:lo+bs]`` of ``order = next_order()`` (a permutation of
        the rows), calls ``record(loss)`` after each epoch, writes the
        weights back into the layers' lists W, B, and returns None.  PW, PB
        (shaped like W, B) hold the weights that produced the last finite
        loss; the code keeps them up to date (``good``, a tuple, before each
        step).  It ends early as the generic engine does (``purenn.core.training``):
        ``('loss', L, e, b)`` when the loss of batch b of epoch e (both from
        1) is not finite, ``('weights', None, e, b)`` when that batch's step
        made a weight that is not finite (both after putting the last good
        weights into W, B), ``('stop', None, e, b)`` when ``stop[0]`` is true
        after that step (b = 0 after the epoch's last batch and ``record``).
        With ``full`` the code is for one batch of every row in row order,
        without the loop over batches: ``next_order`` and ``bs`` are not
        used (``fit`` calls this code when ``batch_size`` is None or at
        least the number of rows).

        Products with an input of exactly 0.0 are skipped (under ``if a:``)
        for the outputs of ReLU layers, and for the network's inputs with
        ``skip_inputs``; the weights must then be finite (``CompiledEngine``
        sees to it), and the deltas paired with skipped zeros are checked.
        So is a whole sample's backward pass, when its output δ are all
        ±0.0 (see :meth:`_quiet`: hinge beyond its margin) and its
        activations are finite: every product it would add has a factor
        ±0.0 and a finite partner, and adds ±0.0 to a sum that began at
        +0.0 (so is never −0.0), which leaves it as it is.
        """
        lossobj = losses.get(loss)
        K = self.signature[-1][1]
        skips = self._skips(skip_inputs)
        em = Emitter()
        em(0, "def epochs(W, B, PW, PB, X, Y, next_order, bs, lr, l2, count, record, stop):")
        hot = self._hot_names()
        for k in range(0, len(hot), CHUNK * 4):
            em(1, "%s = None" % " = ".join(hot[k:k + CHUNK * 4]))
        self._unpack_parameters(em, 1)
        em(1, "cur = (%s,)" % ", ".join(self._params()))
        em(1, "good = tuple(%s)" % " + ".join(
            ["P%s%s" % ("W" if weight else "B", where) for _, weight, where in
             self._parameter_names()]))
        em(1, "N = len(X)")
        c = lossobj.delta_factor if lossobj.is_fused(self.activations[-1]) else lossobj.factor
        c = c and "c = %s" % substitute(c, {"N": "nb", "K": "%d" % K})
        self._open_batch(em, full, c)
        em(2, "L = 0.0")
        em(2, "for n in %s:" % ("every" if full else "idx"))
        self._forward(em, 3, skips, lossobj)
        self._output(em, 3, lossobj)
        self._backward_train(em, self._unless_quiet(em, 3, lossobj), skips)
        self._step(em, 2, lossobj, l2, full)
        self._close_batch(em, full)
        self._leave(em, 1, "None")
        return em.text()

    # -- compiled functions ----------------------------------------------------

    def _compile(self, src, name):
        # exp, log, tanh, the losses' helpers and the row functions of
        # activations such as softmax are in elementary.NS
        return compile_functions(src, (name,))[0]

    def epoch_function(self, loss, l2, skip_inputs=False, full=False):
        """The compiled ``epochs`` function of :meth:`source` (kept for every
        network of this architecture while the interpreter runs)."""
        key = (tuple(self.signature), loss, bool(l2), bool(skip_inputs), bool(full))
        fn = _FUNCTIONS.get(key)
        if fn is None:
            fn = self._compile(self.source(loss, bool(l2), skip_inputs, full), "epochs")
            if len(_FUNCTIONS) >= KEEP:
                _FUNCTIONS.clear()
            _FUNCTIONS[key] = fn
        return fn

    def predict(self, network, X):
        """The outputs for a checked batch X, through the compiled code."""
        if self._predict is None:
            self._predict = self._compile(self.predict_source(), "predict")
        return self._predict([l.weights for l in network.layers],
                             [l.biases for l in network.layers], X)

    def engine(self, network, loss, learning_rate, l2, X=None, full=False):
        """A training engine (see ``purenn.core.training``) running this code
        (``full``: for full batches), or None when the interpreter cannot
        compile it (MicroPython refuses a loop body of more than about 16 KB
        of bytecode)."""
        try:
            return CompiledEngine(self, network, loss, learning_rate, l2, X, full=full)
        except RuntimeError:    # "bytecode overflow"
            return None


class CompiledEngine:
    """``run`` for the generated epochs of a :class:`Compiled` network (plain SGD).

    The code skips products with an input of 0.0 (see :meth:`Compiled.source`),
    which is exact while the weights are finite: ``run`` checks them, and when
    one is not (a callback may set one between epochs) hands that call and
    the rest of training to ``purenn.core.loops.LoopEngine``, which then
    forms every product."""

    def __init__(self, code, network, loss, learning_rate, l2, X=None, skip_inputs=None,
                 full=False):
        if skip_inputs is None:
            # testing each input for 0.0 pays when enough are and each feeds many units
            skip_inputs = network.layers[0].n_outputs >= 8 and sparse(X)
        self.code, self.skip_inputs = code, skip_inputs
        # the code for the batches fit will ask for, compiled now (so that
        # engine() sees a RuntimeError); run compiles the other kind if asked
        self.fns = {full: code.epoch_function(loss.name, l2, skip_inputs, full)}
        self.network, self.loss, self.l2 = network, loss, l2
        self.W = [layer.weights for layer in network.layers]
        self.B = [layer.biases for layer in network.layers]
        self.PW = [[r[:] for r in w] for w in self.W]      # the last good weights
        self.PB = [b[:] for b in self.B]
        self.lr = learning_rate
        self.other = None

    def run(self, X, Y, count, next_order, batch_size, record, stop):
        if self.other is None and first_not_finite(self.network.parameters()) >= 0:
            from .loops import LoopEngine
            from .optimizers import SGD
            self.other = LoopEngine(self.network, self.loss, SGD(self.lr), self.l2)
            from .backprop import snapshot
            # the last good weights, in the order of Network.parameters
            rows = []
            for layer, pw, pb in zip(self.network.layers, self.PW, self.PB):
                rows.extend(pw + [pb] if layer.has_bias else pw)
            self.other.good = snapshot(rows)
        if self.other is not None:
            return self.other.run(X, Y, count, next_order, batch_size, record, stop)
        full = batch_size is None or batch_size >= len(X)
        fn = self.fns.get(full)
        if fn is None:
            fn = self.fns[full] = self.code.epoch_function(self.loss.name, self.l2,
                                                           self.skip_inputs, full)
        return fn(self.W, self.B, self.PW, self.PB, X, Y, next_order, batch_size, self.lr,
                  self.l2, count, record, stop)

    def restore(self):
        if self.other is not None:
            self.other.restore()
            return
        for w, pw in zip(self.W, self.PW):
            for row, saved in zip(w, pw):
                row[:] = saved
        for b, pb in zip(self.B, self.PB):
            b[:] = pb


def passes_zero(act):
    """True when ``act`` is a built-in elementwise activation with its own
    formulas, whose δ is ±0.0 whenever ∂L/∂a is ±0.0 and a is finite (δ is
    g times a finite f'(a), or g itself, or 0.0)."""
    cls = type(act)
    if cls not in (Sigmoid, Tanh, Relu, LeakyRelu, Linear):
        return False
    plain = cls(act.alpha) if cls is LeakyRelu else cls()
    return (act.value, act.derivative, act.delta) == (plain.value, plain.derivative, plain.delta)


#: The share of inputs that must be exactly 0.0 for the generated code to
#: test each input before its products (:func:`sparse`).
SPARSE = 0.25

#: How many compiled training functions are kept at most (they are kept by
#: architecture, so that networks of the same kind compile once).
KEEP = 8

_FUNCTIONS = {}


#: How many rows of X, spread evenly over it, :func:`sparse` looks at.
SPARSE_ROWS = 64


def sparse(X):
    """True when at least :data:`SPARSE` of the entries of X are exactly 0.0
    (then testing each input for 0.0 saves more products than it costs),
    judged from :data:`SPARSE_ROWS` rows spread over X (counting all of
    1,797 digits took 1% of an epoch; the choice changes no result)."""
    if not X:
        return False
    rows = X[::(len(X) + SPARSE_ROWS - 1) // SPARSE_ROWS]
    zeros = 0
    for row in rows:
        zeros += row.count(0.0)
    return zeros >= SPARSE * len(rows) * len(X[0])


def signature(network):
    """``[(n_inputs, n_outputs, activation name, has bias)]`` per layer."""
    return [(l.n_inputs, l.n_outputs, l.activation.name, l.has_bias) for l in network.layers]

