"""The web page, examples/web/, in headless Chromium: what it shows is what
CPython prints for the same code.

A folder laid out like the repository (links to purenn/, the files of
examples/web/ and the npm packages) is served on 127.0.0.1 by ``python3 -m
http.server`` (as the README says to), started and stopped here;
``tests/web_page.mjs`` loads the page with puppeteer-core and Chromium,
refusing every request that leaves that origin, and reports the page's
status, texts and picture, and what purenn-loader.mjs does when put through
its interface in that page.  Needed:
Node.js, Chromium (``CHROMIUM`` or ``chromium`` on the PATH) and the npm
packages of examples/web/package.json (``PURENN_WEB_NODE_MODULES``, or
``examples/web/node_modules`` after ``npm ci`` there).  Where one is missing
the browser tests are skipped with the reason, unless
``PURENN_REQUIRE_BROWSER=1`` (as ``.ci/run`` sets): then that is a failure.

A second copy of the site, whose file list leaves out ``purenn/tutorial.py``,
checks that the page reports a failure in its status instead of hanging.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pytest

from conftest import WEB_NODE_MODULES, need_browser, svg_elements

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEB = os.path.join(ROOT, "examples", "web")
MICROPYTHON = "@micropython/micropython-webassembly-pyscript"


def _file_list():
    with open(os.path.join(WEB, "purenn-files.json"), encoding="utf-8") as f:
        return json.load(f)


def test_the_file_list_is_the_whole_package():
    r = subprocess.run([sys.executable, os.path.join(WEB, "make_file_list.py"), "--check"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    files = _file_list()
    assert "purenn/tutorial.py" in files and "purenn/core/network.py" in files
    assert "purenn/datafiles/digits.bin" in files


def test_the_file_list_follows_the_package(tmp_path):
    """A new module of purenn/ joins the list (so --check fails until the
    list is written again); compiled files stay out."""
    sys.path.insert(0, WEB)
    try:
        import make_file_list
    finally:
        sys.path.remove(WEB)
    shutil.copytree(os.path.join(ROOT, "purenn"), str(tmp_path / "purenn"))
    before = make_file_list.package_files(str(tmp_path))
    (tmp_path / "purenn" / "core" / "new_module.py").write_text("x = 1\n")
    (tmp_path / "purenn" / "__pycache__").mkdir(exist_ok=True)
    (tmp_path / "purenn" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"")
    after = make_file_list.package_files(str(tmp_path))
    assert sorted(set(after) - set(before)) == ["purenn/core/new_module.py"]
    assert before == _file_list()


def test_the_readme_shows_the_pages_own_set_up():
    """The README's script for the page is in examples/web/index.html, line
    for line and in order; its commands are the ones this file runs."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme.split("### In a web page", 1)[1].split("\n#", 1)[0]
    script = re.findall(r"```js\n(.*?)```", section, re.S)
    assert len(script) == 1
    with open(os.path.join(WEB, "index.html"), encoding="utf-8") as f:
        page = [line.strip() for line in f]
    at = 0
    for line in script[0].splitlines():
        assert line.strip() in page[at:], line
        at = page.index(line.strip(), at) + 1
    assert "python3 -m http.server 8000" in section and "npm ci" in section
    assert "http://localhost:8000/examples/web/" in section


def _site(top, file_list):
    """A folder laid out like the repository, with links to its files: purenn/,
    examples/web/ (its tracked files, this file list) and node_modules."""
    os.symlink(os.path.join(ROOT, "purenn"), os.path.join(top, "purenn"))
    web = os.path.join(top, "examples", "web")
    os.makedirs(web)
    for name in os.listdir(WEB):
        if name not in ("node_modules", "purenn-files.json", "__pycache__"):
            os.symlink(os.path.join(WEB, name), os.path.join(web, name))
    os.symlink(os.path.abspath(WEB_NODE_MODULES), os.path.join(web, "node_modules"))
    with open(os.path.join(web, "purenn-files.json"), "w", encoding="utf-8") as f:
        json.dump(file_list, f)


class Server:
    """``python3 -m http.server`` on a free port of 127.0.0.1, serving ``folder``;
    its request log is kept."""

    def __init__(self, folder):
        self.log_path = os.path.join(folder, "..", "server.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
             "--directory", folder], stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"port (\d+)", line)
        if not m:
            self.stop()
            raise RuntimeError("http.server did not start: %r" % line)
        self.url = "http://127.0.0.1:%s/" % m.group(1)

    def requests(self):
        """(path, status) of every request so far."""
        with open(self.log_path) as f:
            return [(m.group(1), int(m.group(2))) for m in
                    re.finditer(r'"GET (\S+) HTTP/1\.[01]" (\d+)', f.read())]

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()
        self.log.close()


