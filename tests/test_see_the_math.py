"""``purenn.explain`` and the ``explain`` command: every number printed checks
out by hand (``tests/by_hand.py``), in one notation; the tour and the
README's excerpt.  The pictures are tested in ``tests/test_pictures.py``."""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import by_hand
import pytest

from purenn import Dense, Network, tutorial
from purenn.datasets import moons, spirals
from purenn.core.losses import get as get_loss
from purenn.explain import explain_step, tutorial_network, tutorial_note

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SVG = "{http://www.w3.org/2000/svg}"


def nets():
    """(name, net, X, Y, loss, rate): every activation and loss, with biases,
    two and three layers, batches of 4 to 12 (over MAX_TERMS: sums not written out)."""
    out = []
    net, X, Y = tutorial_network()
    out.append(("tutorial", net, X, Y, "sse", 1.0))
    for acts, loss in ((("tanh", "sigmoid"), "binary_crossentropy"),
                       (("relu", "softmax"), "categorical_crossentropy"),
                       (("leaky_relu", "linear"), "mse"),
                       (("sigmoid", "softmax"), "sse"),
                       (("tanh", "sigmoid"), "hinge"),
                       (("relu", "sigmoid"), "binary_crossentropy"),
                       (("leaky_relu(0.2)", "relu", "softmax"), "mse"),
                       (("tanh", "tanh", "sigmoid"), "mse")):
        if acts[-1] == "softmax":
            X, Y = spirals(2 if len(acts) == 2 else 4, classes=3, seed=2)
        else:
            X, Y = moons(6 if len(acts) == 2 else 12, seed=3)
        if loss == "hinge":
            Y = [[2.0 * y[0] - 1.0] for y in Y]
        elif acts[0] == "relu" and acts[-1] == "sigmoid":     # two outputs (multi-label)
            Y = [[y[0], 0.25] for y in Y]
        sizes = [2, 5] + ([4] if len(acts) == 3 else []) + [len(Y[0])]
        net = Network([Dense(sizes[k], sizes[k + 1], acts[k]) for k in range(len(acts))], seed=4)
        for layer in net.layers:                      # make the biases non-zero
            layer.biases[:] = [0.1 * (j + 1) for j in range(len(layer.biases))]
        out.append(("%s/%s" % ("-".join(acts), loss), net, X, Y, loss, 0.3))
    # one sample, as explain --model writes a row of a CSV file
    name, net, X, Y, loss, rate = out[2]
    out.append(("one sample/" + loss, net, X[:1], Y[:1], loss, rate))
    name, net, X, Y, loss, rate = out[4]
    out.append(("one sample/" + loss, net, X[1:2], Y[1:2], loss, rate))
    return out


NETS = nets()


@pytest.mark.parametrize("case", range(len(NETS)), ids=[c[0] for c in NETS])
def test_every_number_explain_prints_checks_out_by_hand(case):
    name, net, X, Y, loss, rate = NETS[case]
    before = [[r[:] for r in l.weights] for l in net.layers]
    choices = [(n, j) for n in range(len(X)) for j in range(5)] if name == "tutorial" \
        else [(n, j) for n, j in ((0, 0), (1, 1), (len(X) - 1, 4)) if n < len(X)]
    for sample, neuron in choices:
        text = explain_step(net, X, Y, loss=loss, learning_rate=rate, sample=sample,
                            neuron=neuron)
        assert max(len(line) for line in text.splitlines()) <= 80
        by_hand.check_text(text, net, X, Y, loss, rate, sample, neuron)
    assert [[r[:] for r in l.weights] for l in net.layers] == before   # unchanged


