"""purenn: neural networks in pure Python, with the math in plain sight.

    >>> from purenn import Network, Dense
    >>> net = Network([Dense(3, 4, "sigmoid"), Dense(4, 1, "sigmoid")], seed=1)
    >>> X = [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]
    >>> history = net.fit(X, [0, 1, 1, 0], epochs=10, learning_rate=1.0, loss="sse")
    >>> len(history["loss"])
    10

Runs unchanged on CPython 3.9+, PyPy and MicroPython; imports nothing
outside the small standard-library core they share.

The names below are imported on first use, so that ``import purenn`` costs
almost nothing: on MicroPython the compiled code of every module lives in
the (small) heap, and the tutorial needs only a few of them.
"""

from .errors import ShapeError

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "Neuron": "neuron",
    "Dense": "layers",
    "Network": "network",
    "TrainingDiverged": "network",
    "gradcheck": "gradcheck",
    "load": "serialize",
    "ModelFileError": "serialize",
}

__all__ = ["ShapeError", "Neuron", "Dense", "Network", "TrainingDiverged", "gradcheck", "load",
           "ModelFileError"]


def _submodule(module):
    __import__("purenn." + module)
    return globals()[module]


def __getattr__(name):
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(_submodule(module), name)
    else:
        # MicroPython resolves ``from . import losses`` by asking the package
        # for the attribute first: load the submodule if there is one.
        try:
            value = _submodule(name)
        except ImportError:
            raise AttributeError("module 'purenn' has no attribute %r" % (name,))
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
