"""Activations: values, derivatives against finite differences, stability."""

from purenn.core import activations
from checks import close, numeric_derivative, raises

POINTS = (-5.0, -1.3, -0.2, 0.3, 1.7, 6.0)


def test_known_values():
    sig = activations.get("sigmoid")
    assert sig.f(0.0) == 0.5
    assert close(sig.f(2.0), 0.8807970779778823)
    assert close(activations.get("tanh").f(0.5), 0.46211715726000974)
    assert activations.get("relu").f(-3.0) == 0.0 and activations.get("relu").f(3.0) == 3.0
    assert activations.get("leaky_relu").f(-3.0) == -0.03
    assert activations.get("linear").f(-3.5) == -3.5


def test_sigmoid_extremes_do_not_raise():
    sig = activations.get("sigmoid")
    assert sig.f(-1000.0) == 0.0 and sig.f(1000.0) == 1.0
    assert sig.forward([[-1000.0, 1000.0]]) == [[0.0, 1.0]]
    assert sig.f(-1e308) == 0.0 and sig.f(1e308) == 1.0


def test_elementwise_derivatives_match_finite_differences():
    for name in ("sigmoid", "tanh", "relu", "leaky_relu", "linear"):
        act = activations.get(name)
        for z in POINTS:
            a = act.f(z)
            assert close(act.df(a), numeric_derivative(act.f, z), rel=1e-6, abs_=1e-9), (name, z)


def test_batched_forward_matches_scalar_and_backward_is_chain_rule():
    Z = [list(POINTS), [0.1, -0.1, 2.0, -2.0, 4.0, -4.0]]
    G = [[1.0, -2.0, 0.5, 3.0, -1.0, 0.25]] * 2
    for name in ("sigmoid", "tanh", "relu", "leaky_relu", "linear"):
        act = activations.get(name)
        A = act.forward(Z)
        assert A == [[act.f(z) for z in row] for row in Z]
        D = act.backward(A, G)
        assert D == [[g * act.df(a) for a, g in zip(ar, gr)] for ar, gr in zip(A, G)]


def test_softmax_rows_sum_to_one_and_are_stable():
    sm = activations.get("softmax")
    A = sm.forward([[1.0, 2.0, 3.0], [1000.0, 1000.0, 1000.0], [-1000.0, 0.0, 1000.0]])
    for row in A:
        s = 0.0
        for v in row:
            s += v
        assert close(s, 1.0)
    assert A[1] == [1.0 / 3, 1.0 / 3, 1.0 / 3]
    assert A[2] == [0.0, 0.0, 1.0]
    assert close(A[0][2], 0.6652409557748219)


def test_softmax_backward_matches_finite_differences():
    sm = activations.get("softmax")
    z = [0.5, -1.0, 2.0]
    g = [1.0, -2.0, 0.5]          # L = g·softmax(z)

    def L(zz):
        return sum([gi * ai for gi, ai in zip(g, sm.forward([zz])[0])])

    d = sm.backward(sm.forward([z]), [g])[0]
    for i in range(3):
        def Li(t, i=i):
            zz = list(z)
            zz[i] = t
            return L(zz)
        assert close(d[i], numeric_derivative(Li, z[i]), rel=1e-6, abs_=1e-9)


def test_unknown_name():
    try:
        activations.get("swish")
    except ValueError as e:
        assert "swish" in str(e)
    else:
        assert False


def test_known_values_and_the_convention_at_the_kink():
    get = activations.get
    assert get("relu").f(0.5) == 0.5 and get("relu").f(-0.5) == 0.0 and get("relu").f(2.0) == 2.0
    assert get("leaky_relu").f(0.5) == 0.5 and get("leaky_relu").f(-2.0) == -0.02
    assert get("linear").f(-3.25) == -3.25
    assert get("sigmoid").f(0.0) == 0.5 and get("tanh").f(0.0) == 0.0
    # exactly at z = 0 (a = 0) relu's slope is taken as 0 and leaky relu's as its alpha
    assert get("relu").df(0.0) == 0.0 and get("leaky_relu").df(0.0) == 0.01
    assert get("relu").backward([[0.0]], [[2.0]]) == [[0.0]]
    assert get("leaky_relu").backward([[0.0, 1.0]], [[2.0, 2.0]]) == [[0.02, 2.0]]


def test_leaky_relu_with_another_slope_everywhere():
    from purenn import Network, Dense
    from purenn.core import activations
    act = activations.get("leaky_relu(0.3)")
    assert act.name == "leaky_relu(0.3)" and act.alpha == 0.3
    assert act.f(-2.0) == -0.6 and act.f(2.0) == 2.0
    assert act.df(act.f(-2.0)) == 0.3 and act.df(act.f(2.0)) == 1.0
    assert activations.get("leaky_relu(0.01)").name == "leaky_relu"
    for bad in ("leaky_relu(0)", "leaky_relu(-1)", "leaky_relu(x)", "leaky_relu(nan)",
                "relu(2)"):
        assert raises(ValueError, activations.get, bad), bad
    net = Network([Dense(2, 3, "leaky_relu(0.3)"), Dense(3, 1, "linear")], seed=4)
    assert net.layers[0].init == "he"
    back = Network.from_dict(net.to_dict())
    assert back.layers[0].activation.name == "leaky_relu(0.3)"
    X = [[-1.0, 0.5], [2.0, -3.0]]
    assert back.predict(X) == net.predict(X)
    net.compile()
    assert net.predict(X) == back.predict(X)
