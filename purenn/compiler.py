"""Plain Python source specialised to one network, compiled once.

Pure Python spends its time on the interpreter's work per operation, not on
arithmetic.  For a small network most of that work is bookkeeping: building
lists for every intermediate matrix, calling a helper per row.  This module
writes out the forward and backward passes of one particular network as
straight-line Python, with every weight in a local variable and every loop
over neurons unrolled, then compiles that text once with ``exec``.

The generated code does exactly the same arithmetic, in the same order, as
the generic path (``Dense.forward``/``backward``, ``activations``,
``losses``, ``optimizers.SGD``), so the weights after training are the same
to the last bit.  (One exception: on CPython 3.12 and later the generic
kernels use ``sum()``, which compensates rounding, for rows longer than
``kernels_fast.UNROLL`` = 128 entries; there the two agree to ~1e-15.)  It is ordinary Python that can be printed and read
(``print(net.compile().source("sse"))``)::

    z1_0 = a0_0 * w1_0_0 + a0_1 * w1_0_1 + a0_2 * w1_0_2
    a1_0 = 1.0 / (1.0 + exp(-z1_0)) if z1_0 >= 0.0 else exp(z1_0) / (1.0 + exp(z1_0))

Names: ``a{l}_{j}`` is the activation of neuron j in layer l (``a0_i`` the
inputs), ``z`` the weighted sum, ``w{l}_{j}_{i}`` the weight from input i to
neuron j, ``b{l}_{j}`` its bias, ``d{l}_{j}`` = δ = ∂L/∂z, ``e{l}_{i}`` =
∂L/∂a of the layer below, ``gw``/``gb`` the accumulated gradients.

It is meant for small networks (the code grows with the number of weights;
a few thousand is fine).  Only plain SGD is compiled; other optimizers use
the generic path.
"""

import math

from . import losses as _losses

#: Terms per line in long sums, so that no expression nests too deeply for
#: MicroPython's parser (the order of additions is unchanged by the split).
CHUNK = 16


class _Emitter:
    def __init__(self):
        self.lines = []
        self.shift = 0          # extra indentation for everything emitted

    def __call__(self, indent, text):
        self.lines.append("    " * (indent + self.shift) + text)

    def chain(self, indent, target, terms, start=None):
        """``target = t0 + t1 + ...`` (after ``start`` if given), split into
        lines of CHUNK terms that add in the same left-to-right order."""
        first = True
        if start is not None:
            terms = [start] + list(terms)
        for k in range(0, len(terms), CHUNK):
            part = " + ".join(terms[k:k + CHUNK])
            if first:
                self(indent, "%s = %s" % (target, part))
                first = False
            else:
                self(indent, "%s = %s + %s" % (target, target, part))


def _act_forward(em, ind, name, z, a, n):
    """Activation of n neurons: variables z[j] -> a[j]."""
    if name == "softmax":
        em(ind, "m = max(%s)" % ", ".join(z) if n > 1 else "m = %s" % z[0])
        for j in range(n):
            em(ind, "x%d = exp(%s - m)" % (j, z[j]))
        em.chain(ind, "s", ["x%d" % j for j in range(n)], start="0.0")
        for j in range(n):
            em(ind, "%s = x%d / s" % (a[j], j))
        return
    for j in range(n):
        zj, aj = z[j], a[j]
        if name == "sigmoid":
            em(ind, "%s = 1.0 / (1.0 + exp(-%s)) if %s >= 0.0 else exp(%s) / (1.0 + exp(%s))"
               % (aj, zj, zj, zj, zj))
        elif name == "tanh":
            em(ind, "%s = tanh(%s)" % (aj, zj))
        elif name == "relu":
            em(ind, "%s = %s if %s > 0.0 else 0.0" % (aj, zj, zj))
        elif name == "leaky_relu":
            em(ind, "%s = %s if %s > 0.0 else %r * %s" % (aj, zj, zj, _ALPHA, zj))
        elif name == "linear":
            em(ind, "%s = %s" % (aj, zj))
        else:
            raise ValueError("compile: unsupported activation %r" % name)


