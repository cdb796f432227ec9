"""Attack the boundary: whatever a caller passes to predict, loss, gradients
and fit, only purenn's documented errors may escape -- ValueError subclasses
(ShapeError among them) for bad input, TrainingDiverged when training on
legal but extreme numbers overflows -- never TypeError, IndexError,
ZeroDivisionError, OverflowError or a recursion error.  And what does come
back is sound: predictions, losses and gradients are finite numbers of the
right shape, and a network is never left with a weight that is not finite."""

import math

from hypothesis import given, settings, strategies as st

from purenn import Network, Dense, TrainingDiverged
from purenn.datasets import moons

specials = st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, 0.0, -0.0,
                            10 ** 400, -(10 ** 400), True, False, None, "1.5", "", b"x"])
numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), specials)
atoms = st.one_of(numbers, st.text(max_size=3), st.none(), st.booleans())
anything = st.recursive(atoms, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner), st.dictionaries(st.text(max_size=2), inner,
                                                                          max_size=2)),
    max_leaves=20)


def rows(width_choices=(1, 2, 3, 4)):
    """Mostly well-formed matrices with hostile entries, plus arbitrary junk."""
    shaped = st.sampled_from(width_choices).flatmap(
        lambda w: st.lists(st.lists(st.one_of(st.floats(-5, 5), numbers, atoms), min_size=w, max_size=w),
                           min_size=0, max_size=5))
    return st.one_of(shaped, anything, st.lists(st.lists(numbers, max_size=4), max_size=4))


def nets():
    return st.builds(
        lambda acts, seed: Network([Dense(2, 3, acts[0]), Dense(3, 2, acts[1])], seed=seed),
        st.tuples(st.sampled_from(["sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax"]),
                  st.sampled_from(["sigmoid", "softmax", "linear", "tanh"])),
        st.integers(0, 100))


ALLOWED = (ValueError, TrainingDiverged)
LOSSES = st.one_of(st.sampled_from(["sse", "mse", "binary_crossentropy", "categorical_crossentropy",
                                    "hinge"]), anything)


def attempt(fn, *args, **kwargs):
    """fn's result, or None when it raised one of the documented errors."""
    try:
        return fn(*args, **kwargs)
    except ALLOWED:
        return None


def finite(v):
    return isinstance(v, float) and v - v == 0.0


def finite_rows(rows, width=None):
    return isinstance(rows, list) and all(
        isinstance(r, list) and (width is None or len(r) == width) and all(finite(v) for v in r)
        for r in rows)


def finite_weights(net):
    return all(finite_rows(l.weights, l.n_inputs) and finite_rows([l.biases])
               for l in net.layers)


@settings(max_examples=300)
@given(nets(), rows())
def test_predict(net, X):
    P = attempt(net.predict, X)
    if P is not None:
        assert len(P) == len(X) and finite_rows(P, net.n_outputs)


@settings(max_examples=300)
@given(nets(), rows(), rows(), LOSSES)
def test_loss_and_gradients(net, X, Y, loss):
    value = attempt(net.loss, X, Y, loss=loss)
    assert value is None or finite(value)
    grads = attempt(net.gradients, X, Y, loss=loss)
    if grads is not None:
        for layer, (dW, db) in zip(net.layers, grads):
            assert finite_rows(dW, layer.n_inputs) and len(dW) == layer.n_outputs
            assert finite_rows([db]) and len(db) == len(layer.biases)


@settings(max_examples=300)
@given(nets(), rows((2,)), rows((2,)), LOSSES,
       st.one_of(st.integers(-2, 3), anything),           # epochs
       st.one_of(st.floats(allow_nan=True), st.integers(-1, 10 ** 6), anything),   # learning_rate
       st.one_of(st.none(), st.integers(-1, 5), anything),  # batch_size
       st.one_of(st.none(), st.tuples(rows((2,)), rows((2,))), anything),  # validation_data
       st.one_of(st.sampled_from(["sgd", "adam"]), anything),  # optimizer
       st.one_of(st.none(), st.just(["accuracy"]), anything),  # metrics
       st.one_of(st.none(), st.just([lambda e, logs: e > 1]), anything),  # callbacks
       st.one_of(st.none(), st.integers(-1, 3), anything))  # patience
def test_fit(net, X, Y, loss, epochs, lr, batch_size, validation, optimizer, metrics,
             callbacks, patience):
    attempt(net.fit, X, Y, epochs=epochs, learning_rate=lr, loss=loss, batch_size=batch_size,
            validation_data=validation, optimizer=optimizer, seed=1, metrics=metrics,
            callbacks=callbacks, patience=patience)
    assert finite_weights(net)              # returned or raised, the network is sound
    P = net.predict([[0.5, -0.5]])          # and still works
    assert finite_rows(P, 2)


# -- escapes found by an attack, each one closed ------------------------------------

def test_hinge_loss_does_not_hide_nan():
    X, Y = moons(40, seed=0)
    Yh = [[2.0 * y[0] - 1.0] for y in Y]
    for compiled in (False, True):
        net = Network([Dense(2, 16, "linear"), Dense(16, 16, "linear"), Dense(16, 1, "linear")],
                      seed=0)
        try:
            net.fit(X, Yh, epochs=200, learning_rate=10.0, loss="hinge", compiled=compiled)
        except TrainingDiverged:
            pass
        else:
            raise AssertionError("a hinge run that overflows must raise TrainingDiverged")
        assert finite_weights(net) and finite_rows(net.predict(X), 1)


def test_the_last_step_cannot_leave_infinite_weights():
    # one full-batch step at a huge rate: the loss before it is finite, the
    # weights after it are not, and no later batch would notice
    X, _ = moons(20, seed=1)
    Y = [[1000.0] for _ in X]           # gradients far above 1: η·g overflows
    for compiled in (False, True):
        net = Network([Dense(2, 4, "linear"), Dense(4, 1, "linear")], seed=2)
        before = [row[:] for row in net.parameters()]
        assert net.compiled_code() is None
        try:
            net.fit(X, Y, epochs=1, learning_rate=1e308, compiled=compiled)
        except TrainingDiverged as e:
            assert e.epoch == 1
        else:
            raise AssertionError("expected TrainingDiverged")
        assert net.parameters() == before


def test_huge_integers_that_cancel_are_refused_not_overflowed():
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
    for call in (lambda: net.predict([[10 ** 400, -10 ** 400]]),
                 lambda: net.loss([[10 ** 400, -10 ** 400]], [[1.0]]),
                 lambda: net.fit([[10 ** 400, -10 ** 400]], [[1.0]])):
        try:
            call()
        except ValueError as e:
            assert "X[0][0]" in str(e) and "finite" in str(e)
        else:
            raise AssertionError("expected ValueError")


def test_outputs_too_large_to_represent_raise_instead_of_returning_inf():
    net = Network([Dense(2, 2, "linear"), Dense(2, 1, "linear")], seed=1)
    for row in net.parameters():
        row[:] = [2.0] * len(row)       # 2·1e308 + 2·1e308 overflows
    for call, where in ((lambda: net.predict([[0.0, 0.0], [1e308, 1e308]]), "X[1]"),
                        (lambda: net.loss([[1e308, 1e308]], [[0.0]]), "not finite"),
                        (lambda: net.gradients([[1e308, 1e308]], [[0.0]]), "not finite")):
        try:
            call()
        except ValueError as e:
            assert where in str(e)
        else:
            raise AssertionError("expected ValueError")
