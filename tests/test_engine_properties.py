"""Every training engine gives the generic layers' results to the last bit:
weights, losses and errors, for hypothesis-drawn architectures (every
activation, leaky ReLU's slopes, softmax), losses (fused forms too), L2,
mini-batches, optimizers, inputs with exact zeros, runs that diverge and
weights that stop being finite.  Each engine is forced, whatever the
interpreter would choose (``choose_engine`` replaced for the call)."""

import math
import os
import sys

import pytest
from hypothesis import given, strategies as st

from purenn import Network, Dense
from purenn.core import codegen, loops, training
from purenn.core.optimizers import SGD, Adam
from test_gradient_properties import problems

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "portable"))
from checks import forced_fit  # noqa: E402  (the portable suite's helper, shared)


def _clone(net):
    return Network.from_dict(net.to_dict())


def generic(net, loss, optimizer, l2, X):
    return training.GenericEngine(net, loss, optimizer, l2)


def looping(net, loss, optimizer, l2, X):
    return loops.LoopEngine(net, loss, optimizer, l2)


def compiled_sparse(net, loss, optimizer, l2, X):
    """Generated code testing every input for 0.0 (as for sparse X)."""
    if not (type(optimizer) is SGD and optimizer.plain()):
        return None
    return codegen.CompiledEngine(net.compile(), net, loss, optimizer.learning_rate, l2,
                                  skip_inputs=True)


def compiled_dense(net, loss, optimizer, l2, X):
    if not (type(optimizer) is SGD and optimizer.plain()):
        return None
    return codegen.CompiledEngine(net.compile(), net, loss, optimizer.learning_rate, l2,
                                  skip_inputs=False)


ENGINES = (looping, compiled_sparse, compiled_dense)


def outcome(engine, net, X, Y, **kw):
    """(history or the error's message, every parameter's bits) of a fit run
    by ``engine``; None when the engine does not take these settings."""
    if isinstance(kw.get("optimizer"), tuple):     # a fresh optimizer for each run
        make, rate = kw["optimizer"]
        kw["optimizer"] = make(rate)
    return forced_fit(engine, generic, net, X, Y, kw)


def _with_zeros(X, mask):
    return [[0.0 if m else v for v, m in zip(row, ms)] for row, ms in zip(X, mask)]


def _momentum(rate):
    return SGD(rate, momentum=0.5)


@st.composite
def runs(draw):
    net, X, Y, loss, l2 = draw(problems())
    mask = draw(st.lists(st.lists(st.booleans(), min_size=len(X[0]), max_size=len(X[0])),
                         min_size=len(X), max_size=len(X)))
    X = _with_zeros(X, mask)            # exact zeros in the inputs, for the skipping
    optimizer = draw(st.sampled_from(["sgd", "sgd", "adam", "momentum"]))
    kw = dict(epochs=draw(st.integers(1, 4)), loss=loss, l2=l2, seed=5,
              batch_size=draw(st.sampled_from([None, 1, 3])),
              # 1e6 and 1e150: runs that diverge, at once or after a few steps
              learning_rate=draw(st.sampled_from([0.05, 0.5, 1e6, 1e150])))
    if optimizer == "momentum":
        kw["optimizer"] = (_momentum, kw.pop("learning_rate"))
    elif optimizer == "adam":
        kw["optimizer"] = (Adam, kw.pop("learning_rate"))
    return net, X, Y, kw


@given(runs(), st.sampled_from(ENGINES))
def test_every_engine_equals_the_generic_layers(run, engine):
    net, X, Y, kw = run
    got = outcome(engine, _clone(net), X, Y, **dict(kw))
    if got is not None:
        assert got == outcome(generic, _clone(net), X, Y, **dict(kw))


