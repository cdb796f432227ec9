"""Attack the boundary: whatever a caller passes to predict, loss, gradients
and fit, only purenn's documented errors may escape -- ValueError subclasses
(ShapeError among them) for bad input, TrainingDiverged when training on
legal but extreme numbers overflows -- never TypeError, IndexError,
ZeroDivisionError, OverflowError or a recursion error."""

import math

from hypothesis import given, settings, strategies as st

from purenn import Network, Dense, TrainingDiverged

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
    try:
        fn(*args, **kwargs)
    except ALLOWED:
        pass


@settings(max_examples=300)
@given(nets(), rows())
def test_predict(net, X):
    attempt(net.predict, X)


@settings(max_examples=300)
@given(nets(), rows(), rows(), LOSSES)
def test_loss_and_gradients(net, X, Y, loss):
    attempt(net.loss, X, Y, loss=loss)
    attempt(net.gradients, X, Y, loss=loss)


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
    attempt(net.predict, [[0.5, -0.5]])     # the network still works afterwards
