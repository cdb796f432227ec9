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


def test_explain_prints_the_chain_rule_with_its_numbers():
    net, X, Y = tutorial_network()
    lines = explain_step(net, X, Y, loss="sse", learning_rate=1.0).split("\n")
    for want in ("  neuron 0:  ∂L/∂a²[0][0] = 2 (a − y) = 2·(0.841029 − 0) = 1.68206",
                 "             f'(z²[0][0]) = a (1 − a) = 0.841029·(1 − 0.841029) = 0.133699",
                 "             δ²[0][0] = ∂L/∂a · f'(z) = 1.68206·0.133699 = 0.22489",
                 "  L = 0.70733 + 0.0173639 + 0.0153951 + 0.795388 = 1.53548",
                 "  δ² (sample 0) = [0.22489]",
                 "  w²[0][0] = 0.414302 − 1·0.248243 = 0.166059"):
        assert want in lines, want


def _moons():
    from purenn import Network, Dense
    from purenn.datasets import moons
    X, Y = moons(12, noise=0.1, seed=0)
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
    return net, X, Y


def test_every_picture_is_the_same_text_twice_and_well_formed():
    net, X, Y = _moons()
    snaps = plot.Snapshots(net, X, Y, [0, 2], resolution=6, loss="binary_crossentropy")
    history = net.fit(X, Y, epochs=2, learning_rate=0.5, loss="binary_crossentropy",
                      callbacks=[snaps])
    tnet, TX, TY = tutorial_network()
    digits_like = __import__("purenn").Network(
        [__import__("purenn").Dense(16, 3, "relu"), __import__("purenn").Dense(3, 2, "softmax")],
        seed=2)
    makers = [
        lambda: plot.boundary_svg(net, X, Y, resolution=8),
        lambda: plot.neuron_maps_svg(net, X, Y, resolution=6),
        lambda: plot.gradient_svg(tnet, TX, TY, loss="sse", learning_rate=1.0),
        lambda: plot.weight_images_svg(digits_like, (4, 4)),
        lambda: plot.training_svg(snaps, history),
        lambda: plot.curve_svg(history, log=True),
    ]
    for make in makers:
        a, b = make(), make()
        assert a == b
        assert a.startswith("<svg") and a.rstrip().endswith("</svg>")
        assert a.count("<g") == a.count("</g>") and a.count("<title>") == a.count("</title>")
        assert a.count("<title>") > 1
    assert plot.neuron_maps_svg(net, X, Y, resolution=6).count('class="tile"') == 2 + 3 + 1
    assert [f[0] for f in snaps.frames] == [0, 2]


def test_the_gallerys_gradient_picture_is_drawn_the_same_here():
    # docs/ is beside tests/ in a checkout (the WebAssembly runner copies only
    # purenn/ and tests/portable/, so there this test has nothing to compare)
    here = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
    try:
        f = open(here + "/../../docs/pictures/explain_step.svg", encoding="utf-8")
    except OSError:
        return
    try:
        want = f.read()
    finally:
        f.close()
    net, X, Y = tutorial_network()
    assert plot.gradient_svg(net, X, Y, loss="sse", learning_rate=1.0) == want
