"""The tutorial network reaches the tutorial's forecasts."""

from purenn import tutorial


def test_tutorial_reaches_the_facts():
    nn = tutorial.train(1500)
    for out, fact in zip(nn.output, nn.y):
        assert abs(out[0] - fact[0]) < 0.05, (out, fact)


def test_weights_are_uniform_in_unit_interval():
    nn = tutorial.NeuralNetwork(tutorial.X, tutorial.Y, seed=2)
    assert len(nn.weights1) == 3 and len(nn.weights1[0]) == 4
    assert len(nn.weights2) == 4 and len(nn.weights2[0]) == 1
    for row in nn.weights1 + nn.weights2:
        for w in row:
            assert 0.0 <= w < 1.0


def test_table_format():
    nn = tutorial.train(1500)
    lines = tutorial.table(nn)
    assert lines[0] == "Forecast / Fact"
    assert [line[-1] for line in lines[1:]] == ["0", "1", "1", "0"]
    assert lines[1] == "%.3f / 0" % nn.output[0][0]
