"""Matrices as lists of lists, written out by hand.

A matrix is a list of rows, each row a list of numbers; ``A[i][j]`` is row
``i``, column ``j``.  A batch of samples is a matrix with one sample per row.
A vector is a plain list.

Every public helper checks the shapes of its arguments and raises
:class:`purenn.ShapeError` naming the operation and the shapes; ragged rows
are a shape error too.  Helpers return new lists and never change their
arguments.

>>> A = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
>>> shape(A)
(3, 2)
>>> matmul(A, [[1.0], [1.0]])
[[3.0], [7.0], [11.0]]
>>> transpose(A)
[[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]

The products are computed by one of two kernels chosen once at import time,
whichever is faster on the running interpreter (see ``KERNEL``):

* ``"map"`` (CPython): a list comprehension with the dot product written out
  for the row length at hand (generated once per length, see ``_unrolled``),
  or ``sum(map(mul, row, col))`` for rows longer than ``UNROLL``;
* ``"loop"`` (PyPy, MicroPython, or no ``operator`` module): plain index
  loops, which PyPy's JIT compiles well and MicroPython runs fastest.

Both add the products ``a[k] * b[k]`` one by one in the order k = 0, 1, 2, ...
starting from zero, so they give bit-for-bit the same results.  (CPython 3.12
and later compensate rounding inside ``sum()``; there the ``"map"`` kernel is
slightly *more* accurate and results agree with the other interpreters to
about 1e-15 relative instead of exactly.)

The underscored kernels (``_matmul``, ``_matmul_bt``, ``_transpose``) skip
the shape checks; the layers call them after validating once per call.
"""

import sys

from .errors import ShapeError

try:
    from operator import mul as _mul
except ImportError:  # MicroPython has no operator module
    _mul = None

#: Which product kernel this interpreter uses: ``"map"`` or ``"loop"``.
KERNEL = "map" if (_mul is not None and sys.implementation.name == "cpython") else "loop"


# --- shapes -----------------------------------------------------------------

def _fmt(s):
    return "(%d×%d)" % s


def _dims(op, A):
    """Return ``(rows, cols)`` of A, or raise ShapeError naming ``op``."""
    if not isinstance(A, (list, tuple)):
        raise ShapeError("%s: expected a matrix (a list of rows), got %s"
                         % (op, type(A).__name__))
    n = len(A)
    if n == 0:
        return (0, 0)
    first = A[0]
    if not isinstance(first, (list, tuple)):
        raise ShapeError("%s: expected a matrix (a list of rows), but row 0 is %s"
                         % (op, type(first).__name__))
    m = len(first)
    for i in range(1, n):
        row = A[i]
        if not isinstance(row, (list, tuple)):
            raise ShapeError("%s: expected a matrix (a list of rows), but row %d is %s"
                             % (op, i, type(row).__name__))
        if len(row) != m:
            raise ShapeError("%s: ragged matrix: row 0 has %d entries, row %d has %d"
                             % (op, m, i, len(row)))
    return (n, m)


def _vlen(op, v):
    if not isinstance(v, (list, tuple)):
        raise ShapeError("%s: expected a vector (a list of numbers), got %s"
                         % (op, type(v).__name__))
    return len(v)


def _same(op, A, B):
    sa = _dims(op, A)
    sb = _dims(op, B)
    if sa != sb:
        raise ShapeError("%s: shapes %s and %s differ" % (op, _fmt(sa), _fmt(sb)))
    return sa


def shape(A):
    """Return ``(rows, columns)`` of matrix A.

    >>> shape([[1, 2, 3], [4, 5, 6]])
    (2, 3)
    >>> shape([])
    (0, 0)
    """
    return _dims("shape", A)


