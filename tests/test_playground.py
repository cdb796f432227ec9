"""The playground without a browser: what its page computes
(``purenn.web.playground``), the hash it keeps its state in, and the server
``python -m purenn playground`` (``purenn.tools.playground``), from a
checkout and from the package as setup.cfg installs it.

The page itself, in headless Chromium, is ``tests/test_playground_page.py``.
"""

import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, strategies as st

import purenn
from purenn.core.elementary import compile_functions
from purenn.explain import explain_step
from purenn.tools import playground as server
from purenn.web import playground as pg

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# -- the hash ---------------------------------------------------------------------------

def test_an_empty_hash_is_the_defaults_and_every_key_has_one():
    assert pg.parse_hash("") == pg.parse_hash("#") == pg.DEFAULTS
    assert set(pg.DEFAULTS) == set(pg.KEYS)
    assert pg.format_hash(pg.DEFAULTS) == \
        "dataset=circles&hidden=4,2&activation=tanh&rate=0.3&seed=1&train=0"


def test_the_documented_example():
    s = pg.parse_hash("#dataset=moons&hidden=4,2&activation=tanh&rate=0.3&seed=1&train=50")
    assert s == {"dataset": "moons", "hidden": [4, 2], "activation": "tanh", "rate": "0.3",
                 "seed": 1, "train": 50}
    assert pg.parse_hash("hidden=")["hidden"] == []          # no hidden layer
    assert pg.parse_hash("rate=1e-3")["rate"] == "1e-3"
    assert pg.parse_hash("rate=.5&seed=0")["seed"] == 0


def _rate_texts():
    digits = st.text("0123456789", min_size=1, max_size=3)
    return st.one_of(st.sampled_from(pg.RATES), st.builds(
        lambda a, b: a + "." + b, digits, digits), st.builds(
        lambda a, e: a + "e-" + e, st.sampled_from("123456789"), st.sampled_from("12345")))


settings = st.fixed_dictionaries({
    "dataset": st.sampled_from(pg.DATASETS),
    "hidden": st.lists(st.integers(1, pg.MAX_NEURONS), max_size=pg.MAX_LAYERS),
    "activation": st.sampled_from(pg.ACTIVATIONS),
    "rate": _rate_texts().filter(lambda t: 0.0 < float(t) <= pg.MAX_RATE),
    "seed": st.integers(0, pg.MAX_SEED),
    "train": st.integers(0, pg.MAX_EPOCHS),
})


@given(settings)
def test_settings_round_trip_through_the_hash(s):
    text = pg.format_hash(s)
    assert pg.parse_hash(text) == s
    assert pg.parse_hash("#" + text) == s
    assert pg.format_hash(pg.parse_hash(text)) == text        # and back again


@given(settings, st.randoms(use_true_random=False), st.data())
def test_entries_in_any_order_and_any_subset_mean_the_same(s, rnd, data):
    entries = pg.format_hash(s).split("&")
    kept = data.draw(st.lists(st.sampled_from(entries), unique=True))
    rnd.shuffle(kept)
    parsed = pg.parse_hash("&".join(kept))
    for key in pg.KEYS:
        given_ = [e for e in kept if e.startswith(key + "=")]
        assert parsed[key] == (s[key] if given_ else pg.DEFAULTS[key])


