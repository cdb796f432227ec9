"""Checking a matrix of numbers: the one check ``predict`` needs.

A batch X is checked once, at the boundary (``Network.predict``, ``loss``,
``gradients``, ``fit``), and the layers then trust it.  ``as_matrix``
returns its rows as lists of floats (those that already are, uncopied), or
raises a ``ValueError`` (a :class:`~purenn.core.errors.ShapeError` for a
wrong shape) whose message names the place: ``X[0][2]: expected a finite
number, got nan``.
``purenn.core.checks`` has the other checks of ``fit``'s arguments.
"""

import math
import sys

from .errors import ShapeError, is_number

_NUMBER_TYPES = frozenset((int, float))
_FLOAT_TYPE = frozenset((float,))
_ROW_TYPES = frozenset((list, tuple))
_LIST_TYPE = frozenset((list,))
_JIT = sys.implementation.name == "pypy"


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


def _float_lists(data):
    """True when every row of ``data`` is a list of floats and none is NaN or
    ±inf (one sum of all: finite unless one is not, or the sum overflows, and
    then the caller looks row by row)."""
    if _JIT:
        # PyPy compiles this loop: 10× faster there than the passes below,
        # which are CPython's fastest (in C)
        s = 0.0
        for row in data:
            if type(row) is not list:
                return False
            for v in row:
                if type(v) is not float:
                    return False
                s += v
        return s - s == 0.0
    if not _LIST_TYPE.issuperset(map(type, data)) or \
            not all(map(_FLOAT_TYPE.issuperset, map(map, [type] * len(data), data))):
        return False
    s = sum(map(sum, data))
    return s - s == 0.0


def _floats(row):
    """The row of numbers as a list of floats: itself, if it is one."""
    if type(row) is list and _FLOAT_TYPE.issuperset(map(type, row)):
        return row
    return list(map(float, row))


def as_matrix(data, name, width=None):
    """Validate ``data`` as a non-empty matrix of finite numbers; return its rows
    as lists of floats.

    A row that already is a list of floats is used as it is, not copied (a
    training set of 2,000 rows of 784 pixels takes 13 MB of row lists in
    CPython); any other row is converted.  Nothing here or after changes
    them.  ``width`` (if given) is the number of columns required.

    The common cases are checked at C speed.  Rows that all are lists of
    floats: one pass of type tests over the matrix and one ``sum`` of it
    (NaN and ±inf make it non-finite; on PyPy a plain loop, which its JIT
    compiles).  Otherwise row by row: the types with set tests, finiteness
    with one ``sum`` per row (finite numbers whose sum overflows are then
    checked entry by entry).
    """
    if not isinstance(data, (list, tuple)):
        raise ShapeError("%s: expected a list of rows, got %s" % (name, type(data).__name__))
    if not data:
        raise ShapeError("%s: expected at least one row, got an empty list" % name)
    # All at once first (a few C-level passes); anything unusual falls
    # through to the row-by-row check below, which names the culprit.
    if _ROW_TYPES.issuperset(map(type, data)):
        w = len(data[0]) if width is None else width
        if w > 0 and set(map(len, data)) == {w}:
            if _float_lists(data):
                return list(data)
            if w <= 8 and _plain_finite([v for row in data for v in row]):
                try:
                    return [_floats(row) for row in data]
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
                out.append(_floats(row))
                continue
            except OverflowError:
                pass
        err = _bad_entry(name, n, row)    # the slow path names the culprit
        if err is not None:
            raise err
        out.append([float(v) for v in row])
    return out