@st.composite
def overflowing(draw):
    """A ReLU network whose hidden units reach ±inf or NaN while the loss
    can stay finite: huge inputs and weights, zeros among them."""
    n_in, width = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    big = st.sampled_from([0.0, 1.0, -1.0, 1e200, -1e200, 1e308, -1e308, 1e-300])
    act = draw(st.sampled_from(["relu", "leaky_relu", "linear", "tanh"]))
    layers = [Dense(n_in, width, act), Dense(width, width, "relu"), Dense(width, 2, "softmax")]
    for layer in layers:
        layer.weights = [[draw(big) for _ in range(layer.n_inputs)]
                         for _ in range(layer.n_outputs)]
    n = draw(st.integers(1, 5))
    X = [[draw(big) for _ in range(n_in)] for _ in range(n)]
    Y = [[1.0, 0.0] if draw(st.booleans()) else [0.0, 1.0] for _ in range(n)]
    return Network(layers), X, Y


@given(overflowing(), st.sampled_from(ENGINES), st.sampled_from([None, 1, 2]),
       st.sampled_from([0.1, 1e10]))
def test_engines_equal_the_layers_when_values_stop_being_finite(case, engine, bs, lr):
    net, X, Y = case
    kw = dict(epochs=3, batch_size=bs, seed=1, learning_rate=lr,
              loss="categorical_crossentropy")
    assert outcome(engine, _clone(net), X, Y, **kw) == \
        outcome(generic, _clone(net), X, Y, **kw)


@given(st.sampled_from(ENGINES), st.integers(1, 3), st.sampled_from([float("inf"),
                                                                     float("nan")]),
       st.sampled_from(["relu", "tanh"]))
def test_a_weight_set_to_inf_by_a_callback_is_trained_as_the_layers_do(engine, epoch, bad,
                                                                        act):
    """Between epochs a callback may change the weights: an engine that skips
    zeros then forms every product (0·inf is NaN), as the layers do."""
    X = [[0.0, 1.0], [1.0, 0.0], [0.0, 0.0], [0.5, 0.0]]
    Y = [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]

    def poke(e, logs, net):
        if e == epoch:
            net.layers[0].weights[0][0] = bad

    results = []
    for make in (engine, generic):
        net = Network([Dense(2, 3, act), Dense(3, 2, "softmax")], seed=2)
        results.append(outcome(make, net, X, Y, epochs=4, learning_rate=0.5, batch_size=2,
                               seed=1, loss="categorical_crossentropy",
                               callbacks=[lambda e, logs, net=net: poke(e, logs, net)]))
    assert results[0] == results[1]
    assert "TrainingDiverged" in results[1][0] or "stopped being finite" in results[1][0] \
        or "became nan" in results[1][0]


def _overflowing_delta(hidden):
    """Layers below a softmax whose weights are ±1.79e308 and whose biases push
    its outputs to (0, 1): for a target (1, 0), δ·W is −inf while the loss is
    finite, so the hidden layers' δ are not finite; every input and hidden
    output is 0.0, and the hidden layers have no bias.  Forming the products
    gives NaN gradients (the run diverges); skipping them would not."""
    layers = [Dense(2, 2, act, bias=False, seed=k) for k, act in enumerate(hidden)]
    top = Dense(2, 2, "softmax", seed=9)
    top.weights = [[1.79e308, 1.79e308], [-1.79e308, -1.79e308]]
    top.biases = [-1000.0, 1000.0]
    return Network(layers + [top])


@pytest.mark.parametrize("hidden", [["tanh"], ["relu", "tanh"], ["tanh", "tanh"],
                                    ["linear", "relu", "tanh"]])
def test_a_delta_that_is_not_finite_forms_its_products_with_zeros(hidden):
    X = [[0.0, 0.0]]
    Y = [[1.0, 0.0]]
    want = outcome(generic, _overflowing_delta(hidden), X, Y, epochs=2, learning_rate=0.1,
                   loss="categorical_crossentropy")
    assert "the weights stopped being finite after epoch 1" in want[0]
    for engine in ENGINES:
        assert outcome(engine, _overflowing_delta(hidden), X, Y, epochs=2, learning_rate=0.1,
                       loss="categorical_crossentropy") == want, engine


