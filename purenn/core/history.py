"""What ``fit`` keeps of each epoch, and the error that ends a run that diverged.

The history of a run is kept in :class:`Series`: arrays of doubles that
grow by doubling, so an epoch allocates nothing that outlives it (on
MicroPython, a list that grows by one float per epoch scatters long-lived
objects across the heap, and training needed ever more heap the longer it
ran); ``fit(history="last")`` keeps one value per series, for a heap that
does not grow at all.  ``fit`` turns them into lists at the end.
"""

from array import array

from .errors import TrainingDiverged

#: What ``fit(history=...)`` accepts: every epoch's values, or the last one's.
HISTORY = ("all", "last")


class Series:
    """One value per epoch: all of them (``keep_all``) or the last one."""

    def __init__(self, keep_all):
        self.values = array("d", bytes(64 if keep_all else 8))
        self.keep_all = keep_all
        self.count = 0

    def append(self, v):
        i = self.count
        if self.keep_all:
            if i == len(self.values):       # double the room: a new array, rarely
                self.values = self.values + array("d", bytes(8 * i))
        else:
            i = 0
        self.values[i] = v
        self.count += 1

    def last(self):
        return self.values[self.count - 1 if self.keep_all else 0]

    def to_list(self):
        if not self.count:
            return []
        return list(self.values[:self.count]) if self.keep_all else [self.values[0]]


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
