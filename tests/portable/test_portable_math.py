"""The portable elementary functions give CPython's bits on this runtime.

``data/portable_math.txt`` holds, for 570 arguments, the bits of each
function's result as computed on CPython (``PYTHONPATH=. python3
tests/portable/test_portable_math.py --write`` rewrites it;
``tests/test_elementary.py`` checks that it is current).  Here every
result is recomputed and compared bit for bit: on PyPy, MicroPython and its
WebAssembly port, where ``math``'s own functions differ from CPython's.
"""

import math
import struct

from purenn.core import elementary
from purenn.core import portable_math as pm
from purenn.core.rng import Rng

from checks import raises

#: Where a few WebAssembly/glibc differences were seen, and edges of each method.
SPECIAL = [-9.333705410750902, 0.6525736543796576, 1.0, -1.0, 0.5, 0.99999999999999989,
           1.0000000000000002, 21.99, 22.0, -745.1, -708.5, 709.0, 1e-300, 3.9e-9, 0.0]

DOMAINS = (("exp", -745.0, 709.0), ("log", 1e-3, 1e3), ("tanh", -23.0, 23.0),
           ("sin", -60.0, 60.0), ("cos", -60.0, 60.0))


def bits(x):
    return "%08x%08x" % struct.unpack(">II", struct.pack(">d", x))


def arguments():
    """``(name, x)`` pairs: the special arguments, then 100 drawn per function."""
    out = []
    for name, lo, hi in DOMAINS:
        for x in SPECIAL:
            if name != "log" or x > 0.0:
                out.append((name, x))
        g = Rng(len(name))
        for _ in range(50):
            out.append((name, g.uniform(lo, hi)))
            out.append((name, g.uniform(-1.0, 1.0) if name != "log" else g.uniform(0.5, 2.0)))
    return out


def lines():
    """One line per argument: ``name bits(x) bits(f(x))``."""
    return ["%s %s %s" % (name, bits(x), bits(getattr(pm, name)(x))) for name, x in arguments()]


def _data_file():
    f = __file__
    here = f[:f.rfind("/")] if "/" in f else "."
    return here + "/data/portable_math.txt"


def test_every_result_has_the_bits_cpython_gives():
    with open(_data_file()) as f:
        want = [line.rstrip("\n") for line in f]
    got = lines()
    assert len(got) == len(want) == 570, len(want)
    bad = [i for i in range(len(got)) if got[i] != want[i]]
    assert not bad, "%d differ, first: %s, expected %s" % (len(bad), got[bad[0]], want[bad[0]])


def test_special_values_are_the_same_everywhere():
    nan, inf = math.nan, math.inf
    assert pm.exp(-inf) == 0.0 and pm.exp(inf) == inf and pm.exp(nan) != pm.exp(nan)
    assert raises(OverflowError, pm.exp, 710.0)
    assert pm.exp(-746.0) == 0.0
    assert raises(ValueError, pm.log, 0.0) and raises(ValueError, pm.log, -1.0)
    assert pm.log(inf) == inf and pm.log(1.0) == 0.0
    assert pm.tanh(inf) == 1.0 and pm.tanh(-inf) == -1.0 and pm.tanh(30.0) == 1.0
    assert bits(pm.tanh(-0.0)) == bits(-0.0) and bits(pm.sin(-0.0)) == bits(-0.0)
    assert pm.cos(0.0) == 1.0
    assert raises(ValueError, pm.sin, 1e7) and raises(ValueError, pm.cos, -1e7)


def test_the_switch_moves_every_user_of_the_functions():
    was = elementary.use_portable_math(True)
    try:
        from purenn.core import activations
        x = -9.333705410750902
        assert bits(activations.get("sigmoid").f(x)) == bits(pm.exp(x) / (1.0 + pm.exp(x)))
        assert bits(activations.get("tanh").f(0.7)) == bits(pm.tanh(0.7))
    finally:
        elementary.use_portable_math(was)
    assert elementary.exp is math.exp


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["--write"]:
        with open(_data_file(), "w") as out:
            for line in lines():
                out.write(line + "\n")
