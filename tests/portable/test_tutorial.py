"""The tutorial network reaches the tutorial's forecasts, and prints them as it says."""

from purenn import tutorial
from purenn.core.activations import get


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


def test_table_shows_each_forecast_to_three_decimals_beside_its_fact():
    nn = tutorial.train(1500)
    lines = tutorial.table(nn)
    assert lines[0] == "Forecast / Fact" and len(lines) == 5
    for line, out, fact in zip(lines[1:], nn.output, [0, 1, 1, 0]):
        forecast, shown = line.split(" / ")
        assert shown == str(fact)
        assert len(forecast) == 5 and forecast[1] == "."      # d.ddd
        assert abs(float(forecast) - out[0]) <= 0.0005


def test_the_default_run_prints_the_table_in_the_readme():
    assert tutorial.table(tutorial.train(1500)) == [
        "Forecast / Fact", "0.019 / 0", "0.983 / 1", "0.976 / 1", "0.022 / 0"]


def test_its_sigmoid_is_the_library_sigmoid_to_the_last_bit():
    f = get("sigmoid").f
    zs = [k / 8.0 for k in range(-8000, 8001)] + [-1000.0, -745.5, 709.9, 1000.0]
    assert tutorial.sigmoid([zs]) == [[f(z) for z in zs]]
    assert tutorial.sigmoid_derivative([[0.0, 0.25, 0.5, 1.0]]) == [[0.0, 0.1875, 0.25, 0.0]]
