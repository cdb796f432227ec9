"""The interpreter's floor for the digits epoch: the same math as
``Network.fit`` (64-32-10, ReLU, softmax + cross-entropy, mini-batch 32,
plain SGD), written as fast as we can for exactly this kind of network, in
pure Python, and checked to give the same weights to the last bit.

Per mini-batch of m samples (x, one-hot y with label ℓ), with c = 1/m:

    z1 = W1·x + b1    h = relu(z1)    z = W2·h + b2    a = softmax(z)
    loss += (lse(z) − z[ℓ]) summed over the batch, / m · m / n
    δ2 = c (a − y)    δ1 = (W2ᵀ·δ2) ⊙ [h > 0]
    W2 −= lr Σₙ δ2 hᵀ   b2 −= lr Σₙ δ2   W1 −= lr Σₙ δ1 xᵀ   b1 −= lr Σₙ δ1

**Same bits.**  ``Network.fit`` adds the products of every dot product in
order k = 0, 1, 2, ... starting from 0.0, then the bias; a weight gradient
``Σₙ δ[n][j]·x[n][i]`` is added over the samples n in batch order from 0.0.
Every floor here keeps those orders, so each sum is formed by the same
rounding steps.  They also **skip terms that are exactly zero**: input
pixels equal to 0 (49% of the digits) and hidden units that ReLU switched
off (51%), forward and backward.  Skipping leaves every sum bit-identical:
a sum that starts at +0.0 is never −0.0, so ``s + (±0.0) == s`` bit for
bit, and ``0·w`` is ±0.0 for every *finite* w.  (Not for w = ±inf or NaN:
``0·inf`` is NaN.  A floor assumes finite weights, as training does until
it diverges; an engine that skips zeros must check that the weights and
the δ it pairs with skipped zeros are finite, and go back to the full
products from the first batch where one is not.)  δ1 is only needed where
h > 0, since ReLU's backward keeps ``g if a > 0 else 0.0`` and drops the
rest whatever it is.  A weight whose gradient is exactly 0.0 is left as it
is (``w − lr·0.0 == w``).

``check(fn, P, X, Y)`` trains one epoch with ``fn`` and with
``Network.fit`` from the same weights and batch order and raises
``FloorMismatch`` unless every weight and the epoch's loss agree bit for
bit; the benchmarks call it before timing a floor.

The floors (``FLOORS`` lists those this interpreter runs well):

* ``unrolled, skip zeros`` (CPython): the whole epoch written out as one
  function for the layer sizes (``exec`` once): every weight and gradient
  in a local variable, a static ``if x_k:`` / ``if h_i:`` in front of the
  products of each input and hidden unit.  The hot locals (inputs, hidden
  units, deltas) are named first, so they get the low slots that need no
  ``EXTENDED_ARG`` (15% fewer instructions than without).  About 7,600
  lines for 64-32-10; the size grows with the weights, so this is for small
  networks.
* ``compress kernels`` (CPython): any size, no code per weight.  Per
  sample, the nonzero inputs and the matching weight columns are picked with
  ``itertools.compress`` and a dot-product kernel written out for that many
  terms (generated once per length, ≤ 64) forms all hidden units at once;
  the 10×32 top layer lives in locals of one generated epoch function;
  per batch, ``W1ᵀ`` (stored column by column) is stepped pixel by pixel
  with a kernel that sums only the samples where that pixel is nonzero and
  subtracts ``lr·g`` in the same comprehension.  (On 784-128-10 with half
  the inputs zero, ``benchmarks/memory.data()``, the index loops below
  were faster on CPython too: 2.0–2.2× over ``fit`` against 1.4–1.5×.)
* ``loop, skip zeros`` (PyPy, MicroPython): per-sample index loops over the
  nonzero inputs (an index list per sample, made once per epoch) and the
  active hidden units (indices in a list allocated once, with a count),
  gradients accumulated per sample; W2's columns copied once per batch for
  δ1 = W2ᵀ·δ2.  ``purenn.core.loops`` is these loops as an engine behind
  ``fit``'s own loop, for any network, with the same results bit for bit,
  divergence included.
* ``loop`` (all): the same index loops with every product formed, zeros
  and all, as ``Network.fit`` forms them; kept to show what skipping is worth.

Tried and not kept (speed-ups over ``Network.fit`` from paired rounds while
building these, one epoch):

* CPython: ``sum(map(mul, ...))`` and ``zip`` accumulation loops (and
  ``sum`` adds with compensation on CPython 3.12+, so it would not give the
  same bits); a dense written-out comprehension per product, as
  ``Network.fit`` uses (about 1×); layer by layer over the batch with the
  compress kernels for every product (1.25–1.4×); the compress kernels with
  the top layer in lists rather than locals (1.4× against 1.5×); the
  unrolled floor with the hot locals in no particular order (15% more
  instructions); pairs of pixels tested together so that one statement
  adds two products (1.5% fewer instructions for 13% more code).
* PyPy: the unrolled epoch (0.57 s against 17 ms for the loops: the JIT
  does not compile a 7,600-line loop body well); the compress kernels
  (0.26 s); testing ``x[k] != 0.0`` inside a loop over all inputs instead
  of an index list (2.3× slower); the active units collected with
  ``append`` (a few percent slower).
* MicroPython: the unrolled epoch does not compile ("bytecode overflow":
  a loop body may hold about 16 KB of bytecode); the hidden units written
  out over a loop of the nonzero inputs (10% slower than the loops);
  (value, index) pairs and parallel index/value lists (about 2× slower);
  a small ``gc.threshold`` (each collection scans the 5 MB of digits: 5–10×
  slower).

Each ``epoch_<name>(P, X, Y, seed, lr, bs)`` trains ``P = [W1, b1, W2, b2]``
(rows as purenn stores them) in place and returns the epoch's mean loss.
Portable; the CPython floors need ``exec`` and ``itertools``.
"""

