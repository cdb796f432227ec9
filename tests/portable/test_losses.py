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


def test_the_network_uses_the_fused_form_for_its_output():
    # a sigmoid output at z = -800 for target 1: the fused loss is 800, the
    # plain one on the clipped probability only ln(1e12) = 27.6
    from purenn import Network, Dense
    net = Network([Dense(1, 1, "sigmoid")])
    net.layers[0].weights = [[-800.0]]
    assert close(net.loss([[1.0]], [[1.0]], loss="binary_crossentropy"), 800.0)
    soft = Network([Dense(1, 2, "softmax")])
    soft.layers[0].weights = [[400.0], [-400.0]]
    assert close(soft.loss([[1.0]], [[0.0, 1.0]], loss="categorical_crossentropy"), 800.0)
    assert losses.get("binary_crossentropy").is_fused(activations.get("sigmoid"))
    assert not losses.get("binary_crossentropy").is_fused(activations.get("softmax"))
    assert not losses.get("mse").is_fused(activations.get("sigmoid"))


def test_log_losses_at_and_beyond_their_clipping_bounds():
    bce = losses.get("binary_crossentropy")
    cce = losses.get("categorical_crossentropy")
    EPS, HI = losses.EPS, losses.HI
    # beyond the bounds the clipped loss is flat: zero gradient (no division by p = 0)
    assert bce.grad([[0.0], [1.0]], [[1.0], [0.0]]) == [[0.0], [0.0]]
    assert cce.grad([[0.0, 1.0]], [[1.0, 0.0]]) == [[0.0, 0.0]]
    # at the bounds themselves nothing is clipped yet: the plain gradient
    c = 1.0 / 2
    assert bce.grad([[EPS], [HI]], [[1.0], [0.0]]) == [
        [c * (EPS - 1.0) / (EPS * (1.0 - EPS))], [c * (HI - 0.0) / (HI * (1.0 - HI))]]
    assert cce.grad([[EPS, HI]], [[1.0, 0.0]]) == [[-1.0 / EPS, -0.0]]
    assert cce.grad([[HI, EPS]], [[1.0, 0.0]]) == [[-1.0 / HI, -0.0]]
    # a target class predicted with p = 0 costs ln(1/EPS), not nothing
    assert close(cce.value([[0.0, 1.0]], [[1.0, 0.0]]), 27.631021115928547)


def test_hinge_counts_only_margins_below_one():
    hinge = losses.get("hinge")
    # margins y·p = 2, 0.5, −1, 1: terms 0, 0.5, 2, 0
    P = [[2.0], [0.5], [-1.0], [1.0]]
    Y = [[1.0], [1.0], [1.0], [1.0]]
    assert hinge.value(P, Y) == 2.5 / 4
    assert hinge.grad(P, Y) == [[0.0], [-0.25], [-0.25], [0.0]]     # at exactly 1: 0
    assert hinge.value([[-3.0]], [[-1.0]]) == 0.0 and hinge.value([[3.0]], [[-1.0]]) == 4.0


def test_fused_softmax_delta_scales_by_the_target_mass():
    # δ = (a·Σₖyₖ − y) / N: for a row holding half a unit of target, a/2 − y
    cce = losses.get("categorical_crossentropy")
    A = [[0.2, 0.8]]
    assert cce.fused_delta(A, [[0.5, 0.0]]) == [[0.2 * 0.5 - 0.5, 0.8 * 0.5 - 0.0]]
