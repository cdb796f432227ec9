"""Activations: derivatives against finite differences over a wide range,
including ±1000; stability of sigmoid and softmax; loss properties."""

import math

from hypothesis import given, strategies as st

from purenn.core import activations, losses

wide = st.floats(-1000, 1000)


def fd(f, z):
    h = 1e-6 * max(1.0, abs(z))
    return (f(z + h) - f(z - h)) / (2 * h)


@given(wide, st.sampled_from(["sigmoid", "tanh", "linear", "relu", "leaky_relu",
                              "leaky_relu(0.3)", "leaky_relu(1.7)"]))
def test_derivative_matches_finite_difference(z, name):
    act = activations.get(name)
    if name.split("(")[0] in ("relu", "leaky_relu") and abs(z) < 1e-3:
        z = 1e-3 if z >= 0 else -1e-3       # away from the kink
    numeric = fd(act.f, z)
    analytic = act.df(act.f(z))
    assert abs(analytic - numeric) <= 1e-6 * abs(numeric) + 1e-9


@given(st.floats(-1e308, 1e308))
def test_sigmoid_and_tanh_finite_and_bounded(z):
    for name in ("sigmoid", "tanh"):
        act = activations.get(name)
        a = act.f(z)
        assert math.isfinite(a) and math.isfinite(act.df(a))
    assert 0.0 <= activations.get("sigmoid").f(z) <= 1.0


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=10))
def test_softmax_rows_sum_to_one(row):
    a = activations.get("softmax").forward([row])[0]
    assert abs(math.fsum(a) - 1.0) < 1e-12
    assert all(0.0 <= v <= 1.0 for v in a)


@given(st.floats(-1e300, 1e300), st.integers(1, 8))
def test_softmax_of_equal_values_is_uniform(v, k):
    a = activations.get("softmax").forward([[v] * k])[0]
    assert a == [1.0 / k] * k


@given(st.lists(st.lists(st.floats(0, 1), min_size=3, max_size=3), min_size=1, max_size=5))
def test_losses_nonnegative_and_zero_when_perfect(P):
    for name in losses.NAMES:
        assert losses.get(name).value(P, P) >= 0.0
    assert losses.get("sse").value(P, P) == 0.0
    assert losses.get("mse").value(P, P) == 0.0
