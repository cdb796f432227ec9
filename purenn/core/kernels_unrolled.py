"""CPython's product kernels (see ``purenn.core.kernels``); imported only there.

Rows of up to ``UNROLL`` entries use a comprehension unrolled for their
length; longer ones ``sum(map(mul, a, b))``.
"""

try:
    from operator import mul as _mul
except ImportError:  # not CPython: purenn.core.kernels never imports this module there
    _mul = None

#: Products whose rows have at most this many entries use a kernel unrolled
#: for that length (see :func:`unrolled`); longer ones ``sum(map(mul, a, b))``.
UNROLL = 128

_cache = {}


def unrolled(k, bias=False):
    """The ``A·Bᵀ`` kernel for rows of length k, written out and compiled once.

    For k = 3 its source is::

        def kernel(A, B):
            return [[0.0 + x0 * y0 + x1 * y1 + x2 * y2 for y0, y1, y2 in B]
                    for x0, x1, x2 in A]

    One comprehension with the dot product spelled out and the rows unpacked
    into local names: CPython runs it with no function call and no index
    per product, faster than ``sum(map(...))`` at every length measured up
    to 64 (about 20 ns per multiply-add against 30).  It adds in the same
    order as the loops, so the results are identical.

    With ``bias`` it is ``kernel(A, B, c)``, which adds ``c[j]`` to each sum
    (``... + x2 * y2 + cj for (y0, y1, y2), cj in zip(B, c)``): ``A·Bᵀ + c``.
    """
    f = _cache.get((k, bias))
    if f is None:
        xs = ", ".join(["x%d" % i for i in range(k)]) + ("," if k == 1 else "")
        ys = ", ".join(["y%d" % i for i in range(k)]) + ("," if k == 1 else "")
        terms = "".join([" + x%d * y%d" % (i, i) for i in range(k)])
        if bias:
            src = ("def kernel(A, B, c):\n"
                   "    return [[0.0%s + cj for (%s), cj in zip(B, c)] for %s in A]\n"
                   % (terms, ys, xs))
        else:
            src = ("def kernel(A, B):\n"
                   "    return [[0.0%s for %s in B] for %s in A]\n" % (terms, ys, xs))
        namespace = {}
        exec(src, namespace)
        f = _cache[(k, bias)] = namespace["kernel"]
    return f


def matmul_bt(A, B):
    """``C[i][j] = A[i]·B[j]``: every row of A against every row of B."""
    if not A:
        return []
    k = len(A[0])
    if 0 < k <= UNROLL:
        return unrolled(k)(A, B)
    return [[sum(map(_mul, a, b), 0.0) for b in B] for a in A]


def affine(A, B, c):
    """``Z[i][j] = A[i]·B[j] + c[j]``: a layer's weighted sums in one pass."""
    if not A:
        return []
    k = len(A[0])
    if 0 < k <= UNROLL:
        return unrolled(k, True)(A, B, c)
    return [[sum(map(_mul, a, b), 0.0) + cj for b, cj in zip(B, c)] for a in A]
