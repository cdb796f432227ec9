"""The exceptions purenn raises, and the one test of "is this a number".

Every error a user can cause with bad input is a ``ValueError`` subclass, so
``except ValueError`` catches them all:

* :class:`ShapeError`: a matrix or vector has the wrong shape;
* :class:`ModelFileError`: a model file (or ``from_dict`` data) is not a
  valid purenn model;
* any other bad value raises a plain ``ValueError`` naming the argument.

Training that runs away raises :class:`TrainingDiverged`, a
``RuntimeError``: the input was legal, the numbers were not.
"""


class ShapeError(ValueError):
    """A matrix or vector has the wrong shape for the operation.

    The message names the operation and the shapes involved, e.g.
    ``matmul: (4×3) @ (4×1): inner dimensions 3 and 4 differ``.
    """


class ModelFileError(ValueError):
    """A model file (or ``from_dict`` data) is not a valid purenn model.

    The message names the place, e.g. ``layers[0].activation: unknown
    activation 'gelu'; expected one of: sigmoid, tanh, ...``.
    """


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite during ``fit``: lower the learning rate.

    ``epoch`` and ``batch`` (counted from 1; batch None for full batches)
    say where, and ``loss`` is the value that was not finite.
    """

    def __init__(self, message, epoch=None, batch=None, loss=None):
        super().__init__(message)
        self.epoch = epoch
        self.batch = batch
        self.loss = loss


def is_number(v):
    """True for an int or float that is not a bool (on MicroPython ``True``
    is not an int, so the test is spelled out the same way everywhere)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)