BAD = [
    ("dataset=moons&", "expected key=value entries joined by &, got ''"),
    ("dataset=moons&&train=1", "expected key=value entries joined by &"),
    ("moons", "expected key=value entries joined by &, got 'moons'"),
    ("colour=red", "unknown key 'colour' (the keys are dataset, hidden, activation, rate, "
                   "seed, train)"),
    ("Dataset=moons", "unknown key 'Dataset'"),
    ("dataset=moons&dataset=xor", "dataset: given twice"),
    ("dataset=xo", "dataset: expected one of xor, circles, moons, spirals, got 'xo'"),
    ("dataset=moons%20", "dataset: expected one of"),
    ("activation=softmax", "activation: expected one of tanh, relu, leaky_relu, sigmoid, "
                           "linear, got 'softmax'"),
    ("hidden=9", "hidden: expected the sizes of the hidden layers, 1 to 8 neurons each"),
    ("hidden=0", "hidden: expected the sizes"),
    ("hidden=4,,2", "hidden: expected the sizes"),
    ("hidden=4,", "hidden: expected the sizes"),
    ("hidden=%204", "hidden: expected the sizes"),
    ("hidden=04", "hidden: expected the sizes"),
    ("hidden=1,1,1,1,1,1,1", "hidden: at most 6 hidden layers, got 7"),
    ("rate=fast", "rate: expected a decimal number above 0 and at most 10 (such as 0.3), "
                  "got 'fast'"),
    ("rate=0", "rate: expected a decimal number above 0"),
    ("rate=0.0", "rate: expected a decimal number above 0"),
    ("rate=10.5", "rate: expected a decimal number above 0"),
    ("rate=-1", "rate: expected a decimal number"),
    ("rate=+1", "rate: expected a decimal number"),
    ("rate=1e", "rate: expected a decimal number"),
    ("rate=1e-999", "rate: expected a decimal number"),       # 0.0 as a float
    ("rate=.", "rate: expected a decimal number"),
    ("rate=1.", "rate: expected a decimal number"),
    ("rate=", "rate: expected a decimal number"),
    ("rate=nan", "rate: expected a decimal number"),
    ("rate=inf", "rate: expected a decimal number"),
    ("rate=1_0", "rate: expected a decimal number"),
    ("rate=0x1", "rate: expected a decimal number"),
    ("rate=" + "0" * 30 + "1", "rate: expected a decimal number"),
    ("seed=01", "seed: expected a whole number from 0 to 999999, got '01'"),
    ("seed=-1", "seed: expected a whole number from 0 to 999999"),
    ("seed=1000000", "seed: expected a whole number from 0 to 999999"),
    ("seed=1.0", "seed: expected a whole number"),
    ("seed=", "seed: expected a whole number"),
    ("seed=٣", "seed: expected a whole number"),             # a digit, but not 0-9
    ("train=10001", "train: expected a whole number from 0 to 10000, got '10001'"),
    ("train=" + "9" * 200, "train: expected a whole number from 0 to 10000, got '99999"),
]


@pytest.mark.parametrize("text, message", BAD)
def test_the_hash_is_parsed_strictly(text, message):
    with pytest.raises(pg.HashError) as e:
        pg.parse_hash(text)
    assert str(e.value).startswith(message), str(e.value)
    assert isinstance(e.value, ValueError) and len(str(e.value)) < 200
    session, said = pg.open_hash("#" + text)          # what the page shows
    assert session is None and said == str(e.value)


def test_settings_the_hash_cannot_hold_are_refused():
    good = dict(pg.DEFAULTS)
    for key, value in (("seed", True), ("seed", 1.0), ("rate", 0.3), ("hidden", "4,2"),
                       ("hidden", [4, True]), ("train", -1), ("dataset", None)):
        bad = dict(good, **{key: value})
        with pytest.raises(pg.HashError, match="^%s: " % key):
            pg.check_settings(bad)
    with pytest.raises(pg.HashError, match="^seed: missing"):
        pg.check_settings(dict((k, v) for k, v in good.items() if k != "seed"))
    with pytest.raises(pg.HashError, match="unknown key 'noise'"):
        pg.check_settings(dict(good, noise=0.1))


# -- the data and the session -----------------------------------------------------------

def test_xor_points_follow_the_sign_rule():
    X, Y = pg.xor_points(400, seed=3)
    assert len(X) == 400 and X != pg.xor_points(400, seed=4)[0]
    assert (X, Y) == pg.xor_points(400, seed=3)
    for (a, b), (y,) in zip(X, Y):
        assert 0.1 <= abs(a) <= 1.0 and 0.1 <= abs(b) <= 1.0
        assert y == (1.0 if a * b < 0 else 0.0)
    assert 150 < sum(y for (y,) in Y) < 250


def test_each_data_set_and_its_network():
    for name, K in (("xor", 1), ("circles", 1), ("moons", 1), ("spirals", 3)):
        s = pg.Session(pg.parse_hash("dataset=%s&hidden=3,2&activation=relu&seed=5" % name))
        assert len(s.X) == pg.POINTS and len(s.Y[0]) == K
        sizes = [(l.n_inputs, l.n_outputs, l.activation.name) for l in s.net.layers]
        out = "sigmoid" if K == 1 else "softmax"
        assert sizes == [(2, 3, "relu"), (3, 2, "relu"), (2, K, out)]
        assert s.loss == ("binary_crossentropy" if K == 1 else "categorical_crossentropy")
        assert s.net.layers[0].weights == pg.network(s.settings, K).layers[0].weights