from math import exp, log
import struct
import sys

if __name__ == "__main__":    # run as a script: purenn is in the folder above
    sys.path.insert(0, (__file__.rpartition("/")[0] or ".") + "/..")

from purenn.core.rng import Rng

try:
    from itertools import compress
except ImportError:  # MicroPython
    compress = None

CPYTHON = sys.implementation.name == "cpython"


class FloorMismatch(AssertionError):
    """A floor's weights or loss differ from ``Network.fit``'s in some bit."""


def labels_of(Y):
    """The class of each one-hot row of Y (ValueError for any other row)."""
    out = []
    for n, row in enumerate(Y):
        if row.count(1.0) != 1 or row.count(0.0) != len(row) - 1:
            raise ValueError("the floors need one-hot targets; Y[%d] is %r" % (n, row))
        out.append(row.index(1.0))
    return out


def _batches(n, seed, bs):
    order = Rng(seed).permutation(n)
    return [order[lo:lo + bs] for lo in range(0, n, bs)]


# --- CPython: the epoch written out, everything in locals --------------------------

_CACHE = {}


def _exec(src, name):
    ns = {"exp": exp, "log": log, "compress": compress}
    exec(src, ns)
    return ns[name]


def unrolled_source(nin, nh, nout):
    """Source of ``epoch(W1, b1, W2, b2, X, labels, batches, lr)`` for these sizes."""
    lines = []

    def e(indent, text):
        lines.append("    " * indent + text)

    x = ["x%d" % k for k in range(nin)]
    h = ["h%d" % j for j in range(nh)]
    dh = ["e%d" % j for j in range(nh)]          # δ1 of hidden unit j
    z = ["z%d" % k for k in range(nout)]
    a = ["a%d" % k for k in range(nout)]
    d = ["d%d" % k for k in range(nout)]         # δ2
    v = [["v%d_%d" % (j, k) for k in range(nin)] for j in range(nh)]     # W1
    gv = [["gv%d_%d" % (j, k) for k in range(nin)] for j in range(nh)]
    c1 = ["c%d" % j for j in range(nh)]           # b1
    gc = ["gc%d" % j for j in range(nh)]
    w = [["w%d_%d" % (k, j) for j in range(nh)] for k in range(nout)]   # W2
    gw = [["gw%d_%d" % (k, j) for j in range(nh)] for k in range(nout)]
    c2 = ["bb%d" % k for k in range(nout)]        # b2
    gb = ["gb%d" % k for k in range(nout)]
    e(0, "def epoch(W1, b1, W2, b2, X, labels, batches, lr):")
    # the names used in every product first: local slots below 256 need no EXTENDED_ARG
    e(1, "%s = None" % " = ".join(x + h + dh + z + a + d + ["m", "sm", "lab", "c", "L", "s"]))
    for j in range(nh):
        e(1, "%s, = W1[%d]" % (", ".join(v[j]), j))
    e(1, "%s, = b1" % ", ".join(c1))
    for k in range(nout):
        e(1, "%s, = W2[%d]" % (", ".join(w[k]), k))
    e(1, "%s, = b2" % ", ".join(c2))
    e(1, "n = len(X)")
    e(1, "total = 0.0")
    e(1, "for idx in batches:")
    e(2, "nb = len(idx)")
    e(2, "c = 1.0 / nb")
    for names in gv + [gc] + gw + [gb]:
        e(2, "%s = 0.0" % " = ".join(names))
    e(2, "L = 0.0")
    e(2, "for s in idx:")
    e(3, "%s, = X[s]" % ", ".join(x))
    e(3, "%s = 0.0" % " = ".join(h))
    for k in range(nin):                          # z1 = W1·x, pixel by pixel
        e(3, "if %s:" % x[k])
        for j in range(nh):
            e(4, "%s += %s * %s" % (h[j], x[k], v[j][k]))
    for j in range(nh):                           # + b1, then relu as fit has it
        e(3, "%s += %s" % (h[j], c1[j]))
        e(3, "if not %s > 0.0: %s = 0.0" % (h[j], h[j]))
    e(3, "%s = 0.0" % " = ".join(z))
    for j in range(nh):                           # z = W2·h over the active units
        e(3, "if %s:" % h[j])
        for k in range(nout):
            e(4, "%s += %s * %s" % (z[k], h[j], w[k][j]))
    for k in range(nout):
        e(3, "%s += %s" % (z[k], c2[k]))
    e(3, "m = max(%s)" % ", ".join(z))
    e(3, "%s = %s" % (", ".join(a), ", ".join("exp(%s - m)" % zk for zk in z)))
    e(3, "sm = 0.0 + %s" % " + ".join(a))
    e(3, "lab = labels[s]")
    e(3, "L += m + log(sm) - (%s)[lab]" % ", ".join(z))
    e(3, "%s = %s" % (", ".join(d), ", ".join("c * (%s / sm)" % ak for ak in a)))
    for k in range(nout):
        e(3, "%sif lab == %d: %s = c * (%s / sm - 1.0)" % ("el" if k else "", k, d[k], a[k]))
    for k in range(nout):
        e(3, "%s += %s" % (gb[k], d[k]))
    for j in range(nh):                           # backward through the active units
        e(3, "if %s:" % h[j])
        for k in range(nout):
            e(4, "%s += %s * %s" % (gw[k][j], d[k], h[j]))
        e(4, "%s = 0.0 + %s" % (dh[j], " + ".join("%s * %s" % (d[k], w[k][j])
                                                     for k in range(nout))))
        e(4, "%s += %s" % (gc[j], dh[j]))
        for i in range(nin):
            e(4, "if %s: %s += %s * %s" % (x[i], gv[j][i], dh[j], x[i]))
    e(2, "total += L / nb * nb / n")
    for names, grads in zip(v + [c1] + w + [c2], gv + [gc] + gw + [gb]):
        for p, g in zip(names, grads):
            e(2, "%s = %s - lr * %s" % (p, p, g))
    for j in range(nh):
        e(1, "W1[%d][:] = [%s]" % (j, ", ".join(v[j])))
    e(1, "b1[:] = [%s]" % ", ".join(c1))
    for k in range(nout):
        e(1, "W2[%d][:] = [%s]" % (k, ", ".join(w[k])))
    e(1, "b2[:] = [%s]" % ", ".join(c2))
    e(1, "return total")
    return "\n".join(lines) + "\n"


