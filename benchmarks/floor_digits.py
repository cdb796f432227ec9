"""The interpreter's floor for the digits epoch: the same math as
``Network.fit`` (64-32-10, ReLU, softmax + cross-entropy, mini-batch 32, SGD),
hand-fused for exactly this network, in pure Python.

Per mini-batch of m samples (x, one-hot y), with c = 1/m:

    h = relu(W1·x + b1)       z = W2·h + b2        a = softmax(z)
    loss += Σ (lse(z) − z[label]) / n
    δ2 = c (a − y)            δ1 = (W2ᵀ·δ2) ⊙ [h > 0]
    W2 −= lr Σₙ δ2 hᵀ    b2 −= lr Σₙ δ2    W1 −= lr Σₙ δ1 xᵀ    b1 −= lr Σₙ δ1

Four idioms for the sums; ``IDIOMS`` lists those this interpreter has and
the benchmark keeps the fastest:

* ``unrolled``: one comprehension per product ``A·Bᵀ`` with the k products of
  each dot written out (``0.0 + a[0] * b[0] + a[1] * b[1] + ...``), made
  once per length k with ``eval`` (CPython; no call or loop per product);
* ``map``: ``sum(map(mul, u, v))``, transposes built once per batch (C loop on CPython);
* ``zip``: ``for u, v in zip(...)`` accumulation loops;
* ``loop``: index loops over ``range`` (what PyPy's JIT and MicroPython like best).

Each ``epoch_<idiom>(P, X, Y, seed, lr, bs)`` trains ``P = [W1, b1, W2, b2]``
in place and returns the epoch's mean loss.  Portable.
"""

from math import exp, log

from purenn.core.rng import Rng

try:
    from operator import mul
except ImportError:  # MicroPython
    mul = None


def _batches(n, seed, bs):
    order = Rng(seed).permutation(n)
    return [order[lo:lo + bs] for lo in range(0, n, bs)]


def _softmax_delta(z, y, c, n):
    """(loss term, δ row) for one sample: softmax, cross-entropy and c·(a − y)."""
    mx = max(z)
    e = [exp(v - mx) for v in z]
    s = 0.0
    for v in e:
        s += v
    lse = mx + log(s)
    loss = 0.0
    for zk, yk in zip(z, y):
        loss += yk * (lse - zk)
    return loss / n, [c * (v / s - yk) for v, yk in zip(e, y)]


def epoch_map(P, X, Y, seed=1, lr=0.1, bs=32):
    W1, b1, W2, b2 = P
    n = len(X)
    total = 0.0
    for idx in _batches(n, seed, bs):
        c = 1.0 / len(idx)
        xs = [X[i] for i in idx]
        H = [[sum(map(mul, x, w), 0.0) + b for w, b in zip(W1, b1)] for x in xs]
        H = [[v if v > 0.0 else 0.0 for v in h] for h in H]
        Z = [[sum(map(mul, h, w), 0.0) + b for w, b in zip(W2, b2)] for h in H]
        D2 = []
        for z, i in zip(Z, idx):
            loss, d = _softmax_delta(z, Y[i], c, n)
            total += loss
            D2.append(d)
        W2T = list(zip(*W2))
        D1 = [[sum(map(mul, d, wc), 0.0) if hv > 0.0 else 0.0 for wc, hv in zip(W2T, h)]
              for d, h in zip(D2, H)]
        for D, A, W, b in ((D2, H, W2, b2), (D1, xs, W1, b1)):
            AT = list(zip(*A))
            for j, dj in enumerate(zip(*D)):
                W[j] = [w - lr * sum(map(mul, dj, a), 0.0) for w, a in zip(W[j], AT)]
                b[j] -= lr * sum(dj, 0.0)
    return total


_KERNELS = {}


def _kernel(k, bias=False):
    """``A·Bᵀ`` (``+ c`` with bias) for rows of length k, the k products written out."""
    f = _KERNELS.get((k, bias))
    if f is None:
        terms = "".join([" + a[%d] * b[%d]" % (i, i) for i in range(k)])
        if bias:
            f = eval("lambda A, B, c: [[0.0%s + cj for b, cj in zip(B, c)] for a in A]" % terms)
        else:
            f = eval("lambda A, B: [[0.0%s for b in B] for a in A]" % terms)
        _KERNELS[(k, bias)] = f
    return f


