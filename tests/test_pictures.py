"""``purenn.plot`` and ``purenn.maps``: every picture is valid, small,
deterministic SVG with hover values, shows what it claims (checked against
numbers computed here, independently), and renders in a real browser; the
``draw`` and ``explain --svg`` options, and each bad value of them."""

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

from purenn import Dense, Network, plot
from purenn.datasets import moons, spirals
from purenn.explain import tutorial_network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SVG = "{http://www.w3.org/2000/svg}"


# -- reading pictures back -------------------------------------------------------

def rgb(fill):
    return int(fill[1:3], 16), int(fill[3:5], 16), int(fill[5:7], 16)


def hue(fill):
    """"blue", "orange" or "white" (near-white, or neither) for a fill."""
    r, g, b = rgb(fill)
    if b > r + 12:
        return "blue"
    if r > b + 12:
        return "orange"
    return "white"


def cell_groups(root):
    """The ``<g>`` elements that hold a map's cells (translate + scale)."""
    return [g for g in root.iter(SVG + "g") if "scale(" in (g.get("transform") or "")]


def grid_of(g):
    """{(row, col): colour} of a cells group (each path: runs ``Mc r.5hN``, a
    stroke one cell wide)."""
    assert g.get("stroke-width") == "1" and g.get("fill") == "none"
    cells = {}
    for path in g.findall(SVG + "path"):
        for c, r, w in re.findall(r"M(\d+) (\d+)\.5h(\d+)", path.get("d")):
            for k in range(int(w)):
                assert (int(r), int(c) + k) not in cells
                cells[(int(r), int(c) + k)] = path.get("stroke")
    return cells


def box(X):
    """The data's box plus 10%, as the maps promise (computed here again)."""
    xs, ys = [p[0] for p in X], [p[1] for p in X]
    px = 0.1 * (max(xs) - min(xs)) or 1.0
    py = 0.1 * (max(ys) - min(ys)) or 1.0
    return min(xs) - px, max(xs) + px, min(ys) - py, max(ys) + py


def centre(X, res, r, c):
    """The point of the plane at the centre of cell (r, c); row 0 is the top."""
    xlo, xhi, ylo, yhi = box(X)
    return [xlo + (c + 0.5) * (xhi - xlo) / res, yhi - (r + 0.5) * (yhi - ylo) / res]


def forward(net, x):
    """Each layer's activations for one input, with the reference of by_hand."""
    acts = [x]
    for layer in net.layers:
        z = [sum(w * a for w, a in zip(row, acts[-1])) + (layer.biases[j] if layer.biases else 0.0)
             for j, row in enumerate(layer.weights)]
        acts.append(by_hand.activate(layer.activation.name, z))
    return acts


def trained_moons(n=60, epochs=150):
    X, Y = moons(n, noise=0.15, seed=0)
    net = Network([Dense(2, 6, "tanh"), Dense(6, 1, "sigmoid")], seed=1)
    history = net.fit(X, Y, epochs=epochs, learning_rate=0.5, loss="binary_crossentropy",
                      metrics=["accuracy"], validation_data=moons(20, noise=0.15, seed=7))
    return net, X, Y, history


def three_classes():
    X, Y = spirals(12, classes=3, seed=1)
    net = Network([Dense(2, 8, "tanh"), Dense(8, 3, "softmax")], seed=2)
    net.fit(X, Y, epochs=30, learning_rate=0.05, loss="categorical_crossentropy",
            optimizer="adam")
    return net, X, Y


def pictures():
    """{name: svg} of one of every picture."""
    net, X, Y, history = trained_moons()
    three, Xs, Ys = three_classes()
    big = Network([Dense(64, 32, "relu"), Dense(32, 10, "softmax")], seed=3)
    snaps = plot.Snapshots(Network([Dense(2, 4, "tanh"), Dense(4, 1, "sigmoid")], seed=5),
                           X, Y, epochs=[0, 3, 20], resolution=20, loss="binary_crossentropy")
    h2 = snaps.net.fit(X, Y, epochs=20, learning_rate=0.5, loss="binary_crossentropy",
                       callbacks=[snaps])
    tnet, TX, TY = tutorial_network()
    return {
        "network": plot.network_svg(net),
        "network_big": plot.network_svg(big),
        "curve": plot.curve_svg(history, title="moons & <friends>"),
        "curve_log": plot.curve_svg(history, log=True),
        "curve_plain": plot.curve_svg([3.0, 2.0, 1.5]),
        "boundary": plot.boundary_svg(net, X, Y, resolution=40),
        "boundary_classes": plot.boundary_svg(three, Xs, Ys, resolution=30),
        "neurons": plot.neuron_maps_svg(net, X, Y, resolution=16),
        "neurons_classes": plot.neuron_maps_svg(three, Xs, Ys, resolution=12),
        "weights": plot.weight_images_svg(big, (8, 8)),
        "gradient": plot.gradient_svg(tnet, TX, TY, loss="sse", learning_rate=1.0),
        "training": plot.training_svg(snaps, h2),
    }


