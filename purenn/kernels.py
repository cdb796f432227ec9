"""The product kernels behind ``purenn.matrix``, chosen once per interpreter.

* ``"map"`` (CPython): a list comprehension with the dot product written out
  for the row length at hand (generated once per length, see
  ``purenn.kernels_fast``), or ``sum(map(mul, row, col))`` for long rows;
* ``"jit"`` (PyPy): the plain index loops below, whose dot products over
  contiguous rows PyPy's JIT compiles best (``A·B`` transposes B first);
* ``"loop"`` (MicroPython, or no ``operator`` module): the same index loops,
  with ``A·B`` in i-p-j order, which MicroPython runs fastest.

Every kernel adds the products ``a[k] * b[k]`` one by one in the order
k = 0, 1, 2, ... starting from 0.0, so all give bit-for-bit the same results.
(CPython 3.12 and later compensate rounding inside ``sum()``, used only for
rows longer than ``kernels_fast.UNROLL``; there the results agree with the
other interpreters to about 1e-15 relative instead of exactly.)

None of them checks shapes: ``purenn.matrix`` does that, once per call.

* ``_dot(u, v)``        ``Σₖ u[k]·v[k]``
* ``_matmul(A, B)``     ``A·B``
* ``_matmul_bt(A, B)``  ``A·Bᵀ``, i.e. ``C[i][j] = A[i]·B[j]``
* ``_affine(A, B, c)``  ``A·Bᵀ + c``: a layer's weighted sums in one pass
"""

import sys

try:
    from operator import mul as _mul
except ImportError:  # MicroPython has no operator module
    _mul = None

_IMPL = sys.implementation.name

#: Which product kernels this interpreter uses: ``"map"`` (CPython),
#: ``"jit"`` (PyPy) or ``"loop"`` (MicroPython and anything else).
KERNEL = ("map" if _mul is not None and _IMPL == "cpython" else
          "jit" if _IMPL == "pypy" else "loop")


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


if KERNEL == "map":
    from .kernels_fast import _dot, _matmul, _matmul_bt, _affine
elif KERNEL == "jit":
    _dot = _dot_loop
    _matmul_bt = _matmul_bt_loop
    _affine = _affine_loop

    def _matmul(A, B):
        # PyPy's JIT runs dot products of contiguous rows fastest
        return _matmul_bt_loop(A, [list(c) for c in zip(*B)]) if B else [[] for _ in A]
else:
    _dot = _dot_loop
    _matmul_bt = _matmul_bt_loop
    _matmul = _matmul_loop
    _affine = _affine_loop
