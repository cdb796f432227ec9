"""The same files on PyPy and MicroPython: identical weights and forecasts.

Finds the interpreters from ``PURENN_PYPY`` / ``PURENN_MICROPYTHON`` (or
``pypy3`` / ``micropython`` on PATH).  Where one is missing the test is
skipped with the reason, unless ``PURENN_REQUIRE_INTERPRETERS=1`` (as
``.ci/run`` sets), where a missing interpreter is a failure.
"""

import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIRED = os.environ.get("PURENN_REQUIRE_INTERPRETERS") == "1"


def interpreter(env_name, command):
    path = os.environ.get(env_name) or shutil.which(command)
    if path:
        return path
    if REQUIRED:
        pytest.fail("%s is required here but not found (set %s)" % (command, env_name))
    pytest.skip("%s not installed (set %s to its path)" % (command, env_name))


def run(cmd, *args):
    r = subprocess.run(list(cmd) + list(args), cwd=ROOT, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    return r.stdout


def parse(output):
    """(forecast table lines, {weight name: float})."""
    table, weights = [], {}
    for line in output.splitlines():
        if " = " in line:
            name, value = line.split(" = ")
            weights[name] = float(value)
        else:
            table.append(line)
    return table, weights


def agree(a, b):
    """The same weights, bit for bit (the promise is 12 significant digits;
    fixed summation order makes them identical)."""
    assert sorted(a) == sorted(b)
    for k in a:
        assert a[k] == b[k], (k, a[k], b[k])


@pytest.mark.parametrize("env_name,command,prefix", [
    ("PURENN_PYPY", "pypy3", []),
    ("PURENN_MICROPYTHON", "micropython", ["-X", "heapsize=4m"]),
])
def test_tutorial_weights_agree_with_cpython(env_name, command, prefix):
    exe = interpreter(env_name, command)
    for iterations in ("0", "1500"):
        args = ["-m", "purenn", "--weights", "--iterations", iterations]
        ref_table, ref = parse(run([sys.executable], *args))
        table, other = parse(run([exe] + prefix, *args))
        assert len(ref) == 16
        agree(ref, other)
        assert table == ref_table


def test_tutorial_runs_in_a_64k_micropython_heap():
    exe = interpreter("PURENN_MICROPYTHON", "micropython")
    out = run([exe, "-X", "heapsize=64k", "-m", "purenn"])
    assert out.splitlines()[0] == "Forecast / Fact" and len(out.splitlines()) == 5
