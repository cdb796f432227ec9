"""purenn: neural networks in pure Python, with the math in plain sight.

    >>> from purenn import Network, Dense
    >>> net = Network([Dense(3, 4, "sigmoid"), Dense(4, 1, "sigmoid")], seed=1)
    >>> X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
    >>> history = net.fit(X, [0, 1, 1, 0], epochs=10, learning_rate=1.0, loss="sse")
    >>> len(history["loss"])
    10

Runs unchanged on CPython 3.9+, PyPy and MicroPython; imports nothing
outside the small standard-library core they share.  ``purenn.core`` holds
what ``predict`` and ``fit`` need; the modules beside it are built on it,
and ``purenn.tools`` is the command line (``docs/architecture.md``).

The names below are imported on first use, so that ``import purenn`` costs
almost nothing: on MicroPython the compiled code of every module lives in
the (small) heap, and the tutorial needs only a few of them.
"""

from .core.errors import ShapeError

__version__ = "0.1.0"

# public name -> module that defines it; "core" marks a module of purenn.core
# that is reached under its short name too (purenn.losses)
_LAZY = {
    "Neuron": "core.neuron",
    "Dense": "core.layers",
    "Network": "core.network",
    "load": "core.network",
    "TrainingDiverged": "core.errors",
    "ModelFileError": "core.errors",
    "SGD": "core.optimizers",
    "Adam": "core.optimizers",
    "gradcheck": "gradcheck",
    "use_portable_math": "core.elementary",
    "activations": "core",
    "losses": "core",
    "optimizers": "core",
    "rng": "core",
}

__all__ = ["ShapeError", "Neuron", "Dense", "Network", "TrainingDiverged", "gradcheck", "load",
           "ModelFileError", "SGD", "Adam", "use_portable_math"]


def _module(path):
    mod = __import__("purenn." + path)      # the package itself, with path loaded
    for part in path.split("."):
        mod = getattr(mod, part)
    return mod


def __getattr__(name):
    where = _LAZY.get(name)
    if where is not None:
        if where == "core":
            value = _module("core." + name)
        else:
            value = getattr(_module(where), name)
    else:
        # MicroPython resolves ``from . import data`` by asking the package
        # for the attribute first: load the submodule if there is one.
        try:
            value = _module(name)
        except ImportError:
            raise AttributeError("module 'purenn' has no attribute %r" % (name,))
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