PICTURES = pictures()


# -- every picture ----------------------------------------------------------------

def test_every_picture_is_valid_small_deterministic_svg_with_hover_values():
    again = pictures()
    for name, svg in PICTURES.items():
        assert svg == again[name], name                      # the same bytes every time
        root = ET.fromstring(svg)
        assert root.tag == SVG + "svg", name
        assert float(root.get("width")) > 300 and float(root.get("height")) > 200
        assert len(svg.encode("utf-8")) < 150000, (name, len(svg))
        assert "<script" not in svg and "javascript:" not in svg
        hovers = [t for t in root.iter(SVG + "title")]
        assert len(hovers) > 1, name                         # more than the document's own


def test_network_diagram():
    root = ET.fromstring(PICTURES["network"])
    assert len(root.findall(SVG + "circle")) == 2 + 6 + 1
    assert len(root.findall(".//" + SVG + "line")) >= 2 * 6 + 6
    big = ET.fromstring(PICTURES["network_big"])     # 64 inputs: 15 neurons and a gap
    assert len(big.findall(SVG + "circle")) == 15 + 15 + 10
    assert any("more" in (t.text or "") for t in big.iter(SVG + "text"))


# -- the decision map -----------------------------------------------------------------

def test_the_decision_map_is_the_prediction_everywhere():
    net, X, Y, _ = trained_moons()
    res = 24
    root = ET.fromstring(plot.boundary_svg(net, X, Y, resolution=res))
    (g,) = cell_groups(root)
    cells = grid_of(g)
    assert len(cells) == res * res
    checked = 0
    for (r, c), fill in cells.items():
        p = forward(net, centre(X, res, r, c))[-1][0]
        if abs(p - 0.5) > 0.05:          # sure enough to have a colour
            assert hue(fill) == ("blue" if p > 0.5 else "orange"), (r, c, p, fill)
            checked += 1
    assert checked > res * res // 2


def test_the_decision_map_crosses_out_exactly_the_misclassified_points():
    net, X, Y, _ = trained_moons(n=60, epochs=25)        # not trained to the end: some wrong
    root = ET.fromstring(plot.boundary_svg(net, X, Y, resolution=20))
    wrong = [n for n in range(len(X)) if (forward(net, X[n])[-1][0] >= 0.5) != (Y[n][0] == 1)]
    assert 0 < len(wrong) < len(X)
    crosses = [p for p in root.iter(SVG + "path") if p.get("class") == "wrong"]
    assert len(crosses) == len(wrong)
    points = [c for c in root.iter(SVG + "circle") if c.get("class") == "point"]
    assert len(points) == len(X)
    where = [(float(c.get("cx")), float(c.get("cy"))) for c in points]
    for cross, n in zip(crosses, wrong):       # each cross is centred on its point
        x0, y0 = [float(v) for v in re.match(r"M(\S+) (\S+)l", cross.get("d")).groups()]
        d = float(re.match(r"M\S+ \S+l(\S+) ", cross.get("d")).group(1)) / 2
        assert abs(x0 + d - where[n][0]) < 0.02 and abs(y0 + d - where[n][1]) < 0.02
    caption = [t.text for t in root.iter(SVG + "text") if "classified right" in (t.text or "")]
    assert caption == ["%d points, %d classified right (%.1f%%); shade = certainty"
                       % (len(X), len(X) - len(wrong), 100.0 * (len(X) - len(wrong)) / len(X))]


def test_the_legend_names_the_classes():
    three, Xs, Ys = three_classes()
    texts = [t.text for t in ET.fromstring(PICTURES["boundary_classes"]).iter(SVG + "text")]
    assert ["class 0", "class 1", "class 2", "wrong (crossed out)"] == \
        [t for t in texts if t.startswith(("class ", "wrong"))]
    named = plot.boundary_svg(three, Xs, Ys, resolution=8, classes=["red", "green", "blue"])
    texts = [t.text for t in ET.fromstring(named).iter(SVG + "text")]
    assert "red" in texts and "blue" in texts and "class 0" not in texts
    three.metadata = {"target": {"classes": ["apple", "lemon", "orange"]}}
    texts = [t.text for t in ET.fromstring(plot.boundary_svg(three, Xs, Ys, resolution=8))
             .iter(SVG + "text")]
    assert "lemon" in texts
    with pytest.raises(ValueError):
        plot.boundary_svg(three, Xs, Ys, classes=["a", "b"])
    with pytest.raises(ValueError):
        plot.boundary_svg(three, Xs, Ys[:-1])


