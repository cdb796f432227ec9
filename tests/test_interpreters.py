"""The same files on PyPy and MicroPython: identical weights and forecasts.

The interpreters come from the ``pypy`` and ``micropython`` fixtures
(``tests/conftest.py``): skipped with the reason where missing, a failure
under ``PURENN_REQUIRE_INTERPRETERS=1`` (as ``.ci/run`` sets).
"""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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


@pytest.mark.parametrize("fixture,prefix", [
    ("pypy", []),
    ("micropython", ["-X", "heapsize=4m"]),
])
def test_tutorial_weights_agree_with_cpython(request, fixture, prefix):
    exe = request.getfixturevalue(fixture)
    for iterations in ("0", "1500"):
        args = ["-m", "purenn", "--weights", "--iterations", iterations]
        ref_table, ref = parse(run([sys.executable], *args))
        table, other = parse(run([exe] + prefix, *args))
        assert len(ref) == 16
        agree(ref, other)
        assert table == ref_table


def test_tutorial_runs_in_a_56k_micropython_heap(micropython):
    exe = micropython
    out = run([exe, "-X", "heapsize=56k", "-m", "purenn"])
    assert out.splitlines()[0] == "Forecast / Fact" and len(out.splitlines()) == 5