def epoch_unrolled_skip(P, X, Y, seed=1, lr=0.1, bs=32):
    W1, b1, W2, b2 = P
    key = ("unrolled", len(W1[0]), len(W1), len(W2))
    fn = _CACHE.get(key)
    if fn is None:
        fn = _CACHE[key] = _exec(unrolled_source(*key[1:]), "epoch")
    return fn(W1, b1, W2, b2, X, labels_of(Y), _batches(len(X), seed, bs), lr)


# --- CPython: kernels per number of nonzero terms, any size ----------------------------

def _names(fmt, count):
    return "".join([fmt % i + ", " for i in range(count)])


def affine_kernel(L):
    """``f(xs, cols, b)``: ``[0.0 + Σₜ xs[t]·col_t[j] + b[j] for each j]`` over the
    L columns ``cols`` (the weight columns of the L nonzero inputs xs)."""
    f = _CACHE.get(("affine", L))
    if f is None:
        if L:
            src = ("def f(xs, cols, b):\n    %s= xs\n"
                   "    return [0.0%s + bj for (%s), bj in zip(zip(*cols), b)]\n"
                   % (_names("x%d", L), "".join(" + x%d * y%d" % (t, t) for t in range(L)),
                      _names("y%d", L)))
        else:
            src = "def f(xs, cols, b):\n    return [0.0 + bj for bj in b]\n"
        f = _CACHE[("affine", L)] = _exec(src, "f")
    return f