def test_the_axes_are_in_the_models_own_units():
    net, X, Y, _ = trained_moons()
    net.metadata = {"inputs": {"names": ["mass", "height"], "mean": [150.0, 7.5],
                               "scale": [20.0, 0.5]}}
    root = ET.fromstring(plot.boundary_svg(net, X, Y, resolution=10))
    texts = [t for t in root.iter(SVG + "text")]
    assert "mass" in [t.text for t in texts] and "height" in [t.text for t in texts]
    # the tick labelled 160 (mass) sits where the network's input is (160 − 150) / 20
    xlo, xhi, _, _ = box(X)
    frame = [r for r in root.iter(SVG + "rect") if r.get("stroke") == "#6b7280"][0]
    left, width = float(frame.get("x")), float(frame.get("width"))
    tick = [t for t in texts if t.text == "160"][0]
    assert abs(float(tick.get("x")) - (left + (0.5 - xlo) / (xhi - xlo) * width)) < 0.02


# -- neuron maps --------------------------------------------------------------------

def test_each_neuron_map_is_that_neurons_activation_over_the_plane():
    net, X, Y, _ = trained_moons()
    res = 10
    root = ET.fromstring(plot.neuron_maps_svg(net, X, Y, resolution=res))
    tiles = [g for g in root.iter(SVG + "g") if g.get("class") == "tile"]
    assert len(tiles) == 2 + 6 + 1
    # column order: x[0], x[1], the 6 tanh neurons, the sigmoid output
    which = [(0, 0), (0, 1)] + [(1, j) for j in range(6)] + [(2, 0)]
    checked = 0
    for tile, (layer, j) in zip(tiles, which):
        assert tile.find(SVG + "title").text.startswith(
            "input" if layer == 0 else "layer %d, neuron %d" % (layer, j))
        cells = grid_of(cell_groups(tile)[0])
        assert len(cells) == res * res
        values = {}
        for (r, c) in cells:
            values[(r, c)] = forward(net, centre(X, res, r, c))[layer][j]
        mid, half = (0.5, 0.5) if layer == 2 else (0.0, 1.0)
        if layer == 0:
            half = max(abs(v) for (lj, jj) in [(0, 0), (0, 1)] for v in
                       [forward(net, centre(X, res, r, c))[0][jj] for r in range(res)
                        for c in range(res)])
        for key, fill in cells.items():
            t = (values[key] - mid) / half
            if abs(t) > 0.15:
                assert hue(fill) == ("blue" if t > 0 else "orange"), (layer, j, key, t, fill)
                checked += 1
    assert checked > 200


def test_neuron_maps_of_a_wide_layer_show_its_ends_and_refuse_bad_arguments():
    X, Y = moons(20, seed=1)
    wide = Network([Dense(2, 30, "relu"), Dense(30, 1, "sigmoid")], seed=1)
    root = ET.fromstring(plot.neuron_maps_svg(wide, X, Y, resolution=4, max_neurons=9))
    assert len([g for g in root.iter(SVG + "g") if g.get("class") == "tile"]) == 2 + 8 + 1
    assert "⋮ 22 more" in [t.text for t in root.iter(SVG + "text")]
    net, _, _ = tutorial_network()
    for bad in (lambda: plot.neuron_maps_svg(net, X),                     # 3 inputs
                lambda: plot.neuron_maps_svg(wide, X, resolution=1),
                lambda: plot.neuron_maps_svg(wide, X, max_neurons=2),
                lambda: plot.neuron_maps_svg(wide, [])):
        with pytest.raises(ValueError):
            bad()


# -- weights as images ------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(8, 8), (4, 16)])
def test_each_weight_is_its_pixel(shape):
    h, w = shape
    net = Network([Dense(64, 5, "relu"), Dense(5, 3, "softmax")], seed=4)
    for j, row in enumerate(net.layers[0].weights):       # a pattern that is not symmetric
        row[:] = [(1.0 if (i * 7 + j) % 5 < 2 else -1.0) * (0.2 + 0.8 * ((i % 9) / 8.0))
                  for i in range(64)]
    root = ET.fromstring(plot.weight_images_svg(net, shape, classes=["a", "b", "c"]))
    groups = cell_groups(root)
    assert len(groups) == 5
    for j, g in enumerate(groups):
        cells = grid_of(g)
        assert len(cells) == h * w
        for (r, c), fill in cells.items():
            v = net.layers[0].weights[j][r * w + c]
            assert hue(fill) == ("blue" if v > 0 else "orange"), (j, r, c, v, fill)
    texts = [t.text for t in root.iter(SVG + "text")]
    votes = [t for t in texts if t.startswith("→ ")]
    out = net.layers[1].weights
    want = ["→ " + "abc"[max(range(3), key=lambda m: (out[m][j], -m))] for j in range(5)]
    assert votes == want


