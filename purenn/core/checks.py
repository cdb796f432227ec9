"""Validation at the boundary: every argument a user passes, checked once.

The network's methods (``predict``, ``loss``, ``gradients``, ``fit``) call
these on their arguments and then work on the clean copies they return;
nothing deeper checks again.  The check of a matrix of numbers, all that
``predict`` needs, is in ``purenn.core.rows`` (and reachable here too).  Every failure is a ``ValueError`` (a
:class:`~purenn.core.errors.ShapeError` for a wrong shape) whose message
names the argument and the place: ``X[0][2]: expected a finite number,
got nan``.
"""

from .errors import ShapeError, is_number
from .rows import as_float, as_matrix, first_not_finite, short  # noqa: F401 (checks.as_matrix...)


def positive_int(name, v, allow_none=False):
    """v if it is an int ≥ 1 (or None when ``allow_none``); ValueError otherwise."""
    if v is None and allow_none:
        return v
    if not isinstance(v, int) or isinstance(v, bool) or v < 1:
        raise ValueError("%s: expected a positive int, got %r" % (name, v))
    return v


def rate(name, v):
    """v as a float if it is a finite number > 0 (a learning rate)."""
    f = as_float(v)
    if f is None or not f > 0.0:
        raise ValueError("%s: expected a finite number > 0, got %s" % (name, short(v)))
    return f


def penalty(v):
    """The L2 factor as a float: a finite number ≥ 0."""
    f = as_float(v)
    if f is None or not f >= 0.0:
        raise ValueError("l2: expected a finite number >= 0, got %s" % short(v))
    return f


def listing(name, v, what):
    """v as a list when it is a list or tuple (None: empty); ValueError otherwise."""
    if v is None:
        return []
    if not isinstance(v, (list, tuple)):
        raise ValueError("%s: expected a list of %s, got %s" % (name, what, short(v)))
    return list(v)


def as_targets(Y, name, rows, width, loss=None):
    """Targets as a matrix of finite numbers, checked against the loss.

    A flat list of numbers is one column; when the loss accepts class labels
    (``loss.labels``: categorical cross-entropy) and there are several
    outputs, a flat list of ints is read as labels and one-hot encoded.
    ``loss.targets`` says what the values may be: ``"unit"``, each in
    [0, 1] (binary cross-entropy); ``"distribution"``, each in [0, 1] and
    each row summing to 1 within rounding (categorical cross-entropy);
    ``"sign"``, −1 or +1 (hinge).
    """
    if isinstance(Y, (list, tuple)) and Y and is_number(Y[0]):
        if loss is not None and loss.labels and width > 1:
            Y = labels_one_hot(Y, name, width)
        else:
            Y = [[v] if is_number(v) else v for v in Y]
    Y = as_matrix(Y, name, width)
    if len(Y) != rows:
        raise ShapeError("%s: expected %d rows (one per sample of X), got %d"
                         % (name, rows, len(Y)))
    kind = loss.targets if loss is not None else None
    if kind in ("unit", "distribution"):
        for n, row in enumerate(Y):
            if not (min(row) >= 0.0 and max(row) <= 1.0):
                for k, v in enumerate(row):
                    if not (0.0 <= v <= 1.0):
                        raise ValueError("%s[%d][%d]: %s needs targets in [0, 1], got %r"
                                         % (name, n, k, loss.name, v))
            if kind == "distribution":
                s = sum(row)
                if abs(s - 1.0) > 1e-9 * len(row):
                    raise ValueError("%s[%d]: %s needs each target row to sum to 1 (one-hot "
                                     "or a distribution), this one sums to %r"
                                     % (name, n, loss.name, s))
    elif kind == "sign":
        for n, row in enumerate(Y):
            if row.count(1.0) + row.count(-1.0) == len(row):
                continue
            for k, v in enumerate(row):
                if v != 1.0 and v != -1.0:
                    raise ValueError("%s[%d][%d]: %s needs targets -1 or +1, got %r"
                                     % (name, n, k, loss.name, v))
    return Y


def labels_one_hot(labels, name, width):
    """Class labels (ints 0 … width−1) as one-hot rows; ValueError naming the bad one."""
    out = []
    for n, c in enumerate(labels):
        if not isinstance(c, int) or isinstance(c, bool):
            raise ValueError("%s[%d]: expected a class label (an int) or a one-hot row, got %r"
                             % (name, n, short(c)))
        if not 0 <= c < width:
            raise ValueError("%s[%d]: class label %d is out of range for %d outputs (0 to %d)"
                             % (name, n, c, width, width - 1))
        row = [0.0] * width
        row[c] = 1.0
        out.append(row)
    return out
