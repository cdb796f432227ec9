"""Check analytic gradients against finite differences.

For every parameter θ (each weight and bias) the central difference

    n = (L(θ + h) − L(θ − h)) / (2h)

approximates ∂L/∂θ with error O(h²); ``gradcheck`` compares it with the
analytic value ``a`` from ``Network.gradients`` and returns the largest

    |a − n| / max(|a|, |n|, floor)

over all parameters, where ``floor = 1e-5·(1 + |L|)``.  The floor keeps
parameters whose gradient is (nearly) zero from turning rounding noise into
a large relative error: n itself carries a rounding error of about
``ε·|L| / h`` (ε ≈ 2.2e-16, so ≈ 2e-10·|L| at h = 1e-6) and a truncation
error O(h²).  A correct gradient gives values below about 1e-4 (typically
1e-8); a wrong one gives values near 1.

>>> from purenn import Network, Dense
>>> net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=3)
>>> gradcheck(net, [[0.5, -1.0], [2.0, 0.25]], [[1.0], [0.0]], loss="mse") < 1e-6
True
"""


def gradcheck(network, X, Y, loss="mse", h=1e-6):
    """Largest relative error between ``network.gradients`` and central differences.

    Each parameter (``network.parameters()``, in order) is nudged by ``±h``
    in turn and put back exactly as it was; the network is left unchanged.
    """
    grads = network.gradient_rows(network.gradients(X, Y, loss=loss))
    floor = 1e-5 * (1.0 + abs(network.loss(X, Y, loss=loss)))
    worst = 0.0
    for params, analytic in zip(network.parameters(), grads):
        for i in range(len(params)):
            keep = params[i]
            params[i] = keep + h
            up = network.loss(X, Y, loss=loss)
            params[i] = keep - h
            down = network.loss(X, Y, loss=loss)
            params[i] = keep
            numeric = (up - down) / (2.0 * h)
            a = analytic[i]
            scale = max(abs(a), abs(numeric), floor)
            err = abs(a - numeric) / scale
            if err > worst:
                worst = err
    return worst
