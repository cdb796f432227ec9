"""Network: shapes, gradients vs finite differences, training, Neuron view."""

from purenn import Network, Dense, Neuron, ShapeError, gradcheck
from purenn import tutorial
from checks import raises, all_close

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [[0.0], [1.0], [1.0], [0.0]]


def test_repr_and_shapes():
    net = Network([Dense(3, 4, "sigmoid"), Dense(4, 1, "sigmoid", bias=False)], seed=1)
    assert repr(net.layers[0]) == "Dense(3 -> 4, sigmoid)"
    assert repr(net.layers[1]) == "Dense(4 -> 1, sigmoid, bias=False)"
    assert len(net.layers[0].weights) == 4 and len(net.layers[0].weights[0]) == 3
    assert net.layers[0].biases == [0.0] * 4 and net.layers[1].biases == []
    assert net.parameter_count() == 12 + 4 + 4
    assert raises(ShapeError, Network, [Dense(3, 4), Dense(5, 1)])


def test_same_seed_same_network():
    a = Network([Dense(3, 5, "tanh"), Dense(5, 2, "softmax")], seed=7)
    b = Network([Dense(3, 5, "tanh"), Dense(5, 2, "softmax")], seed=7)
    assert a.layers[0].weights == b.layers[0].weights
    assert a.layers[1].weights == b.layers[1].weights
    c = Network([Dense(3, 5, "tanh"), Dense(5, 2, "softmax")], seed=8)
    assert a.layers[0].weights != c.layers[0].weights


def test_gradients_match_finite_differences():
    X = [[0.5, -1.0, 0.25], [1.5, 0.3, -0.7], [-0.2, 0.8, 1.1]]
    cases = (
        ([Dense(3, 4, "tanh"), Dense(4, 2, "linear")], [[0.1, -0.2], [0.5, 0.3], [-1.0, 0.0]], "mse"),
        ([Dense(3, 4, "sigmoid", bias=False), Dense(4, 1, "sigmoid", bias=False)], [[0.0], [1.0], [1.0]], "sse"),
        ([Dense(3, 5, "leaky_relu"), Dense(5, 3, "softmax")], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
         "categorical_crossentropy"),
        ([Dense(3, 3, "relu"), Dense(3, 2, "tanh"), Dense(2, 2, "sigmoid")], [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]],
         "binary_crossentropy"),
    )
    for seed, (layers, Y, loss) in enumerate(cases):
        net = Network(layers, seed=seed + 10)
        err = gradcheck(net, X, Y, loss=loss)
        assert err < 1e-5, (loss, err)


def test_gradients_have_parameter_shapes():
    net = Network([Dense(3, 4, "tanh"), Dense(4, 2, "sigmoid", bias=False)], seed=2)
    (dW1, db1), (dW2, db2) = net.gradients([[1.0, 2.0, 3.0]], [[0.0, 1.0]], loss="mse")
    assert len(dW1) == 4 and len(dW1[0]) == 3 and len(db1) == 4
    assert len(dW2) == 2 and len(dW2[0]) == 4 and db2 == []


def test_fit_learns_xor():
    net = Network([Dense(2, 8, "tanh"), Dense(8, 1, "sigmoid")], seed=3)
    history = net.fit(XOR_X, XOR_Y, epochs=500, learning_rate=0.5, loss="binary_crossentropy")
    assert len(history["loss"]) == 500 and history["loss"][-1] < history["loss"][0]
    P = net.predict(XOR_X)
    assert [round(p[0]) for p in P] == [0, 1, 1, 0]


def test_fit_is_reproducible_with_mini_batches():
    def run():
        net = Network([Dense(2, 6, "tanh"), Dense(6, 1, "sigmoid")], seed=5)
        h = net.fit(XOR_X, XOR_Y, epochs=20, learning_rate=0.3, loss="mse", batch_size=2, seed=9)
        return h["loss"], net.layers[0].weights
    assert run() == run()


