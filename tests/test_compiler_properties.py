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
    # repr, so that the states diverged runs leave compare exactly too
    assert repr(_train(net, X, Y, loss, l2, batch_size, lr, True)) == \
        repr(_train(generic, X, Y, loss, l2, batch_size, lr, False))
    assert _predict(net, X) == _predict(generic, X)


def _predict(net, X):
    """The predictions, or the error that says they are not finite (the
    weights a diverged run leaves are finite, but may be too large for X)."""
    try:
        return repr(net.predict(X))
    except ValueError as e:
        return str(e)


def test_generated_code_is_chosen_by_itself_only_for_small_networks_and_plain_sgd():
    from purenn.core.optimizers import SGD
    from purenn.core.training import AUTO_COMPILE_PARAMETERS
    Y = [[0.5]]

    def net(width):     # 10 inputs -> width -> 1, with biases: 12·width + 1 parameters
        return Network([Dense(10, width, "tanh"), Dense(width, 1, "linear")], seed=1)
    small = net((AUTO_COMPILE_PARAMETERS - 1) // 12)
    big = net((AUTO_COMPILE_PARAMETERS - 1) // 12 + 1)
    assert small.parameter_count() <= AUTO_COMPILE_PARAMETERS < big.parameter_count()
    exact = Network([Dense(AUTO_COMPILE_PARAMETERS - 1, 1, "linear")], seed=1)
    over = Network([Dense(AUTO_COMPILE_PARAMETERS, 1, "linear")], seed=1)
    cases = ((small, {}, True), (big, {}, False), (net(4), {"compiled": False}, False),
             (big, {"compiled": True}, True), (net(4), {"optimizer": "adam"}, False),
             (net(4), {"optimizer": SGD(0.01, momentum=0.5)}, False),
             (net(4), {"optimizer": SGD(0.01)}, True), (exact, {}, True), (over, {}, False))
    for n, options, generated in cases:
        n.fit([[0.1] * n.n_inputs], Y, epochs=1, **options)
        assert (n.compiled_code() is not None) == generated, (n, options)