def _by_hand(settings, epochs):
    """The loss after each epoch, and the weights, of the same network trained
    here through the generic layers, one epoch at a time."""
    X, Y = pg.data(settings)
    net = pg.network(settings, len(Y[0]))
    loss = "binary_crossentropy" if len(Y[0]) == 1 else "categorical_crossentropy"
    losses = [net.loss(X, Y, loss=loss)]
    for _ in range(epochs):
        net.fit(X, Y, epochs=1, learning_rate=float(settings["rate"]), loss=loss,
                compiled=False)
        losses.append(net.loss(X, Y, loss=loss))
    return losses, net.parameters()


def test_a_session_is_gradient_descent_epoch_by_epoch():
    s = pg.Session(pg.parse_hash("dataset=moons&hidden=3&rate=0.5&seed=2"))
    assert s.train(12) == 12 and s.epoch == 12
    losses, params = _by_hand(s.settings, 12)
    assert list(s.losses) == losses                  # to the last bit
    assert s.net.parameters() == params
    assert s.losses[12] < s.losses[0]
    v = s.view()
    assert v["epoch"] == 12 and v["loss"] == losses[12]


def test_training_in_chunks_gives_the_same_numbers():
    settings = pg.parse_hash("dataset=spirals&hidden=4&rate=1")
    one, chunks = pg.Session(settings), pg.Session(settings)
    one.train(15)
    for n in (7, 0, 3, 1, 1, 1, 1, 1):
        chunks.train(n)
    assert chunks.epoch == 15 and list(chunks.losses) == list(one.losses)
    assert chunks.net.parameters() == one.net.parameters()


def test_the_source_shown_is_the_code_that_trains():
    """The epochs function compiled from ``Session.source`` trains a copy of
    the first weights to the session's weights, to the last bit."""
    s = pg.Session(pg.parse_hash("dataset=moons&hidden=3,2"))
    assert s.compiled and s.engine_note == ""
    assert s.source == pg.network(s.settings, 1).compile().source(s.loss, full=True)
    W = [[r[:] for r in l.weights] for l in s.net.layers]
    B = [l.biases[:] for l in s.net.layers]
    s.train(9)
    (epochs,) = compile_functions(s.source, ("epochs",))
    PW, PB = [[r[:] for r in w] for w in W], [b[:] for b in B]
    seen = []
    epochs(W, B, PW, PB, s.X, s.Y, lambda: None, len(s.X), s.rate, 0.0, 9, seen.append,
           [False])
    assert W == [l.weights for l in s.net.layers] and B == [l.biases for l in s.net.layers]
    assert seen == list(s.losses[:9])


def _svg(text):
    root = ET.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def test_the_view():
    s = pg.Session(pg.parse_hash("dataset=moons&hidden=4,2&train=3"))
    v0 = s.view()
    assert v0["epoch"] == 0 and v0["curve"] == "" and v0["loss"] == s.losses[0]
    s.train(3)
    v = s.view()
    assert sorted(v) == ["accuracy", "boundary", "curve", "diverged", "engine_note", "epoch",
                         "explain", "loss", "neurons", "source"]
    assert v["epoch"] == 3 and v["loss"] == s.losses[3] == s.net.loss(s.X, s.Y, loss=s.loss)
    assert v["explain"] == explain_step(s.net, s.X, s.Y, loss=s.loss, learning_rate=s.rate)
    right = sum(1 for p, y in zip(s.net.predict(s.X), s.Y) if (p[0] >= 0.5) == (y[0] == 1.0))
    assert v["accuracy"] == right / len(s.X)
    boundary, neurons, curve = _svg(v["boundary"]), _svg(v["neurons"]), _svg(v["curve"])
    ns = "{http://www.w3.org/2000/svg}"
    assert len(boundary.findall(".//%scircle" % ns)) == pg.POINTS
    assert "decision map, epoch 3" in v["boundary"]
    assert v["neurons"].count('class="tile"') == 2 + 4 + 2 + 1
    polyline = curve.find(".//%spolyline" % ns)
    assert len(polyline.get("points").split()) == 3           # epochs 1, 2, 3
    assert v["diverged"] == "" and v["source"] == s.source
    sent = json.loads(pg.view_json(v))
    assert sorted(sent) == sorted(k for k in v if k not in ("loss", "accuracy"))
    assert json.loads(pg.view_json(v, ("epoch", "curve"))) == {"epoch": 3, "curve": v["curve"]}


