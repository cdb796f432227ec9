"""Network.compile(): generated code gives the generic path's results exactly."""

from purenn import Network, Dense
from purenn import tutorial

X = [[0.5, -1.0, 0.25], [1.5, 0.3, -0.7], [-0.2, 0.8, 1.1], [0.9, -0.4, 0.0], [0.1, 0.2, 0.3]]
CASES = (
    (("sigmoid", False), ("sigmoid", False), "sse", [[0.0], [1.0], [1.0], [0.0], [1.0]]),
    (("tanh", True), ("linear", True), "mse", [[0.5], [-0.2], [0.1], [0.0], [1.0]]),
    (("relu", True), ("softmax", True), "categorical_crossentropy",
     [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]),
    (("leaky_relu", True), ("sigmoid", True), "binary_crossentropy",
     [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0], [0.5, 0.5]]),
    (("softmax", True), ("tanh", False), "hinge", [[1.0], [-1.0], [1.0], [-1.0], [1.0]]),
)


def _train(case, compiled, batch_size, l2):
    (h_act, h_bias), (o_act, o_bias), loss, Y = case
    net = Network([Dense(3, 4, h_act, bias=h_bias), Dense(4, len(Y[0]), o_act, bias=o_bias)],
                  seed=11)
    history = net.fit(X, Y, epochs=7, learning_rate=0.3, loss=loss, batch_size=batch_size,
                      seed=2, l2=l2, compiled=compiled)
    return history["loss"], [l.weights for l in net.layers], [l.biases for l in net.layers], \
        net.predict(X)


def test_compiled_training_equals_generic_exactly():
    a = Network([Dense(3, 4, "tanh"), Dense(4, 1, "sigmoid")], seed=1)
    a.fit(X, CASES[0][3], epochs=1, compiled=True)
    b = Network([Dense(3, 4, "tanh"), Dense(4, 1, "sigmoid")], seed=1)
    b.fit(X, CASES[0][3], epochs=1, compiled=False)
    assert a.compiled_code() is not None and b.compiled_code() is None     # two different paths
    for case in CASES:
        for batch_size in (None, 2):
            for l2 in (0.0, 0.01):
                assert _train(case, True, batch_size, l2) == _train(case, False, batch_size, l2), \
                    (case[2], batch_size, l2)


def test_compiled_tutorial_network_matches_tutorial_class():
    nn = tutorial.NeuralNetwork(tutorial.X, tutorial.Y, seed=1)
    net = Network([Dense(3, 4, "sigmoid", bias=False), Dense(4, 1, "sigmoid", bias=False)])
    net.layers[0].weights = [list(c) for c in zip(*nn.weights1)]
    net.layers[1].weights = [list(c) for c in zip(*nn.weights2)]
    net.compile()
    for _ in range(300):
        nn.feedforward()
        nn.backprop()
    net.fit(tutorial.X, tutorial.Y, epochs=300, learning_rate=1.0, loss="sse")
    assert net.layers[0].weights == [list(c) for c in zip(*nn.weights1)]
    assert net.layers[1].weights == [list(c) for c in zip(*nn.weights2)]


def test_source_is_readable_python():
    net = Network([Dense(2, 2, "sigmoid"), Dense(2, 1, "linear")], seed=1)
    src = net.compile().source("mse")
    assert src.startswith("def epochs(W, B, PW, PB, X, Y, next_order, bs, lr, l2, count, record, "
                          "stop):")
    assert "z1_0 = 0.0 + a0_0 * w1_0_0 + a0_1 * w1_0_1" in src
    assert "exp(" in src


def test_changed_architecture_falls_back_to_generic():
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
    net.compile()
    net.layers[0].activation = Dense(1, 1, "relu").activation
    ref = Network([Dense(2, 3, "relu"), Dense(3, 1, "sigmoid")])
    for a, b in zip(ref.layers, net.layers):
        a.weights, a.biases = b.weights, b.biases
    assert net.predict([[0.5, -0.5], [1.0, 2.0]]) == ref.predict([[0.5, -0.5], [1.0, 2.0]])


def test_each_kind_of_generated_code_says_where_it_diverged():
    """``epochs`` returns ('loss', L, epoch, batch) with batch counted from 1:
    the code for full batches has one batch per epoch, the code for
    mini-batches counts them; both stop with the weights of the last finite loss."""
    Y = [[30.0], [-20.0], [100.0], [5.0], [1.0]]
    for full, bs in ((True, None), (False, 2)):
        net = Network([Dense(3, 4, "relu"), Dense(4, 1, "linear")], seed=1)
        fn = net.compile().epoch_function("mse", 0.0, False, full)
        W = [l.weights for l in net.layers]
        B = [l.biases for l in net.layers]
        PW, PB = [[r[:] for r in w] for w in W], [b[:] for b in B]
        seen = []
        out = fn(W, B, PW, PB, X, Y, lambda: [4, 0, 3, 1, 2], bs, 1e5, 0.0, 50, seen.append,
                 [False])
        assert out[0] == "loss" and not (out[1] - out[1] == 0.0), out
        assert out[2] == len(seen) + 1, (out, seen)
        assert out[3] == 1 if full else 1 <= out[3] <= 3, out
        # put back: the weights whose loss (a batch's) was the last finite one
        last = net.loss(X, Y, loss="mse")
        assert last - last == 0.0 and (last == seen[-1] or not full), (last, seen)
