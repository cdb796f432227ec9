"""Shared pytest set-up: hypothesis profiles and the fixtures several test files use.

Profiles: ``default`` runs each property 200 times (``HYPOTHESIS_PROFILE=ci``
is the same, derandomized, so CI runs are repeatable); ``thorough`` runs 2000.

Fixtures (session-wide, so hypothesis tests may use them too):

* ``cli``: run ``python -m purenn ARGS`` in a subprocess; returns the
  ``CompletedProcess`` (text, with ``returncode``, ``stdout``, ``stderr``);
* ``micropython``, ``pypy``: the interpreter's path, from
  ``PURENN_MICROPYTHON`` / ``PURENN_PYPY`` or the PATH; where it is missing
  the test is skipped with the reason, unless ``PURENN_REQUIRE_INTERPRETERS=1``
  (as ``.ci/run`` sets), where a missing interpreter is a failure;
* ``close``: ``close(a, b, rel=1e-12, abs_=1e-12)`` for numbers, or nested
  lists of them of the same shape.

``peer(name)`` imports a test-only peer (numpy, onnx, onnxruntime,
scikit-learn, skl2onnx: ``tests/requirements-peers.txt``); where it is not
installed the calling test module is skipped with the reason, unless
``PURENN_REQUIRE_PEERS=1`` (as ``.ci/run`` sets for its main CPython), where
that is a failure.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, settings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIRED = os.environ.get("PURENN_REQUIRE_INTERPRETERS") == "1"

settings.register_profile("default", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
# for tests/mutate_formulas.py: fewer examples, the same ones every run
settings.register_profile("mutation", max_examples=60, deadline=None, derandomize=True,
                          database=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def apply_formula_mutant(spec):
    """Change one formula for this test run: ``spec`` is the JSON list
    ``[kind, name, field, text]`` that tests/mutate_formulas.py passes in
    ``PURENN_FORMULA_MUTANT`` (kind "activation" or "loss")."""
    from purenn.core import activations, losses
    kind, name, field, text = json.loads(spec)
    obj = (activations if kind == "activation" else losses).get(name)
    if field == "derivative" and type(obj).delta is None:
        obj.delta = "g * (%s)" % text       # the delta made from the derivative follows it
    setattr(obj, field, text)
    compiled = ("f", "df", "forward", "backward") if kind == "activation" else \
        ("value", "grad", "fused_value", "fused_delta")
    for name in compiled:
        obj.__dict__.pop(name, None)
    if kind == "activation" and not obj.elementwise:
        activations.RowWise.__init__(obj)


if os.environ.get("PURENN_FORMULA_MUTANT"):
    apply_formula_mutant(os.environ["PURENN_FORMULA_MUTANT"])
elif os.environ.get("PURENN_FRESH_FORMULAS"):
    # for mutmut (tools/mutation.sh): every test makes its activations and
    # losses anew, so the code that compiles them runs inside each test
    @pytest.fixture(autouse=True)
    def _fresh_formulas():
        from purenn.core import activations, losses
        activations.reset()
        losses.reset()


#: The real data set with text columns and missing values (see tests/data/README.md).
PENGUINS = os.path.join(ROOT, "tests", "data", "penguins.csv")


def run_command(*args):
    """A data command run in-process: ``(status, stdout, stderr)``."""
    import io
    from purenn.tools import commands
    out, err = io.StringIO(), io.StringIO()
    status = commands.run(args[0], [str(a) for a in args[1:]], out, err)
    return status, out.getvalue(), err.getvalue()


def run_cli(*args, cwd=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "purenn"] + [str(a) for a in args],
                          cwd=cwd or ROOT, capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, PYTHONPATH=ROOT))


def slug(text):
    """A test id made of letters, digits and dashes (for tools that pass ids on)."""
    out = []
    for c in text:
        out.append(c if c.isalnum() else "-")
    return "".join(out).strip("-")


def peer(name):
    """The module ``name`` (a test-only peer), or skip / fail as the docstring says."""
    import importlib
    try:
        return importlib.import_module(name)
    except ImportError as e:
        if os.environ.get("PURENN_REQUIRE_PEERS") == "1":
            pytest.fail("%s is required here but cannot be imported: %s" % (name, e),
                        pytrace=False)
        pytest.skip("%s not installed (pip install -r tests/requirements-peers.txt): %s"
                    % (name, e), allow_module_level=True)


def find_interpreter(env_name, command):
    path = os.environ.get(env_name) or shutil.which(command)
    if path:
        return path
    if REQUIRED:
        pytest.fail("%s is required here but not found (set %s)" % (command, env_name))
    pytest.skip("%s not installed (set %s to its path)" % (command, env_name))


def are_close(a, b, rel=1e-12, abs_=1e-12):
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and \
            len(a) == len(b) and all(are_close(x, y, rel, abs_) for x, y in zip(a, b))
    return abs(a - b) <= abs_ + rel * max(abs(a), abs(b))


@pytest.fixture(scope="session")
def cli():
    return run_cli


@pytest.fixture(scope="session")
def micropython():
    return find_interpreter("PURENN_MICROPYTHON", "micropython")


@pytest.fixture(scope="session")
def pypy():
    return find_interpreter("PURENN_PYPY", "pypy3")


@pytest.fixture(scope="session")
def close():
    return are_close


# -- the browser tests (tests/test_web_page.py, tests/test_playground_page.py) ------

#: Where the npm packages of examples/web/package.json are (puppeteer-core and
#: MicroPython's WebAssembly port).
WEB_NODE_MODULES = os.environ.get("PURENN_WEB_NODE_MODULES") or \
    os.path.join(ROOT, "examples", "web", "node_modules")


def need_browser(what):
    """Skip the calling test, saying what is missing (Node.js, Chromium or
    an npm package), or fail it under ``PURENN_REQUIRE_BROWSER=1`` (as
    ``.ci/run`` sets); ``what`` names the test for that message."""
    from purenn.tools.playground import RUNTIME_PACKAGE
    missing = None
    if not shutil.which("node"):
        missing = "Node.js (node) not found"
    elif not (os.environ.get("CHROMIUM") or shutil.which("chromium")):
        missing = "Chromium not found (set CHROMIUM, or Debian: apt-get install chromium)"
    else:
        for package in ("puppeteer-core", RUNTIME_PACKAGE):
            if not os.path.isfile(os.path.join(WEB_NODE_MODULES, package, "package.json")):
                missing = ("npm package %s not in %s (cd examples/web && npm ci, or set "
                           "PURENN_WEB_NODE_MODULES)" % (package, WEB_NODE_MODULES))
                break
    if missing:
        if os.environ.get("PURENN_REQUIRE_BROWSER") == "1":
            pytest.fail("the %s test is required here: %s" % (what, missing), pytrace=False)
        pytest.skip(missing)


def svg_elements(svg_text):
    """An SVG's elements as the browser drivers (tests/*_page.mjs) report them
    from the page's DOM: ``[tag, sorted attributes, own text]`` each."""
    import xml.etree.ElementTree as ET
    found = []
    for el in ET.fromstring(svg_text).iter():
        own = (el.text or "") + "".join(child.tail or "" for child in el)
        found.append([el.tag.split("}")[-1], sorted([k, v] for k, v in el.attrib.items()),
                      own.strip()])
    return found
