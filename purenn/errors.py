"""The exceptions purenn raises.

Every error a user can cause with bad input is a ``ValueError`` subclass, so
``except ValueError`` catches them all; a shape problem is a ``ShapeError``.
"""


class ShapeError(ValueError):
    """A matrix or vector has the wrong shape for the operation.

    The message names the operation and the shapes involved, e.g.
    ``matmul: (4x3) @ (4x1): inner dimensions 3 and 4 differ``.
    """


def is_number(v):
    """True for an int or float that is not a bool (on MicroPython ``True``
    is not an int, so the test is spelled out the same way everywhere)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)
