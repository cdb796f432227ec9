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

import pytest
from conftest import are_close

from purenn import Dense, Network, tutorial
from purenn.datasets import moons, spirals
from purenn.explain import explain_step, tutorial_network
from purenn import plot

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SVG = "{http://www.w3.org/2000/svg}"


def printed(a, b):
    """Equal to the 6 significant digits that ``%.6g`` prints."""
    return are_close(a, b, rel=2e-5)


def sections(text):
    """{part: {layer number: [lines]}} for the FORWARD, BACKWARD and UPDATE parts."""
    parts = {}
    part = layer = None
    for line in text.splitlines():
        m = re.match(r"(FORWARD|BACKWARD|UPDATE) ", line)
        if m:
            part = m.group(1)
            parts[part] = {}
            continue
        m = re.match(r"layer (\d+): ", line)
        if m and part:
            layer = int(m.group(1)) - 1
            parts[part][layer] = []
            continue
        if part and layer is not None and line.startswith(" "):
            parts[part][layer].append(line)
    return parts


def equations(lines, name_pattern):
    """{name: value} for each ``NAME = ...`` block: the value is the last number
    of the block (its ``= total`` line)."""
    found = {}
    current = None
    block = []
    for line in lines + ["END"]:
        m = re.match(r"\s+(?:neuron \d+:\s+)?(%s) = " % name_pattern, line)
        if m or not line.startswith("      ") or line.lstrip().startswith(("δ", "f'", "a =")):
            if current is not None:
                found[current] = float(block[-1].split()[-1])
                current = None
            if m:
                current = m.group(1)
                block = [line]
            continue
        if current is not None:
            block.append(line)
    return found


def check_against_library(net, X, Y, loss, rate, sample, neuron):
    before = [[r[:] for r in l.weights] for l in net.layers]
    text = explain_step(net, X, Y, loss=loss, learning_rate=rate, sample=sample,
                        neuron=neuron)
    assert [[r[:] for r in l.weights] for l in net.layers] == before   # unchanged
    assert max(len(line) for line in text.splitlines()) <= 80
    grads = net.gradients(X, Y, loss=loss)
    cache = net.forward(X)
    parts = sections(text)
    assert sorted(parts["BACKWARD"]) == list(range(len(net.layers)))
    checked = 0
    for k, layer in enumerate(net.layers):
        j = min(neuron, layer.n_outputs - 1)
        dW, db = grads[k]
        back = equations(parts["BACKWARD"][k], r"∂L/∂w\[\d+\]\[\d+\]|∂L/∂b\[\d+\]")
        assert len(back) == layer.n_inputs + (1 if layer.biases else 0)
        for i in range(layer.n_inputs):
            assert printed(back["∂L/∂w[%d][%d]" % (j, i)], dW[j][i])
            checked += 1
        if layer.biases:
            assert printed(back["∂L/∂b[%d]" % j], db[j])
        fwd = equations(parts["FORWARD"][k], r"z")
        assert printed(fwd["z"], cache[k][1][sample][j])
        a_line = [l for l in parts["FORWARD"][k] if l.lstrip().startswith("a = ")][0]
        assert printed(float(a_line.split()[-1]), cache[k][2][sample][j])
        # the update: w − η·g, with the library's gradient
        upd = {}
        for line in parts["UPDATE"][k]:
            name, rest = line.split(" = ", 1)
            upd[name.strip()] = float(rest.split()[-1])
        for i in range(layer.n_inputs):
            assert printed(upd["w[%d][%d]" % (j, i)], layer.weights[j][i] - rate * dW[j][i])
    return text, checked


def test_explain_numbers_are_the_gradients_of_the_tutorial_network():
    net, X, Y = tutorial_network()
    for sample in range(4):
        for neuron in range(4):
            text, checked = check_against_library(net, X, Y, "sse", 1.0, sample, neuron)
            assert checked == 3 + 4


def test_the_tutorial_network_is_the_tutorial_and_its_step_is_the_tutorials_step():
    net, X, Y = tutorial_network()
    nn = tutorial.NeuralNetwork(tutorial.X, tutorial.Y)
    assert [[r[j] for r in nn.weights1] for j in range(4)] == net.layers[0].weights
    nn.feedforward()
    nn.backprop()
    text = explain_step(net, X, Y, loss="sse", learning_rate=1.0, neuron=3)
    upd = sections(text)["UPDATE"]
    new = [float(l.split()[-1]) for l in upd[0]]
    assert all(printed(a, b) for a, b in zip(new, [r[3] for r in nn.weights1]))
    new = [float(l.split()[-1]) for l in upd[1]]
    assert all(printed(a, b[0]) for a, b in zip(new, nn.weights2))
    assert "loss L = sse = Σ (a − y)² over all 4 samples = 1.53548" in text


@pytest.mark.parametrize("acts,loss", [
    (("tanh", "sigmoid"), "binary_crossentropy"),
    (("relu", "softmax"), "categorical_crossentropy"),
    (("leaky_relu", "linear"), "mse"),
    (("sigmoid", "softmax"), "sse"),
])
def test_explain_numbers_with_biases_every_activation_and_loss(acts, loss):
    if acts[1] == "softmax":
        X, Y = spirals(4, classes=3, seed=2)
        n_out = 3
    else:
        X, Y = moons(12, seed=3)
        n_out = 1
    net = Network([Dense(2, 5, acts[0]), Dense(5, n_out, acts[1])], seed=4)
    for layer in net.layers:                      # make the biases non-zero
        layer.biases[:] = [0.1 * (j + 1) for j in range(len(layer.biases))]
    for sample, neuron in ((0, 0), (len(X) - 1, 4)):
        check_against_library(net, X, Y, loss, 0.3, sample, neuron)


def test_explain_rejects_bad_choices(cli):
    net, X, Y = tutorial_network()
    for kw in ({"sample": 4}, {"sample": -1}, {"neuron": -1}, {"learning_rate": 0}):
        with pytest.raises(ValueError):
            explain_step(net, X, Y, loss="sse", **kw)



def test_cli_explain_prints_the_first_tutorial_step(cli):
    r = cli("explain", "--sample", "2", "--neuron", "1")
    assert r.returncode == 0, r.stderr
    net, X, Y = tutorial_network()
    assert r.stdout == explain_step(net, X, Y, loss="sse", learning_rate=1.0, sample=2,
                                    neuron=1)
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