def test_weight_images_on_their_own_scale_or_on_one():
    net = Network([Dense(4, 2, "linear")], seed=1)
    net.layers[0].weights = [[0.01, -0.01, 0.005, 0.0], [1.0, -1.0, 0.5, 0.0]]
    own = [grid_of(g) for g in cell_groups(ET.fromstring(plot.weight_images_svg(net, (2, 2))))]
    one = [grid_of(g) for g in cell_groups(ET.fromstring(
        plot.weight_images_svg(net, (2, 2), same_scale=True)))]
    assert own[0] == own[1]                    # the same pattern, each at full strength
    assert one[1] == own[1] and set(one[0].values()) == {"#ffffff"}   # 0.01 of 1: white


def test_weight_images_refuse_a_shape_that_is_not_the_inputs():
    net = Network([Dense(64, 5, "relu"), Dense(5, 3, "softmax")], seed=4)
    for shape, layer in (((8, 7), 0), ((0, 64), 0), ((8,), 0), ((8, 8), 1), ((8, 8), 2),
                         (("8", "8"), 0)):
        with pytest.raises(ValueError):
            plot.weight_images_svg(net, shape, layer=layer)
    assert "<svg" in plot.weight_images_svg(net, (1, 5), layer=1)


# -- gradient flow ----------------------------------------------------------------------

def test_each_connection_is_coloured_by_its_gradient_and_each_neuron_by_delta():
    X, Y = moons(8, seed=3)
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=6)
    R = by_hand.reference(net, X, Y, "binary_crossentropy", 0.5)
    root = ET.fromstring(plot.gradient_svg(net, X, Y, loss="binary_crossentropy",
                                           learning_rate=0.5, sample=2, neuron=1))
    lines = [l for l in root.iter(SVG + "line") if l.find(SVG + "title") is not None]
    assert len(lines) == 2 * 3 + 3 * 1
    widths = []
    for line in lines:
        m = re.match(r"w(\S)\[(\d)\]\[(\d)\] = (\S+), ∂L/∂w\S+ = (\S+), after the step (\S+)",
                     line.find(SVG + "title").text)
        k, j, i = int(by_hand.plain(m.group(1))) - 1, int(m.group(2)), int(m.group(3))
        g = float(m.group(5))
        assert by_hand.printed(g, R["dW"][k][j][i]), (k, j, i)
        assert by_hand.printed(float(m.group(6)), R["W"][k][j][i] - 0.5 * R["dW"][k][j][i])
        assert hue(line.get("stroke")) == ("blue" if g >= 0 else "orange")
        widths.append((abs(g), float(line.get("stroke-width"))))
    widths.sort()
    assert all(a[1] <= b[1] for a, b in zip(widths, widths[1:]))   # wider when larger
    circles = [c for c in root.iter(SVG + "circle")]
    fills = {}
    for c in circles:
        m = re.match(r"layer (\d), neuron (\d), sample 2: .*δ\S*\[2\]\[\d\] = ∂L/∂z = ([^;]+)",
                     c.find(SVG + "title").text)
        if m:
            k, j, d = int(m.group(1)) - 1, int(m.group(2)), float(m.group(3))
            assert by_hand.printed(d, R["D"][k][2][j])
            fills[abs(d)] = sum(rgb(c.get("fill")))           # darker: a smaller sum
            if j == min(1, len(R["D"][k][2]) - 1):
                assert c.get("stroke-width") == "3.5"          # the neuron explain writes out
    ordered = [fills[d] for d in sorted(fills)]
    assert len(ordered) == 4 and all(a >= b for a, b in zip(ordered, ordered[1:]))


# -- curves ------------------------------------------------------------------------------

def marker(svg):
    texts = [t.text for t in ET.fromstring(svg).iter(SVG + "text")]
    return [t for t in texts if t.startswith("best: ")]