def test_the_hand_check_fails_on_a_wrong_index_or_sign():
    net, X, Y = tutorial_network()
    text = explain_step(net, X, Y, loss="sse", learning_rate=1.0, sample=0)
    by_hand.check_text(text, net, X, Y, "sse", 1.0, 0, 0)
    # sample 1's numbers under sample 0's names
    other = explain_step(net, X, Y, loss="sse", learning_rate=1.0, sample=1)
    other = other.replace("[1][", "[0][").replace("(sample 1)", "(sample 0)")
    with pytest.raises(AssertionError):
        by_hand.check_text(other, net, X, Y, "sse", 1.0, 0, 0)
    # the tutorial file's convention, δ = −∂L/∂z, written consistently
    flipped = text.replace("δ²[0][0] = ∂L/∂a · f'(z) = 1.68206·0.133699 = 0.22489",
                           "δ²[0][0] = −∂L/∂a · f'(z) = (-1.68206)·0.133699 = -0.22489")
    assert flipped != text
    by_hand.arithmetic(by_hand.parse(flipped)[0])          # adds up...
    with pytest.raises(AssertionError):                     # ...but is not ∂L/∂z
        by_hand.check_text(flipped, net, X, Y, "sse", 1.0, 0, 0)
    # w²[0][1] where w²[0][0] belongs, with the arithmetic kept right
    swapped = text.replace("0.22489·0.414302\n                          = 0.0931721",
                           "0.22489·0.960393\n                          = 0.215983")
    assert swapped != text
    with pytest.raises(AssertionError):
        by_hand.check_text(swapped, net, X, Y, "sse", 1.0, 0, 0)


def test_the_notation_is_the_one_the_guide_uses():
    net, X, Y = tutorial_network()
    text = explain_step(net, X, Y, loss="sse", learning_rate=1.0, sample=2, neuron=3)
    # superscript layers on every weight, sum and delta; never w2[..] or a bare w[..]
    assert not re.search(r"(?<![A-Za-z])[wzaδb][0-9]", text)
    assert not re.search(r"(?<![A-Za-z∂/])w\[", text)
    assert "δ² (sample 2) = [" in text and "δ¹ (sample 2) = [" in text
    assert "∂L/∂a¹[2][3] = Σₘ δ²[2][m]·w²[m][3]" in text
    assert "f'(z²[2][0]) = a (1 − a) = " in text
    assert "σ'(ŷ)" not in text and "σ′(ŷ)" not in text
    first = explain_step(net, X, Y, loss="sse", learning_rate=1.0)
    assert "f'(z²[0][0]) = a (1 − a) = 0.841029·(1 − 0.841029) = 0.133699" in first
    assert "δ²[0][0] = ∂L/∂a · f'(z) = 1.68206·0.133699 = 0.22489" in first
    assert "  L = 0.70733 + 0.0173639 + 0.0153951 + 0.795388 = 1.53548" in first
    X3, Y3 = spirals(2, classes=3, seed=2)
    soft = Network([Dense(2, 3, "tanh"), Dense(3, 3, "softmax")], seed=4)
    text = explain_step(soft, X3, Y3, loss="categorical_crossentropy", neuron=1)
    assert "a²[0][1] = e^{z²[0][1]} / Σₖ e^{z²[0][k]}" in text and "e^z" not in text


