"""Reading and writing CSV by hand (MicroPython has no ``csv`` module).

The dialect is RFC 4180's: fields separated by commas, records by ``\\n``,
``\\r\\n`` or ``\\r``; a field in double quotes may hold commas, line breaks
and doubled quotes (``""`` stands for one ``"``).  A UTF-8 byte-order mark
at the start is ignored, and so are blank lines.

>>> parse('name,note\\nAda,"says ""hi"", twice"\\n')
([['name', 'note'], ['Ada', 'says "hi", twice']], [1, 2])
>>> format_row(['plain', 'a, b', 'say "hi" now'])
'plain,"a, b","say ""hi"" now"'
"""

import os

from ..prep import number as to_number     # the finite float a field spells, or None


class CSVError(ValueError):
    """A CSV file is missing, unreadable or malformed; the message says where."""


class Unclosed(CSVError):
    """A quoted field runs to the end of the text (more of the file may close it)."""


def parse(text, name="CSV", first_line=1):
    """``(records, lines)``: every record as a list of strings, and the line each starts on.

    ``text`` starts on line ``first_line`` of the file (a byte-order mark is
    dropped on line 1 only).  Blank lines are skipped.  Raises
    :class:`CSVError` for a quote that is never closed or text right after
    a closing quote.
    """
    records = []
    lines = []
    if text[:1] == "\ufeff" and first_line == 1:
        text = text[1:]
    if '"' not in text:  # the common case, fast: no quoting at all
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        for k, ln in enumerate(text.split("\n")):
            if ln:
                records.append(ln.split(","))
                lines.append(k + first_line)
        return records, lines
    n = len(text)
    i = 0
    line = first_line
    while i < n:
        start_line = line
        fields = []
        quoted = False
        while True:  # one field per pass
            if i < n and text[i] == '"':
                quoted = True
                quote_line = line
                i += 1
                parts = []
                while True:
                    j = text.find('"', i)
                    if j < 0:
                        raise Unclosed("%s, line %d: a quoted field is never closed"
                                       % (name, quote_line))
                    chunk = text[i:j]
                    line += chunk.count("\n") + chunk.count("\r") - chunk.count("\r\n")
                    parts.append(chunk)
                    i = j + 1
                    if i < n and text[i] == '"':
                        parts.append('"')
                        i += 1
                    else:
                        break
                fields.append("".join(parts))
                if i < n and text[i] not in ",\r\n":
                    raise CSVError("%s, line %d: unexpected text after a closing quote"
                                   % (name, line))
            else:
                j = i
                while j < n and text[j] not in ",\r\n":
                    j += 1
                fields.append(text[i:j])
                i = j
            if i < n and text[i] == ",":
                i += 1
                continue
            break
        # end of record: a line break or the end of the text
        if i < n:
            if text[i] == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 2
            else:
                i += 1
            line += 1
        if len(fields) == 1 and fields[0] == "" and not quoted:
            continue  # a blank line
        records.append(fields)
        lines.append(start_line)
    return records, lines


def format_field(s):
    """One field, quoted if it holds a comma, quote, line break or edge space."""
    s = str(s)
    if not s:
        return s
    if ('"' in s or "," in s or "\n" in s or "\r" in s or s[0] == " " or s[-1] == " "):
        return '"' + s.replace('"', '""') + '"'
    return s


def format_row(fields):
    """A CSV line (without the line break) from a list of fields."""
    return ",".join([format_field(f) for f in fields])


#: The most bytes :func:`read` takes from a CSV file (a pipe or a device
#: is read up to it), and the longest record :func:`tables` takes.
MAX_BYTES = 256 * 1024 * 1024

#: Bytes read at a time.
BLOCK = 256 * 1024


def _open(path):
    """``(stream, ours)``: the file to read in binary, standard input for
    ``-`` (``ours``: it is ours to close)."""
    if "\0" in path:
        raise CSVError("%r: not a file name (it holds a NUL character)" % path)
    if path == "-":
        import sys
        return getattr(sys.stdin, "buffer", sys.stdin), False
    try:
        os.stat(path)
        return open(path, "rb"), True
    except OSError as e:
        code = e.args[0] if e.args and isinstance(e.args[0], int) else None
        if code in (2, 44):         # ENOENT (44 on the WebAssembly port)
            raise CSVError("%s: no such file" % path)
        raise CSVError("%s: cannot read the CSV file (%s)" % (path, e))


