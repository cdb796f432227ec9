"""Validation at the boundary: every argument a user passes, checked once.

The network's methods (``predict``, ``loss``, ``gradients``, ``fit``) call
these on their arguments and then work on the clean copies they return;
nothing deeper checks again.  Every failure is a ``ValueError`` (a
:class:`~purenn.core.errors.ShapeError` for a wrong shape) whose message
names the argument and the place: ``X[0][2]: expected a finite number,
got nan``.
"""

import math

from .errors import ShapeError, is_number

_NUMBER_TYPES = frozenset((int, float))
_ROW_TYPES = frozenset((list, tuple))


def short(v):
    """``repr(v)``, cut to 40 characters for error messages."""
    try:
        text = repr(v)
    except ValueError:      # an int too long for CPython to print (over 4300 digits)
        return "an integer too large to write out"
    return text if len(text) <= 40 else text[:37] + "..."


def as_float(v):
    """v as a float, or None when it is no number or not finite (an int too
    large for a float included)."""
    if not is_number(v):
        return None
    try:
        f = float(v)
    except OverflowError:
        return None
    return f if f - f == 0.0 else None


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


def _bad_entry(name, n, row):
    """The ValueError for the first entry of ``row`` that is not a finite number."""
    for i, v in enumerate(row):
        if not is_number(v):
            return ValueError("%s[%d][%d]: expected a number, got %s"
                              % (name, n, i, type(v).__name__))
        try:
            f = float(v)
        except (OverflowError, ValueError):
            f = math.inf
        if f - f != 0.0:  # true for inf and NaN only
            return ValueError("%s[%d][%d]: expected a finite number, got %s"
                              % (name, n, i, short(v)))
    return None


def _plain_finite(values):
    """True when every value is an int or float (not bool) and their sum is
    finite: then none is NaN or ±inf.  (A sum that overflows says False, and
    the caller looks at the values one by one.)"""
    if not _NUMBER_TYPES.issuperset(map(type, values)):
        return False
    try:
        s = float(sum(values))
    except OverflowError:
        return False
    return s - s == 0.0


def first_not_finite(rows):
    """The index of the first row holding a NaN or an infinity, or -1."""
    for n, row in enumerate(rows):
        s = sum(row)
        if s - s != 0.0:    # NaN or ±inf among the values, or a sum that overflowed
            for v in row:
                if v - v != 0.0:
                    return n
    return -1


def as_matrix(data, name, width=None):
    """Validate ``data`` as a non-empty matrix of finite numbers; return a float copy.

    ``width`` (if given) is the number of columns required.  The common case
    (rows of plain ints and floats) is checked at C speed: the types with
    set tests, finiteness with one ``sum`` (NaN and ±inf make it non-finite;
    finite numbers whose sum overflows are then checked entry by entry).
    """
    if not isinstance(data, (list, tuple)):
        raise ShapeError("%s: expected a list of rows, got %s" % (name, type(data).__name__))
    if not data:
        raise ShapeError("%s: expected at least one row, got an empty list" % name)
    # Narrow rows: all at once first (a few C-level passes); anything unusual
    # falls through to the row-by-row check below, which names the culprit.
    if _ROW_TYPES.issuperset(map(type, data)):
        w = len(data[0]) if width is None else width
        if 0 < w <= 8 and set(map(len, data)) == {w}:
            if _plain_finite([v for row in data for v in row]):
                try:
                    return [list(map(float, row)) for row in data]
                except OverflowError:   # huge ints whose sum cancels: named below
                    pass
    out = []
    for n, row in enumerate(data):
        if not isinstance(row, (list, tuple)):
            raise ShapeError("%s[%d]: expected a row (a list of numbers), got %s"
                             % (name, n, type(row).__name__))
        if width is None:
            width = len(row)
            if width == 0:
                raise ShapeError("%s[0]: expected at least one number, got an empty row" % name)
        elif len(row) != width:
            raise ShapeError("%s[%d]: expected %d numbers, got %d" % (name, n, width, len(row)))
        if _plain_finite(row):
            try:
                out.append(list(map(float, row)))
                continue
            except OverflowError:
                pass
        err = _bad_entry(name, n, row)    # the slow path names the culprit
        if err is not None:
            raise err
        out.append([float(v) for v in row])
    return out


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
            for k, v in enumerate(row):
                if not (0.0 <= v <= 1.0):
                    raise ValueError("%s[%d][%d]: %s needs targets in [0, 1], got %r"
                                     % (name, n, k, loss.name, v))
            if kind == "distribution":
                s = 0.0
                for v in row:
                    s += v
                if abs(s - 1.0) > 1e-9 * len(row):
                    raise ValueError("%s[%d]: %s needs each target row to sum to 1 (one-hot "
                                     "or a distribution), this one sums to %r"
                                     % (name, n, loss.name, s))
    elif kind == "sign":
        for n, row in enumerate(Y):
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