def step_kernel(L):
    """``f(xs, rows, w, lr)``: ``[w[j] − lr·(0.0 + Σₜ xs[t]·rows[t][j]) for each j]``:
    one column of W1 stepped, summing over the L samples whose pixel is nonzero."""
    f = _CACHE.get(("step", L))
    if f is None:
        src = ("def f(xs, rows, w, lr):\n    %s= xs\n"
               "    return [wj - lr * (0.0%s) for wj, (%s) in zip(w, zip(*rows))]\n"
               % (_names("x%d", L), "".join(" + x%d * y%d" % (t, t) for t in range(L)),
                  _names("y%d", L)))
        f = _CACHE[("step", L)] = _exec(src, "f")
    return f


def bias_kernel(m):
    """``f(b, D, lr)``: ``[b[j] − lr·(0.0 + Σₙ D[n][j]) for each j]`` over m rows."""
    f = _CACHE.get(("bias", m))
    if f is None:
        src = ("def f(b, D, lr):\n    return [bj - lr * (0.0%s) for bj, (%s) in zip(b, zip(*D))]\n"
               % ("".join(" + y%d" % i for i in range(m)), _names("y%d", m)))
        f = _CACHE[("bias", m)] = _exec(src, "f")
    return f


def compress_source(nh, nout):
    """Source of the epoch function of ``epoch_compress`` (top layer in locals)."""
    lines = []

    def e(indent, text):
        lines.append("    " * indent + text)

    h = ["h%d" % j for j in range(nh)]
    dh = ["e%d" % j for j in range(nh)]
    z = ["z%d" % k for k in range(nout)]
    a = ["a%d" % k for k in range(nout)]
    d = ["d%d" % k for k in range(nout)]
    w = [["w%d_%d" % (k, j) for j in range(nh)] for k in range(nout)]
    gw = [["gw%d_%d" % (k, j) for j in range(nh)] for k in range(nout)]
    c2 = ["bb%d" % k for k in range(nout)]
    gb = ["gb%d" % k for k in range(nout)]
    e(0, "def epoch(W1T, b1, W2, b2, X, XS, labels, batches, lr, affine, step, bias):")
    e(1, "%s = None" % " = ".join(h + dh + z + a + d + ["m", "sm", "lab", "c", "L", "s"]))
    for k in range(nout):
        e(1, "%s, = W2[%d]" % (", ".join(w[k]), k))
    e(1, "%s, = b2" % ", ".join(c2))
    e(1, "n = len(X)")
    e(1, "total = 0.0")
    e(1, "for idx in batches:")
    e(2, "nb = len(idx)")
    e(2, "c = 1.0 / nb")
    for names in gw + [gb]:
        e(2, "%s = 0.0" % " = ".join(names))
    e(2, "D1 = []")
    e(2, "L = 0.0")
    e(2, "for s in idx:")
    e(3, "xs = XS[s]")
    e(3, "%s, = affine[len(xs)](xs, compress(W1T, X[s]), b1)" % ", ".join(h))
    for j in range(nh):
        e(3, "if not %s > 0.0: %s = 0.0" % (h[j], h[j]))
    e(3, "%s = 0.0" % " = ".join(z))
    for j in range(nh):
        e(3, "if %s:" % h[j])
        for k in range(nout):
            e(4, "%s += %s * %s" % (z[k], h[j], w[k][j]))
    for k in range(nout):
        e(3, "%s += %s" % (z[k], c2[k]))
    e(3, "m = max(%s)" % ", ".join(z))
    e(3, "%s = %s" % (", ".join(a), ", ".join("exp(%s - m)" % zk for zk in z)))
    e(3, "sm = 0.0 + %s" % " + ".join(a))
    e(3, "lab = labels[s]")
    e(3, "L += m + log(sm) - (%s)[lab]" % ", ".join(z))
    e(3, "%s = %s" % (", ".join(d), ", ".join("c * (%s / sm)" % ak for ak in a)))
    for k in range(nout):
        e(3, "%sif lab == %d: %s = c * (%s / sm - 1.0)" % ("el" if k else "", k, d[k], a[k]))
    for k in range(nout):
        e(3, "%s += %s" % (gb[k], d[k]))
    for j in range(nh):
        e(3, "if %s:" % h[j])
        for k in range(nout):
            e(4, "%s += %s * %s" % (gw[k][j], d[k], h[j]))
        e(4, "%s = 0.0 + %s" % (dh[j], " + ".join("%s * %s" % (d[k], w[k][j])
                                                     for k in range(nout))))
        e(3, "else:")
        e(4, "%s = 0.0" % dh[j])
    e(3, "D1.append([%s])" % ", ".join(dh))
    e(2, "total += L / nb * nb / n")
    for names, grads in zip(w + [c2], gw + [gb]):
        for p, g in zip(names, grads):
            e(2, "%s = %s - lr * %s" % (p, p, g))
    e(2, "for k, col in enumerate(zip(*[X[s] for s in idx])):")
    e(3, "xs = list(compress(col, col))")
    e(3, "if xs:")                               # an all-zero pixel has gradient 0
    e(4, "W1T[k] = step[len(xs)](xs, compress(D1, col), W1T[k], lr)")
    e(2, "b1[:] = bias[nb](b1, D1, lr)")
    for k in range(nout):
        e(1, "W2[%d][:] = [%s]" % (k, ", ".join(w[k])))
    e(1, "b2[:] = [%s]" % ", ".join(c2))
    e(1, "return total")
    return "\n".join(lines) + "\n"


