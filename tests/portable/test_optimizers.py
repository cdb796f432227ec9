"""Each optimizer's update rule, step by step, against numbers worked out by hand.

Two parameters θ = [1.0, −2.0] (opposite signs, so a sign slip shows) take
two steps with the gradients given; every expected value is written out
from the formulas in ``purenn.core.optimizers`` with η = 0.1:

    SGD        θ ← θ − η·g
    momentum   v ← μ·v + g;  θ ← θ − η·v                 (μ = 0.9)
    Nesterov   v ← μ·v + g;  θ ← θ − η·(g + μ·v)
    Adam       m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
               θ ← θ − η·(m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)
"""

from purenn.core.optimizers import SGD, Adam
from checks import close

G = [0.5, -0.25]


def _steps(opt, grads):
    params = [[1.0, -2.0]]
    seen = []
    for g in grads:
        opt.step(params, [g])
        seen.append(params[0][:])
    return seen


def _agree(got, expected):
    for a, b in zip(got, expected):
        for x, y in zip(a, b):
            assert close(x, y, rel=1e-13, abs_=1e-15), (got, expected)


def test_sgd_steps_down_the_gradient():
    # 1 − 0.1·0.5 = 0.95, −2 − 0.1·(−0.25) = −1.975; then once more
    _agree(_steps(SGD(0.1), [G, G]), [[0.95, -1.975], [0.9, -1.95]])


def test_momentum_accumulates_a_velocity():
    # v₁ = g = [0.5, −0.25]; θ₁ = θ − 0.1·v₁ = [0.95, −1.975]
    # v₂ = 0.9·v₁ + g = [0.95, −0.475]; θ₂ = θ₁ − 0.1·v₂ = [0.855, −1.9275]
    _agree(_steps(SGD(0.1, momentum=0.9), [G, G]), [[0.95, -1.975], [0.855, -1.9275]])


def test_nesterov_looks_ahead_along_the_velocity():
    # θ₁ = θ − 0.1·(g + 0.9·v₁) = [1 − 0.1·0.95, −2 + 0.1·0.475] = [0.905, −1.9525]
    # θ₂ = θ₁ − 0.1·(g + 0.9·v₂) = [0.905 − 0.1·1.355, −1.9525 + 0.1·0.6775]
    _agree(_steps(SGD(0.1, momentum=0.9, nesterov=True), [G, G]),
           [[0.905, -1.9525], [0.7695, -1.88475]])


def test_adam_corrects_the_bias_of_its_moments():
    # step 1: m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g²: a step of η·g/(|g| + ε)
    #   θ₁ = [1 − 0.1·0.5/0.50000001, −2 + 0.1·0.25/0.25000001]
    # step 2, g₂ = [0.25, −0.25]:
    #   m = [0.9·0.05 + 0.1·0.25, 0.9·(−0.025) + 0.1·(−0.25)] = [0.07, −0.0475]
    #   v = [0.999·0.00025 + 0.001·0.0625, 0.999·0.0000625 + 0.001·0.0625]
    #     = [0.00031225, 0.0001249375]
    #   m̂ = m / 0.19 = [0.368421052631579, −0.25], v̂ = v / 0.001999 = [0.156203101550776, 0.0625]
    #   θ₂ = θ₁ − 0.1·m̂ / (√v̂ + 1e-8) = [0.900000002 − 0.093217961, −1.900000004 + 0.1·0.25/0.25000001]
    got = _steps(Adam(0.1), [G, [0.25, -0.25]])
    _agree(got, [[0.900000002, -1.9000000039999998],
                 [0.8067820404774623, -1.8000000080000003]])
    # without the correction the first step would be η·3.16 (m/√v = 0.1g/(0.0316|g|))
    assert close(got[0][0], 0.9, rel=1e-8)


def test_optimizers_keep_state_per_parameter_row():
    # two rows, updated independently: the second row's velocity is its own
    opt = SGD(0.1, momentum=0.9)
    params = [[1.0], [1.0]]
    opt.step(params, [[1.0], [0.0]])
    opt.step(params, [[0.0], [1.0]])
    # row 0: v = 1, θ = 0.9; then v = 0.9, θ = 0.81.  row 1: v = 0, θ = 1; then v = 1, θ = 0.9
    assert close(params[0][0], 0.81) and close(params[1][0], 0.9)


def test_adam_counts_its_steps_and_checks_its_settings():
    opt = Adam(0.1)
    assert opt.t == 0
    _steps(opt, [G, G, G])
    assert opt.t == 3
    for bad in ({"beta1": 1.0}, {"beta2": 1.0}, {"beta1": -0.1}, {"beta2": 1.5},
                {"epsilon": 0.0}, {"learning_rate": 0.0}):
        try:
            Adam(**bad)
        except ValueError:
            pass
        else:
            raise AssertionError(bad)
    Adam(0.1, beta1=0.0, beta2=0.0)         # 0 is allowed for both
    SGD(0.1, momentum=0.0)
    for bad in ({"momentum": 1.0}, {"momentum": -0.5}, {"learning_rate": -1.0}):
        try:
            SGD(**bad)
        except ValueError:
            pass
        else:
            raise AssertionError(bad)
    # the defaults of the documented signatures
    assert SGD().learning_rate == 0.01 and Adam().learning_rate == 0.001
    a = Adam()
    assert (a.beta1, a.beta2, a.epsilon) == (0.9, 0.999, 1e-8)
