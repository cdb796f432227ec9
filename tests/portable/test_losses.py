"""Losses: values, gradients against finite differences, fused stable forms."""

from purenn.core import losses, activations
from checks import close, all_close

P = [[0.2, 0.7], [0.9, 0.4]]
Y = [[0.0, 1.0], [1.0, 0.0]]


def _numeric_grad(value, P, Y, h=1e-6):
    G = []
    for i in range(len(P)):
        row = []
        for k in range(len(P[0])):
            Pu = [r[:] for r in P]
            Pd = [r[:] for r in P]
            Pu[i][k] += h
            Pd[i][k] -= h
            row.append((value(Pu, Y) - value(Pd, Y)) / (2 * h))
        G.append(row)
    return G


def test_known_values():
    assert close(losses.get("sse").value(P, Y), 0.04 + 0.09 + 0.01 + 0.16)
    assert close(losses.get("mse").value(P, Y), 0.3 / 4)
    assert close(losses.get("binary_crossentropy").value(P, Y), 0.2990011586691898)
    assert close(losses.get("categorical_crossentropy").value(P, Y), 0.23101772979827936)


def test_gradients_match_finite_differences():
    for name in losses.NAMES:
        loss = losses.get(name)
        assert all_close(loss.grad(P, Y), _numeric_grad(loss.value, P, Y), rel=1e-6, abs_=1e-8), name


def test_zero_at_perfect_prediction_and_nonnegative():
    T = [[0.0, 1.0], [1.0, 0.0]]
    for name in ("sse", "mse"):
        assert losses.get(name).value(T, T) == 0.0
    for name in losses.NAMES:
        assert losses.get(name).value(P, Y) >= 0.0


def test_fused_forms_agree_with_plain_ones():
    Z = [[0.5, -1.5, 2.0], [-0.3, 0.8, 0.1]]
    T = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    for lname, aname in (("binary_crossentropy", "sigmoid"), ("categorical_crossentropy", "softmax")):
        loss = losses.get(lname)
        act = activations.get(aname)
        A = act.forward(Z)
        assert close(loss.fused_value(Z, T), loss.value(A, T), rel=1e-12)
        plain = act.backward(A, loss.grad(A, T))
        assert all_close(loss.fused_delta(A, T), plain, rel=1e-9, abs_=1e-15)


def test_confident_wrong_prediction_is_finite():
    Z = [[1000.0, -1000.0]]
    T = [[0.0, 1.0]]
    cce = losses.get("categorical_crossentropy")
    v = cce.fused_value(Z, T)
    assert close(v, 2000.0)
    A = activations.get("softmax").forward(Z)
    assert cce.fused_delta(A, T) == [[1.0, -1.0]]
    bce = losses.get("binary_crossentropy")
    assert close(bce.fused_value([[-800.0]], [[1.0]]), 800.0)
    assert close(bce.value([[0.0]], [[1.0]]), 27.631021115928547)   # clipped at 1e-12