def test_the_maps_get_coarser_as_the_network_grows():
    small = pg.Session(pg.parse_hash("hidden=2"))
    big = pg.Session(pg.parse_hash("hidden=8,8,8,8,8,8"))
    assert pg.resolution(small.net, pg.BOUNDARY_RESOLUTION) == 40
    r = pg.resolution(big.net, pg.BOUNDARY_RESOLUTION)
    assert r * r * big.net.parameter_count() <= 160000 < (r + 1) ** 2 * big.net.parameter_count()
    assert pg.resolution(big.net, (12, 40, 10)) == 12                     # never below least
    assert big.view()["boundary"] == pg.boundary_svg(big.net, big.X, big.Y, resolution=r,
                                                     size=360, title="decision map, epoch 0")
    assert big.view()["boundary"] != pg.boundary_svg(big.net, big.X, big.Y, resolution=r + 1,
                                                     size=360, title="decision map, epoch 0")


def test_a_session_that_diverges_stops_at_its_last_good_epoch():
    settings = pg.parse_hash("dataset=spirals&hidden=8,8,8,8,8,8&activation=linear&rate=10")
    s = pg.Session(settings)
    ran = s.train(50)
    assert 0 < ran < 50 and s.epoch == ran and s.diverged.startswith(
        "training diverged in epoch %d (" % (ran + 1))
    assert "lower the learning rate" in s.diverged
    assert len(s.losses) == ran + 1 and all(math.isfinite(v) for v in s.losses)
    assert s.train(5) == 0 and s.epoch == ran                 # no more
    again = pg.Session(settings)
    assert again.train(ran) == ran and again.diverged is None
    assert list(again.losses) == list(s.losses)
    assert s.net.parameters() == again.net.parameters()
    v = s.view()
    assert v["diverged"] == s.diverged and v["epoch"] == ran and v["boundary"].startswith("<svg")


def test_a_session_trains_at_most_max_epochs(monkeypatch):
    monkeypatch.setattr(pg, "MAX_EPOCHS", 5)
    s = pg.Session(pg.parse_hash("dataset=xor"))
    assert s.train(3) == 3 and s.train(3) == 2 and s.train(1) == 0 and s.epoch == 5
    with pytest.raises(ValueError, match="epochs: expected a whole number >= 0"):
        s.train(-1)


def test_the_hash_of_a_session_makes_it_again():
    s = pg.Session(pg.parse_hash("dataset=circles&hidden=5&seed=9&rate=0.03"))
    s.train(4)
    assert s.hash() == "dataset=circles&hidden=5&activation=tanh&rate=0.03&seed=9&train=4"
    again, canonical = pg.open_hash("#" + s.hash())
    assert canonical == s.hash()
    again.train(again.settings["train"])
    assert list(again.losses) == list(s.losses)
    assert pg.run(s.hash())["loss"] == s.losses[4]
    assert pg.run(s.settings, epochs=4)["loss"] == s.losses[4]


def test_what_the_menus_offer():
    c = json.loads(pg.choices_json())
    assert c["dataset"] == list(pg.DATASETS) and c["activation"] == list(pg.ACTIVATIONS)
    assert c["defaults"] == pg.format_hash(pg.DEFAULTS)
    for r in c["rate"]:
        assert pg.parse_hash("rate=" + r)["rate"] == r


# -- the server's site --------------------------------------------------------------------

def _site(tmp_path):
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    for name in ("micropython.mjs", "micropython.wasm", "package.json", "secret.txt"):
        (runtime / name).write_text(name)
    site = server.Site(root=ROOT, runtime=str(runtime))
    site.hosts = ("127.0.0.1:8000", "localhost:8000")
    return site