def _act_backward(em, ind, name, a, g, d, n):
    """δ = ∂L/∂z from g = ∂L/∂a, with the same grouping as ``activations``."""
    if name == "softmax":
        em.chain(ind, "s", ["%s * %s" % (g[k], a[k]) for k in range(n)], start="0.0")
        for k in range(n):
            em(ind, "%s = %s * (%s - s)" % (d[k], a[k], g[k]))
        return
    for j in range(n):
        aj, gj = a[j], g[j]
        if name == "sigmoid":
            em(ind, "%s = %s * (%s * (1.0 - %s))" % (d[j], gj, aj, aj))
        elif name == "tanh":
            em(ind, "%s = %s * (1.0 - %s * %s)" % (d[j], gj, aj, aj))
        elif name == "relu":
            em(ind, "%s = %s if %s > 0.0 else 0.0" % (d[j], gj, aj))
        elif name == "leaky_relu":
            em(ind, "%s = %s if %s > 0.0 else %r * %s" % (d[j], gj, aj, _ALPHA, gj))
        elif name == "linear":
            em(ind, "%s = %s" % (d[j], gj))


def _loss_and_delta(em, ind, loss, act, z, a, d, K):
    """Add sample n's loss to ``L`` and set the output deltas ``d``.

    ``c`` (the 1/(N K)-type factor of the loss) is set per batch beforehand.
    """
    ys = ["y%d" % k for k in range(K)]
    em(ind, "%s = Y[n]" % (", ".join(ys) + ("," if K == 1 else "")))
    fused = loss.fused_with == act
    name = loss.name
    g = ["g%d" % k for k in range(K)]
    if name in ("sse", "mse"):
        for k in range(K):
            em(ind, "r = %s - %s" % (a[k], ys[k]))
            em(ind, "L += r * r")
        for k in range(K):
            if name == "sse":
                em(ind, "%s = 2.0 * (%s - %s)" % (g[k], a[k], ys[k]))
            else:
                em(ind, "%s = c * (%s - %s)" % (g[k], a[k], ys[k]))
    elif name == "binary_crossentropy" and fused:
        for k in range(K):
            v = z[k]
            em(ind, "L += (%s if %s > 0.0 else 0.0) - %s * %s + log(1.0 + exp(-abs(%s)))"
               % (v, v, v, ys[k], v))
        for k in range(K):
            em(ind, "%s = c * (%s - %s)" % (d[k], a[k], ys[k]))
        return
    elif name == "binary_crossentropy":
        for k in range(K):
            em(ind, "q = EPS if %s < EPS else (HI if %s > HI else %s)" % (a[k], a[k], a[k]))
            em(ind, "L += %s * log(q) + (1.0 - %s) * log(1.0 - q)" % (ys[k], ys[k]))
        for k in range(K):
            em(ind, "%s = c * (%s - %s) / (%s * (1.0 - %s)) if EPS <= %s <= HI else 0.0"
               % (g[k], a[k], ys[k], a[k], a[k], a[k]))
    elif name == "categorical_crossentropy" and fused:
        em(ind, "m = max(%s)" % ", ".join(z) if K > 1 else "m = %s" % z[0])
        em.chain(ind, "s", ["exp(%s - m)" % v for v in z], start="0.0")
        em(ind, "lse = m + log(s)")
        for k in range(K):
            em(ind, "L += %s * (lse - %s)" % (ys[k], z[k]))
        em.chain(ind, "t", ys, start="0.0")
        for k in range(K):
            em(ind, "%s = c * (%s * t - %s)" % (d[k], a[k], ys[k]))
        return
    elif name == "categorical_crossentropy":
        for k in range(K):
            em(ind, "if %s:" % ys[k])
            em(ind + 1, "L += %s * log(EPS if %s < EPS else (HI if %s > HI else %s))"
               % (ys[k], a[k], a[k], a[k]))
        for k in range(K):
            em(ind, "%s = -c * %s / %s if EPS <= %s <= HI else 0.0" % (g[k], ys[k], a[k], a[k]))
    elif name == "hinge":
        for k in range(K):
            em(ind, "r = 1.0 - %s * %s" % (ys[k], a[k]))
            em(ind, "if r > 0.0:")
            em(ind + 1, "L += r")
        for k in range(K):
            em(ind, "%s = -c * %s if %s * %s < 1.0 else 0.0" % (g[k], ys[k], a[k], ys[k]))
    else:
        raise ValueError("compile: unsupported loss %r" % name)
    _act_backward(em, ind, act, a, g, d, K)