def zeros(rows, cols):
    """A new ``rows × cols`` matrix of 0.0 (each row its own list).

    >>> zeros(2, 3)
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    if rows < 0 or cols < 0:
        raise ShapeError("zeros: sizes must be >= 0, got %d×%d" % (rows, cols))
    return [[0.0] * cols for _ in range(rows)]


def copy(A):
    """A new matrix with the same entries (rows are new lists).

    >>> A = [[1.0, 2.0]]
    >>> B = copy(A); B[0][0] = 9.0; A
    [[1.0, 2.0]]
    """
    _dims("copy", A)
    return [list(row) for row in A]


# --- transpose and products ---------------------------------------------------

def _transpose(A):
    return [list(col) for col in zip(*A)]


def transpose(A):
    """Aᵀ: ``transpose(A)[j][i] == A[i][j]``.

    >>> transpose([[1, 2, 3], [4, 5, 6]])
    [[1, 4], [2, 5], [3, 6]]
    """
    n, m = _dims("transpose", A)
    if n == 0:
        return []
    return _transpose(A)


def dot(u, v):
    """Inner product ``u·v = Σₖ u[k]·v[k]``, summed in order k = 0, 1, ...

    >>> dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0])
    32.0
    """
    n = _vlen("dot", u)
    if _vlen("dot", v) != n:
        raise ShapeError("dot: vector lengths %d and %d differ" % (n, len(v)))
    return _dot(u, v)


def _dot_loop(u, v):
    s = 0.0
    for k in range(len(u)):
        s += u[k] * v[k]
    return s


def _matmul_bt_loop(A, B):
    out = []
    for a in A:
        r = range(len(a))
        row = []
        for b in B:
            s = 0.0
            for k in r:
                s += a[k] * b[k]
            row.append(s)
        out.append(row)
    return out


def _matmul_loop(A, B):
    # i-p-j order: row i of C accumulates A[i][p] * (row p of B), p = 0, 1, ...
    # so each C[i][j] is summed in the same order as a dot product.
    m = len(B[0]) if B else 0
    cols = range(m)
    out = []
    for a in A:
        c = [0.0] * m
        for p in range(len(a)):
            ap = a[p]
            bp = B[p]
            for j in cols:
                c[j] += ap * bp[j]
        out.append(c)
    return out


#: On CPython, products whose rows have at most this many entries use a
#: kernel unrolled for that length (see ``_unrolled``); longer ones use
#: ``sum(map(mul, a, b))``.
UNROLL = 128

_unrolled_cache = {}


def _unrolled(k, bias=False):
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
    f = _unrolled_cache.get((k, bias))
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
        f = _unrolled_cache[(k, bias)] = namespace["kernel"]
    return f


if KERNEL == "map":
    def _dot(u, v):
        return sum(map(_mul, u, v), 0.0)

    def _matmul_bt(A, B):
        # C[i][j] = A[i]·B[j]: every row of A against every row of B.
        if not A:
            return []
        k = len(A[0])
        if 0 < k <= UNROLL:
            return _unrolled(k)(A, B)
        return [[sum(map(_mul, a, b), 0.0) for b in B] for a in A]

    def _matmul(A, B):
        if not A:
            return []
        if not B:
            return [[] for _ in A]
        return _matmul_bt(A, [list(col) for col in zip(*B)])

    def _affine(A, B, c):
        # Z[i][j] = A[i]·B[j] + c[j]: a layer's weighted sums in one pass
        if not A:
            return []
        k = len(A[0])
        if 0 < k <= UNROLL:
            return _unrolled(k, True)(A, B, c)
        return [[sum(map(_mul, a, b), 0.0) + cj for b, cj in zip(B, c)] for a in A]
else:
    _dot = _dot_loop
    _matmul_bt = _matmul_bt_loop
    _matmul = _matmul_loop

    def _affine(A, B, c):
        out = []
        for a in A:
            r = range(len(a))
            row = []
            for j in range(len(B)):
                b = B[j]
                s = 0.0
                for k in r:
                    s += a[k] * b[k]
                row.append(s + c[j])
            out.append(row)
        return out


def matmul(A, B):
    """Matrix product ``C = A·B``: ``C[i][j] = Σₖ A[i][k]·B[k][j]``.

    A is ``n×k`` and B is ``k×m``; C is ``n×m``.  This is ``np.dot`` on
    matrices.

    >>> matmul([[1.0, 2.0]], [[3.0], [4.0]])
    [[11.0]]
    """
    n, k = _dims("matmul", A)
    k2, m = _dims("matmul", B)
    if k != k2 and not (n == 0):
        raise ShapeError("matmul: %s @ %s: inner dimensions %d and %d differ"
                         % (_fmt((n, k)), _fmt((k2, m)), k, k2))
    return _matmul(A, B)


def matmul_bt(A, B):
    """``A·Bᵀ`` without building Bᵀ: ``C[i][j] = A[i]·B[j]``.

    A is ``n×k``, B is ``m×k`` (same row length); C is ``n×m``.  A layer
    stores one weight row per neuron, so ``Z = X·Wᵀ`` is ``matmul_bt(X, W)``.

    >>> matmul_bt([[1.0, 2.0]], [[3.0, 4.0], [5.0, 6.0]])
    [[11.0, 17.0]]
    """
    n, k = _dims("matmul_bt", A)
    m, k2 = _dims("matmul_bt", B)
    if k != k2 and n and m:
        raise ShapeError("matmul_bt: %s @ %sᵀ: row lengths %d and %d differ"
                         % (_fmt((n, k)), _fmt((m, k2)), k, k2))
    return _matmul_bt(A, B)


# --- elementwise ------------------------------------------------------------

def add(A, B):
    """Elementwise sum ``A + B`` of two matrices of the same shape.

    >>> add([[1.0, 2.0]], [[10.0, 20.0]])
    [[11.0, 22.0]]
    """
    _same("add", A, B)
    return [[x + y for x, y in zip(a, b)] for a, b in zip(A, B)]


def sub(A, B):
    """Elementwise difference ``A − B``.

    >>> sub([[1.0, 2.0]], [[10.0, 20.0]])
    [[-9.0, -18.0]]
    """
    _same("sub", A, B)
    return [[x - y for x, y in zip(a, b)] for a, b in zip(A, B)]


def mul(A, B):
    """Elementwise (Hadamard) product ``A ⊙ B``.

    >>> mul([[1.0, 2.0]], [[10.0, 20.0]])
    [[10.0, 40.0]]
    """
    _same("mul", A, B)
    return [[x * y for x, y in zip(a, b)] for a, b in zip(A, B)]


def scale(A, c):
    """``c·A``: every entry times the number c.

    >>> scale([[1.0, -2.0]], 3.0)
    [[3.0, -6.0]]
    """
    _dims("scale", A)
    return [[c * x for x in a] for a in A]


def apply(f, A):
    """``f`` applied to every entry: ``apply(f, A)[i][j] == f(A[i][j])``.

    >>> apply(abs, [[-1.0, 2.0]])
    [[1.0, 2.0]]
    """
    _dims("apply", A)
    return [[f(x) for x in a] for a in A]


def add_row(A, b):
    """Add the vector b to every row of A (a bias broadcast): ``A[i][j] + b[j]``.

    >>> add_row([[1.0, 2.0], [3.0, 4.0]], [10.0, 20.0])
    [[11.0, 22.0], [13.0, 24.0]]
    """
    n, m = _dims("add_row", A)
    if _vlen("add_row", b) != m and n:
        raise ShapeError("add_row: matrix %s has %d columns but the row has %d entries"
                         % (_fmt((n, m)), m, len(b)))
    return [[x + y for x, y in zip(a, b)] for a in A]


def col_sums(A):
    """Column sums ``s[j] = Σᵢ A[i][j]``, added in row order.

    >>> col_sums([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    [9.0, 12.0]
    """
    n, m = _dims("col_sums", A)
    return _col_sums(A, m)


def _col_sums(A, m):
    s = [0.0] * m
    cols = range(m)
    for a in A:
        for j in cols:
            s[j] += a[j]
    return s
