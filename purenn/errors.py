"""The exceptions purenn raises.

Every error a user can cause with bad input is a ``ValueError`` subclass, so
``except ValueError`` catches them all; a shape problem is a ``ShapeError``.
"""


class ShapeError(ValueError):
    """A matrix or vector has the wrong shape for the operation.

    The message names the operation and the shapes involved, e.g.
    ``matmul: (4x3) @ (4x1): inner dimensions 3 and 4 differ``.
    """
