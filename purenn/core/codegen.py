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
to the last bit.  (One exception: on CPython 3.12 and later the generic
kernels use ``sum()``, which compensates rounding, for rows longer than
``kernels_unrolled.UNROLL`` = 128 entries; there the two agree to ~1e-15.)
It is ordinary Python that can be printed and read
(``print(net.compile().source("sse"))``)::

    z1_0 = 0.0 + a0_0 * w1_0_0 + a0_1 * w1_0_1 + a0_2 * w1_0_2
    a1_0 = 1.0 / (1.0 + exp(-z1_0)) if z1_0 >= 0.0 else exp(z1_0) / (1.0 + exp(z1_0))

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
from .source import CHUNK, Emitter, substitute  # noqa: F401 (codegen.substitute)
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

    def _forward(self, em, ind):
        em(ind, "%s = X[n]" % _unpack(_names("a0_%d", self.signature[0][0])))
        for l, n_in, n_out, act, bias in self._layers():
            z = _names("z%d_%%d" % l, n_out)
            for j in range(n_out):
                terms = ["a%d_%d * w%d_%d_%d" % (l - 1, i, l, j, i) for i in range(n_in)]
                if bias:        # (Σ products) + b, in the order Dense adds them
                    terms.append("b%d_%d" % (l, j))
                em.chain(ind, z[j], terms, start="0.0")
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

    def _backward(self, em, ind, loss):
        """Sample n's loss and gradients, added to L, gw…, gb…"""
        layers = self._layers()
        L, K, act = len(layers), layers[-1][2], layers[-1][3]
        emit_loss(em, ind, loss, act, _names("z%d_%%d" % L, K), _names("a%d_%%d" % L, K),
                  _names("d%d_%%d" % L, K))
        for l, n_in, n_out, act, bias in reversed(layers):
            for j in range(n_out):
                for i in range(n_in):
                    em(ind, "gw%d_%d_%d += d%d_%d * a%d_%d" % (l, j, i, l, j, l - 1, i))
                if bias:
                    em(ind, "gb%d_%d += d%d_%d" % (l, j, l, j))
            if l > 1:
                e = _names("e%d_%%d" % l, n_in)
                for i in range(n_in):
                    terms = ["d%d_%d * w%d_%d_%d" % (l, j, l, j, i) for j in range(n_out)]
                    em.chain(ind, e[i], terms, start="0.0")
                emit_delta(em, ind, layers[l - 2][3], _names("a%d_%%d" % (l - 1), n_in), e,
                           _names("d%d_%%d" % (l - 1), n_in))

    def _step(self, em, ind, loss, l2):
        """The batch's loss as ``Network.objective`` gives it, the divergence
        check, and the SGD step ``θ ← θ − η·(g + 2·l2·θ)``."""
        K = self.signature[-1][1]
        fused = loss.is_fused(self.activations[-1])
        total = loss.fused_total if fused else loss.total
        if total != "s":
            em(ind, "L = %s" % substitute(total, {"s": "L", "N": "nb", "K": "%d" % K}))
        params = [v for names, _, _ in self._parameter_names() for v in names]
        if l2:
            em.chain(ind, "sq", ["%s * %s" % (v, v) for v in params], start="0.0")
            em(ind, "pen = l2 * sq")
            em(ind, "L += pen")
            em(ind, "c2 = 2.0 * l2")
        em(ind, "if not (L - L == 0.0):")
        self._write_back(em, ind + 1, "p")
        em(ind + 1, "return 'loss', L, ep + 1, batch")
        for v in params:        # these weights gave a finite loss
            em(ind, "p%s = %s" % (v, v))
        for v in params:
            g = "g" + v
            em(ind, "%s = %s - lr * %s" % (v, v, "(%s + c2 * %s)" % (g, v) if l2 else g))
        # the new weights must be finite (a NaN or an inf is not always seen by
        # the next loss: ReLU turns NaN into 0); their sum is, unless one is
        # not or the sum overflows, which all_finite then tells apart
        em.chain(ind, "chk", params, start="0.0")
        em(ind, "if not (chk - chk == 0.0) and not all_finite(%s):" % _row(params))
        self._write_back(em, ind + 1, "p")
        em(ind + 1, "return 'weights', None, ep + 1, batch")
        if loss.summed and l2:
            # the penalty counts once per epoch: each batch adds its share
            em(ind, "total += L - pen + pen * nb / N if order is not None else L")
        elif loss.summed:
            em(ind, "total += L")
        else:
            em(ind, "total += L * nb / N if order is not None else L")

    def source(self, loss, l2=False):
        """Source of ``epochs(W, B, PW, PB, X, Y, next_order, bs, lr, l2, count, record, stop)``.

        It runs ``count`` epochs of SGD, each over the batches
        ``order[lo:lo+bs]`` of ``order = next_order()`` (None: one full batch
        in row order), calls ``record(loss)`` after each epoch, writes the
        weights back into the layers' lists W, B, and returns None.  PW, PB
        (shaped like W, B) hold the weights that produced the last finite
        loss; the code keeps them up to date (``pw…`` before each step).
        It ends early as the generic engine does (``purenn.core.training``):
        ``('loss', L, e, b)`` when the loss of batch b of epoch e (both from
        1) is not finite, ``('weights', None, e, b)`` when that batch's step
        made a weight that is not finite (both after putting the last good
        weights into W, B), ``('stop', None, e, b)`` when ``stop[0]`` is true
        after that step (b = 0 after the epoch's last batch and ``record``).
        """
        lossobj = losses.get(loss)
        K = self.signature[-1][1]
        em = Emitter()
        em(0, "def epochs(W, B, PW, PB, X, Y, next_order, bs, lr, l2, count, record, stop):")
        self._unpack_parameters(em, 1)
        self._unpack_parameters(em, 1, "p", "PW", "PB")
        em(1, "N = len(X)")
        em(1, "for ep in range(count):")
        em.shift = 1
        em(1, "order = next_order()")
        em(1, "total = 0.0")
        em(1, "batch = 0")
        em(1, "for lo in range(0, N, bs if order is not None else N):")
        em(2, "idx = order[lo:lo + bs] if order is not None else range(N)")
        em(2, "nb = len(idx)")
        em(2, "batch += 1")
        for names, _, _ in self._parameter_names("g"):
            em(2, " = ".join(names) + " = 0.0")
        factor = lossobj.delta_factor if lossobj.is_fused(self.activations[-1]) \
            else lossobj.factor
        if factor:
            em(2, "c = %s" % substitute(factor, {"N": "nb", "K": "%d" % K}))
        em(2, "L = 0.0")
        em(2, "for n in idx:")
        self._forward(em, 3)
        self._backward(em, 3, lossobj)
        self._step(em, 2, lossobj, l2)
        em(2, "if stop[0] and lo + nb < N:")     # stopped within the epoch
        self._write_back(em, 3)
        self._write_back(em, 3, "p", "PW", "PB")
        em(3, "return 'stop', None, ep + 1, batch")
        em(1, "record(total)")
        em(1, "if stop[0]:")                     # stopped at its end
        self._write_back(em, 2)
        self._write_back(em, 2, "p", "PW", "PB")
        em(2, "return 'stop', None, ep + 1, 0")
        em.shift = 0
        self._write_back(em, 1)
        self._write_back(em, 1, "p", "PW", "PB")
        em(1, "return None")
        return em.text()

    # -- compiled functions ----------------------------------------------------

    def _compile(self, src, name):
        # exp, log, tanh, the losses' helpers and the row functions of
        # activations such as softmax are in elementary.NS
        return compile_functions(src, (name,))[0]

    def epoch_function(self, loss, l2):
        """The compiled ``epochs`` function of :meth:`source` (cached)."""
        key = (loss, bool(l2))
        fn = self._cache.get(key)
        if fn is None:
            fn = self._compile(self.source(loss, bool(l2)), "epochs")
            self._cache[key] = fn
        return fn

    def predict(self, network, X):
        """The outputs for a checked batch X, through the compiled code."""
        if self._predict is None:
            self._predict = self._compile(self.predict_source(), "predict")
        return self._predict([l.weights for l in network.layers],
                             [l.biases for l in network.layers], X)

    def engine(self, network, loss, learning_rate, l2, X=None):
        """A training engine (see ``purenn.core.training``) running this code."""
        return CompiledEngine(self, network, loss, learning_rate, l2)


class CompiledEngine:
    """``run`` for the generated epochs of a :class:`Compiled` network (plain SGD)."""

    def __init__(self, code, network, loss, learning_rate, l2):
        self.fn = code.epoch_function(loss.name, l2)
        self.W = [layer.weights for layer in network.layers]
        self.B = [layer.biases for layer in network.layers]
        self.PW = [[r[:] for r in w] for w in self.W]      # the last good weights
        self.PB = [b[:] for b in self.B]
        self.lr = learning_rate
        self.l2 = l2

    def run(self, X, Y, count, next_order, batch_size, record, stop):
        return self.fn(self.W, self.B, self.PW, self.PB, X, Y, next_order, batch_size, self.lr,
                       self.l2, count, record, stop)

    def restore(self):
        for w, pw in zip(self.W, self.PW):
            for row, saved in zip(w, pw):
                row[:] = saved
        for b, pb in zip(self.B, self.PB):
            b[:] = pb


def signature(network):
    """``[(n_inputs, n_outputs, activation name, has bias)]`` per layer."""
    return [(l.n_inputs, l.n_outputs, l.activation.name, l.has_bias) for l in network.layers]

