"""Analytic gradients equal central finite differences, for every activation,
loss and architecture purenn offers (hypothesis draws them).

Tolerance: for every parameter θ with analytic gradient a and central
difference n = (L(θ+h) − L(θ−h)) / 2h, h = 1e-6, we require

    |a − n| ≤ 1e-5·|n| + 1e-8·(1 + |L|)

Why: n has a truncation error O(h²) (≈1e-12 relative here) and a rounding
error of about ε·|L|/h ≈ 2.2e-10·|L|; the bound leaves a margin of ~40× over
the worst rounding noise while a real mistake (a missing factor, a wrong
sign, a missed term of the softmax Jacobian) is off by O(|a|).  ReLU and
leaky ReLU are not differentiable at z = 0, so draws that put a
pre-activation within 1e-4 of the kink (where ±h could cross it) are
rejected, and likewise a hinge margin within 1e-4 of 1: the test is about
the math, not the kink.  A cross-entropy on an output it is not fused with
(binary cross-entropy on softmax, categorical on sigmoid) computes
``ln(1 − p)`` or ``ln p`` from a p within 1e-2 of 1 or 0 with a rounding
error of ε/min(p, 1 − p), which the central difference divides by 2h
(≈3e-7 for 1 − p = 1.7e-4, where the analytic gradient is right to 2e-9):
such draws are rejected too, since they measure the finite difference's
noise, not the gradient.  Draws include the L2 penalty ``l2·Σθ²``.
"""

from hypothesis import assume, given, strategies as st

from purenn import Dense, Network
from purenn.core import activations, losses

H = 1e-6
ACTS = tuple(activations.NAMES) + ("leaky_relu(0.3)", "leaky_relu(1.7)")
OUTPUT_FOR_LOSS = {
    "sse": ACTS,
    "mse": ACTS,
    "binary_crossentropy": ("sigmoid", "softmax"),
    "categorical_crossentropy": ("softmax", "sigmoid"),
    "hinge": ACTS,
}


@st.composite
def problems(draw):
    loss = draw(st.sampled_from(losses.NAMES))
    depth = draw(st.integers(1, 4))
    widths = draw(st.lists(st.integers(1, 8), min_size=depth + 1, max_size=depth + 1))
    acts = draw(st.lists(st.sampled_from(ACTS), min_size=depth - 1, max_size=depth - 1))
    acts.append(draw(st.sampled_from(OUTPUT_FOR_LOSS[loss])))
    bias = draw(st.lists(st.booleans(), min_size=depth, max_size=depth))
    for i in range(depth):          # softmax needs at least two outputs
        if acts[i] == "softmax" and widths[i + 1] < 2:
            widths[i + 1] = 2
    layers = [Dense(widths[i], widths[i + 1], acts[i], bias=bias[i]) for i in range(depth)]
    net = Network(layers, seed=draw(st.integers(0, 2 ** 32 - 1)))
    for layer in net.layers:        # non-zero biases, so their gradients matter
        if layer.biases:
            layer.biases[:] = draw(st.lists(st.floats(-1, 1), min_size=len(layer.biases),
                                            max_size=len(layer.biases)))
    n = draw(st.integers(1, 8))
    X = draw(st.lists(st.lists(st.floats(-2, 2), min_size=widths[0], max_size=widths[0]),
                      min_size=n, max_size=n))
    K = widths[-1]
    if loss == "categorical_crossentropy":
        labels = draw(st.lists(st.integers(0, K - 1), min_size=n, max_size=n))
        Y = [[1.0 if k == c else 0.0 for k in range(K)] for c in labels]
    elif loss == "binary_crossentropy":
        Y = draw(st.lists(st.lists(st.floats(0, 1), min_size=K, max_size=K), min_size=n, max_size=n))
    elif loss == "hinge":
        Y = draw(st.lists(st.lists(st.sampled_from([-1.0, 1.0]), min_size=K, max_size=K),
                          min_size=n, max_size=n))
    else:
        Y = draw(st.lists(st.lists(st.floats(-1, 1), min_size=K, max_size=K), min_size=n, max_size=n))
    l2 = draw(st.sampled_from([0.0, 0.0, 1e-3, 0.1]))
    return net, X, Y, loss, l2


def _away_from_kinks(net, X, Y, loss):
    A = X
    for layer in net.layers:
        Z, A = layer.forward(A)
        if layer.activation.name.split("(")[0] in ("relu", "leaky_relu"):
            if min([abs(z) for row in Z for z in row]) < 1e-4:
                return False
    if loss == "hinge":       # the hinge bends where the margin y·p is 1
        if min([abs(1.0 - y * p) for pr, yr in zip(A, Y) for p, y in zip(pr, yr)]) < 1e-4:
            return False
    last = net.layers[-1].activation
    if loss in ("binary_crossentropy", "categorical_crossentropy") and \
            not losses.get(loss).is_fused(last):
        if min([min(p, 1.0 - p) for row in A for p in row]) < 1e-2:
            return False
    return True


@given(problems())
def test_gradients_match_central_differences(problem):
    net, X, Y, loss, l2 = problem
    assume(_away_from_kinks(net, X, Y, loss))
    L = net.loss(X, Y, loss=loss, l2=l2)
    grads = net.gradients(X, Y, loss=loss, l2=l2)
    for k, (layer, (dW, db)) in enumerate(zip(net.layers, grads)):
        rows = [("weights[%d]" % j, layer.weights[j], dW[j]) for j in range(len(dW))]
        if layer.biases:
            rows.append(("biases", layer.biases, db))
        for where, params, analytic in rows:
            assert len(analytic) == len(params)
            for i in range(len(params)):
                keep = params[i]
                params[i] = keep + H
                up = net.loss(X, Y, loss=loss, l2=l2)
                params[i] = keep - H
                down = net.loss(X, Y, loss=loss, l2=l2)
                params[i] = keep
                numeric = (up - down) / (2 * H)
                assert abs(analytic[i] - numeric) <= 1e-5 * abs(numeric) + 1e-8 * (1 + abs(L)), \
                    (loss, k, where, i, analytic[i], numeric)


@given(problems())
def test_gradcheck_reports_small_error_for_correct_gradients(problem):
    from purenn import gradcheck
    net, X, Y, loss, _ = problem
    assume(_away_from_kinks(net, X, Y, loss))
    assert gradcheck(net, X, Y, loss=loss) < 1e-4


def test_gradcheck_catches_a_wrong_gradient():
    from purenn import gradcheck
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
    X, Y = [[0.5, -1.0], [1.0, 2.0]], [[1.0], [0.0]]
    real = net.gradients

    def wrong(*args, **kwargs):
        g = real(*args, **kwargs)
        return [([[2 * v for v in row] for row in dW], db) for dW, db in g]
    net.gradients = wrong
    assert gradcheck(net, X, Y, loss="mse") > 0.3