def test_the_curve_marks_the_best_epoch():
    h = {"loss": [3.0, 2.0, 1.0, 0.5, 0.4], "val_loss": [3.0, 1.5, 1.2, 1.3, 1.4]}
    assert marker(plot.curve_svg(h)) == ["best: epoch 3, val_loss 1.2"]
    assert marker(plot.curve_svg({"loss": h["loss"]})) == ["best: epoch 5, loss 0.4"]
    assert marker(plot.curve_svg(dict(h, best_epoch=2))) == ["best: epoch 2, val_loss 1.5"]
    assert marker(plot.curve_svg(h, best=4)) == ["best: epoch 4, val_loss 1.3"]
    assert marker(plot.curve_svg(h, best=False)) == []
    net, X, Y, history = trained_moons()
    best = min(range(len(history["val_loss"])), key=lambda e: (history["val_loss"][e], e))
    assert marker(PICTURES["curve"])[0].startswith("best: epoch %d, val_loss" % (best + 1))


def test_the_log_scale():
    svg = plot.curve_svg({"loss": [10.0, 1.0, 0.01, 0.0, 0.002]}, log=True)
    root = ET.fromstring(svg)
    ticks = [t.text for t in root.iter(SVG + "text") if t.get("text-anchor") == "end"]
    assert ticks[:5] == ["0.001", "0.01", "0.1", "1", "10"]
    points = root.find(SVG + "polyline").get("points").split()
    assert len(points) == 4                                   # the 0 is left out
    ys = [float(p.split(",")[1]) for p in points]
    # equal ratios, equal steps: 10 -> 1 and 0.01 -> ... are decades
    assert abs((ys[1] - ys[0]) - (ys[2] - ys[1]) / 2.0) < 0.02
    assert "loss (log scale)" in [t.text for t in root.iter(SVG + "text")]
    with pytest.raises(ValueError):
        plot.curve_svg([0.0, -1.0], log=True)
    with pytest.raises(ValueError):
        plot.curve_svg({"accuracy": [0.5]})


# -- training over time ---------------------------------------------------------------

def test_snapshots_keep_the_map_and_accuracy_of_each_chosen_epoch():
    X, Y = moons(30, noise=0.1, seed=2)
    net = Network([Dense(2, 5, "tanh"), Dense(5, 1, "sigmoid")], seed=3)
    start = [forward(net, x)[-1][0] for x in X]
    snaps = plot.Snapshots(net, X, Y, epochs=[12, 0, 4, 4], resolution=6,
                           loss="binary_crossentropy")
    assert [f[0] for f in snaps.frames] == [0]
    history = net.fit(X, Y, epochs=12, learning_rate=0.5, loss="binary_crossentropy",
                      callbacks=[snaps])
    assert [f[0] for f in snaps.frames] == [0, 4, 12]
    right0 = sum(1 for p, y in zip(start, Y) if (p >= 0.5) == (y[0] == 1))
    assert snaps.frames[0][2] == right0 / len(X)
    assert abs(snaps.frames[-1][3] - net.loss(X, Y, loss="binary_crossentropy")) < 1e-12
    root = ET.fromstring(plot.training_svg(snaps, history))
    assert len(cell_groups(root)) == 3
    texts = [t.text for t in root.iter(SVG + "text")]
    assert ["epoch 0", "epoch 4", "epoch 12"] == [t for t in texts if t.startswith("epoch ")]
    assert "%.0f%% right, loss" % (100.0 * right0 / len(X)) in " ".join(texts)
    (g,) = cell_groups(ET.fromstring(plot.training_svg(plot.Snapshots(net, X, Y, [0],
                                                                       resolution=6))))
    for (r, c), fill in grid_of(g).items():                  # the last frame is the net now
        p = forward(net, centre(X, 6, r, c))[-1][0]
        if abs(p - 0.5) > 0.05:
            assert hue(fill) == ("blue" if p > 0.5 else "orange")
    for bad in (lambda: plot.Snapshots(net, X, Y, [-1]), lambda: plot.Snapshots(net, X, Y, [1.5]),
                lambda: plot.Snapshots(net, X, Y[:-1], [0]),
                lambda: plot.training_svg(plot.Snapshots(net, X, Y, [3]))):
        with pytest.raises(ValueError):
            bad()


def test_sparkline():
    assert plot.sparkline([]) == ""
    assert plot.sparkline([1.0, 1.0]) == plot.SPARK_CHARS[3] * 2
    line = plot.sparkline(range(1000), width=50)
    assert len(line) == 50 and line[0] == "▁" and line[-1] == "█"
    assert plot.sparkline([1.0, float("nan"), 0.0]) == "█?▁"


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


