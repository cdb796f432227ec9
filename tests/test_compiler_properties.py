"""The compiled path trains to exactly the generic path's weights, for
hypothesis-drawn architectures, losses, L2, batch sizes and seeds."""

from hypothesis import given, strategies as st

from purenn import Network, Dense, TrainingDiverged
from test_gradient_properties import problems


def _clone(net):
    layers = [Dense(l.n_inputs, l.n_outputs, l.activation.name, bias=bool(l.biases))
              for l in net.layers]
    for new, old in zip(layers, net.layers):
        new.weights = [row[:] for row in old.weights]
        new.biases = old.biases[:]
    return Network(layers)


def _train(net, X, Y, loss, l2, batch_size, lr, compiled):
    try:
        h = net.fit(X, Y, epochs=4, learning_rate=lr, loss=loss, l2=l2,
                    batch_size=batch_size, seed=5, compiled=compiled)["loss"]
    except TrainingDiverged as e:
        h = str(e)
    return h, [l.weights for l in net.layers], [l.biases for l in net.layers]


@given(problems(), st.sampled_from([None, 1, 3]), st.sampled_from([0.05, 0.5]))
def test_compiled_equals_generic(problem, batch_size, lr):
    net, X, Y, loss, l2 = problem
    generic = _clone(net)
    # repr, so that NaN weights left by a diverged run compare equal too
    assert repr(_train(net, X, Y, loss, l2, batch_size, lr, True)) == \
        repr(_train(generic, X, Y, loss, l2, batch_size, lr, False))
    assert repr(net.predict(X)) == repr(generic.predict(X))