def test_network_matches_the_tutorial_class():
    # The tutorial's 3-4-1 net, no biases, SSE, learning rate 1, as a Network.
    nn = tutorial.NeuralNetwork(tutorial.X, tutorial.Y, seed=1)
    net = Network([Dense(3, 4, "sigmoid", bias=False), Dense(4, 1, "sigmoid", bias=False)])
    net.layers[0].weights = [list(col) for col in zip(*nn.weights1)]   # Dense stores Wᵀ
    net.layers[1].weights = [list(col) for col in zip(*nn.weights2)]
    for _ in range(200):
        nn.feedforward()
        nn.backprop()
    net.fit(tutorial.X, tutorial.Y, epochs=200, learning_rate=1.0, loss="sse")
    assert all_close(net.layers[0].weights, [list(c) for c in zip(*nn.weights1)], rel=1e-12)
    assert all_close(net.layers[1].weights, [list(c) for c in zip(*nn.weights2)], rel=1e-12)


def test_neuron_view_agrees_with_dense_exactly():
    layer = Dense(3, 4, "tanh", seed=4)
    layer.biases[:] = [0.1, -0.2, 0.3, -0.4]
    X = [[0.5, -1.0, 2.0], [1.0, 0.0, -3.0]]
    Z, A = layer.forward(X)
    for n in range(2):
        for j, neuron in enumerate(layer.neurons):
            assert neuron.weighted_sum(X[n]) == Z[n][j]
            assert neuron.forward(X[n]) == A[n][j]
    neuron = layer.neurons[1]
    assert neuron.weights is layer.weights[1]
    neuron.bias = 5.0
    assert layer.biases[1] == 5.0


def test_standalone_neuron():
    n = Neuron([0.5, -1.0], bias=0.25, activation="linear")
    assert n.weighted_sum([2.0, 1.0]) == 0.25
    assert repr(n) == "Neuron(2 inputs, linear)"


def test_boundary_errors():
    net = Network([Dense(2, 3), Dense(3, 1)], seed=1)
    assert raises(ShapeError, net.predict, [[1.0, 2.0, 3.0]])
    assert raises(ShapeError, net.predict, [])
    assert raises(ValueError, net.predict, [[1.0, "a"]])
    assert raises(ValueError, net.predict, [[1.0, float("nan")]])
    assert raises(ShapeError, net.fit, XOR_X, [[0.0], [1.0]])
    assert raises(ValueError, net.fit, XOR_X, XOR_Y, learning_rate=0.0)
    assert raises(ValueError, net.fit, XOR_X, XOR_Y, epochs=0)
    assert raises(ValueError, net.loss, XOR_X, XOR_Y, loss="hinge2")
    for bad in (True, 2.0, 0, -1, "3", None):           # sizes are positive ints only
        assert raises(ValueError, Dense, bad, 1)
        assert raises(ValueError, Dense, 1, bad)
    assert Network([Dense(1, 1)]).metadata == {}
    assert Network.from_dict(Network([Dense(1, 1)]).to_dict()).metadata == {}


def test_flat_targets_are_one_column():
    net = Network([Dense(2, 3), Dense(3, 1)], seed=1)
    assert net.loss(XOR_X, [0, 1, 1, 0]) == net.loss(XOR_X, XOR_Y)


def test_initial_weights_follow_their_rule():
    import math
    # glorot: uniform in ±sqrt(6 / (n_in + n_out)); he: ±sqrt(6 / n_in); uniform: [0, 1)
    for act, init, bound, low in (("tanh", None, math.sqrt(6.0 / 100.0), True),
                                  ("sigmoid", "glorot", math.sqrt(6.0 / 100.0), True),
                                  ("relu", None, math.sqrt(6.0 / 40.0), True),
                                  ("leaky_relu", None, math.sqrt(6.0 / 40.0), True),
                                  ("linear", "he", math.sqrt(6.0 / 40.0), True),
                                  ("tanh", "uniform", 1.0, False)):
        layer = Dense(40, 60, act, init=init, seed=2)
        ws = [w for row in layer.weights for w in row]
        assert len(ws) == 2400 and layer.biases == [0.0] * 60
        assert max(ws) < bound and max(ws) > 0.99 * bound, (act, init)
        if low:
            assert min(ws) >= -bound and min(ws) < -0.99 * bound, (act, init)
        else:
            assert min(ws) >= 0.0 and min(ws) < 0.01
    assert Dense(3, 4, "relu").init == "he" and Dense(3, 4, "softmax").init == "glorot"
    assert raises(ValueError, Dense, 3, 4, "tanh", init="xavier")


