"""What each column of a CSV file becomes for ``train``.

* A column whose values are all numbers is a **number** column, unless it
  counts the rows (whole numbers going up by one from row to row: an
  identifier such as ``PassengerId``), which is left out with a note.
* A column holding text is a **category** column, one-hot encoded over its
  categories (sorted, so that the same file gives the same model), unless
  nearly every row has its own value (90% or more, 10 values at least: an
  identifier such as a name), which is left out with a note. More than
  ``--max-categories`` categories is an error that asks for ``--ignore``.
* A column that is mostly numbers with some text in it is an error naming
  the lines: most likely a typing mistake in a number column.

A column named in ``--features`` is never left out as an identifier.
Missing values (an empty cell, or one of the ``--na-values`` texts) are
filled, by default, with the training rows' mean (numbers) or most frequent
category; the fills are saved in the model so ``predict`` does the same.
Every problem of a file is collected and reported together, in one line.
"""

from .. import prep
from .csvfile import CSVError, format_field

#: A text column with this share of distinct values (or more) is an identifier.
ID_SHARE = 0.9
#: ... if it has at least this many values.
ID_MIN = 10
#: How many lines a problem names before "and N more".
SHOWN = 3


def where(table, rows, values=None):
    """``line 3, line 7 and 12 more`` (with each value shown, if given)."""
    parts = []
    for r in rows[:SHOWN]:
        text = "line %d" % table.lines[r]
        if values is not None:
            text += " (%s)" % _quoted(values[r])
        parts.append(text)
    more = len(rows) - SHOWN
    if more > 0:
        return ", ".join(parts) + " and %d more" % more
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0]


def _quoted(v):
    return '"%s"' % (v if len(v) <= 20 else v[:20] + "...")


class Problems:
    """The problems found in one file, raised together by :meth:`check`."""

    def __init__(self, path):
        self.path = path
        self.items = []

    def add(self, text):
        self.items.append(text)

    def check(self):
        if len(self.items) == 1:
            raise CSVError("%s: %s" % (self.path, self.items[0]))
        if self.items:
            raise CSVError("%s: %d problems: %s" % (self.path, len(self.items),
                                                     "; ".join(self.items)))


def counts_up(numbers):
    """Whether the numbers are whole and go up by exactly one, row to row."""
    if len(numbers) < 3:
        return False
    first = numbers[0]
    if first != int(first):
        return False
    for k in range(len(numbers)):
        if numbers[k] != first + k:
            return False
    return True


def infer(table, k, rows, missing, max_categories, chosen, problems, notes):
    """What column ``k`` is over ``rows``: ``("number", None)``,
    ``("category", categories)``, or None (left out with a note in
    ``notes``, or a problem added to ``problems``)."""
    name = format_field(table.header[k])
    field = [row[k].strip() for row in table.rows]          # every row of the file, in order
    present = [r for r in rows if not prep.is_missing(field[r], missing)]
    if not present:
        problems.add("column %s: every value is missing" % name)
        return None
    numbers = [prep.number(field[r]) for r in present]
    text = [r for r, v in zip(present, numbers) if v is None]
    if not text:
        every = [prep.number(v) for v in field]
        if not chosen and None not in every and counts_up(every):
            notes.append("column %s counts the rows (%s to %s), so it is an identifier: left "
                         "out (name it in --features to use it)"
                         % (name, "%d" % every[0], "%d" % every[-1]))
            return None
        return "number", None
    if len(text) < len(present) - len(text):
        problems.add("column %s: expected a number, got text on %s" % (
            name, where(table, text, field)))
        return None
    distinct = {}
    for r in present:
        distinct[field[r]] = True
    cats = sorted(distinct)
    if not chosen and len(cats) >= ID_MIN and len(cats) >= ID_SHARE * len(present):
        notes.append("column %s has a different text on almost every row (%d of %d), so it is "
                     "an identifier: left out (name it in --features to use it)"
                     % (name, len(cats), len(present)))
        return None
    if len(cats) > max_categories:
        problems.add("column %s has %d categories, more than --max-categories %d: leave it "
                     "out with --ignore %s, or raise --max-categories"
                     % (name, len(cats), max_categories, name))
        return None
    return "category", cats


def fill_value(kind, values):
    """What fills a missing value: the mean of a number column's values, or
    the most frequent category (the first in order on a tie); None without
    values."""
    if not values:
        return None
    if kind == "number":
        s = 0.0
        for v in values:
            s += v
        return s / len(values)
    seen = {}
    for v in values:
        seen[v] = seen.get(v, 0) + 1
    best = None
    for v in sorted(seen):
        if best is None or seen[v] > seen[best]:
            best = v
    return best