def _loss_factor(name, N, K):
    """Source for ``c`` and the final scaling of ``L`` in a batch of N samples."""
    if name == "sse":
        return None, "L = L"
    if name == "mse":
        return "c = 2.0 / (%s * %d)" % (N, K), "L = L / (%s * %d)" % (N, K)
    if name in ("binary_crossentropy",):
        return "c = 1.0 / (%s * %d)" % (N, K), None
    if name == "categorical_crossentropy":
        return "c = 1.0 / %s" % N, None
    if name == "hinge":
        return "c = 1.0 / (%s * %d)" % (N, K), "L = L / (%s * %d)" % (N, K)
    raise ValueError(name)


_ALPHA = 0.01   # must equal activations.LeakyRelu.alpha (checked in __init__)


class Compiled:
    """The compiled forward pass and SGD epochs of one network architecture."""

    def __init__(self, network):
        from .activations import get
        if get("leaky_relu").alpha != _ALPHA:
            raise ValueError("compile: leaky_relu slope differs from the compiler's")
        self.signature = _signature(network)
        self._cache = {}
        self._predict = None

    # -- source ---------------------------------------------------------------

    def _unpack(self, em, ind, p="", W="W", B="B"):
        for l, (n_in, n_out, act, bias) in enumerate(self.signature, 1):
            for j in range(n_out):
                names = ["%sw%d_%d_%d" % (p, l, j, i) for i in range(n_in)]
                em(ind, "%s = %s[%d][%d]" % (", ".join(names) + ("," if n_in == 1 else ""),
                                              W, l - 1, j))
            if bias:
                names = ["%sb%d_%d" % (p, l, j) for j in range(n_out)]
                em(ind, "%s = %s[%d]" % (", ".join(names) + ("," if n_out == 1 else ""),
                                          B, l - 1))

    def _parameter_names(self):
        names = []
        for l, (n_in, n_out, act, bias) in enumerate(self.signature, 1):
            for j in range(n_out):
                names.extend(["w%d_%d_%d" % (l, j, i) for i in range(n_in)])
            if bias:
                names.extend(["b%d_%d" % (l, j) for j in range(n_out)])
        return names

    def _forward(self, em, ind):
        sig = self.signature
        n0 = sig[0][0]
        em(ind, "%s = X[n]" % (", ".join(["a0_%d" % i for i in range(n0)]) + ("," if n0 == 1 else "")))
        for l, (n_in, n_out, act, bias) in enumerate(sig, 1):
            z = ["z%d_%d" % (l, j) for j in range(n_out)]
            a = ["a%d_%d" % (l, j) for j in range(n_out)]
            for j in range(n_out):
                terms = ["a%d_%d * w%d_%d_%d" % (l - 1, i, l, j, i) for i in range(n_in)]
                if bias:        # (Σ products) + b, in the order Dense adds them
                    terms.append("b%d_%d" % (l, j))
                em.chain(ind, z[j], terms, start="0.0")
            _act_forward(em, ind, act, z, a, n_out)

    def predict_source(self):
        em = _Emitter()
        em(0, "def predict(W, B, X):")
        self._unpack(em, 1)
        em(1, "out = []")
        em(1, "for n in range(len(X)):")
        self._forward(em, 2)
        L = len(self.signature)
        K = self.signature[-1][1]
        em(2, "out.append([%s])" % ", ".join(["a%d_%d" % (L, k) for k in range(K)]))
        em(1, "return out")
        return "\n".join(em.lines) + "\n"

    def _write_back(self, em, ind, p="", W="W", B="B"):
        for l, (n_in, n_out, act, bias) in enumerate(self.signature, 1):
            for j in range(n_out):
                em(ind, "%s[%d][%d][:] = [%s]" % (W, l - 1, j, ", ".join(
                    ["%sw%d_%d_%d" % (p, l, j, i) for i in range(n_in)])))
            if bias:
                em(ind, "%s[%d][:] = [%s]" % (B, l - 1, ", ".join(
                    ["%sb%d_%d" % (p, l, j) for j in range(n_out)])))

    def source(self, loss, l2=False):
        """Source of ``epochs(W, B, PW, PB, X, Y, order, bs, lr, l2, count, totals)``.

        It runs ``count`` epochs of SGD over the batches ``order[lo:lo+bs]``
        (``order`` None: one full batch in row order), appends each epoch's
        loss to ``totals``, writes the weights back into the layers' lists
        W, B, and returns ``(0.0, 0, 0)``.  PW, PB (shaped like W, B) hold
        the weights that produced the last finite loss; the code keeps them
        up to date (``pw…`` before each step).  When the loss of batch b of
        epoch e (both from 1) is not finite it stops there, puts those last
        good weights into W, B and returns ``(loss, e, b)``, as the generic
        path does.
        """
        lossobj = _losses.get(loss)
        sig = self.signature
        L = len(sig)
        K = sig[-1][1]
        out_act = sig[-1][2]
        em = _Emitter()
        em(0, "def epochs(W, B, PW, PB, X, Y, order, bs, lr, l2, count, totals):")
        self._unpack(em, 1)
        self._unpack(em, 1, "p", "PW", "PB")
        em(1, "N = len(X)")
        em(1, "for ep in range(count):")
        em.shift = 1
        em(1, "total = 0.0")
        em(1, "batch = 0")
        em(1, "for lo in range(0, N, bs if order is not None else N):")
        em(2, "idx = order[lo:lo + bs] if order is not None else range(N)")
        em(2, "nb = len(idx)")
        em(2, "batch += 1")
        for l, (n_in, n_out, act, bias) in enumerate(sig, 1):
            for j in range(n_out):
                em(2, " = ".join(["gw%d_%d_%d" % (l, j, i) for i in range(n_in)]) + " = 0.0")
            if bias:
                em(2, " = ".join(["gb%d_%d" % (l, j) for j in range(n_out)]) + " = 0.0")
        cline, fline = _loss_factor(lossobj.name, "nb", K)
        if cline:
            em(2, cline)
        em(2, "L = 0.0")
        em(2, "for n in idx:")
        self._forward(em, 3)
        z = ["z%d_%d" % (L, k) for k in range(K)]
        a = ["a%d_%d" % (L, k) for k in range(K)]
        d = ["d%d_%d" % (L, k) for k in range(K)]
        _loss_and_delta(em, 3, lossobj, out_act, z, a, d, K)
        for l in range(L, 0, -1):
            n_in, n_out, act, bias = sig[l - 1]
            for j in range(n_out):
                for i in range(n_in):
                    em(3, "gw%d_%d_%d += d%d_%d * a%d_%d" % (l, j, i, l, j, l - 1, i))
                if bias:
                    em(3, "gb%d_%d += d%d_%d" % (l, j, l, j))
            if l > 1:
                e = ["e%d_%d" % (l, i) for i in range(n_in)]
                for i in range(n_in):
                    terms = ["d%d_%d * w%d_%d_%d" % (l, j, l, j, i) for j in range(n_out)]
                    em.chain(3, e[i], terms, start="0.0")
                below = sig[l - 2][2]
                _act_backward(em, 3, below, ["a%d_%d" % (l - 1, i) for i in range(n_in)], e,
                              ["d%d_%d" % (l - 1, i) for i in range(n_in)], n_in)
        # the batch's loss, exactly as Network._objective computes it
        if lossobj.name == "binary_crossentropy":
            em(2, "L = %s" % ("L / (nb * %d)" % K if lossobj.fused_with == out_act
                              else "-L / (nb * %d)" % K))
        elif lossobj.name == "categorical_crossentropy":
            em(2, "L = %s" % ("L / nb" if lossobj.fused_with == out_act else "-L / nb"))
        elif fline != "L = L":
            em(2, fline)
        if l2:
            sq = []
            for l, (n_in, n_out, act, bias) in enumerate(sig, 1):
                for j in range(n_out):
                    sq.extend(["w%d_%d_%d * w%d_%d_%d" % (l, j, i, l, j, i) for i in range(n_in)])
                if bias:
                    sq.extend(["b%d_%d * b%d_%d" % (l, j, l, j) for j in range(n_out)])
            em.chain(2, "sq", sq, start="0.0")
            em(2, "pen = l2 * sq")
            em(2, "L += pen")
            em(2, "c2 = 2.0 * l2")
        em(2, "if not (L - L == 0.0):")
        self._write_back(em, 3, "p")
        em(3, "return L, ep + 1, batch")
        for name in self._parameter_names():     # these weights gave a finite loss
            em(2, "p%s = %s" % (name, name))
        # the SGD step, exactly as optimizers.SGD with the gradient of Network._backward
        for l, (n_in, n_out, act, bias) in enumerate(sig, 1):
            for j in range(n_out):
                for i in range(n_in):
                    w = "w%d_%d_%d" % (l, j, i)
                    g = "gw%d_%d_%d" % (l, j, i)
                    em(2, "%s = %s - lr * %s" % (w, w, "(%s + c2 * %s)" % (g, w) if l2 else g))
            if bias:
                for j in range(n_out):
                    b = "b%d_%d" % (l, j)
                    g = "gb%d_%d" % (l, j)
                    em(2, "%s = %s - lr * %s" % (b, b, "(%s + c2 * %s)" % (g, b) if l2 else g))
        if lossobj.name == "sse" and l2:
            # the penalty counts once per epoch: each batch adds its share
            em(2, "total += L - pen + pen * nb / N if order is not None else L")
        elif lossobj.name == "sse":
            em(2, "total += L")
        else:
            em(2, "total += L * nb / N if order is not None else L")
        em(1, "totals.append(total)")
        em.shift = 0
        self._write_back(em, 1)
        self._write_back(em, 1, "p", "PW", "PB")
        em(1, "return 0.0, 0, 0")
        return "\n".join(em.lines) + "\n"

    # -- compiled functions ----------------------------------------------------

    def _compile(self, src, name):
        namespace = {"exp": math.exp, "tanh": math.tanh, "log": math.log,
                     "EPS": _losses.EPS, "HI": 1.0 - _losses.EPS}
        exec(src, namespace)
        return namespace[name]

    def epoch_function(self, loss, l2):
        key = (loss, bool(l2))
        fn = self._cache.get(key)
        if fn is None:
            fn = self._compile(self.source(loss, bool(l2)), "epochs")
            self._cache[key] = fn
        return fn

    def predict(self, network, X):
        if self._predict is None:
            self._predict = self._compile(self.predict_source(), "predict")
        return self._predict([l.weights for l in network.layers],
                             [l.biases for l in network.layers], X)

    def matches(self, network):
        return _signature(network) == self.signature


def _signature(network):
    return [(l.n_inputs, l.n_outputs, l.activation.name, bool(l.biases))
            for l in network.layers]