def epoch_compress(P, X, Y, seed=1, lr=0.1, bs=32):
    W1, b1, W2, b2 = P
    nin, nh, nout = len(W1[0]), len(W1), len(W2)
    key = ("compress", nh, nout)
    fn = _CACHE.get(key)
    if fn is None:
        fn = _CACHE[key] = _exec(compress_source(nh, nout), "epoch")
    W1T = [list(col) for col in zip(*W1)]          # column k: the weights of input k
    XS = [list(compress(x, x)) for x in X]         # the nonzero inputs of each sample
    batches = _batches(len(X), seed, bs)
    total = fn(W1T, b1, W2, b2, X, XS, labels_of(Y), batches, lr,
               [affine_kernel(L) for L in range(nin + 1)],
               [None] + [step_kernel(m) for m in range(1, bs + 1)],
               [None] + [bias_kernel(m) for m in range(1, bs + 1)])
    for j, row in enumerate(zip(*W1T)):
        W1[j][:] = row
    return total


# --- index loops (PyPy, MicroPython) -------------------------------------------------

def epoch_loop_skip(P, X, Y, seed=1, lr=0.1, bs=32):
    W1, b1, W2, b2 = P
    n = len(X)
    nin, nh, nout = len(W1[0]), len(W1), len(W2)
    hidden, outs = range(nh), range(nout)
    labels = labels_of(Y)
    NZ = [[k for k in range(nin) if x[k] != 0.0] for x in X]    # nonzero inputs
    gW1 = [[0.0] * nin for _ in hidden]
    gW2 = [[0.0] * nh for _ in outs]
    gb1 = [0.0] * nh
    gb2 = [0.0] * nout
    h = [0.0] * nh
    z = [0.0] * nout
    t = [0.0] * nout          # e^(z − m), then δ2
    act = [0] * nh            # act[:na]: the hidden units with h > 0
    total = 0.0
    for idx in _batches(n, seed, bs):
        c = 1.0 / len(idx)
        W2T = [[W2[j][i] for j in outs] for i in hidden]     # W2's columns, for δ1
        for g in gW1:
            for k in range(nin):
                g[k] = 0.0
        for g in gW2:
            for k in hidden:
                g[k] = 0.0
        for j in hidden:
            gb1[j] = 0.0
        for j in outs:
            gb2[j] = 0.0
        L = 0.0
        for s in idx:
            x = X[s]
            nz = NZ[s]
            na = 0
            for j in hidden:
                w = W1[j]
                acc = 0.0
                for k in nz:
                    acc += x[k] * w[k]
                acc += b1[j]
                if acc > 0.0:
                    h[j] = acc
                    act[na] = j
                    na += 1
                else:
                    h[j] = 0.0
            for j in outs:
                w = W2[j]
                acc = 0.0
                for q in range(na):
                    i = act[q]
                    acc += h[i] * w[i]
                z[j] = acc + b2[j]
            m = max(z)
            sm = 0.0
            for j in outs:
                v = exp(z[j] - m)
                t[j] = v
                sm += v
            lab = labels[s]
            L += m + log(sm) - z[lab]
            for j in outs:
                dj = c * (t[j] / sm - 1.0) if j == lab else c * (t[j] / sm)
                t[j] = dj
                gb2[j] += dj
                g = gW2[j]
                for q in range(na):
                    i = act[q]
                    g[i] += dj * h[i]
            for q in range(na):
                i = act[q]
                e = 0.0
                wc = W2T[i]
                for j in outs:
                    e += t[j] * wc[j]
                gb1[i] += e
                g = gW1[i]
                for k in nz:
                    g[k] += e * x[k]
        total += L / len(idx) * len(idx) / n
        for W, b, gW, gb in ((W1, b1, gW1, gb1), (W2, b2, gW2, gb2)):
            for j in range(len(W)):
                w = W[j]
                g = gW[j]
                for k in range(len(w)):
                    w[k] = w[k] - lr * g[k]
                b[j] = b[j] - lr * gb[j]
    return total