def test_large_weighted_sums_write_softmax_shifted_as_the_library_computes_it():
    net = Network([Dense(2, 3, "softmax")], seed=1)
    net.layers[0].weights = [[40.0, 0.0], [0.0, 41.0], [1.0, 1.0]]
    X, Y = [[1.0, 1.0], [0.5, 0.0]], [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    text = explain_step(net, X, Y, loss="categorical_crossentropy", neuron=2)
    assert "e^{z¹[0][2] − m} / Σₖ e^{z¹[0][k] − m}   (m = max z)" in text
    by_hand.check_text(text, net, X, Y, "categorical_crossentropy", 0.01, 0, 2)


def test_the_tutorial_network_is_the_tutorial_and_its_step_is_the_tutorials_step():
    net, X, Y = tutorial_network()
    nn = tutorial.NeuralNetwork(tutorial.X, tutorial.Y)
    assert [[r[j] for r in nn.weights1] for j in range(4)] == net.layers[0].weights
    nn.feedforward()
    nn.backprop()
    text = explain_step(net, X, Y, loss="sse", learning_rate=1.0, neuron=3)
    eqs, _ = by_hand.parse(text)
    new = {(layer, name): by_hand.evaluate(parts[-1]) for part, layer, name, parts in eqs
           if part == "UPDATE" and layer is not None}
    assert len(new) == 3 + 4
    for i in range(3):
        assert by_hand.printed(new[(1, "w1[3][%d]" % i)], nn.weights1[i][3])
    for i in range(4):
        assert by_hand.printed(new[(2, "w2[0][%d]" % i)], nn.weights2[i][0])
    # and the tutorial's delta2 is −δ²: 2 (y − ŷ) ⊙ a (1 − a) for sample 0
    cache = net.forward(X)
    trace = []
    net.backward(cache, get_loss("sse"), Y, trace=trace)
    y_hat = cache[-1][2][0][0]
    assert by_hand.printed(2 * (Y[0][0] - y_hat) * y_hat * (1 - y_hat), -trace[-1][0][0][0])


def test_explain_rejects_bad_choices():
    net, X, Y = tutorial_network()
    for kw in ({"sample": 4}, {"sample": -1}, {"neuron": -1}, {"learning_rate": 0},
               {"sample": True}, {"neuron": 1.0}):
        with pytest.raises(ValueError):
            explain_step(net, X, Y, loss="sse", **kw)


def test_cli_explain_prints_the_first_tutorial_step(cli):
    r = cli("explain", "--sample", "2", "--neuron", "1")
    assert r.returncode == 0, r.stderr
    net, X, Y = tutorial_network()
    assert r.stdout == tutorial_note() + explain_step(net, X, Y, loss="sse", learning_rate=1.0,
                                                       sample=2, neuron=1)
    assert "−δ², −δ¹" in r.stdout.split("\n\n")[0]
    r = cli("explain", "--sample", "4")
    assert r.returncode == 2 and r.stderr.startswith("purenn: error: --sample")
    r = cli("explain", "--help")
    assert r.returncode == 0 and r.stdout.startswith("usage: python -m purenn explain")


def test_cli_train_plot_draw_and_explain_a_saved_model(tmp_path, cli):
    model = str(tmp_path / "fruit.json")
    curve = str(tmp_path / "curve.svg")
    r = cli("train", "examples/fruit.csv", "--target", "fruit", "--epochs", "12",
            "--hidden", "16", "--out", model, "--plot", curve)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    spark = [l for l in lines if l.startswith("loss by epoch: ")]
    assert len(spark) == 1 and len(spark[0].split()[3]) == 12
    assert lines[-2:] == ["drew %s" % curve, "saved %s" % model]
    root = ET.parse(curve).getroot()
    assert root.tag == SVG + "svg"
    assert len(root.findall(".//" + SVG + "polyline")) == 3   # loss, val_loss, val_accuracy

    net_svg = str(tmp_path / "net.svg")
    r = cli("draw", model, "-o", net_svg)
    assert r.returncode == 0, r.stderr
    root = ET.parse(net_svg).getroot()
    assert len(root.findall(".//" + SVG + "circle")) == 4 + 16 + 3
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "mass" in texts and "orange" in texts
    r = cli("draw", model)
    assert r.returncode == 2

    r = cli("explain", "--model", model, "--data", "examples/fruit.csv", "--sample", "5")
    assert r.returncode == 0, r.stderr
    assert "1 sample in the batch" in r.stdout
    assert "loss categorical_crossentropy, learning rate η = 0.05" in r.stdout
    r = cli("explain", "--model", model)
    assert r.returncode == 2


def test_the_tour_gives_the_same_numbers_three_ways():
    r = subprocess.run([sys.executable, "examples/tour.py"], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    rows = [l.split() for l in r.stdout.splitlines() if l.startswith("[")]
    assert len(rows) == 4
    for row in rows:
        assert row[-3] == row[-2] == row[-1]
    worst = float(r.stdout.split("largest difference between the three: ")[1])
    assert worst < 1e-12



def test_the_readme_excerpt_is_what_explain_prints(cli):
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    block = readme.split("```console\n$ python3 -m purenn explain\n", 1)[1].split("```", 1)[0]
    output = cli("explain").stdout.splitlines()
    at = 0
    for line in block.splitlines():
        if line == "...":
            continue
        assert line in output[at:], line           # each line, in the order printed
        at = output.index(line, at) + 1