def test_the_site_serves_the_page_the_package_and_nothing_else(tmp_path):
    site = _site(tmp_path)
    files = server.package_files(ROOT)
    page = sorted(n for n in os.listdir(os.path.join(ROOT, "purenn", "web"))
                  if n.endswith((".html", ".mjs", ".css")))
    assert page == ["index.html", "playground.css", "playground.mjs", "purenn-loader.mjs"]
    expected = {"/", "/purenn/web/purenn-files.json", "/purenn/web/playground.json",
                "/runtime/micropython.mjs", "/runtime/micropython.wasm"}
    expected |= set("/" + p for p in files) | set("/purenn/web/" + n for n in page)
    assert set(site.routes) == expected
    for path in site.routes:
        status, kind, body = site.answer(path, "127.0.0.1:8000")
        assert status == 200, path
    with open(os.path.join(ROOT, "purenn", "web", "index.html"), "rb") as f:
        assert site.answer("/", "localhost:8000") == (200, "text/html; charset=utf-8", f.read())
    assert site.answer("/?x=1", "localhost:8000")[0] == 200
    assert site.answer("/purenn/web/playground.mjs", "localhost:8000")[1] == \
        "text/javascript; charset=utf-8"
    assert site.answer("/runtime/micropython.wasm", "localhost:8000")[1:] == \
        ("application/wasm", b"micropython.wasm")
    listed = site.answer("/purenn/web/purenn-files.json", "localhost:8000")
    assert listed[1] == "application/json" and json.loads(listed[2]) == files
    config = json.loads(site.answer("/purenn/web/playground.json", "localhost:8000")[2])
    assert config == {"micropython": "/runtime/micropython.mjs", "purenn": purenn.__version__}


@pytest.mark.parametrize("path", [
    "/../setup.cfg", "/purenn/../setup.cfg", "/purenn/%2e%2e/setup.cfg", "/%2e%2e/setup.cfg",
    "//etc/passwd", "/etc/passwd", "/purenn/", "/purenn", "/purenn/web/", "/purenn/core",
    "/README.md", "/setup.cfg", "/tests/test_cli.py", "/examples/web/index.html",
    "/purenn/web/playground.css/", "/purenn/./__init__.py", "/purenn//__init__.py",
    "/purenn/web/../__init__.py", "/PURENN/__init__.py", "/runtime/", "/runtime/package.json",
    "/runtime/secret.txt", "/runtime/../runtime/micropython.mjs", "/index.html", "",
    "http://127.0.0.1:8000/purenn/__init__.py", "/purenn/__pycache__/x.pyc",
])
def test_no_path_leads_anywhere_else(tmp_path, path):
    assert _site(tmp_path).answer(path, "127.0.0.1:8000")[0] == 404


def test_only_this_computers_names_for_the_server_are_answered(tmp_path):
    site = _site(tmp_path)
    for host in ("evil.example:8000", "127.0.0.1:8001", "127.0.0.1", "", "localhost.:8000"):
        assert site.answer("/", host)[0] == 403


def test_without_runtime_the_page_loads_micropython_from_the_pinned_cdn_url():
    site = server.Site(root=ROOT)
    site.hosts = ("127.0.0.1:1",)
    assert not [p for p in site.routes if p.startswith("/runtime/")]
    config = json.loads(site.answer("/purenn/web/playground.json", "127.0.0.1:1")[2])
    assert config["micropython"] == server.RUNTIME_URL == (
        "https://cdn.jsdelivr.net/npm/@micropython/micropython-webassembly-pyscript"
        "@1.29.0-6/micropython.mjs")


def test_the_pinned_version_is_the_same_everywhere():
    with open(os.path.join(ROOT, "purenn", "web", "purenn-loader.mjs"), encoding="utf-8") as f:
        loader = f.read()
    assert re.search(r'RUNTIME_URL =\s*"([^"]+)"', loader).group(1) == server.RUNTIME_URL
    with open(os.path.join(ROOT, "examples", "web", "package.json"), encoding="utf-8") as f:
        pinned = json.load(f)["dependencies"][server.RUNTIME_PACKAGE]
    assert pinned == server.RUNTIME_VERSION
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    assert server.RUNTIME_URL in readme and server.RUNTIME_URL in server.HELP


