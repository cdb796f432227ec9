"""Every engine equals the generic layers bit for bit, on this interpreter:
the loops, generated code (testing inputs for 0.0 or not), and what fit
chooses by itself; diverging runs and values that stop being finite too."""

from purenn import Network, Dense, TrainingDiverged
from purenn.core import codegen, loops, training
from purenn.core.optimizers import SGD, Adam
from checks import forced_fit


def _generic(net, loss, opt, l2, X=None):
    return training.GenericEngine(net, loss, opt, l2)


def _loops(net, loss, opt, l2, X=None):
    return loops.LoopEngine(net, loss, opt, l2)


def _compiled(skip):
    def make(net, loss, opt, l2, X=None):
        if type(opt) is not SGD or not opt.plain():
            return None
        try:
            return codegen.CompiledEngine(net.compile(), net, loss, opt.learning_rate, l2,
                                          skip_inputs=skip)
        except RuntimeError:        # too large for MicroPython's compiler
            return None
    return make


ENGINES = (_loops, _compiled(True), _compiled(False))


def _outcome(make, layers, X, Y, kw):
    net = Network([Dense(a, b, act, bias=bias, seed=k)
                   for k, (a, b, act, bias) in enumerate(layers)])
    if "weights" in kw:
        for layer, w in zip(net.layers, kw["weights"]):
            layer.weights = [r[:] for r in w]
    if "biases" in kw:
        for layer, b in zip(net.layers, kw["biases"]):
            layer.biases = b[:]
    kw = dict(kw)
    kw.pop("weights", None)
    kw.pop("biases", None)
    if kw.get("optimizer") == "adam":
        kw["optimizer"] = Adam(kw.pop("learning_rate"))
    return forced_fit(make, _generic, net, X, Y, kw)


X4 = [[0.0, 1.0, 0.5], [1.0, 0.0, 0.0], [0.25, 0.0, -1.0], [0.0, 0.0, 0.0], [2.0, -0.5, 0.0]]
CASES = [
    ([(3, 6, "relu", True), (6, 2, "softmax", True)], X4,
     [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1.0, 0.0], [0.0, 1.0]],
     dict(loss="categorical_crossentropy", epochs=4, batch_size=2, seed=1, learning_rate=0.5)),
    ([(3, 5, "relu", False), (5, 4, "relu", True), (4, 1, "linear", True)], X4,
     [[0.5], [-1.0], [0.25], [0.0], [1.0]],
     dict(loss="mse", epochs=3, batch_size=3, seed=2, learning_rate=0.1, l2=0.01)),
    ([(3, 4, "leaky_relu(0.2)", True), (4, 3, "tanh", True), (3, 1, "sigmoid", False)], X4, [[1.0], [0.0], [1.0], [0.0], [0.5]],
     dict(loss="binary_crossentropy", epochs=3, seed=3, learning_rate=0.7)),
    ([(3, 4, "softmax", True), (4, 2, "sigmoid", True)], X4,
     [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0], [0.5, 0.5]],
     dict(loss="sse", epochs=3, batch_size=1, seed=4, learning_rate=0.3)),
    ([(3, 5, "relu", True), (5, 2, "linear", True)], X4,
     [[1.0, -1.0], [-1.0, 1.0], [1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]],
     dict(loss="hinge", epochs=3, batch_size=2, seed=5, learning_rate=0.2, optimizer="adam")),
    # hinge with plain SGD: samples beyond the margin (output δ = 0.0, their
    # backward pass skipped by the generated code) and samples within it
    ([(3, 5, "relu", True), (5, 4, "relu", True), (4, 1, "linear", True)], X4,
     [[1.0], [-1.0], [1.0], [1.0], [-1.0]],
     dict(loss="hinge", epochs=6, batch_size=2, seed=6, learning_rate=0.3, l2=0.01,
          biases=[[0.0] * 5, [0.0] * 4, [1.5]])),
    ([(3, 4, "tanh", True), (4, 3, "leaky_relu(0.2)", False), (3, 2, "linear", True)], X4,
     [[1.0, -1.0], [-1.0, -1.0], [1.0, 1.0], [1.0, -1.0], [-1.0, 1.0]],
     dict(loss="hinge", epochs=5, seed=7, learning_rate=0.5, biases=[[0.0] * 4, [], [2.0, -2.0]])),
    ([(3, 3, "sigmoid", False), (3, 1, "relu", True)], X4, [[0.0], [1.0], [0.0], [0.5], [2.0]],
     dict(loss="mse", epochs=4, batch_size=2, seed=8, learning_rate=0.4, biases=[[], [-0.5]])),
    # full batches (the generated code without a batch loop): a summed loss
    # with a penalty, an averaged one with a factor, and one that diverges
    ([(3, 4, "relu", True), (4, 2, "sigmoid", True)], X4,
     [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0], [0.5, 0.5]],
     dict(loss="sse", epochs=4, learning_rate=0.3, l2=0.02)),
    ([(3, 5, "tanh", False), (5, 3, "softmax", True)], X4,
     [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.5, 0.5, 0.0], [0.0, 0.25, 0.75]],
     dict(loss="categorical_crossentropy", epochs=4, batch_size=5, learning_rate=0.8)),
    ([(3, 4, "relu", True), (4, 1, "linear", True)], X4, [[30.0], [-20.0], [100.0], [5.0], [1.0]],
     dict(loss="mse", epochs=20, learning_rate=1e5, l2=0.01)),
    # diverging: the loss becomes inf or nan within a few steps
    ([(3, 4, "relu", True), (4, 1, "linear", True)], X4, [[30.0], [-20.0], [100.0], [5.0], [1.0]],
     dict(loss="mse", epochs=20, batch_size=2, seed=1, learning_rate=1e5)),
    # a weight becomes inf while later losses stay finite (ReLU turns NaN into 0)
    ([(2, 3, "relu", False), (3, 2, "softmax", True)],
     [[1e300, 1.0], [0.0, 1.0], [0.0, 1.0], [0.0, 1.0]],
     [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]],
     dict(loss="categorical_crossentropy", epochs=2, batch_size=1, seed=2, learning_rate=1e10,
          weights=[[[1e-300, 0.5], [2e-300, -0.3], [1e-300, 0.2]]])),
    # δ·W is -inf with a finite loss, every input 0.0: the products must be formed
    ([(2, 2, "tanh", False), (2, 2, "softmax", True)], [[0.0, 0.0]], [[1.0, 0.0]],
     dict(loss="categorical_crossentropy", epochs=2, learning_rate=0.1,
          weights=[[[0.5, -0.5], [0.25, 1.0]], [[1.79e308, 1.79e308], [-1.79e308, -1.79e308]]])),
]


