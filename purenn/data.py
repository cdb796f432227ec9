"""Classification conveniences: one-hot codes, argmax, accuracy, splits.

>>> one_hot([0, 2, 1], 3)
[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
>>> argmax([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]])
[1, 0]
>>> accuracy([[0.0, 1.0], [1.0, 0.0]], [[0.2, 0.8], [0.3, 0.7]])
0.5

``argmax``, ``classes`` and ``accuracy`` are those of ``purenn.core.metrics``
(what ``fit(metrics=["accuracy"])`` uses).
"""

from .core.metrics import accuracy, argmax, classes
from .core.rng import Rng

__all__ = ["one_hot", "argmax", "classes", "accuracy", "train_test_split"]


def one_hot(labels, n_classes=None):
    """Rows of 0.0 with a 1.0 at each label's index (labels are ints 0 … n_classes−1)."""
    labels = list(labels)
    for i, c in enumerate(labels):
        if not isinstance(c, int) or isinstance(c, bool) or c < 0:
            raise ValueError("one_hot: labels[%d]: expected an int >= 0, got %r" % (i, c))
    if n_classes is None:
        n_classes = max(labels) + 1 if labels else 0
    out = []
    for i, c in enumerate(labels):
        if c >= n_classes:
            raise ValueError("one_hot: labels[%d] = %d is out of range for %d classes"
                             % (i, c, n_classes))
        row = [0.0] * n_classes
        row[c] = 1.0
        out.append(row)
    return out


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    """``(X_train, X_test, Y_train, Y_test)``: rows shuffled by ``Rng(seed)``,
    the last ``round(test_fraction·N)`` of them held out."""
    if not isinstance(X, (list, tuple)) or not isinstance(Y, (list, tuple)):
        raise ValueError("train_test_split: expected X and Y as lists of rows")
    if len(X) != len(Y):
        raise ValueError("train_test_split: X has %d rows but Y has %d" % (len(X), len(Y)))
    if not isinstance(test_fraction, (int, float)) or isinstance(test_fraction, bool) \
            or not (0.0 < test_fraction < 1.0):
        raise ValueError("train_test_split: test_fraction must be between 0 and 1, got %r"
                         % (test_fraction,))
    n = len(X)
    n_test = int(test_fraction * n + 0.5)
    if n_test < 1 or n_test >= n:
        raise ValueError("train_test_split: %d rows cannot be split %r" % (n, test_fraction))
    order = Rng(seed).permutation(n)
    train, test = order[:n - n_test], order[n - n_test:]
    return ([X[i] for i in train], [X[i] for i in test],
            [Y[i] for i in train], [Y[i] for i in test])
