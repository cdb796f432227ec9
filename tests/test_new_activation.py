"""A new activation is one class: softplus, defined here, works everywhere.

``Softplus`` below is the whole definition: its value and its derivative
(written through the output a, as every purenn activation's is).  Registered,
it must work through the gradients, ``fit`` on both engines, generated code,
model files, the standalone export and ``explain``, with nothing else changed.
"""

import math

import pytest

from purenn import Dense, Network, gradcheck, load
from purenn.core import activations
from purenn.explain import explain_step
from purenn.export import export_source


class Softplus(activations.Elementwise):
    """softplus(z) = ln(1 + e^z), written without overflow; its derivative is
    the sigmoid σ(z) = 1 − e^−a, since e^a = 1 + e^z."""
    name = "softplus"
    value = "(z if z > 0.0 else 0.0) + log(1.0 + exp(-abs(z)))"
    derivative = "1.0 - exp(-a)"
    formula = "ln(1 + e^z)"
    derivative_formula = "1 − e^−a"


X = [[0.5, -1.0], [1.5, 0.25], [-2.0, 0.75], [0.1, 0.2], [3.0, -0.5]]
Y = [[1.0], [0.0], [1.0], [0.0], [1.0]]


@pytest.fixture
def softplus():
    activations.register(Softplus)
    yield activations.get("softplus")
    activations.unregister("softplus")


def make(seed=3):
    net = Network([Dense(2, 4, "softplus"), Dense(4, 3, "softplus"), Dense(3, 1, "sigmoid")],
                  seed=seed)
    for layer in net.layers:
        layer.biases[:] = [0.1 * (j + 1) for j in range(len(layer.biases))]
    return net


def test_the_class_is_the_function_and_its_derivative(softplus):
    for z in (-800.0, -3.0, -0.5, 0.0, 0.7, 4.0, 800.0):
        assert softplus.f(z) == pytest.approx(math.log1p(math.exp(z)) if z < 700 else z,
                                              rel=1e-15)
        a = softplus.f(z)
        sigma = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
        assert softplus.df(a) == pytest.approx(sigma, rel=1e-9, abs=1e-300)
    assert activations.known()[-1] == "softplus"


def test_gradients_match_finite_differences(softplus):
    assert gradcheck(make(), X, Y, loss="binary_crossentropy") < 1e-6


def test_fit_gives_the_same_weights_on_the_generic_and_the_generated_engine(softplus):
    runs = []
    for compiled in (False, True):
        net = make()
        h = net.fit(X, Y, epochs=25, learning_rate=0.5, loss="binary_crossentropy",
                    batch_size=2, seed=4, compiled=compiled)
        runs.append((h["loss"], [row[:] for row in net.parameters()]))
        assert (net.compiled_code() is not None) == compiled
    assert runs[0] == runs[1]
    assert runs[0][0][-1] < runs[0][0][0]
    src = make().compile().source("binary_crossentropy")
    assert "a1_0 = (z1_0 if z1_0 > 0.0 else 0.0) + log(1.0 + exp(-abs(z1_0)))" in src
    assert "d1_0 = e * (1.0 - exp(-a1_0))" in src      # e: the error of the unit at hand


def test_model_files_keep_it(softplus, tmp_path):
    net = make()
    path = str(tmp_path / "softplus.json")
    net.save(path)
    back = load(path)
    assert repr(back) == repr(net) and back.predict(X) == net.predict(X)


def test_the_exported_file_computes_it_exactly(softplus):
    net = make()
    space = {}
    exec(export_source(net), space)
    assert [space["predict"](x) for x in X] == net.predict(X)
    assert "ln(1 + e^z)" in export_source(net)


def test_explain_writes_it_out(softplus):
    net = make()
    text = explain_step(net, X, Y, loss="binary_crossentropy", learning_rate=0.5, neuron=1)
    assert "a¹[0][1] = softplus(" in text and "f = softplus: ln(1 + e^z)" in text
    assert "f'(z¹[0][1]) = 1 − e^−a = " in text
    dW = net.gradients(X, Y, loss="binary_crossentropy")[0][0]
    line = [l for l in text.splitlines() if l.strip().startswith("= ") and "%.6g" % dW[1][0] in l]
    assert line, "the gradient of w1[1][0] is printed"


def test_an_unknown_activation_is_refused_once_unregistered():
    activations.register(Softplus)
    activations.unregister("softplus")
    with pytest.raises(ValueError):
        Dense(2, 2, "softplus")
    with pytest.raises(ValueError):
        activations.unregister("sigmoid")
