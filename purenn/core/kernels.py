"""The products under every layer, chosen once for the running interpreter.

A matrix is a list of rows.  These kernels trust their arguments: shapes
are checked once at the boundary (``purenn.core.checks`` for the network,
``purenn.matrix`` for the public helpers), never inside a product.

* ``dot(u, v)``          ``Σₖ u[k]·v[k]``
* ``matmul(A, B)``       ``A·B``:   ``C[i][j] = Σₖ A[i][k]·B[k][j]``
* ``matmul_bt(A, B)``    ``A·Bᵀ``:  ``C[i][j] = A[i]·B[j]``
* ``matmul_at(A, B)``    ``Aᵀ·B``:  ``C[i][j] = Σₙ A[n][i]·B[n][j]``
* ``affine(A, B, c)``    ``A·Bᵀ + c``: a layer's weighted sums in one pass
* ``transpose(A)``       ``Aᵀ``
* ``col_sums(A)``        ``s[j] = Σₙ A[n][j]``

Which code runs (:data:`KERNEL`):

* ``"map"`` (CPython): a comprehension with the dot product written out
  for the row length at hand (``purenn.core.kernels_unrolled``);
* ``"jit"`` (PyPy): plain index loops, whose dot products over contiguous
  rows PyPy's JIT compiles best (``A·B`` transposes B first);
* ``"loop"`` (MicroPython and anything else): the same index loops, with
  ``A·B`` in i-p-j order, which MicroPython runs fastest.

Every kernel adds the products one by one in the order k = 0, 1, 2, ...
starting from 0.0, so all give bit-for-bit the same results, on every
interpreter and every CPython (none uses ``sum()``, which compensates its
rounding from CPython 3.12 on).
"""

import sys

#: Which product kernels this interpreter uses: ``"map"`` (CPython),
#: ``"jit"`` (PyPy) or ``"loop"`` (MicroPython and anything else).
KERNEL = {"cpython": "map", "pypy": "jit"}.get(sys.implementation.name, "loop")


def transpose(A):
    """``Aᵀ``, as new lists: ``transpose(A)[j][i] == A[i][j]``."""
    return [list(col) for col in zip(*A)]


def col_sums(A):
    """``s[j] = Σₙ A[n][j]``, added in row order from 0.0."""
    out = []
    for col in zip(*A):
        s = 0.0
        for v in col:
            s += v
        out.append(s)
    return out


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


def _affine_loop(A, B, c):
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


def _matmul_ipj(A, B):
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


if KERNEL == "map":
    from .kernels_unrolled import matmul_bt, affine

    def dot(u, v):
        # the same kernel as a 1×1 product, so a Neuron adds exactly as its layer does
        return matmul_bt([u], [v])[0][0]
else:
    dot = _dot_loop
    matmul_bt = _matmul_bt_loop
    affine = _affine_loop

if KERNEL == "loop":
    matmul = _matmul_ipj
else:
    def matmul(A, B):
        # dot products of contiguous rows: Bᵀ once, then A·(Bᵀ)ᵀ
        if not B:
            return [[] for _ in A]
        return matmul_bt(A, transpose(B))


def matmul_at(A, B):
    """``Aᵀ·B`` for A (N×n) and B (N×m): ``C[i][j] = Σₙ A[n][i]·B[n][j]``.

    This is a layer's weight gradient ``δᵀ·X``; it is computed as
    ``Aᵀ·(Bᵀ)ᵀ``, rows against rows, summed over n in order.
    """
    return matmul_bt(transpose(A), transpose(B))