def _line_breaks(text):
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def records(path, limit=None):
    """Yield ``(records, lines)`` as :func:`parse` gives them, for a CSV file
    (``-``: standard input, a pipe or a device too) read :data:`BLOCK` bytes
    at a time, so memory stays bounded however long the file is.

    Each piece parsed ends at the last line break read; where that break is
    inside a quoted field (the parse of the piece finds the field unclosed),
    more is read first, up to a piece of :data:`MAX_BYTES`.  Parsing a
    prefix of the text takes the same steps as parsing all of it, so the
    records are those of parsing the whole file at once.  With ``limit``,
    a file of more than ``limit`` bytes is refused (:class:`CSVError`).
    """
    f, ours = _open(path)
    try:
        pending = None
        line = 1
        total = 0
        while True:
            data = _block(f, path)
            total += len(data)
            if (limit is not None and total > limit) or (
                    pending is not None and len(pending) > MAX_BYTES):
                raise CSVError("%s: the CSV file is larger than %d bytes"
                               % (path, MAX_BYTES if limit is None else limit))
            pending = data if pending is None else pending + data
            end = len(pending)
            if data:
                end = pending.rfind("\n" if isinstance(pending, str) else b"\n") + 1
                if end == 0:
                    continue            # no line break yet
            text = pending[:end]
            if not isinstance(text, str):
                try:
                    text = text.decode("utf-8")
                except Exception:   # UnicodeError (its name differs between interpreters)
                    raise CSVError("%s, line %d or after: the CSV file is not UTF-8 text"
                                   % (path, line))
            try:
                got = parse(text, path, line)
            except Unclosed:
                if data:
                    continue            # the break is inside a quoted field: read on
                raise
            pending = pending[end:]
            yield got
            line += _line_breaks(text)
            if not data:
                return
    finally:
        if ours:
            f.close()


def _block(f, path):
    try:
        return f.read(BLOCK)
    except OSError as e:
        raise CSVError("%s: cannot read the CSV file (%s)" % (path, e))
    except MemoryError:
        raise CSVError("%s: the CSV file is too large to read into memory" % path)


class Table:
    """A CSV file with a header: ``header`` (names), ``rows`` (lists of strings)
    and ``lines`` (the line number where each row starts)."""

    def __init__(self, name, header, rows, lines):
        self.name = name
        self.header = header
        self.rows = rows
        self.lines = lines

    def column(self, name):
        """The index of the column called ``name``; CSVError if there is none."""
        for k, h in enumerate(self.header):
            if h == name:
                return k
        raise CSVError("%s: no column %s; the columns are: %s"
                       % (self.name, format_field(name) or '""',
                          ", ".join([format_field(h) for h in self.header])))

    def numbers(self, k):
        """Column k as floats; CSVError naming the line of the first bad value."""
        out = []
        for r, row in enumerate(self.rows):
            v = to_number(row[k])
            if v is None:
                raise CSVError("%s, line %d: column %s: expected a number, got %s"
                               % (self.name, self.lines[r], format_field(self.header[k]),
                                  _show(row[k])))
            out.append(v)
        return out

    def is_numeric(self, k):
        for row in self.rows:
            if to_number(row[k]) is None:
                return False
        return True


def _show(s):
    if s.strip() == "":
        return "an empty value"
    if len(s) > 30:
        s = s[:30] + "..."
    return '"%s"' % s


def _header(fields, line, path):
    header = [h.strip() for h in fields]
    for k, h in enumerate(header):
        if not h:
            raise CSVError("%s, line %d: column %d of the header has no name"
                           % (path, line, k + 1))
        for m in range(k):
            if header[m] == h:
                raise CSVError("%s, line %d: the column name %s appears twice"
                               % (path, line, format_field(h)))
    return header


def tables(path, limit=None):
    """Yield the rows of a CSV file with a header as :class:`Table` objects
    of consecutive rows, one per piece read (see :func:`records`): memory
    stays bounded however long the file.

    Raises :class:`CSVError` for a missing or empty file, a header without
    names, repeated column names, or a row whose field count differs from
    the header's (when its table comes); after the last, for no rows at all.
    """
    header = None
    rows = 0
    for got, lines in records(path, limit):
        if header is None and got:
            header = _header(got[0], lines[0], path)
            got, lines = got[1:], lines[1:]
        for r, row in enumerate(got):
            if len(row) != len(header):
                raise CSVError("%s, line %d: expected %d fields (as in the header), got %d"
                               % (path, lines[r], len(header), len(row)))
        if got:
            rows += len(got)
            yield Table(path, header, got, lines)
    if header is None:
        raise CSVError("%s: the file is empty (expected a header row and data rows)" % path)
    if not rows:
        raise CSVError("%s: no data rows after the header" % path)


def read(path):
    """Read a whole CSV file with a header row, at most :data:`MAX_BYTES`, into
    one :class:`Table` (the errors of :func:`tables`)."""
    header, rows, lines = None, [], []
    for table in tables(path, MAX_BYTES):
        header = table.header
        rows += table.rows
        lines += table.lines
    return Table(path, header, rows, lines)
