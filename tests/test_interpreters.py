"""The same files on PyPy and MicroPython: identical weights and forecasts.

With ``math``'s functions (purenn's default) CPython, PyPy and MicroPython's
unix port agree because they share glibc's libm; with the portable ones
(``--portable-math``, ``tests/portable/same_bits.py``) they agree because
nothing depends on a libm (CI adds MicroPython's WebAssembly port and
Pyodide to the comparison).

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


@pytest.mark.parametrize("fixture,prefix", [
    ("pypy", []),
    ("micropython", ["-X", "heapsize=8m"]),
])
def test_portable_math_gives_the_same_bits_as_cpython(request, fixture, prefix):
    exe = request.getfixturevalue(fixture)
    args = ["-m", "purenn", "--portable-math", "--weights"]
    ref = run([sys.executable], *args)
    assert run([exe] + prefix, *args) == ref
    script = os.path.join("tests", "portable", "same_bits.py")
    ref = run([sys.executable, script])
    assert len(ref.splitlines()) == 62
    assert run([exe] + prefix + [script]) == ref


def test_portable_math_changes_the_last_bits_only(cli):
    """Portable and platform runs print the same table and weights that agree
    to about 1e-12, but not to the last bit (so the switch took effect)."""
    plain = parse(cli("--weights").stdout)
    port = parse(cli("--portable-math", "--weights").stdout)
    assert plain[0] == port[0]
    assert plain[1] != port[1]
    for k in plain[1]:
        assert abs(plain[1][k] - port[1][k]) <= 1e-12 * max(1.0, abs(plain[1][k]))


BITS = ("import struct\n"
        "def bits(net):\n"
        "    out = []\n"
        "    for layer in net.layers:\n"
        "        for v in [w for row in layer.weights for w in row] + layer.biases:\n"
        "            out.append('%08x%08x' % struct.unpack('>II', struct.pack('>d', v)))\n"
        "    return ' '.join(out)\n")


@pytest.mark.parametrize("fixture,prefix", [
    ("pypy", []),
    ("micropython", ["-X", "heapsize=4m"]),
])
def test_model_files_read_back_to_the_same_bits_across_interpreters(request, tmp_path,
                                                                     fixture, prefix):
    """A model saved on CPython loads with the same bits on PyPy and MicroPython,
    and one saved there loads with the same bits on CPython, weights whose
    decimal text MicroPython reads or writes one ulp off included."""
    import struct
    from purenn import Dense, Network, load
    exe = request.getfixturevalue(fixture)
    tricky = [-320.3112034721415, struct.unpack(">d", bytes.fromhex("404298eea15d9282"))[0]]
    net = Network([Dense(3, 5, "tanh"), Dense(5, 2, "softmax")], seed=7)
    net.layers[0].weights[0][:2] = tricky
    here = str(tmp_path / "cpython.json")
    net.save(here)
    ns = {}
    exec(BITS, ns)
    script = BITS + "import purenn\nprint(bits(purenn.load(%r)))\n" % here
    assert run([exe] + prefix, "-c", script).strip() == ns["bits"](net)
    there = str(tmp_path / "other.json")
    script = BITS + (
        "import purenn\n"
        "from purenn import Dense, Network\n"
        "net = Network([Dense(2, 4, 'tanh'), Dense(4, 1, 'sigmoid')], seed=3)\n"
        "net.fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], epochs=50, learning_rate=0.5)\n"
        "net.layers[0].biases[1] = %r\n"
        "net.save(%r)\n"
        "print(bits(net))\n" % (tricky[1], there))
    printed = run([exe] + prefix, "-c", script).strip()
    assert ns["bits"](load(there)) == printed
