"""``purenn.explain`` and ``purenn.plot``: the printed numbers are the library's,
the pictures are valid SVG and render in a real browser."""

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

import by_hand
import pytest

from purenn import Dense, Network, tutorial
from purenn.datasets import moons, spirals
from purenn.core.losses import get as get_loss
from purenn.explain import explain_step, tutorial_network, tutorial_note
from purenn import plot

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
    return out


NETS = nets()


@pytest.mark.parametrize("case", range(len(NETS)), ids=[c[0] for c in NETS])
def test_every_number_explain_prints_checks_out_by_hand(case):
    name, net, X, Y, loss, rate = NETS[case]
    before = [[r[:] for r in l.weights] for l in net.layers]
    choices = [(n, j) for n in range(len(X)) for j in range(5)] if name == "tutorial" \
        else [(0, 0), (1, 1), (len(X) - 1, 4)]
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


# -- pictures ---------------------------------------------------------------------

def trained_moons():
    X, Y = moons(40, noise=0.1, seed=0)
    net = Network([Dense(2, 8, "relu"), Dense(8, 1, "sigmoid")], seed=1)
    history = net.fit(X, Y, epochs=60, learning_rate=0.5, loss="binary_crossentropy",
                      metrics=["accuracy"], validation_data=moons(20, seed=7))
    return net, X, Y, history


def pictures():
    net, X, Y, history = trained_moons()
    Xs, Ys = spirals(10, classes=3, seed=1)
    three = Network([Dense(2, 8, "tanh"), Dense(8, 3, "softmax")], seed=2)
    big = Network([Dense(64, 32, "relu"), Dense(32, 10, "softmax")], seed=3)
    return {
        "network": plot.network_svg(net),
        "network_big": plot.network_svg(big),
        "curve": plot.curve_svg(history, title="moons & <friends>"),
        "curve_plain": plot.curve_svg([3.0, 2.0, 1.5]),
        "boundary": plot.boundary_svg(net, X, Y, resolution=40),
        "boundary_classes": plot.boundary_svg(three, Xs, Ys, resolution=30),
    }


def test_svgs_are_valid_xml_with_the_expected_parts():
    pics = pictures()
    roots = {}
    for name, svg in pics.items():
        root = ET.fromstring(svg)
        assert root.tag == SVG + "svg", name
        assert float(root.get("width")) > 300 and float(root.get("height")) > 200
        roots[name] = root
    assert len(roots["network"].findall(SVG + "circle")) == 2 + 8 + 1
    assert len(roots["network"].findall(".//" + SVG + "line")) >= 2 * 8 + 8 * 1
    # a 64-input layer is drawn as 15 neurons and a gap (16 slots)
    assert len(roots["network_big"].findall(SVG + "circle")) == 15 + 15 + 10
    assert any("more" in (t.text or "") for t in roots["network_big"].iter(SVG + "text"))
    assert len(roots["curve"].findall(SVG + "polyline")) == 3
    assert "moons & <friends>" in [t.text for t in roots["curve"].iter(SVG + "text")]
    assert len(roots["curve_plain"].findall(SVG + "polyline")) == 1
    assert len(roots["boundary"].findall(".//" + SVG + "rect")) > 40
    assert len(roots["boundary"].findall(SVG + "circle")) == 40
    assert len(roots["boundary_classes"].findall(SVG + "circle")) == 30


def test_boundary_needs_two_inputs_and_curve_needs_a_loss():
    net, X, Y = tutorial_network()
    with pytest.raises(ValueError):
        plot.boundary_svg(net, X, Y)
    with pytest.raises(ValueError):
        plot.curve_svg({"accuracy": [0.5]})


def test_sparkline():
    assert plot.sparkline([]) == ""
    assert plot.sparkline([1.0, 1.0]) == plot.SPARK_CHARS[3] * 2
    line = plot.sparkline(range(1000), width=50)
    assert len(line) == 50 and line[0] == "▁" and line[-1] == "█"
    assert plot.sparkline([1.0, float("nan"), 0.0]) == "█?▁"


def test_the_moons_example_writes_its_picture(tmp_path):
    out = str(tmp_path / "moons.svg")
    r = subprocess.run([sys.executable, "examples/moons_boundary.py", out], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "training accuracy 1.000" in r.stdout
    root = ET.parse(out).getroot()
    assert len(root.findall(SVG + "circle")) == 100


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


# -- rendering in a real browser ----------------------------------------------------

def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def png_pixels(path):
    """(width, height, rows of RGB(A) byte strings) of an 8-bit RGB/RGBA PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos = 8
    idat = b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    assert depth == 8 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows = []
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


@pytest.mark.skipif(_chromium() is None,
                    reason="no chromium on PATH (Debian: apt-get install chromium); "
                           "the SVGs are still checked as XML above")
def test_svgs_render_in_headless_chromium():
    pics = pictures()
    chosen = {"network": pics["network"], "curve": pics["curve"],
              "boundary": pics["boundary"]}
    work = tempfile.mkdtemp()
    try:
        for name, svg in chosen.items():
            src = os.path.join(work, name + ".svg")
            png = os.path.join(work, name + ".png")
            plot.save(svg, src)
            r = subprocess.run(
                [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--hide-scrollbars",
                 "--user-data-dir=" + os.path.join(work, "profile-" + name),
                 "--screenshot=" + png, "--window-size=800,600", "file://" + src],
                capture_output=True, text=True, timeout=120)
            assert os.path.exists(png), (name, r.returncode, r.stderr[-2000:])
            width, height, bpp, rows = png_pixels(png)
            assert (width, height) == (800, 600)
            colours = set()
            ink = 0
            for row in rows[::3]:
                for x in range(0, width * bpp, 3 * bpp):
                    px = row[x:x + 3]
                    colours.add(px)
                    if px != b"\xff\xff\xff":
                        ink += 1
            # not blank: many colours, and a fair share of the sampled pixels drawn
            assert len(colours) > 20, (name, len(colours))
            assert ink > 0.02 * (width // 3) * (height // 3), (name, ink)
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