def test_stop_within_an_epoch_leaves_the_same_weights_in_every_engine():
    X = [[0.0, 1.0, 2.0], [1.0, 0.0, 0.0], [0.5, 0.25, 0.0]] * 4
    Y = [[1.0], [0.0], [0.5]] * 4

    class After(list):
        def __getitem__(self, i):
            self.k -= 1
            return self.k < 0

    results = []
    for make in ENGINES + (generic,):
        net = Network([Dense(3, 8, "relu"), Dense(8, 1, "sigmoid")], seed=4)
        stop = After([False])
        stop.k = 5
        results.append(outcome(make, net, X, Y, epochs=3, batch_size=2, seed=3,
                               learning_rate=0.3, loss="binary_crossentropy", stop=stop))
    assert "stopped" in results[0][0]
    assert all(r == results[-1] for r in results)


def _digits_like():
    net = Network([Dense(16, 12, "relu"), Dense(12, 12, "relu"), Dense(12, 4, "softmax")],
                  seed=3)
    X = [[float((n * 7 + k * 3) % 5 == 0) * (k + n % 3) / 4.0 for k in range(16)]
         for n in range(40)]
    return net, X, [n % 4 for n in range(40)]


@pytest.mark.skipif(not hasattr(math, "sumprod"), reason="math.sumprod: CPython 3.12 and later")
def test_inexact_sums_are_close_but_not_the_same_bits():
    net, X, Y = _digits_like()
    kw = dict(epochs=5, batch_size=8, seed=1, learning_rate=0.1,
              loss="categorical_crossentropy")
    exact, fast = _clone(net), _clone(net)
    h1 = exact.fit(X, Y, **kw)
    h2 = fast.fit(X, Y, exact=False, **kw)
    assert h1 != h2 or exact.parameters() != fast.parameters()
    for a, b in zip(h1["loss"], h2["loss"]):
        assert abs(a - b) <= 1e-12 * abs(a)


@pytest.mark.skipif(hasattr(math, "sumprod"), reason="without math.sumprod only")
def test_exact_false_changes_nothing_without_sumprod():
    net, X, Y = _digits_like()
    kw = dict(epochs=3, batch_size=8, seed=1, learning_rate=0.1,
              loss="categorical_crossentropy")
    a, b = _clone(net), _clone(net)
    assert a.fit(X, Y, **kw) == b.fit(X, Y, exact=False, **kw)
    assert a.parameters() == b.parameters()


def test_each_interpreter_gets_its_engines(monkeypatch):
    from purenn.core import losses
    from purenn.core.optimizers import SGD as Plain
    ce = losses.get("categorical_crossentropy")
    small = Network([Dense(4, 8, "relu"), Dense(8, 3, "softmax")], seed=1)
    big = Network([Dense(64, 64, "relu"), Dense(64, 10, "softmax")], seed=1)
    assert big.parameter_count() > training.AUTO_COMPILE_PARAMETERS
    kinds = {}
    for name in ("cpython", "pypy", "micropython"):
        monkeypatch.setattr(training, "INTERPRETER", name)
        kinds[name] = [type(training.choose_engine(n, ce, opt, 0.0, compiled)).__name__
                       for n, opt, compiled in ((small, Plain(0.1), None), (big, Plain(0.1), None),
                                                (small, Adam(0.1), None),
                                                (small, Plain(0.1), False))]
    assert kinds["cpython"] == ["CompiledEngine", "LoopEngine", "LoopEngine", "GenericEngine"]
    assert kinds["pypy"] == ["LoopEngine", "LoopEngine", "LoopEngine", "GenericEngine"]
    assert kinds["micropython"] == ["CompiledEngine", "LoopEngine", "LoopEngine",
                                    "GenericEngine"]
