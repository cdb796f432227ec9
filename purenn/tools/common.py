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


def unknown_mode(o):
    """``--unknown`` of predict and evaluate: ``error`` or ``zeros``."""
    from .options import UsageError
    if o["unknown"] not in ("error", "zeros"):
        raise UsageError("--unknown: expected error or zeros, got %r" % o["unknown"])
    return o["unknown"]


def save_model(net, path):
    try:
        net.save(path)
    except OSError as e:
        raise FileProblem("cannot write %s (%s)" % (path, oserror(e)))


def is_onnx(path):
    """True for a file name ending in .onnx (any case)."""
    return isinstance(path, str) and path.lower().endswith(".onnx")


def load_model(path):
    """``(net, spec)``: the model at path (a purenn model file, or an ONNX file
    when the name ends in .onnx) and its checked preprocessing (see
    ``purenn.prep.spec``; None when it has none)."""
    if is_onnx(path):
        from ..onnx import load
    else:
        from ..core.network import load
    net = load(path)
    return net, model_spec(net, path)


def model_spec(net, path):
    """``purenn.prep.spec(net)``, its ValueError a FileProblem naming ``path``."""
    from .. import prep
    try:
        return prep.spec(net)
    except ValueError as e:
        raise FileProblem("%s: %s" % (path, e))


def architecture(net):
    """``"4 inputs -> Dense(16, relu) -> Dense(3, softmax)"``."""
    return "%d inputs -> %s" % (net.n_inputs, " -> ".join(
        ["Dense(%d, %s%s)" % (l.n_outputs, l.activation.name, "" if l.has_bias else ", no bias")
         for l in net.layers]))


def model_inputs(net, spec, table, rows, unknown="error"):
    """The network's input for each of ``rows`` (indexes into ``table``): the
    model's columns by name, encoded as in training (see ``purenn.prep``);
    or, for a model without column names, the first ``n_inputs`` columns as
    numbers."""
    from . import csvfile
    from .. import prep
    if spec and spec["columns"] is not None:
        cols = [table.column(c["name"]) for c in spec["columns"]]
        X = []
        for r in rows:
            fields = table.rows[r]
            try:
                X.append(prep.encode(spec, [fields[k] for k in cols], unknown))
            except prep.UnknownCategory as e:
                raise csvfile.CSVError("%s, line %d: %s (--unknown zeros encodes it as all "
                                       "zeros)" % (table.name, table.lines[r], e))
            except ValueError as e:
                raise csvfile.CSVError("%s, line %d: %s" % (table.name, table.lines[r], e))
        return X
    if len(table.header) < net.n_inputs:
        raise csvfile.CSVError("%s: the model has %d inputs and no column names, so the "
                               "file must have %d columns first; it has %d"
                               % (table.name, net.n_inputs, net.n_inputs, len(table.header)))
    columns = [table.numbers(k) for k in range(net.n_inputs)]
    return [[col[r] for col in columns] for r in rows]


def model_outputs(net, spec, table, rows, unknown="error"):
    """``(P, out)`` for ``rows`` (indexes into ``table``): the network's outputs,
    and the predictions in the target's units (the same but for regression);
    CSVError naming the line of a row whose inputs or outputs are not finite."""
    from . import csvfile
    from ..core import checks
    rows = list(rows)
    X = model_inputs(net, spec, table, rows, unknown)
    bad = checks.first_not_finite(X)
    if bad >= 0:
        raise csvfile.CSVError("%s, line %d: a value of this row is too large to scale the way "
                               "the model was trained" % (table.name, table.lines[rows[bad]]))
    P = net.outputs(checks.as_matrix(X, "X", net.n_inputs))
    out = P
    if spec and spec["kind"] == "regression":
        out = [[p[0] * spec["target_scale"] + spec["target_mean"]] for p in P]
    bad = checks.first_not_finite(out)
    if bad >= 0:
        raise csvfile.CSVError("%s, line %d: the model's output for this row is not finite "
                               "(its values are far outside what it was trained on)"
                               % (table.name, table.lines[rows[bad]]))
    return P, out
