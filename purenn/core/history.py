"""What ``fit`` keeps of each epoch, and the error that ends a run that diverged.

The history of a run is kept in :class:`Series`: arrays of doubles, so an
epoch allocates nothing that outlives it (on MicroPython, a list that grows
by one float per epoch scatters long-lived objects across the heap, and
training needed ever more heap the longer it ran); ``fit(history="last")``
keeps one value per series, for a heap that does not grow at all.  ``fit``
turns them into lists at the end.
"""

import sys
from array import array

from .errors import TrainingDiverged

#: What ``fit(history=...)`` accepts: every epoch's values, or the last one's.
HISTORY = ("all", "last")

#: True where ``array.append`` makes room in proportion to the array's size
#: (CPython, PyPy), so that appending costs O(1) on average and is done in C.
#: MicroPython's makes room for 8 more items at a time: there :class:`Series`
#: doubles the room itself.
GROWS_IN_PROPORTION = sys.implementation.name != "micropython"


class Series:
    """One value per epoch: all of them (``keep_all``) or the last one.

    ``append(v)`` records a value; it is ``array.append`` itself, a call
    into C, where :data:`GROWS_IN_PROPORTION` holds (``fit`` calls it once
    an epoch, and on the tutorial's 4-sample epochs a Python-level method
    was 2% of the time)."""

    def __init__(self, keep_all):
        self.keep_all = keep_all
        self.in_c = keep_all and GROWS_IN_PROPORTION
        if self.in_c:
            self.values = array("d")
            self.append = self.values.append
        else:
            self.values = array("d", bytes(64 if keep_all else 8))
            self.count = 0
            self.append = self._keep_all if keep_all else self._keep_last

    def _keep_all(self, v):
        i = self.count
        if i == len(self.values):       # double the room: a new array, rarely
            self.values = self.values + array("d", bytes(8 * i))
        self.values[i] = v
        self.count = i + 1

    def _keep_last(self, v):
        self.values[0] = v
        self.count += 1

    def size(self):
        """How many values were appended."""
        return len(self.values) if self.in_c else self.count

    def last(self):
        return self.values[self.size() - 1 if self.keep_all else 0]

    def to_list(self):
        n = self.size()
        if not n:
            return []
        return list(self.values[:n]) if self.keep_all else [self.values[0]]


def diverged(loss, epoch, batch, what="the loss"):
    """Raise TrainingDiverged: ``what`` stopped being finite (``loss`` its
    value) at this epoch and batch (None: a full batch, or after the epoch)."""
    where = "epoch %d" % epoch if batch is None else "epoch %d, batch %d" % (epoch, batch)
    if what != "the loss":
        state = "the weights are back to the last ones with a finite loss"
        event = "%s stopped being finite after %s" % (what, where)
    else:
        event = "the loss became %r at %s" % (loss, where)
        if epoch == 1 and batch in (None, 1):
            state = "the weights are unchanged (their loss was not finite to begin with)"
        else:
            state = "the weights are back to the last ones with a finite loss"
    raise TrainingDiverged("fit: %s; %s; try a smaller learning_rate" % (event, state),
                           epoch, batch, loss)
