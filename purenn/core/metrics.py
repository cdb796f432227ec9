"""Classes from predictions, and accuracy: what ``fit(metrics=["accuracy"])``
and ``predict_classes`` need (the rest of the classification helpers are in
``purenn.data``).

>>> argmax([[0.1, 0.7, 0.2], [0.9, 0.05, 0.05]])
[1, 0]
>>> accuracy([[0.0, 1.0], [1.0, 0.0]], [[0.2, 0.8], [0.3, 0.7]])
0.5
>>> accuracy([[1.0], [0.0], [1.0]], [[0.9], [0.4], [0.2]])
0.6666666666666666
"""

from .errors import is_number


def argmax_row(row):
    """The index of the largest entry of one row (the first one on ties)."""
    best = 0
    for k in range(1, len(row)):
        if row[k] > row[best]:
            best = k
    return best


def argmax(rows):
    """The index of the largest entry of each row (the first one on ties)."""
    return [argmax_row(r) for r in rows]


def _signed(Y):
    for y in Y:
        if y[0] < 0.0:
            return True
    return False


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


def accuracy(Y, P):
    """Fraction of samples whose predicted class (see :func:`classes`) is the
    target's: argmax for one-hot targets; 0/1 (or −1/+1) labels for one output."""
    if not isinstance(Y, (list, tuple)) or not isinstance(P, (list, tuple)) \
            or len(Y) != len(P) or not Y:
        raise ValueError("accuracy: expected two equally long lists of rows (targets and "
                         "predictions)")
    width = None
    for name, M in (("targets", Y), ("predictions", P)):
        for i, row in enumerate(M):
            if not isinstance(row, (list, tuple)) or not row:
                raise ValueError("accuracy: %s[%d] is not a row of numbers" % (name, i))
            if width is None:
                width = len(row)
            if len(row) != width:
                raise ValueError("accuracy: %s[%d] has %d entries, expected %d"
                                 % (name, i, len(row), width))
            for v in row:
                if not is_number(v):
                    raise ValueError("accuracy: %s[%d] holds %r, not a number" % (name, i, v))
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