def test_every_engine_gives_the_generic_layers_bits():
    for n, (layers, X, Y, kw) in enumerate(CASES):
        want = _outcome(_generic, layers, X, Y, kw)
        for make in ENGINES + (None,):
            got = _outcome(make, layers, X, Y, kw)
            assert got is None or got == want, (n, make, got and got[0], want[0])


def test_the_diverging_cases_diverge():
    for n in (10, 11, 12):
        layers, X, Y, kw = CASES[n]
        assert "fit: " in _outcome(_generic, layers, X, Y, kw)[0], n


def test_a_softmax_layer_with_huge_biases_gives_the_inf_delta_case():
    # the last case with the softmax's biases at ∓1000: the generic layers
    # diverge there (NaN gradients), and so must every engine
    layers, X, Y, kw = CASES[-1]
    net = Network([Dense(2, 2, "tanh", bias=False, seed=0), Dense(2, 2, "softmax", seed=1)])
    net.layers[0].weights = [r[:] for r in kw["weights"][0]]
    net.layers[1].weights = [r[:] for r in kw["weights"][1]]
    net.layers[1].biases = [-1000.0, 1000.0]
    for make in (_generic,) + ENGINES:
        before = training.choose_engine
        training.choose_engine = lambda n, l, o, l2, c, e=True, X=None, full=False, make=make: \
            make(n, l, o, l2) or _generic(n, l, o, l2)
        try:
            trial = Network.from_dict(net.to_dict())
            try:
                trial.fit(X, Y, loss="categorical_crossentropy", epochs=2, learning_rate=0.1)
                text = "no error"
            except TrainingDiverged as e:
                text = str(e)
        finally:
            training.choose_engine = before
        assert "the weights stopped being finite after epoch 1" in text, (make, text)


def _margins(layers, X, Y, kw):
    net = Network([Dense(a, b, act, bias=bias, seed=k)
                   for k, (a, b, act, bias) in enumerate(layers)])
    for layer, b in zip(net.layers, kw["biases"]):
        layer.biases = b[:]
    return [y * p for P, T in zip(net.predict(X), Y) for y, p in zip(T, P)]


def test_the_hinge_cases_have_samples_on_both_sides_of_the_margin():
    for n in (5, 6):
        margins = _margins(*CASES[n])
        assert min(margins) < 1.0 <= max(margins), (n, margins)
        net = Network([Dense(a, b, act, bias=bias) for a, b, act, bias in CASES[n][0]])
        assert "fa - fa == 0.0" in net.compile().source("hinge"), n


def test_a_sample_beyond_the_margin_with_an_infinite_unit_is_not_skipped():
    """1e308·10 overflows: the first unit is inf, the second 0.0 (−inf in), the
    output 2.0, beyond the margin (δ = 0.0).  The generic layers still form
    0.0·inf = NaN in the second layer's gradient, and stop: so must every
    engine, rather than skip the sample because its δ is 0.0."""
    layers = [(1, 1, "relu", False), (1, 1, "relu", True), (1, 1, "linear", True)]
    kw = dict(loss="hinge", epochs=2, learning_rate=0.1,
              weights=[[[1e308]], [[-1.0]], [[1.0]]], biases=[[], [0.0], [2.0]])
    want = _outcome(_generic, layers, [[10.0]], [[1.0]], kw)
    assert "the weights stopped being finite after epoch 1" in want[0], want[0]
    for make in ENGINES + (None,):
        got = _outcome(make, layers, [[10.0]], [[1.0]], kw)
        assert got is None or got == want, (make, got and got[0])


def test_a_sample_beyond_the_margin_still_trains_through_an_activation_that_adds_to_zero():
    """An activation whose δ is not 0.0 where ∂L/∂a is (here a tanh with
    ``+ 1e-3`` in its δ: wrong as calculus, but what the generic layers then
    compute) keeps every sample's backward pass in the generated code."""
    from purenn.core import activations

    class OddTanh(activations.Tanh):
        name = "odd_tanh"
        delta = "g * (1.0 - a * a) + 1e-3"

    activations.register(OddTanh)
    try:
        layers = [(3, 4, "odd_tanh", True), (4, 1, "linear", True)]
        kw = dict(loss="hinge", epochs=3, learning_rate=0.3, biases=[[0.0] * 4, [2.0]])
        Y = [[1.0], [1.0], [-1.0], [1.0], [1.0]]
        margins = _margins(layers, X4, Y, kw)
        assert min(margins) < 1.0 <= max(margins), margins     # some samples beyond it
        want = _outcome(_generic, layers, X4, Y, kw)
        for make in ENGINES:
            got = _outcome(make, layers, X4, Y, kw)
            assert got is None or got == want, (make, got and got[0])
    finally:
        activations.unregister("odd_tanh")