def test_neuron_and_layer_defaults():
    n = Neuron([1.0, 2.0])
    assert n.bias == 0.0 and n.activation.name == "sigmoid"
    assert n.weighted_sum([1.0, 1.0]) == 3.0
    layer = Dense(2, 3, "linear", seed=1)
    dW, db, dX = layer.backward([[1.0, 2.0]], [[1.0, 0.0, -1.0]])
    assert dX == [[layer.weights[0][i] - layer.weights[2][i] for i in range(2)]]
    assert db == [1.0, 0.0, -1.0] and dW == [[1.0, 2.0], [0.0, 0.0], [-1.0, -2.0]]
    assert layer.backward([[1.0, 2.0]], [[1.0, 0.0, -1.0]], need_input_grad=False)[2] is None
    assert raises(ValueError, Neuron, [1.0], 0.0, "nope")
    assert raises(ValueError, Neuron([1.0, 2.0]).weighted_sum, [1.0])
    assert raises(ValueError, Neuron([1.0, 2.0]).weighted_sum, "ab")
    assert raises(ValueError, Neuron([1.0, 2.0]).weighted_sum, [1.0, None])


def test_every_checked_entry_point_checks_the_width():
    net = Network([Dense(2, 3), Dense(3, 1)], seed=1)
    for call in (net.predict, lambda X: net.loss(X, [[0.0]]),
                 lambda X: net.gradients(X, [[0.0]]), lambda X: net.fit(X, [[0.0]])):
        assert raises(ShapeError, call, [[1.0, 2.0, 3.0]])
    assert raises(ValueError, net.loss, [[1.0, 2.0]], [[0.0]], loss="mse", l2=-1.0)


def test_predict_names_the_first_row_that_overflows():
    net = Network([Dense(2, 1, "linear")], seed=1)
    net.layers[0].weights = [[2.0, 2.0]]
    for X, where in (([[1e308, 1e308], [0.0, 0.0]], "X[0]"), ([[0.0, 0.0], [1e308, 1e308]], "X[1]")):
        try:
            net.predict(X)
        except ValueError as e:
            assert where in str(e)
        else:
            raise AssertionError("expected ValueError")
    assert net.predict([[0.5, 0.25]]) == [[1.5]]


def test_dense_from_weights_keeps_the_rows_and_draws_nothing():
    from purenn.core import rng
    W = [[0.5, -1.0, 2.0], [0.25, 0.0, -3.0]]
    before = rng.default().state()
    layer = Dense.from_weights(W, [0.1, -0.2], "tanh")
    assert layer.weights is W and layer.biases == [0.1, -0.2] and layer.has_bias
    assert (layer.n_inputs, layer.n_outputs, layer.activation.name) == (3, 2, "tanh")
    assert layer.init == "glorot"
    plain = Dense.from_weights([[1.0], [2.0]], None, "relu")
    assert plain.biases == [] and not plain.has_bias and plain.init == "he"
    assert rng.default().state() == before      # nothing was drawn
    net = Network([layer])
    assert net.predict([[1.0, 1.0, 1.0]])[0][0] == __import__("math").tanh(1.5 + 0.1)
    for bad in ([], [[1.0], [1.0, 2.0]], "rows", [[]]):
        assert raises(ValueError, Dense.from_weights, bad)
    assert raises(ValueError, Dense.from_weights, [[1.0]], [1.0, 2.0])
    assert raises(ValueError, Dense.from_weights, [[1.0]], None, "nope")