@pytest.fixture(scope="module")
def shown():
    """What the page shows, served whole ("good") and with a broken file list."""
    need_browser("web page")
    work = tempfile.mkdtemp(prefix="purenn-web-")
    served = os.path.join(work, "site")
    os.mkdir(served)
    good = _file_list()
    for name, files in (("good", good), ("broken", [p for p in good if p != "purenn/tutorial.py"])):
        os.mkdir(os.path.join(served, name))
        _site(os.path.join(served, name), files)
    server = Server(served)
    try:
        env = dict(os.environ, PURENN_WEB_NODE_MODULES=WEB_NODE_MODULES,
                   CHROMIUM=os.environ.get("CHROMIUM") or shutil.which("chromium"))
        r = subprocess.run(["node", os.path.join(ROOT, "tests", "web_page.mjs"),
                            server.url + "good/examples/web/",
                            server.url + "broken/examples/web/"],
                           capture_output=True, text=True, timeout=600, env=env)
        assert r.returncode == 0, r.stderr[-3000:]
        pages = json.loads(r.stdout)
        yield {"good": pages[0], "broken": pages[1], "requests": server.requests(),
               "base": server.url}
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def _cpython(*args):
    r = subprocess.run([sys.executable] + list(args), capture_output=True, text=True,
                       cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT), timeout=300)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_the_page_runs_to_the_end(shown):
    page = shown["good"]
    assert page["state"] == "done", (page["status"], page["errors"], page["texts"])
    assert page["errors"] == []
    print("page done in %.1f s: %s" % (page["seconds"], page["status"]))


def test_the_tutorial_table_is_what_python_m_purenn_prints(shown):
    out = _cpython("-m", "purenn")
    assert out.startswith("Forecast / Fact\n") and out.count("\n") == 5
    assert shown["good"]["texts"]["tutorial-output"] == out


def test_the_moons_numbers_are_cpythons(shown):
    out = _cpython(os.path.join("examples", "web", "moons.py"))
    assert out.count("\n") == 7
    assert shown["good"]["texts"]["moons-output"] == out


def test_the_page_shows_the_code_it_runs(shown):
    for name in ("tutorial", "moons"):
        with open(os.path.join(WEB, name + ".py"), encoding="utf-8") as f:
            assert shown["good"]["texts"][name + "-source"] == f.read()


def test_the_picture_is_cpythons_element_for_element(shown):
    code = ("import runpy, sys; sys.stdout.write(runpy.run_path(%r)['svg'])"
            % os.path.join(WEB, "moons.py"))
    svg = _cpython("-c", code).split("\n", 7)[-1]      # after the 7 printed lines
    expected = svg_elements(svg)
    # the map's cells are a few paths, then one circle per point
    assert expected[0][0] == "svg" and [e[0] for e in expected].count("circle") == 60
    assert shown["good"]["svg"] == expected


def test_nothing_but_localhost_was_asked_for(shown):
    for name in ("good", "broken"):
        assert shown[name]["refused"] == []
    requests = shown["requests"]
    # (304: the loader test asks again for what the page had; the one 404 is
    # the loader test's own missing file)
    assert [r for r in requests if r[1] not in (200, 304)] == [("/good/purenn/no_such_file.py", 404)]
    for p in _file_list():                    # each file of purenn came from the server
        assert ("/good/" + p, 200) in requests, p
    assert ("/good/examples/web/node_modules/%s/micropython.wasm" % MICROPYTHON, 200) in requests


def test_the_loader_keeps_its_promises(shown):
    """purenn/web/purenn-loader.mjs, as its header describes it: its root
    by default, the page's MicroPython and file list."""
    from purenn.tools.playground import RUNTIME_URL
    probe = shown["good"]["loader"]
    assert probe["files"] == len(_file_list())
    assert probe["runtimeUrl"] == probe["defaults"]["micropython"] == RUNTIME_URL
    base = shown["base"] + "good/"
    assert probe["defaults"]["root"] == base             # the folder that holds purenn/
    assert probe["defaults"]["fileList"] == base + "purenn/web/purenn-files.json"
    assert probe["first"] == {"output": "x is 42\nto stderr\nafter\n", "error": None, "type": None}
    assert probe["second"] == {"output": "43\n", "error": None, "type": None}
    raised = probe["raised"]
    assert raised["type"] == "ValueError" and raised["output"] == ""
    assert raised["error"].startswith("Traceback") and raised["error"].endswith("ValueError: bad value\n")
    assert probe["exit"]["type"] == "SystemExit" and "SystemExit: 3" in probe["exit"]["error"]
    assert probe["got"] == [42, "text", "undefined"]
    assert probe["purenn"]["output"] == "/lib/purenn/__init__.py\n"
    for refusal in probe["outside"]:
        assert "expected a JSON array of paths under purenn/" in refusal
    assert "cannot fetch purenn/no_such_file.py" in probe["missing"] and "HTTP 404" in probe["missing"]


def test_a_missing_file_is_reported_in_the_status(shown):
    page = shown["broken"]
    assert page["state"] == "error", page["status"]
    # the last line of the traceback: purenn's package cannot find the module
    assert page["status"].startswith("tutorial.py failed: ")
    assert "'tutorial'" in page["status"]
    assert "Traceback" in page["texts"]["tutorial-output"]
    assert page["texts"]["moons-output"] == ""