def test_the_file_list_is_made_from_the_package_when_the_server_starts(tmp_path):
    shutil.copytree(os.path.join(ROOT, "purenn"), str(tmp_path / "purenn"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    before = server.package_files(str(tmp_path))
    assert before == server.package_files(ROOT)
    assert "purenn/web/playground.py" in before and "purenn/datafiles/digits.bin" in before
    assert not [p for p in before if p.startswith("purenn/web/") and not p.endswith(".py")]
    (tmp_path / "purenn" / "new_module.py").write_text("x = 1\n")
    (tmp_path / "purenn" / "web" / "extra.css").write_text("")
    (tmp_path / "purenn" / "__pycache__").mkdir()
    (tmp_path / "purenn" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"")
    (tmp_path / "purenn" / "core" / "y.pyc").write_bytes(b"")
    after = server.package_files(str(tmp_path))
    assert sorted(set(after) - set(before)) == ["purenn/new_module.py"]
    site = server.Site(root=str(tmp_path))
    assert "/purenn/new_module.py" in site.routes and "/purenn/web/extra.css" in site.routes


def test_the_runtime_folder_is_found_where_npm_puts_it(tmp_path):
    pkg = tmp_path / "node_modules" / "@micropython" / "micropython-webassembly-pyscript"
    pkg.mkdir(parents=True)
    (pkg / "micropython.mjs").write_text("")
    with pytest.raises(server.UsageError, match="no micropython.mjs and micropython.wasm"):
        server.runtime_folder(str(tmp_path))
    (pkg / "micropython.wasm").write_text("")
    for given_ in (tmp_path, tmp_path / "node_modules", pkg):
        assert server.runtime_folder(str(given_)) == str(pkg)
    assert server.runtime_version(str(pkg)) is None
    (pkg / "package.json").write_text('{"version": "1.29.0-6"}')
    assert server.runtime_version(str(pkg)) == "1.29.0-6"


# -- the command ---------------------------------------------------------------------------

class Running:
    """``python -m purenn playground ARGS`` in the background, from ``cwd``,
    with purenn from ``path``; ``url`` is the address it printed."""

    def __init__(self, args, cwd, path=ROOT):
        env = dict(os.environ, PYTHONPATH=path)
        self.proc = subprocess.Popen([sys.executable, "-m", "purenn", "playground"] + args,
                                     cwd=str(cwd), env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.first = self.proc.stdout.readline()
        m = re.match(r"purenn playground: http://127\.0\.0\.1:(\d+)/\n$", self.first)
        if not m:
            self.proc.kill()
            raise AssertionError("no address: %r %r" % (self.first, self.proc.stderr.read()))
        self.port = int(m.group(1))
        self.rest = [self.proc.stdout.readline() for _ in range(2)]

    def get(self, path, host=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host or "127.0.0.1:%d" % self.port)
        conn.endheaders()
        r = conn.getresponse()
        out = (r.status, r.getheader("Content-Type"), r.read())
        conn.close()
        return out

    def interrupt(self):
        """Ctrl-C; returns (exit status, stdout after the start, stderr)."""
        self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=30)
        return self.proc.returncode, out, err


def test_the_server_prints_its_address_serves_and_stops_on_ctrl_c(tmp_path, cli):
    runtime = tmp_path / "rt"
    runtime.mkdir()
    (runtime / "micropython.mjs").write_text("export {}")
    (runtime / "micropython.wasm").write_bytes(b"\0asm")
    s = Running(["--port", "0", "--runtime", str(runtime)], tmp_path)
    try:
        assert s.rest[0] == "MicroPython (version unknown) from %s; the page is tested with " \
            "1.29.0-6\n" % runtime
        assert s.rest[1] == "Ctrl-C stops the server.\n"
        status, kind, body = s.get("/")
        assert status == 200 and kind == "text/html; charset=utf-8" and b'id="status"' in body
        assert s.get("/runtime/micropython.wasm")[:2] == (200, "application/wasm")
        files = json.loads(s.get("/purenn/web/purenn-files.json")[2])
        assert files == server.package_files(ROOT)
        with open(os.path.join(ROOT, "purenn", "core", "network.py"), "rb") as f:
            assert s.get("/purenn/core/network.py")[2] == f.read()
        assert s.get("/../setup.cfg")[0] == 404
        assert s.get("/purenn/%2e%2e/setup.cfg")[0] == 404
        assert s.get("/", host="attacker.example")[0] == 403
        # it listens on 127.0.0.1 alone
        other = socket.gethostbyname(socket.gethostname())
        if not other.startswith("127."):
            with pytest.raises(OSError):
                socket.create_connection((other, s.port), timeout=5)
    finally:
        code, out, err = s.interrupt()
    assert code == 130 and out == ""
    assert err.splitlines() == ["purenn playground: 404 GET /../setup.cfg",
                                "purenn playground: 404 GET /purenn/%2e%2e/setup.cfg",
                                "purenn playground: 403 GET /",
                                "purenn: interrupted"]


def test_the_default_runtime_is_named_when_it_starts(tmp_path):
    """What the README shows it prints (on the default port, 8000)."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    block = readme.split("```console\n$ python3 -m purenn playground\n", 1)[1].split("```")[0]
    s = Running(["--port=0"], tmp_path)
    try:
        assert s.rest[0] == "MicroPython from %s (or use --runtime DIR)\n" % server.RUNTIME_URL
        printed = s.first + "".join(s.rest)
        assert printed == block.replace(":8000/", ":%d/" % s.port)
    finally:
        code, _, err = s.interrupt()
    assert code == 130 and err == "purenn: interrupted\n"


def test_help_and_usage_errors(cli, tmp_path):
    r = cli("playground", "--help")
    assert r.returncode == 0 and r.stdout == server.HELP and r.stderr == ""
    assert server.RUNTIME_URL in r.stdout and "--runtime DIR" in r.stdout
    assert [line for line in r.stdout.splitlines() if len(line) > 80 and "://" not in line] \
        == []
    assert "playground [--port N] [--runtime DIR]" in cli("--help").stdout
    for args, message in ((["--port", "65536"], "--port must be 0 to 65535, got 65536"),
                          (["--port", "-1"], "--port must be 0 to 65535, got -1"),
                          (["--port", "eighty"], "--port expects a whole number, got 'eighty'"),
                          (["--port"], "--port expects a value"),
                          (["--runtime", str(tmp_path)], "--runtime %s: no micropython.mjs"
                           % tmp_path),
                          (["here"], "unexpected argument 'here'"),
                          (["--open"], "unknown option '--open'")):
        r = cli("playground", *args)
        assert r.returncode == 2, args
        assert r.stderr.startswith("purenn: error: " + message), r.stderr
        assert r.stderr.endswith("(try: python -m purenn playground --help)\n")
        assert "Traceback" not in r.stderr and r.stdout == ""


def test_a_port_in_use_is_one_line(cli):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = taken.getsockname()[1]
        r = cli("playground", "--port", str(port))
    finally:
        taken.close()
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.startswith("purenn: error: cannot listen on 127.0.0.1:%d (" % port)
    assert r.stderr.endswith("choose another --port, or --port 0 for any free one\n")
    assert r.stderr.count("\n") == 1


def test_the_installed_package_serves_the_page_from_anywhere(tmp_path):
    """setup.cfg's packages and package_data, built as pip builds them
    (setuptools' build), serve the whole page from another folder."""
    build = tmp_path / "build"
    r = subprocess.run([sys.executable, "-c", "from setuptools import setup; setup()", "-q",
                        "build", "--build-base", str(build)], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    lib = str(build / "lib")
    assert server.package_files(lib) == server.package_files(ROOT)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    s = Running(["--port", "0"], elsewhere, path=lib)
    try:
        files = json.loads(s.get("/purenn/web/purenn-files.json")[2])
        assert files == server.package_files(ROOT)
        web = os.path.join(ROOT, "purenn", "web")
        wanted = [("/", os.path.join(web, "index.html"))] + [
            ("/purenn/web/" + n, os.path.join(web, n))
            for n in ("playground.mjs", "playground.css", "purenn-loader.mjs")] + [
            ("/" + p, os.path.join(ROOT, *p.split("/"))) for p in files]
        for path, source in wanted:
            status, _, body = s.get(path)
            with open(source, "rb") as f:
                assert (status, body) == (200, f.read()), path
    finally:
        code, _, err = s.interrupt()
    assert code == 130 and err == "purenn: interrupted\n"


def test_on_micropython_the_server_is_one_line_saying_why_not(micropython):
    r = subprocess.run([micropython, "-m", "purenn", "playground", "--port", "0"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == ("purenn: error: playground: this Python has no http.server (run it "
                        "with CPython or PyPy)\n")