def render(svg, work, name):
    """The picture as Chromium draws it, at its own size: (width, height, bpp, rows)."""
    root = ET.fromstring(svg)
    size = (int(root.get("width")), int(root.get("height")))
    src = os.path.join(work, name + ".svg")
    png = os.path.join(work, name + ".png")
    plot.save(svg, src)
    r = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--user-data-dir=" + os.path.join(work, "profile-" + name),
         "--screenshot=" + png, "--window-size=%d,%d" % size, "file://" + src],
        capture_output=True, text=True, timeout=120)
    assert os.path.exists(png), (name, r.returncode, r.stderr[-2000:])
    width, height, bpp, rows = png_pixels(png)
    assert (width, height) == size
    return width, height, bpp, rows


def marks(root):
    """[(x, y, reach)] of what is drawn over maps: points and crosses."""
    out = []
    for c in root.iter(SVG + "circle"):
        out.append((float(c.get("cx")), float(c.get("cy")), float(c.get("r")) + 2.0))
    for p in root.iter(SVG + "path"):
        if p.get("stroke-linecap") == "round" and p.get("class") != "wrong":
            reach = float(p.get("stroke-width") or 1) / 2 + 1.5
            out.extend((float(x), float(y), reach)
                       for x, y in re.findall(r"M(\S+) (\S+)h0", p.get("d")))
        elif p.get("class") == "wrong":
            x, y, t = re.match(r"M(\S+) (\S+)l(\S+) ", p.get("d")).groups()
            out.append((float(x) + float(t) / 2, float(y) + float(t) / 2, float(t)))
    return out


GALLERY = os.path.join(ROOT, "docs", "pictures")
SHOWN = sorted(f for f in os.listdir(GALLERY) if f.endswith(".svg"))


@pytest.mark.skipif(_chromium() is None,
                    reason="no chromium on PATH (Debian: apt-get install chromium); "
                           "the SVGs are still checked as XML above")