def epoch_unrolled(P, X, Y, seed=1, lr=0.1, bs=32):
    W1, b1, W2, b2 = P
    n = len(X)
    affine1 = _kernel(len(W1[0]), True)
    affine2 = _kernel(len(W2[0]), True)
    back = _kernel(len(W2))
    total = 0.0
    for idx in _batches(n, seed, bs):
        c = 1.0 / len(idx)
        xs = [X[i] for i in idx]
        H = [[v if v > 0.0 else 0.0 for v in h] for h in affine1(xs, W1, b1)]
        D2 = []
        for z, i in zip(affine2(H, W2, b2), idx):
            loss, d = _softmax_delta(z, Y[i], c, n)
            total += loss
            D2.append(d)
        D1 = [[v if hv > 0.0 else 0.0 for v, hv in zip(e, h)]
              for e, h in zip(back(D2, list(zip(*W2))), H)]
        grad = _kernel(len(idx))
        for D, A, W, b in ((D2, H, W2, b2), (D1, xs, W1, b1)):
            DT = list(zip(*D))
            for j, (wr, gr) in enumerate(zip(W, grad(DT, list(zip(*A))))):
                W[j] = [w - lr * g for w, g in zip(wr, gr)]
            for j, dj in enumerate(DT):
                b[j] -= lr * sum(dj, 0.0)
    return total


def epoch_zip(P, X, Y, seed=1, lr=0.1, bs=32):
    W1, b1, W2, b2 = P
    n = len(X)
    total = 0.0
    for idx in _batches(n, seed, bs):
        c = 1.0 / len(idx)
        gW1 = [[0.0] * len(W1[0]) for _ in W1]
        gW2 = [[0.0] * len(W2[0]) for _ in W2]
        gb1 = [0.0] * len(b1)
        gb2 = [0.0] * len(b2)
        for i in idx:
            x = X[i]
            h = []
            for w, b in zip(W1, b1):
                s = 0.0
                for u, v in zip(x, w):
                    s += u * v
                s += b
                h.append(s if s > 0.0 else 0.0)
            z = []
            for w, b in zip(W2, b2):
                s = 0.0
                for u, v in zip(h, w):
                    s += u * v
                z.append(s + b)
            loss, d2 = _softmax_delta(z, Y[i], c, n)
            total += loss
            d1 = [0.0] * len(h)
            for dj, w, g in zip(d2, W2, gW2):
                for k, (hv, wv) in enumerate(zip(h, w)):
                    g[k] += dj * hv
                    d1[k] += dj * wv
            for j, dj in enumerate(d2):
                gb2[j] += dj
            for j, (dj, hv) in enumerate(zip(d1, h)):
                if hv > 0.0:
                    g = gW1[j]
                    for k, xv in enumerate(x):
                        g[k] += dj * xv
                    gb1[j] += dj
        for W, b, gW, gb in ((W2, b2, gW2, gb2), (W1, b1, gW1, gb1)):
            for j in range(len(W)):
                W[j] = [w - lr * g for w, g in zip(W[j], gW[j])]
                b[j] -= lr * gb[j]
    return total


def epoch_loop(P, X, Y, seed=1, lr=0.1, bs=32):
    W1, b1, W2, b2 = P
    n = len(X)
    n_in = range(len(W1[0]))
    n_h = range(len(W1))
    n_out = range(len(W2))
    total = 0.0
    for idx in _batches(n, seed, bs):
        c = 1.0 / len(idx)
        gW1 = [[0.0] * len(n_in) for _ in n_h]
        gW2 = [[0.0] * len(n_h) for _ in n_out]
        gb1 = [0.0] * len(n_h)
        gb2 = [0.0] * len(n_out)
        for i in idx:
            x = X[i]
            h = [0.0] * len(n_h)
            for j in n_h:
                w = W1[j]
                s = 0.0
                for k in n_in:
                    s += x[k] * w[k]
                s += b1[j]
                if s > 0.0:
                    h[j] = s
            z = [0.0] * len(n_out)
            for j in n_out:
                w = W2[j]
                s = 0.0
                for k in n_h:
                    s += h[k] * w[k]
                z[j] = s + b2[j]
            loss, d2 = _softmax_delta(z, Y[i], c, n)
            total += loss
            d1 = [0.0] * len(n_h)
            for j in n_out:
                dj = d2[j]
                w = W2[j]
                g = gW2[j]
                for k in n_h:
                    g[k] += dj * h[k]
                    d1[k] += dj * w[k]
                gb2[j] += dj
            for j in n_h:
                if h[j] > 0.0:
                    dj = d1[j]
                    g = gW1[j]
                    for k in n_in:
                        g[k] += dj * x[k]
                    gb1[j] += dj
        for W, b, gW, gb in ((W2, b2, gW2, gb2), (W1, b1, gW1, gb1)):
            for j in range(len(W)):
                w = W[j]
                g = gW[j]
                for k in range(len(w)):
                    w[k] -= lr * g[k]
                b[j] -= lr * gb[j]
    return total


IDIOMS = [("zip", epoch_zip), ("loop", epoch_loop)]
if mul is not None:
    IDIOMS[:0] = [("unrolled", epoch_unrolled), ("map", epoch_map)]
