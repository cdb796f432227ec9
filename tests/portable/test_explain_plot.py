"""explain and plot on every interpreter: the printed gradients are the
library's, the pictures are well-formed SVG text, the sparkline."""

from checks import close

from purenn import plot
from purenn.explain import explain_step, tutorial_network


def _gradient_lines(text):
    """[(layer, name, value)] for each ∂L/∂w block of the backward pass."""
    found = []
    part = None
    layer = None
    name = None
    for line in text.split("\n"):
        if line.startswith("BACKWARD"):
            part = "back"
        elif line.startswith("UPDATE"):
            part = None
        elif part and line.startswith("layer "):
            layer = int(line.split()[1][:-1]) - 1
        elif part and line.strip().startswith("∂L/∂w"):
            name = line.strip().split(" = ")[0]
        elif part and name and line.strip().startswith("= ") and " + " not in line \
                and "·" not in line:
            found.append((layer, name, float(line.split()[-1])))
            name = None
    return found


def test_explain_prints_the_library_gradients():
    net, X, Y = tutorial_network()
    grads = net.gradients(X, Y, loss="sse")
    text = explain_step(net, X, Y, loss="sse", learning_rate=1.0, sample=1, neuron=2)
    found = _gradient_lines(text)
    assert len(found) == 4 + 3
    for layer, name, value in found:
        j = int(name.split("[")[1][:-1])
        i = int(name.split("[")[2][:-1])
        assert close(value, grads[layer][0][j][i], rel=2e-5)
    for line in text.split("\n"):
        assert len(line) <= 80


def test_svg_text_and_sparkline():
    net, X, Y = tutorial_network()
    svg = plot.network_svg(net)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert svg.count("<circle") == 3 + 4 + 1
    curve = plot.curve_svg({"loss": [2.0, 1.0, 0.5], "val_loss": [2.5, 1.5, 1.0],
                            "val_accuracy": [0.5, 0.75, 1.0]})
    assert curve.count("<polyline") == 3
    assert plot.sparkline([4.0, 3.0, 2.0, 1.0]) == "█▆▃▁"
    assert plot.nice_ticks(0.0, 1.0) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
