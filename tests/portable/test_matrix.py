"""Matrix helpers: known values, shape errors, no mutation."""

from purenn import ShapeError
from purenn import matrix as M
from checks import raises

A = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]          # 2×3
B = [[7.0, 8.0], [9.0, 10.0], [11.0, 12.0]]     # 3×2


def test_shape_and_zeros():
    assert M.shape(A) == (2, 3)
    assert M.shape([]) == (0, 0)
    Z = M.zeros(2, 2)
    assert Z == [[0.0, 0.0], [0.0, 0.0]]
    Z[0][0] = 1.0
    assert Z[1][0] == 0.0  # rows are separate lists


def test_matmul_known_values():
    assert M.matmul(A, B) == [[58.0, 64.0], [139.0, 154.0]]
    assert M.matmul(B, A) == [[39.0, 54.0, 69.0], [49.0, 68.0, 87.0], [59.0, 82.0, 105.0]]


def test_matmul_bt_is_matmul_with_transpose():
    W = [[1.0, 0.5, -1.0], [2.0, 0.0, 1.0]]
    assert M.matmul_bt(A, W) == M.matmul(A, M.transpose(W))


def test_transpose_dot_elementwise():
    assert M.transpose(A) == [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]
    assert M.dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]) == 32.0
    assert M.add(A, A) == [[2.0, 4.0, 6.0], [8.0, 10.0, 12.0]]
    assert M.sub(A, A) == [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    assert M.mul(A, A) == [[1.0, 4.0, 9.0], [16.0, 25.0, 36.0]]
    assert M.scale(A, -1.0) == [[-1.0, -2.0, -3.0], [-4.0, -5.0, -6.0]]
    assert M.apply(lambda v: v * v, A) == M.mul(A, A)
    assert M.add_row(A, [10.0, 20.0, 30.0]) == [[11.0, 22.0, 33.0], [14.0, 25.0, 36.0]]
    assert M.col_sums(A) == [5.0, 7.0, 9.0]


def test_shape_errors():
    assert raises(ShapeError, M.matmul, A, A)                 # 2×3 @ 2×3
    assert raises(ShapeError, M.matmul_bt, A, B)              # rows of 3 vs rows of 2
    assert raises(ShapeError, M.add, A, B)
    assert raises(ShapeError, M.sub, A, [[1.0, 2.0, 3.0]])
    assert raises(ShapeError, M.mul, A, M.transpose(A))
    assert raises(ShapeError, M.add_row, A, [1.0, 2.0])
    assert raises(ShapeError, M.dot, [1.0, 2.0], [1.0])
    assert raises(ShapeError, M.transpose, [[1.0, 2.0], [3.0]])   # ragged
    assert raises(ShapeError, M.matmul, [[1.0], [2.0, 3.0]], B)
    assert raises(ShapeError, M.col_sums, [[1.0], 2.0])
    assert raises(ShapeError, M.shape, 3.0)
    assert raises(ValueError, M.matmul, A, A)                 # ShapeError is a ValueError


def test_error_message_names_operation_and_shapes():
    try:
        M.matmul([[0.0] * 3] * 4, [[0.0]] * 4)
    except ShapeError as e:
        text = str(e)
        assert "matmul" in text and "4×3" in text and "4×1" in text
    else:
        assert False, "no ShapeError"


def test_helpers_do_not_mutate():
    a = [row[:] for row in A]
    b = [row[:] for row in B]
    for f, args in ((M.matmul, (a, b)), (M.transpose, (a,)), (M.add, (a, a)),
                    (M.mul, (a, a)), (M.scale, (a, 2.0)), (M.add_row, (a, [1.0, 1.0, 1.0])),
                    (M.col_sums, (a,)), (M.matmul_bt, (a, a)), (M.copy, (a,))):
        out = f(*args)
        assert a == A and b == B
        assert out is not a


def test_long_rows_are_added_in_order_like_short_ones():
    """Rows of any length add their products one by one from 0.0, on every
    interpreter: 1 + 1e100 + 1 − 1e100 is 0.0 added in order (2.0 with the
    compensated ``sum()`` of CPython 3.12 and later, which no kernel uses)."""
    from purenn.core import kernels
    for k in (4, 128, 129, 300):
        u = [1.0, 1e100, 1.0, -1e100] * (k // 4) + [0.5] * (k % 4)
        ones = [1.0] * k
        want = 0.5 * (k % 4)
        assert kernels.dot(u, ones) == want, k
        assert M.dot(u, ones) == want, k
        assert M.matmul_bt([u, ones], [ones]) == [[want], [float(k)]], k
        assert kernels.affine([u], [ones, u], [1.0, 0.0])[0][0] == want + 1.0, k
        assert M.matmul([u], [[1.0]] * k) == [[want]], k
        assert kernels.matmul_at([[v] for v in u], [[1.0]] * k) == [[want]], k
