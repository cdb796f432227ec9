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


class CSVError(ValueError):
    """A CSV file is missing, unreadable or malformed; the message says where."""


def parse(text, name="CSV"):
    """``(records, lines)``: every record as a list of strings, and the line each starts on.

    Blank lines are skipped.  Raises :class:`CSVError` for a quote that is
    never closed or text right after a closing quote.
    """
    records = []
    lines = []
    if text[:1] == "\ufeff":
        text = text[1:]
    if '"' not in text:  # the common case, fast: no quoting at all
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        for k, ln in enumerate(text.split("\n")):
            if ln:
                records.append(ln.split(","))
                lines.append(k + 1)
        return records, lines
    n = len(text)
    i = 0
    line = 1
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
                        raise CSVError("%s, line %d: a quoted field is never closed"
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


#: The most bytes a CSV file may have (a pipe or a device is read up to it).
MAX_BYTES = 256 * 1024 * 1024


def _read_capped(f, limit):
    chunks = []
    total = 0
    while True:
        b = f.read(1 << 20)
        if not b:
            return b"".join(chunks)
        total += len(b)
        if total > limit:
            return None
        chunks.append(b)


def read_text(path, what="file"):
    """The text of a UTF-8 file (``-``: standard input, a pipe or a device
    too), at most :data:`MAX_BYTES`; :class:`CSVError` naming the path otherwise."""
    if "\0" in path:
        raise CSVError("%r: not a file name (it holds a NUL character)" % path)
    try:
        if path == "-":
            import sys
            stream = getattr(sys.stdin, "buffer", sys.stdin)
            data = _read_capped(stream, MAX_BYTES)
        else:
            try:
                os.stat(path)
            except OSError as e:
                code = e.args[0] if e.args and isinstance(e.args[0], int) else None
                if code in (2, 44):         # ENOENT (44 on the WebAssembly port)
                    raise CSVError("%s: no such file" % path)
                raise
            f = open(path, "rb")
            try:
                data = _read_capped(f, MAX_BYTES)
            finally:
                f.close()
    except OSError as e:
        raise CSVError("%s: cannot read the %s (%s)" % (path, what, e))
    except MemoryError:
        raise CSVError("%s: the %s is too large to read into memory" % (path, what))
    if data is None:
        raise CSVError("%s: the %s is larger than %d bytes" % (path, what, MAX_BYTES))
    if isinstance(data, str):           # a text stream (MicroPython's stdin)
        return data
    try:
        return data.decode("utf-8")
    except Exception:  # UnicodeError (its name differs between interpreters)
        raise CSVError("%s: the %s is not UTF-8 text" % (path, what))


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


def read(path):
    """Read a CSV file with a header row into a :class:`Table`.

    Raises :class:`CSVError` for a missing or empty file, a header without
    names, repeated column names, or a row whose field count differs from
    the header's.
    """
    text = read_text(path, "CSV file")
    records, lines = parse(text, path)
    if not records:
        raise CSVError("%s: the file is empty (expected a header row and data rows)" % path)
    header = [h.strip() for h in records[0]]
    for k, h in enumerate(header):
        if not h:
            raise CSVError("%s, line %d: column %d of the header has no name"
                           % (path, lines[0], k + 1))
        for m in range(k):
            if header[m] == h:
                raise CSVError("%s, line %d: the column name %s appears twice"
                               % (path, lines[0], format_field(h)))
    rows = records[1:]
    if not rows:
        raise CSVError("%s: no data rows after the header" % path)
    for r, row in enumerate(rows):
        if len(row) != len(header):
            raise CSVError("%s, line %d: expected %d fields (as in the header), got %d"
                           % (path, lines[r + 1], len(header), len(row)))
    return Table(path, header, rows, lines[1:])


_NUMBER_CHARS = "0123456789+-.eE"


def to_number(s):
    """The finite float that the text s spells, or None.

    Accepts what ``float`` accepts made of digits, sign, point and exponent
    (surrounding spaces allowed): not ``nan``, ``inf`` or ``1_000``, so that
    every interpreter reads a file the same way.
    """
    s = s.strip()
    if not s:
        return None
    for c in s:
        if c not in _NUMBER_CHARS:
            return None
    try:
        v = float(s)
    except ValueError:
        return None
    if v - v != 0.0:  # overflowed to inf
        return None
    return v
