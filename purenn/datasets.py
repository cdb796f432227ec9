"""Small data sets, generated with purenn's portable generator.

Every generator takes a ``seed`` and gives the same numbers on CPython, PyPy
and MicroPython.  Each returns ``(X, Y)``: X a list of rows, Y a list of
target rows (one column of 0/1 for two classes, one-hot rows for more,
one column of values for regression).

>>> X, Y = moons(6, seed=1)
>>> len(X), len(X[0]), sorted(set(y[0] for y in Y))
(6, 2, [0.0, 1.0])
>>> X, Y = spirals(5, classes=3)
>>> len(X), Y[0]
(15, [1.0, 0.0, 0.0])

``digits()`` loads the real 8×8 handwritten digits (1797 samples) shipped
inside the package; see ``purenn/datafiles/README.md`` for its source and
licence.
"""

import math

from .core import elementary
from .core.rng import Rng


def tutorial():
    """The tutorial's four rows: inputs (a, b, 1) and the target a XOR b."""
    return [[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]], \
        [[0.0], [1.0], [1.0], [0.0]]


def xor():
    """The four points of exclusive-or."""
    return [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [[0.0], [1.0], [1.0], [0.0]]


def _count(name, n, least=1):
    if not isinstance(n, int) or isinstance(n, bool) or n < least:
        raise ValueError("%s: expected an int >= %d, got %r" % (name, least, n))
    return n


def moons(n=100, noise=0.1, seed=0):
    """Two interleaving half circles: class 0 on ``(cos t, sin t)``, class 1 on
    ``(1 − cos t, 0.5 − sin t)``, t evenly spaced in [0, π], plus Gaussian
    noise of standard deviation ``noise``.  Samples alternate between the
    classes."""
    _count("moons: n", n, 2)
    g = Rng(seed)
    n0 = (n + 1) // 2
    n1 = n - n0
    X, Y = [], []
    for i in range(n):
        cls = i % 2
        k = i // 2
        m = n0 if cls == 0 else n1
        t = math.pi * k / (m - 1) if m > 1 else 0.0
        if cls == 0:
            x, y = elementary.cos(t), elementary.sin(t)
        else:
            x, y = 1.0 - elementary.cos(t), 0.5 - elementary.sin(t)
        X.append([x + noise * g.gauss(), y + noise * g.gauss()])
        Y.append([float(cls)])
    return X, Y


def circles(n=100, noise=0.05, factor=0.5, seed=0):
    """Two concentric circles: class 0 of radius 1, class 1 of radius
    ``factor``, with Gaussian noise.  Samples alternate between the classes."""
    _count("circles: n", n, 2)
    g = Rng(seed)
    X, Y = [], []
    for i in range(n):
        cls = i % 2
        t = 2.0 * math.pi * g.random()
        r = 1.0 if cls == 0 else factor
        X.append([r * elementary.cos(t) + noise * g.gauss(), r * elementary.sin(t) + noise * g.gauss()])
        Y.append([float(cls)])
    return X, Y


def spirals(n_per_class=100, classes=3, noise=0.2, seed=0):
    """``classes`` interleaved spiral arms in the plane, one-hot targets.

    Arm k: radius r = i / n_per_class, angle t = 4k + 4r + noise·N(0, 1),
    point ``(r sin t, r cos t)``.
    """
    _count("spirals: n_per_class", n_per_class, 1)
    _count("spirals: classes", classes, 2)
    g = Rng(seed)
    X, Y = [], []
    for k in range(classes):
        for i in range(n_per_class):
            r = i / n_per_class
            t = 4.0 * k + 4.0 * r + noise * g.gauss()
            X.append([r * elementary.sin(t), r * elementary.cos(t)])
            row = [0.0] * classes
            row[k] = 1.0
            Y.append(row)
    return X, Y


def sine(n=200, noise=0.1, seed=0):
    """Regression: x uniform in [−π, π], target ``sin x`` plus Gaussian noise."""
    _count("sine: n", n, 1)
    g = Rng(seed)
    X, Y = [], []
    for _ in range(n):
        x = g.uniform(-math.pi, math.pi)
        X.append([x])
        Y.append([elementary.sin(x) + noise * g.gauss()])
    return X, Y


#: Samples in the digits data.
DIGITS_SAMPLES = 1797
_DIGIT_BYTES = 41


def _data_path(name):
    try:
        here = __file__
    except NameError:       # MicroPython's WebAssembly runPython has no __file__
        here = "purenn/datasets.py"
    i = here.rfind("/")
    folder = here[:i] if i >= 0 else "."
    return folder + "/datafiles/" + name


def digits(start=0, stop=None, scale=True):
    """The 8×8 handwritten digits: ``(X, Y)`` with 64 pixels a row and
    one-hot targets of 10 classes.

    Samples ``start`` to ``stop`` (default: all 1797).  Pixels are 0–16, or
    divided by 16 into [0, 1] with ``scale``.  The whole set needs a few MB
    as Python floats; on MicroPython load it in parts (``digits(0, 200)``).
    Source: Alpaydin and Kaynak, "Optical Recognition of Handwritten
    Digits", UCI Machine Learning Repository (CC BY 4.0).
    """
    if stop is None:
        stop = DIGITS_SAMPLES
    for v in (start, stop):
        if not isinstance(v, int) or isinstance(v, bool):
            raise ValueError("digits: start and stop must be ints, got %r" % (v,))
    if not (0 <= start <= stop <= DIGITS_SAMPLES):
        raise ValueError("digits: expected 0 <= start <= stop <= %d, got %r, %r"
                         % (DIGITS_SAMPLES, start, stop))
    X, Y = [], []
    with open(_data_path("digits.bin"), "rb") as f:
        f.seek(start * _DIGIT_BYTES)
        data = f.read((stop - start) * _DIGIT_BYTES)
    div = 16.0 if scale else 1.0
    for s in range(stop - start):
        o = s * _DIGIT_BYTES
        label = data[o]
        bits = int.from_bytes(data[o + 1:o + _DIGIT_BYTES], "big")
        row = [0.0] * 64
        for i in range(63, -1, -1):
            row[i] = (bits & 31) / div
            bits >>= 5
        X.append(row)
        target = [0.0] * 10
        target[label] = 1.0
        Y.append(target)
    return X, Y