def epoch_loop(P, X, Y, seed=1, lr=0.1, bs=32):
    W1, b1, W2, b2 = P
    n = len(X)
    nin, nh, nout = len(W1[0]), len(W1), len(W2)
    inputs, hidden, outs = range(nin), range(nh), range(nout)
    labels = labels_of(Y)
    gW1 = [[0.0] * nin for _ in hidden]
    gW2 = [[0.0] * nh for _ in outs]
    gb1 = [0.0] * nh
    gb2 = [0.0] * nout
    h = [0.0] * nh
    z = [0.0] * nout
    t = [0.0] * nout          # e^(z − m), then δ2
    total = 0.0
    for idx in _batches(n, seed, bs):
        c = 1.0 / len(idx)
        W2T = [[W2[j][i] for j in outs] for i in hidden]     # W2's columns, for δ1
        for g in gW1:
            for k in inputs:
                g[k] = 0.0
        for g in gW2:
            for k in hidden:
                g[k] = 0.0
        for j in hidden:
            gb1[j] = 0.0
        for j in outs:
            gb2[j] = 0.0
        L = 0.0
        for s in idx:
            x = X[s]
            for j in hidden:
                w = W1[j]
                acc = 0.0
                for k in inputs:
                    acc += x[k] * w[k]
                acc += b1[j]
                h[j] = acc if acc > 0.0 else 0.0
            for j in outs:
                w = W2[j]
                acc = 0.0
                for i in hidden:
                    acc += h[i] * w[i]
                z[j] = acc + b2[j]
            m = max(z)
            sm = 0.0
            for j in outs:
                v = exp(z[j] - m)
                t[j] = v
                sm += v
            lab = labels[s]
            L += m + log(sm) - z[lab]
            for j in outs:
                dj = c * (t[j] / sm - 1.0) if j == lab else c * (t[j] / sm)
                t[j] = dj
                gb2[j] += dj
                g = gW2[j]
                for i in hidden:
                    g[i] += dj * h[i]
            for i in hidden:
                e = 0.0
                wc = W2T[i]
                for j in outs:
                    e += t[j] * wc[j]
                e = e if h[i] > 0.0 else 0.0
                gb1[i] += e
                g = gW1[i]
                for k in inputs:
                    g[k] += e * x[k]
        total += L / len(idx) * len(idx) / n
        for W, b, gW, gb in ((W1, b1, gW1, gb1), (W2, b2, gW2, gb2)):
            for j in range(len(W)):
                w = W[j]
                g = gW[j]
                for k in range(len(w)):
                    w[k] = w[k] - lr * g[k]
                b[j] = b[j] - lr * gb[j]
    return total


