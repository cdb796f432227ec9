"""What the data commands share: file output with one-line errors, model
loading with its preprocessing, and short descriptions."""


class FileProblem(ValueError):
    """A file cannot be read or written; the message names it."""


def oserror(e):
    """The human part of an OSError (``No such file or directory``)."""
    if len(e.args) > 1 and isinstance(e.args[1], str):
        return e.args[1]
    return str(e)


def wants_help(args):
    for a in args:
        if a in ("-h", "--help"):
            return True
    return False


def names(text):
    """``"a, b,c"`` -> ``["a", "b", "c"]``."""
    return [s.strip() for s in text.split(",") if s.strip()]


def basename(path):
    i = path.rfind("/")
    return path[i + 1:] if i >= 0 else path


def printable(text):
    """text with every control character written as ``\\xNN`` (``\\uNNNN``
    past 0xff), so that a file's contents printed to a terminal can neither
    move the cursor, retitle the window nor start a new line."""
    out = []
    for c in str(text):
        o = ord(c)
        if o < 0x20 or 0x7F <= o < 0xA0 or o in (0x2028, 0x2029):
            out.append("\\x%02x" % o if o <= 0xFF else "\\u%04x" % o)
        else:
            out.append(c)
    return "".join(out)


def cell(text):
    """A text cell for a CSV file a spreadsheet may open: one starting with
    ``= + - @``, a tab or a carriage return (a formula to a spreadsheet) gets a
    leading ``'``, as OWASP advises against CSV injection."""
    text = str(text)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def write_text(path, text):
    """Write text (UTF-8) to path atomically, like a model file."""
    from ..core.modelwrite import write_atomic
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as e:
        raise FileProblem("cannot write %s (%s)" % (path, oserror(e)))


class TextFile:
    """Text (UTF-8) written to ``path`` piece by piece, put in place whole by
    :meth:`commit` (see ``AtomicFile``); :class:`FileProblem` on any error."""

    def __init__(self, path):
        from ..core.modelwrite import AtomicFile
        self.path = path
        self.out = self._do(AtomicFile, path)

    def _do(self, action, *args):
        try:
            return action(*args)
        except OSError as e:
            if getattr(self, "out", None) is not None:
                self.out.abort()
            raise FileProblem("cannot write %s (%s)" % (self.path, oserror(e)))

    def write(self, text):
        self._do(self.out.write, text.encode("utf-8"))

    def commit(self):
        self._do(self.out.commit)

    def abort(self):
        self.out.abort()


def save_model(net, path):
    try:
        net.save(path)
    except OSError as e:
        raise FileProblem("cannot write %s (%s)" % (path, oserror(e)))


def load_model(path):
    """``(net, spec)``: the model at path and its checked preprocessing (see
    ``purenn.prep.spec``; None when it has none)."""
    from .. import prep
    from ..core.network import load
    net = load(path)
    try:
        spec = prep.spec(net)
    except ValueError as e:
        raise FileProblem("%s: %s" % (path, e))
    return net, spec


def architecture(net):
    """``"4 inputs -> Dense(16, relu) -> Dense(3, softmax)"``."""
    return "%d inputs -> %s" % (net.n_inputs, " -> ".join(
        ["Dense(%d, %s%s)" % (l.n_outputs, l.activation.name, "" if l.has_bias else ", no bias")
         for l in net.layers]))
