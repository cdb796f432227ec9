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

The products are computed by the kernels of ``purenn.core.kernels``,
chosen once at import time, whichever is fastest on the running
interpreter; all add in the same order and give bit-for-bit the same
results.  The kernels themselves skip the shape checks: the layers call
them directly, after the network has validated its input once per call.
"""

from .core import kernels
from .core.errors import ShapeError


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
    for v in (rows, cols):
        if not isinstance(v, int) or isinstance(v, bool):
            raise ShapeError("zeros: sizes must be ints, got %r" % (v,))
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

def transpose(A):
    """Aᵀ: ``transpose(A)[j][i] == A[i][j]``.

    >>> transpose([[1, 2, 3], [4, 5, 6]])
    [[1, 4], [2, 5], [3, 6]]
    """
    n, m = _dims("transpose", A)
    if n == 0:
        return []
    return kernels.transpose(A)


def dot(u, v):
    """Inner product ``u·v = Σₖ u[k]·v[k]``, summed in order k = 0, 1, ...

    >>> dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0])
    32.0
    """
    n = _vlen("dot", u)
    if _vlen("dot", v) != n:
        raise ShapeError("dot: vector lengths %d and %d differ" % (n, len(v)))
    return kernels.dot(u, v)


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
    return kernels.matmul(A, B)


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
    return kernels.matmul_bt(A, B)


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
    return kernels.col_sums(A) if n else []
