"""The playground page in headless Chromium: ``python -m purenn playground``
serves it, purenn trains on MicroPython's WebAssembly port in the page, and
what it shows is what CPython computes for the same settings, to the last
bit.

The server is started as a user starts it, ``python -m purenn playground
--port 0 --runtime DIR`` (DIR: the npm packages of examples/web/, so that
nothing comes from the network), and stopped with Ctrl-C; a second one,
without ``--runtime``, shows that the page then asks the pinned CDN URL
for MicroPython (refused here) and says what to do.
``tests/playground_page.mjs`` drives the page with puppeteer-core, refusing
every request off that server.  The page turns portable math on
(``purenn.use_portable_math(True)``), so its numbers are compared with
CPython's under the same switch: exactly.

Needed: Node.js, Chromium (``CHROMIUM`` or ``chromium`` on the PATH) and the
npm packages of examples/web/package.json (``PURENN_WEB_NODE_MODULES``, or
``examples/web/node_modules`` after ``npm ci`` there).  Without one the
tests are skipped with the reason, unless ``PURENN_REQUIRE_BROWSER=1`` (as
``.ci/run`` sets): then that is a failure.  ``pytest -s`` prints the
page's timings; ``PURENN_PLAYGROUND_SCREENSHOT=FILE.png`` saves a
screenshot of the page after its 50 epochs.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

import pytest

from conftest import WEB_NODE_MODULES, need_browser, svg_elements

import purenn
from purenn.tools.playground import RUNTIME_URL
from purenn.web import playground as pg

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEB = os.path.join(ROOT, "examples", "web")
TRAINED = "dataset=moons&hidden=4,2&activation=tanh&rate=0.3&seed=1&train=50"


@pytest.fixture(scope="module")
def page():
    """What the page showed, and what the server printed."""
    need_browser("playground page")
    work = tempfile.mkdtemp(prefix="purenn-playground-")
    shot = os.environ.get("PURENN_PLAYGROUND_SCREENSHOT")
    servers = []
    try:
        # as a user starts it, with MicroPython from the npm package; and
        # without --runtime, where the page asks the CDN (refused here)
        for args in (["--runtime", WEB_NODE_MODULES], []):
            servers.append(_start(work, args))
        env = dict(os.environ, PURENN_WEB_NODE_MODULES=WEB_NODE_MODULES,
                   CHROMIUM=os.environ.get("CHROMIUM") or shutil.which("chromium"))
        r = subprocess.run(["node", os.path.join(ROOT, "tests", "playground_page.mjs"),
                            servers[0][1], "--cdn", servers[1][1]] +
                           (["--screenshot", shot] if shot else []),
                           capture_output=True, text=True, timeout=900, env=env)
        assert r.returncode == 0, r.stderr[-3000:]
        shown = json.loads(r.stdout)
    finally:
        stopped = []
        for proc, url, first in servers:
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=60)
            stopped.append({"code": proc.returncode, "out": first + out, "err": err})
        shutil.rmtree(work, ignore_errors=True)
    shown["server"], shown["cdn_server"] = stopped
    yield shown


def _start(work, args):
    """``python -m purenn playground --port 0 ARGS`` from ``work``: (process,
    the address it printed, its first line)."""
    proc = subprocess.Popen([sys.executable, "-m", "purenn", "playground", "--port", "0"] + args,
                            cwd=work, env=dict(os.environ, PYTHONPATH=ROOT),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline()
    m = re.match(r"purenn playground: (http://127\.0\.0\.1:\d+/)\n$", first)
    if not m:
        proc.kill()
        raise AssertionError((first, proc.communicate()[1]))
    return proc, m.group(1), first


def _cpython(hash_text, epochs=None):
    """The page's view of these settings as CPython computes it, with the
    portable math the page uses."""
    was = purenn.use_portable_math(True)
    try:
        return pg.run(hash_text, epochs)
    finally:
        purenn.use_portable_math(was)


def test_train_50_in_the_hash_trains_50_epochs_to_cpythons_loss(page):
    t = page["trained"]
    assert t["data"]["state"] == "ready" and page["errors"] == [], (t, page["errors"])
    assert t["data"]["epoch"] == "50"
    expected = _cpython(TRAINED)
    assert float(t["data"]["loss"]) == expected["loss"]               # to the last bit
    assert float(t["data"]["loss"]) < _cpython(TRAINED, 0)["loss"]    # and it fell
    assert t["data"]["accuracy"] == "%.1f%%" % (100 * expected["accuracy"])
    print("\nthe page, 50 epochs of moons 2-4-2-1: %.2f s from navigation to ready "
          "(MicroPython and purenn loaded in %s ms; training %s ms; the last drawing %s ms; "
          "the longest the page was busy at once %s ms)" % (
              t["seconds"], t["data"]["loadMs"], t["data"]["trainMs"], t["data"]["drawMs"],
              t["data"]["longestMs"]))


def test_the_pictures_are_cpythons_element_for_element(page):
    expected = _cpython(TRAINED)
    for name in ("boundary", "curve", "neurons"):
        drawn = page["trained"]["pictures"][name]
        assert drawn is not None, name
        assert drawn == svg_elements(expected[name]), name
    assert len(page["trained"]["pictures"]["curve"]) > 10


def test_the_explain_view_and_the_source_are_cpythons(page):
    t, expected = page["trained"], _cpython(TRAINED)
    assert t["explainTitle"] == "Step 51, every number"
    assert t["explain"] == expected["explain"]
    assert t["source"] == expected["source"] and t["source"].startswith("def epochs(")
    assert t["engineNote"] is None


def test_the_hash_and_the_menus_hold_the_state(page):
    t = page["trained"]
    assert t["hash"] == "#" + TRAINED
    assert t["menus"] == {"dataset": "moons", "hidden": "4,2", "activation": "tanh",
                          "rate": "0.3", "seed": "1"}
    assert t["message"] is None


def test_step_reset_and_a_new_setting(page):
    step = page["step"]
    assert step["data"]["epoch"] == "51" and step["hash"] == "#" + TRAINED[:-2] + "51"
    assert float(step["data"]["loss"]) == _cpython(TRAINED, 51)["loss"]
    reset = page["reset"]
    assert reset["data"]["epoch"] == "0" and reset["hash"] == "#" + TRAINED[:-2] + "0"
    assert float(reset["data"]["loss"]) == _cpython(TRAINED, 0)["loss"]
    changed = page["changed"]
    assert changed["data"]["state"] == "ready" and changed["data"]["epoch"] == "0"
    assert changed["hash"] == "#dataset=xor&hidden=4,2&activation=tanh&rate=0.3&seed=1&train=0"
    assert float(changed["data"]["loss"]) == _cpython(changed["hash"])["loss"]


def test_a_bad_hash_is_a_message_in_the_page(page):
    bad = page["bad"]
    with pytest.raises(pg.HashError) as e:
        pg.parse_hash("rate=fast")
    assert bad["data"]["state"] == "error" and bad["trainDisabled"]
    assert bad["text"] == "Not started: " + str(e.value)
    assert bad["message"] == ("The settings in the address are not valid: %s.  Change them "
                              "above, or start from the defaults: #%s"
                              % (e.value, pg.format_hash(pg.DEFAULTS)))
    assert bad["menus"] == {"dataset": "circles", "hidden": "4,2", "activation": "tanh",
                            "rate": "0.3", "seed": "1"}
    with pytest.raises(pg.HashError) as e:
        pg.parse_hash("dataset=xor&hidden=9")
    assert bad["again"]["text"] == "Not started: " + str(e.value)
    assert bad["again"]["menus"] == {"dataset": "xor", "hidden": "9", "activation": "tanh",
                                     "rate": "0.3", "seed": "1"}        # to be put right
    recovered = bad["recovered"]
    assert recovered["data"]["state"] == "ready" and recovered["message"] is None
    assert recovered["hash"] == "#dataset=xor&hidden=4,2&activation=tanh&rate=0.3&seed=1&train=3"
    assert float(recovered["data"]["loss"]) == _cpython(recovered["hash"])["loss"]


def test_the_page_answers_while_it_trains(page):
    """Pause, clicked while 10000 epochs train, stops them: the page takes
    input between chunks of epochs."""
    p = page["paused"]
    assert p["seen"].startswith("Training: epoch ")
    assert p["data"]["state"] == "ready"
    epoch = int(p["data"]["epoch"])
    assert 0 < epoch < 10000
    assert p["hash"] == "#dataset=circles&hidden=4,2&activation=tanh&rate=0.3&seed=1&train=%d" \
        % epoch
    assert float(p["data"]["loss"]) == _cpython(p["hash"])["loss"]


def test_only_the_server_was_asked_and_it_stopped_on_ctrl_c(page):
    assert page["refused"] == [] and page["errors"] == []
    requests = page["requests"]
    assert "/runtime/micropython.mjs" in requests and "/runtime/micropython.wasm" in requests
    assert "/purenn/web/purenn-files.json" in requests and "/purenn/web/playground.py" in requests
    server = page["server"]
    assert server["code"] == 130
    assert server["err"] == "purenn: interrupted\n"          # nothing refused, one line
    assert server["out"].startswith("purenn playground: http://127.0.0.1:")


def test_without_runtime_the_page_asks_the_pinned_cdn_url(page):
    cdn = page["cdn"]
    assert cdn["data"]["state"] == "error"
    assert cdn["refused"] == [RUNTIME_URL]
    assert cdn["text"].startswith("The page stopped: cannot load MicroPython (%s): "
                                  % RUNTIME_URL)
    assert "start the server with --runtime DIR" in cdn["message"]
    assert page["cdn_server"]["code"] == 130
    assert page["cdn_server"]["err"] == "purenn: interrupted\n"