@pytest.mark.parametrize("name", SHOWN)
def test_each_picture_of_the_gallery_renders_in_headless_chromium_as_drawn(name):
    svg = open(os.path.join(GALLERY, name), encoding="utf-8").read()
    work = tempfile.mkdtemp()
    try:
        width, height, bpp, rows = render(svg, work, name[:-4])
    finally:
        shutil.rmtree(work, ignore_errors=True)
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
    # every map's cells land where the SVG puts them, in their colours (a cell's
    # middle pixel may be snapped into a neighbour, or covered by a point or line)
    matched = missed = 0
    covered = marks(ET.fromstring(svg))
    for g in cell_groups(ET.fromstring(svg)):
        tx, ty, sx, sy = [float(v) for v in
                          re.match(r"translate\((\S+) (\S+)\) scale\((\S+) (\S+)\)",
                                   g.get("transform")).groups()]
        grid = grid_of(g)
        cells = sorted(grid.items())
        for (r, c), fill in cells[::max(1, len(cells) // 40)]:
            px, py = int(tx + (c + 0.5) * sx), int(ty + (r + 0.5) * sy)
            if [1 for x, y, d in covered if (px - x) ** 2 + (py - y) ** 2 <= d * d]:
                continue
            pixel = rows[py][px * bpp:px * bpp + 3]
            drawn = (pixel[0], pixel[1], pixel[2])
            near = [grid.get((r + dr, c + dc)) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
            if [f for f in near if f and max(abs(a - b) for a, b in zip(drawn, rgb(f))) <= 24]:
                matched += 1
            else:
                missed += 1
    if matched + missed:
        assert matched >= 20 and matched >= 0.9 * (matched + missed), (name, matched, missed)


# -- the command line -------------------------------------------------------------------

@pytest.fixture(scope="module")
def fruit2(tmp_path_factory):
    """A model of two fruit measurements (mass, height) and its curve, from train."""
    d = tmp_path_factory.mktemp("fruit2")
    model, curve = str(d / "fruit2.json"), str(d / "curve.svg")
    r = subprocess.run([sys.executable, "-m", "purenn", "train", "examples/fruit.csv",
                        "--target", "fruit", "--features", "mass,height", "--hidden", "6",
                        "--epochs", "40", "--out", model, "--plot", curve, "--log"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return model, curve


def test_train_log_draws_the_curve_on_a_log_axis(fruit2, cli):
    texts = [t.text for t in ET.parse(fruit2[1]).getroot().iter(SVG + "text")]
    assert "loss (log scale)" in texts and [t for t in texts if t.startswith("best: epoch")]
    r = cli("train", "examples/fruit.csv", "--target", "fruit", "--log")
    assert r.returncode == 2 and "--log goes with --plot" in r.stderr
    r = cli("train", "examples/fruit.csv", "--target", "fruit", "--log=1", "--plot", "x.svg")
    assert r.returncode == 2 and "--log takes no value" in r.stderr
    assert "--log " in cli("train", "--help").stdout


def test_draw_boundary_and_neurons_from_a_csv_file(fruit2, cli, tmp_path):
    model = fruit2[0]
    out = str(tmp_path / "map.svg")
    r = cli("draw", model, "--boundary", "--data", "examples/fruit.csv", "-o", out,
            "--resolution", "20", "--title", "fruit")
    assert r.returncode == 0, r.stderr
    root = ET.parse(out).getroot()
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "fruit" in texts and "mass" in texts and "height" in texts     # names, units
    assert {"apple", "lemon", "orange"} <= set(texts)                     # the legend
    assert len([c for c in root.iter(SVG + "circle") if c.get("class") == "point"]) == 150
    assert len(grid_of(cell_groups(root)[0])) == 400
    r = cli("draw", model, "--neurons", "--data", "examples/fruit.csv", "-o", out,
            "--resolution", "6", "--max-neurons", "4")
    assert r.returncode == 0, r.stderr
    root = ET.parse(out).getroot()
    assert len([g for g in root.iter(SVG + "g") if g.get("class") == "tile"]) == 2 + 3 + 3
    assert "mass, height" in [t.text for t in root.iter(SVG + "text")]


def test_draw_weights_as_images(cli, tmp_path):
    net = Network([Dense(64, 6, "relu"), Dense(6, 10, "softmax")], seed=1)
    model, out = str(tmp_path / "d.json"), str(tmp_path / "w.svg")
    net.save(model)
    r = cli("draw", model, "--weights-as-images", "8x8", "-o", out)
    assert r.returncode == 0, r.stderr
    assert len(cell_groups(ET.parse(out).getroot())) == 6
    r = cli("draw", model, "--weights-as-images", "1x6", "--layer", "2", "-o", out)
    assert r.returncode == 0, r.stderr
    assert len(cell_groups(ET.parse(out).getroot())) == 10


@pytest.mark.parametrize("args,message", [
    (["--boundary"], "--boundary needs --data"),
    (["--neurons"], "--neurons needs --data"),
    (["--boundary", "--neurons", "--data", "D"], "choose one of"),
    (["--neurons", "--weights-as-images", "8x8"], "choose one of"),
    (["--data", "D"], "--data goes with --boundary or --neurons"),
    (["--resolution", "10"], "--resolution goes with"),
    (["--boundary", "--data", "D", "--resolution", "1"], "--resolution must be 2 to 400"),
    (["--boundary", "--data", "D", "--resolution", "401"], "--resolution must be 2 to 400"),
    (["--boundary", "--data", "D", "--resolution", "ten"], "--resolution expects a whole"),
    (["--layer", "1"], "--layer goes with --weights-as-images"),
    (["--weights-as-images", "8"], "expects HEIGHTxWIDTH"),
    (["--weights-as-images", "8x"], "expects HEIGHTxWIDTH"),
    (["--weights-as-images", "0x8"], "expects HEIGHTxWIDTH"),
    (["--weights-as-images", "8x8x1"], "expects HEIGHTxWIDTH"),
    (["--weights-as-images", "-8x8"], "expects HEIGHTxWIDTH"),
    (["--weights-as-images", "4x4"], "16 pixels, but layer 1 has 64 inputs"),
    (["--weights-as-images", "8x8", "--layer", "3"], "--layer must be 1 to 2"),
    (["--weights-as-images", "8x8", "--layer", "0"], "--layer must be 1 to 2"),
    (["--weights-as-images", "8x8", "--max-neurons", "5"], "--max-neurons goes with"),
    (["--max-neurons", "2"], "--max-neurons must be at least 3"),
    (["--neurons=1", "--data", "D"], "--neurons takes no value"),
])
def test_draw_refuses_each_bad_option(args, message, cli, tmp_path):
    model = str(tmp_path / "d.json")
    Network([Dense(64, 6, "relu"), Dense(6, 10, "softmax")], seed=1).save(model)
    r = cli("draw", model, "-o", str(tmp_path / "x.svg"), *args)
    assert r.returncode == 2 and message in r.stderr, r.stderr
    assert not os.path.exists(str(tmp_path / "x.svg"))


def test_draw_maps_need_a_two_input_model(cli, tmp_path):
    model = str(tmp_path / "d.json")
    Network([Dense(4, 3, "softmax")], seed=1).save(model)
    r = cli("draw", model, "--neurons", "--data", "examples/fruit.csv", "-o",
            str(tmp_path / "x.svg"))
    assert r.returncode == 1 and "has 4 inputs; the maps need a model with 2" in r.stderr


def test_draw_maps_of_a_regression_model(cli, tmp_path):
    data = tmp_path / "plane.csv"
    data.write_text("a,b,t\n" + "".join("%d,%d,%d\n" % (i % 5, i // 5, i % 7) for i in range(30)))
    model = str(tmp_path / "r.json")
    r = cli("train", str(data), "--target", "t", "--regression", "--epochs", "3", "--hidden", "3",
            "--out", model)
    assert r.returncode == 0, r.stderr
    out = str(tmp_path / "x.svg")
    r = cli("draw", model, "--boundary", "--data", str(data), "-o", out)
    assert r.returncode == 1 and "a decision map needs a classifier" in r.stderr
    r = cli("draw", model, "--neurons", "--data", str(data), "-o", out, "--resolution", "4")
    assert r.returncode == 0, r.stderr
    root = ET.parse(out).getroot()
    assert len([g for g in root.iter(SVG + "g") if g.get("class") == "tile"]) == 2 + 3 + 1


def test_explain_svg_draws_the_explained_step(cli, tmp_path):
    out = str(tmp_path / "step.svg")
    r = cli("explain", "--sample", "1", "--neuron", "2", "--svg", out)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == "drew %s: the step, each connection coloured by ∂L/∂w" % out
    net, X, Y = tutorial_network()
    assert open(out, encoding="utf-8").read() == plot.gradient_svg(
        net, X, Y, loss="sse", learning_rate=1.0, sample=1, neuron=2)
    r = cli("explain", "--svg")
    assert r.returncode == 2 and "--svg expects a value" in r.stderr
    assert "--svg FILE" in cli("explain", "--help").stdout


def test_the_help_of_draw_names_every_option(cli):
    text = cli("draw", "--help").stdout
    for option in ("--boundary", "--neurons", "--weights-as-images", "--data", "--resolution",
                   "--layer", "--max-neurons", "--title", "-o, --out"):
        assert option in text


# -- the examples ---------------------------------------------------------------------

def readme_row(example):
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    return [l for l in readme.splitlines() if l.startswith("| `python3 examples/%s`" % example)][0]


def test_the_moons_example_scores_held_out_points_as_the_readme_says():
    r = subprocess.run([sys.executable, "examples/moons.py"], cwd=ROOT, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    held = re.search(r"held-out accuracy: (\S+)%", r.stdout).group(1)
    first = re.search(r"100% first at epoch (\d+)", r.stdout).group(1)
    row = readme_row("moons.py")
    assert "**%s%% held-out accuracy** (50 points" % held.replace(".0", "") in row
    assert "from epoch %s of 300" % first in row


# -- the gallery ------------------------------------------------------------------------

def gallery_commands():
    text = open(os.path.join(ROOT, "docs", "pictures.md"), encoding="utf-8").read()
    return [line[2:] for block in re.findall(r"```console\n(.*?)```", text, re.S)
            for line in block.splitlines() if line.startswith("$ ")]


def test_every_picture_of_the_gallery_is_what_its_command_writes(tmp_path):
    for name in ("purenn", "examples"):
        os.symlink(os.path.join(ROOT, name), str(tmp_path / name))
    os.makedirs(str(tmp_path / "docs" / "pictures"))
    os.makedirs(str(tmp_path / "build"))
    printed = {}
    for command in gallery_commands():
        args = command.split()
        assert args[0] == "python3" and "'" not in command and '"' not in command
        r = subprocess.run([sys.executable] + args[1:], cwd=str(tmp_path), capture_output=True,
                           text=True, timeout=600)
        assert r.returncode == 0, (command, r.stderr)
        printed[args[1]] = r.stdout
    made = sorted(os.listdir(str(tmp_path / "docs" / "pictures")))
    assert made == SHOWN
    for name in made:
        with open(str(tmp_path / "docs" / "pictures" / name), encoding="utf-8") as f:
            assert f.read() == open(os.path.join(GALLERY, name), encoding="utf-8").read(), name
    page = open(os.path.join(ROOT, "docs", "pictures.md"), encoding="utf-8").read()
    assert sorted(re.findall(r"\]\(pictures/(\S+?\.svg)\)", page)) == SHOWN
    # the examples' numbers the README gives
    spirals = printed["examples/spirals.py"]
    held = re.search(r"held-out accuracy: (\S+)%", spirals).group(1).replace(".0", "")
    train = re.search(r"training accuracy: (\S+)%", spirals).group(1)
    assert "**%s%% held-out accuracy** (75 points), %s%% training" % (held, train) \
        in readme_row("spirals.py")
    digits_out = printed["examples/digits.py"]
    held = re.search(r"held-out accuracy: (\S+)%", digits_out).group(1)
    assert "**%s%% held-out accuracy**" % held in readme_row("digits.py")
