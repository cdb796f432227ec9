"""CPython's product kernels (see ``purenn.core.kernels``); imported only there.

Rows of up to ``UNROLL`` entries use a comprehension unrolled for their
length; longer ones are added in chunks of ``UNROLL`` products, each chunk
written out the same way (:func:`long_dot`).  Either way the products are
added one by one in order from 0.0, as on every interpreter.
"""

#: Products whose rows have at most this many entries use a kernel unrolled
#: for that length (see :func:`unrolled`); longer ones :func:`long_dot`.
UNROLL = 128

_cache = {}


def _spelled(k):
    """``("x0, x1", "y0, y1", " + x0 * y0 + x1 * y1")`` for k = 2: the names
    a kernel unpacks two rows of k entries into, and their products."""
    xs = ", ".join(["x%d" % i for i in range(k)]) + ("," if k == 1 else "")
    ys = ", ".join(["y%d" % i for i in range(k)]) + ("," if k == 1 else "")
    return xs, ys, "".join([" + x%d * y%d" % (i, i) for i in range(k)])


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
        xs, ys, terms = _spelled(k)
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


def _chunk(m):
    """``kernel(s, X, Y)``: s plus the m products ``X[i]·Y[i]``, added in order,
    written out like :func:`unrolled` (``return s + x0 * y0 + x1 * y1 ...``)."""
    f = _cache.get(("chunk", m))
    if f is None:
        xs, ys, terms = _spelled(m)
        src = "def kernel(s, X, Y):\n    %s = X\n    %s = Y\n    return s%s\n" % (xs, ys, terms)
        namespace = {}
        exec(src, namespace)
        f = _cache[("chunk", m)] = namespace["kernel"]
    return f


def long_dot(k):
    """``dot(a, b)`` for rows of k > ``UNROLL`` entries: the products added in
    order from 0.0, ``UNROLL`` at a time by :func:`_chunk`.

    ``sum(map(mul, a, b))`` would be as fast on CPython 3.11, but from 3.12
    on ``sum()`` compensates its rounding, and the results would differ in
    the last bits from the short rows' kernels and from other interpreters;
    these chunks are exact everywhere, and faster than it on 3.12 and 3.13.
    """
    full, r = _chunk(UNROLL), k % UNROLL
    rest = _chunk(r) if r else None
    tail = k - r
    starts = range(0, tail, UNROLL)

    def dot(a, b):
        s = 0.0
        for i in starts:
            j = i + UNROLL
            s = full(s, a[i:j], b[i:j])
        if rest is not None:
            s = rest(s, a[tail:], b[tail:])
        return s
    return dot


def matmul_bt(A, B):
    """``C[i][j] = A[i]·B[j]``: every row of A against every row of B."""
    if not A:
        return []
    k = len(A[0])
    if 0 < k <= UNROLL:
        return unrolled(k)(A, B)
    dot = long_dot(k)
    return [[dot(a, b) for b in B] for a in A]


def affine(A, B, c):
    """``Z[i][j] = A[i]·B[j] + c[j]``: a layer's weighted sums in one pass."""
    if not A:
        return []
    k = len(A[0])
    if 0 < k <= UNROLL:
        return unrolled(k, True)(A, B, c)
    dot = long_dot(k)
    return [[dot(a, b) + cj for b, cj in zip(B, c)] for a in A]
