"""Classification conveniences: one-hot codes, argmax, accuracy, splits.

>>> one_hot([0, 2, 1], 3)
[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
>>> argmax([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]])
[1, 0]
>>> accuracy([[0.0, 1.0], [1.0, 0.0]], [[0.2, 0.8], [0.3, 0.7]])
0.5
>>> accuracy([[1.0], [0.0], [1.0]], [[0.9], [0.4], [0.2]])
0.6666666666666666
"""

from .rng import Rng


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


def _argmax_row(row):
    best = 0
    for k in range(1, len(row)):
        if row[k] > row[best]:
            best = k
    return best


def argmax(rows):
    """The index of the largest entry of each row (the first one on ties)."""
    return [_argmax_row(r) for r in rows]


def classes(P, Y=None):
    """Predicted classes for predictions P (one row per sample).

    Several outputs: the index of the largest (softmax heads).  One output:
    1 if p ≥ 0.5 else 0 (sigmoid heads), or, when the targets Y use the
    labels −1 and +1 (hinge loss), 1 if p > 0 else −1.
    """
    if P and len(P[0]) > 1:
        return argmax(P)
    if Y is not None and _signed(Y):
        return [1 if p[0] > 0.0 else -1 for p in P]
    return [1 if p[0] >= 0.5 else 0 for p in P]


def _signed(Y):
    for y in Y:
        if y[0] < 0.0:
            return True
    return False


def accuracy(Y, P):
    """Fraction of samples whose predicted class (see :func:`classes`) is the
    target's: argmax for one-hot targets; 0/1 (or −1/+1) labels for one output."""
    if len(Y) != len(P) or not Y:
        raise ValueError("accuracy: expected equally many targets and predictions, got %d and %d"
                         % (len(Y), len(P)))
    width = len(Y[0])
    for name, M in (("targets", Y), ("predictions", P)):
        for i, row in enumerate(M):
            if len(row) != width or not width:
                raise ValueError("accuracy: %s[%d] has %d entries, expected %d"
                                 % (name, i, len(row), width))
    predicted = classes(P, Y)
    if len(Y[0]) > 1:
        truth = argmax(Y)
    elif _signed(Y):
        truth = [1 if y[0] > 0.0 else -1 for y in Y]
    else:
        truth = [1 if y[0] >= 0.5 else 0 for y in Y]
    hits = 0
    for a, b in zip(predicted, truth):
        if a == b:
            hits += 1
    return hits / len(Y)


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    """``(X_train, X_test, Y_train, Y_test)``: rows shuffled by ``Rng(seed)``,
    the last ``round(test_fraction·N)`` of them held out."""
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
