"""Algebraic properties of the matrix helpers, on hypothesis-drawn matrices."""

import pytest
from hypothesis import given, strategies as st

from purenn import ShapeError
from purenn import matrix as M

small = st.floats(-100, 100)
dims = st.integers(1, 6)


def mat(n, m):
    return st.lists(st.lists(small, min_size=m, max_size=m), min_size=n, max_size=n)


def naive(A, B):
    n, k, m = len(A), len(B), len(B[0])
    C = [[0.0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            s = 0.0
            for p in range(k):
                s += A[i][p] * B[p][j]
            C[i][j] = s
    return C


@st.composite
def chain(draw, count):
    sizes = draw(st.lists(dims, min_size=count + 1, max_size=count + 1))
    return [draw(mat(sizes[i], sizes[i + 1])) for i in range(count)]


@given(chain(2))
def test_matmul_equals_naive_triple_loop_exactly(ab):
    A, B = ab
    assert M.matmul(A, B) == naive(A, B)        # same summation order: bit-for-bit


@given(chain(2))
def test_transpose_of_product(ab):
    A, B = ab
    assert M.transpose(M.matmul(A, B)) == M.matmul(M.transpose(B), M.transpose(A))


@given(st.integers(1, 6).flatmap(lambda n: st.integers(1, 6).flatmap(lambda m: mat(n, m))))
def test_transpose_twice_is_identity(A):
    assert M.transpose(M.transpose(A)) == A


@given(st.tuples(dims, dims, dims).flatmap(lambda s: st.tuples(mat(s[0], s[1]), mat(s[1], s[2]), mat(s[1], s[2]))))
def test_distributive(close, abc):
    A, B, C = abc
    assert close(M.matmul(A, M.add(B, C)), M.add(M.matmul(A, B), M.matmul(A, C)),
                 rel=1e-9, abs_=1e-9)


@given(chain(2))
def test_matmul_bt_matches_matmul_and_inputs_unchanged(ab):
    A, B = ab
    a0, b0 = [r[:] for r in A], [r[:] for r in B]
    Bt = M.transpose(B)
    assert M.matmul_bt(A, Bt) == M.matmul(A, B)
    assert A == a0 and B == b0


@given(st.tuples(dims, dims).flatmap(lambda s: st.tuples(mat(*s), mat(*s))))
def test_elementwise_and_col_sums(ab):
    A, B = ab
    assert M.sub(M.add(A, B), B) == [[(a + b) - b for a, b in zip(ra, rb)] for ra, rb in zip(A, B)]
    assert M.mul(A, B) == M.mul(B, A)
    assert M.col_sums(A) == M.matmul([[1.0] * len(A)], A)[0]
    assert M.add_row(A, B[0]) == M.add(A, [B[0]] * len(A))


@given(dims, dims, dims, dims)
def test_every_mismatch_raises_shape_error(n, k, k2, m):
    A = [[1.0] * k for _ in range(n)]
    B = [[1.0] * m for _ in range(k2)]
    if k != k2:
        with pytest.raises(ShapeError):
            M.matmul(A, B)
    if (n, k) != (k2, m):
        for f in (M.add, M.sub, M.mul):
            with pytest.raises(ShapeError):
                f(A, B)


@given(st.lists(st.integers(0, 5), min_size=2, max_size=6).filter(lambda ls: len(set(ls)) > 1))
def test_ragged_input_raises_shape_error(lengths):
    R = [[1.0] * n for n in lengths]
    good = [[1.0] * lengths[0] for _ in lengths]
    for call in (lambda: M.transpose(R), lambda: M.shape(R), lambda: M.add(R, good),
                 lambda: M.col_sums(R), lambda: M.scale(R, 2.0), lambda: M.apply(abs, R),
                 lambda: M.matmul(R, [[1.0]] * lengths[0])):
        with pytest.raises(ShapeError):
            call()