# --- which floors, and the check -------------------------------------------------------

FLOORS = [("loop, skip zeros", epoch_loop_skip), ("loop", epoch_loop)]
if CPYTHON and compress is not None:
    FLOORS[:0] = [("unrolled, skip zeros", epoch_unrolled_skip),
                  ("compress kernels", epoch_compress)]


def _bits(values):
    return [struct.pack("<d", v) for v in values]


def check(fn, P, X, Y, reference):
    """Train one epoch from ``P`` with ``fn`` and compare with ``reference``, the
    ``(parameters, loss)`` that ``Network.fit`` gave from the same ``P``: raise
    FloorMismatch, naming the first differing value, unless every bit agrees."""
    Q = [[list(r) for r in P[0]], list(P[1]), [list(r) for r in P[2]], list(P[3])]
    loss = fn(Q, X, Y)
    ref, ref_loss = reference
    names = ("W1", "b1", "W2", "b2")
    for name, got, want in zip(names, Q, ref):
        flat_got = [v for r in got for v in r] if isinstance(got[0], list) else got
        flat_want = [v for r in want for v in r] if isinstance(want[0], list) else want
        if len(flat_got) != len(flat_want):
            raise FloorMismatch("%s: %d values, fit has %d" % (name, len(flat_got),
                                                               len(flat_want)))
        for i, (u, w) in enumerate(zip(_bits(flat_got), _bits(flat_want))):
            if u != w:
                raise FloorMismatch("%s[%d] (flat) is %r, Network.fit gives %r" % (
                    name, i, flat_got[i], flat_want[i]))
    if _bits([loss]) != _bits([ref_loss]):
        raise FloorMismatch("the epoch's loss is %r, Network.fit gives %r" % (loss, ref_loss))
    return Q


def compare(rounds, warmup, dense=True):
    """Time ``Network.fit`` against every floor of this interpreter (each checked
    first; the dense ``loop`` only with ``dense``) in paired rounds:
    ``(times, names)``, times as ``timing.paired`` gives."""
    import digits
    import timing
    X, Y = digits.load()
    P = digits.initial_params()
    ref = digits.reference(P, X, Y)
    net = digits.make_network()
    cands = [("Network.fit", lambda: digits.epoch_purenn(P, X, Y, net))]
    for name, fn in FLOORS:
        if name == "loop" and not dense:
            continue
        check(fn, P, X, Y, ref)
        cands.append(("floor: " + name, lambda fn=fn: fn(digits.copy_params(P), X, Y)))
    return timing.paired(cands, rounds, warmup), [name for name, _ in cands]


def main():
    """``python3|pypy3|micropython -X heapsize=64m benchmarks/floor_digits.py [rounds]``:
    this interpreter's digits epoch, ``Network.fit`` against its floors."""
    import timing
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    micro = sys.implementation.name == "micropython"
    times, names = compare(rounds, 0 if micro else 2)
    print("%s, digits epoch, median of %d paired rounds:" % (sys.implementation.name, rounds))
    for name in names:
        print("  %-28s %9.1f ms   Network.fit / this %.2f" % (
            name, timing.median(times[name]) * 1e3, timing.ratio(times, "Network.fit", name)))


if __name__ == "__main__":
    main()
