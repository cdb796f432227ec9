"""exp, log, tanh, sin and cos as purenn computes them: ``math``'s, or portable ones.

Everything in purenn that needs one of these functions takes it from here:
the activations' and losses' formulas and the code ``Network.compile()``
generates (all compiled with :data:`NS` as their globals), the tutorial,
the data sets and ``Rng.gauss``.  By default they are ``math``'s: fast, and
identical on CPython, PyPy and MicroPython's unix port, which share glibc's
libm.  WebAssembly runtimes (MicroPython's wasm port, Pyodide) use another
libm that rounds differently, so a network trained there ends with other
weights (up to hundreds of ulps apart after 1500 steps).

``use_portable_math(True)`` switches to ``purenn.core.portable_math``:
functions built from + − × ÷ alone, which give the same bits on every
runtime, at about ten times the cost per call (the whole of a training run
slows less: see the README's "Portability").  ``use_portable_math(False)``
switches back.  The switch is global and takes effect at once, for
networks and compiled code that exist already.

>>> from purenn.core import elementary
>>> was = elementary.use_portable_math(True)
>>> elementary.exp(1.0), elementary.portable
(2.718281828459045, True)
>>> elementary.use_portable_math(was)
True
"""

import math

#: The functions this module provides, by name.
NAMES = ("exp", "log", "tanh", "sin", "cos")
#: Those that the formulas of activations and losses call (an exported
#: file defines these).
FORMULA_NAMES = ("exp", "log", "tanh")

#: The globals of every compiled formula: the functions above by name (and
#: whatever helpers the formulas' modules add).  Changed in place by the
#: switch, so compiled code follows it.
NS = {}

#: True while the portable functions are in use.
portable = False

exp = math.exp
log = math.log
tanh = math.tanh
sin = math.sin
cos = math.cos


def use_portable_math(on=True):
    """Compute with purenn's portable functions (``on`` true) or with ``math``'s
    (false), everywhere in purenn, from now on.  Returns the previous setting."""
    global portable, exp, log, tanh, sin, cos
    if on:
        from . import portable_math as source
    else:
        source = math
    was = portable
    portable = bool(on)
    exp, log, tanh = source.exp, source.log, source.tanh
    sin, cos = source.sin, source.cos
    for name in NAMES:
        NS[name] = getattr(source, name)
    return was


def compile_functions(source, names):
    """Run ``source`` (function definitions) with :data:`NS` as its globals and
    return the functions called ``names``, in that order.  The definitions
    land in a dict of their own, so compiling never changes :data:`NS`."""
    defined = {}
    exec(source, NS, defined)
    return [defined[name] for name in names]


use_portable_math(False)
