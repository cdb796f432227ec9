"""Export a trained network as one standalone Python file: ``predict(x)``.

The file needs nothing but ``math``: the weights are inlined as lists, each
layer is one plain function, and the arithmetic is exactly purenn's (sums
from 0.0 left to right, then the bias; the overflow-free sigmoid; softmax
minus the row maximum), so its outputs equal ``Network.predict`` on CPython,
PyPy and MicroPython.

>>> from purenn import Network, Dense
>>> net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
>>> space = {}
>>> exec(export_source(net), space)
>>> space["predict"]([0.5, -1.0]) == net.predict([[0.5, -1.0]])[0]
True

Each layer's activation is written from the activation's own formula
(``purenn.core.activations``), so the file computes exactly what the
library computes.  If the model carries the command line's preprocessing (see
:mod:`purenn.prep`), ``predict`` takes the raw feature values, scales them
the same way, and for a classifier ``classify(x)`` returns the class name.

``digits=N`` writes each weight with N significant digits (``'%.Ng'``)
instead of exactly: a smaller file, slightly different outputs (the
trade-off is measured in ``docs/model-format.md``).
"""

from . import prep
from .core import activations, elementary
from .core.modelwrite import quote, to_dict, write_atomic
from .core.network import load

_WRAP = 96   # longest line of numbers the exporter writes


def _float_literal(v, digits):
    if digits is None:
        text = repr(v)
    else:
        text = ("%%.%dg" % digits) % v
    for c in text:
        if c in ".en":   # a float literal already (n: nan/inf cannot occur here)
            return text
    return text + ".0"


def _numbers(values, digits, indent):
    """Python list literal lines for ``values``, wrapped at about _WRAP characters."""
    items = [_float_literal(v, digits) for v in values]
    lines = []
    cur = ""
    for k, t in enumerate(items):
        piece = t + ("," if k < len(items) - 1 else "")
        if cur and len(indent) + len(cur) + 1 + len(piece) > _WRAP:
            lines.append(cur)
            cur = piece
        else:
            cur = cur + " " + piece if cur else piece
    lines.append(cur)
    if len(lines) == 1:
        return "[" + lines[0] + "]"
    return "[\n" + "".join([indent + "    " + l + "\n" for l in lines]) + indent + "]"


def _strings(values):
    return "[" + ", ".join([quote(v) for v in values]) + "]"


def _comment_text(s):
    """s for a comment line: control characters (a NUL, line breaks) as ``?``."""
    return "".join(["?" if ord(c) < 0x20 or ord(c) == 0x7F or ord(c) in (0x2028, 0x2029)
                    else c for c in s])


def _layer_source(k, layer, digits):
    """Source lines of layer k (1-based): its weights and its function."""
    n_in, n_out = layer["n_inputs"], layer["n_outputs"]
    act = activations.get(layer["activation"])
    bias = layer["bias"]
    W, B = "W%d" % k, "B%d" % k
    src = []
    src.append("# Layer %d: Dense(%d -> %d, %s%s).  %s[j][i] connects input i to neuron j."
               % (k, n_in, n_out, act.name, "" if bias else ", no bias", W))
    rows = layer["weights"]
    src.append("%s = [" % W)
    for j, row in enumerate(rows):
        src.append("    " + _numbers(row, digits, "    ") + ",")
    src.append("]")
    if bias:
        src.append("%s = %s" % (B, _numbers(layer["biases"], digits, "")))
    src.append("")
    src.append("")
    src.append("def layer%d(x):" % k)
    src.append('    """z[j] = sum of %s[j][i] * x[i] over i%s; a[j] = %s."""'
               % (W, " + %s[j]" % B if bias else "", act.formula))
    src.append("    out = []")
    src.append("    for j in range(%d):" % n_out)
    src.append("        w = %s[j]" % W)
    src.append("        z = 0.0")
    src.append("        for i in range(%d):" % n_in)
    src.append("            z += w[i] * x[i]")
    if bias:
        src.append("        z = z + %s[j]" % B)
    if act.elementwise:
        src.append("        out.append(%s)" % act.value)
        src.append("    return out")
    else:
        src.append("        out.append(z)")
        src.append("    return %s_forward(out)" % act.name)
    src.append("")
    src.append("")
    return src


def export_source(net, digits=None, program=True):
    """The text of a standalone Python module computing ``net.predict``.

    ``digits`` (1 to 17, or None for exact) rounds every weight and bias
    to that many significant digits.  With ``program`` the file also runs
    as a program (``python predict.py data.csv`` writes what ``purenn
    predict`` writes); that part is kept as text until the file is run, but
    importing the file still takes about 6 KB more heap on MicroPython, so
    ``program=False`` leaves it out for the smallest boards.
    """
    if digits is not None:
        if not isinstance(digits, int) or isinstance(digits, bool) or not 1 <= digits <= 17:
            raise ValueError("digits: expected a whole number from 1 to 17, got %r" % (digits,))
    data = to_dict(net)      # checks: finite numbers, consistent shapes
    spec = prep.spec(net) or {"names": None, "classes": None, "kind": None, "columns": None}
    layers = data["layers"]
    src = _header(layers, spec, net.parameter_count(), digits)
    src += _preamble(layers, spec)
    for k, layer in enumerate(layers):
        src.extend(_layer_source(k + 1, layer, digits))
    src += _predict_source(len(layers), spec)
    if program:
        src += _program_source(spec, layers[-1]["n_outputs"])
    return "\n".join(src) + "\n"


# The file as a program: ``python predict.py data.csv`` (or ``-`` / nothing:
# standard input) writes what ``purenn predict`` writes.  Model-free code,
# after the constants the model gives (NAMES, OUTPUT, KIND).
_PROGRAM = '''

def read_csv(text):
    """The records of CSV text: fields split at commas, records at line breaks;
    a field in double quotes may hold both, and "" for a quote."""
    rows, row, cur = [], [], []
    i, n, quoted, was_quoted = 0, len(text), False, False
    while i < n:
        c = text[i]
        if quoted:
            if c != '"':
                cur.append(c)
            elif i + 1 < n and text[i + 1] == '"':
                cur.append(c)
                i += 1
            else:
                quoted = False
        elif c == '"' and not cur:
            quoted = was_quoted = True
        elif c == ",":
            row.append("".join(cur))
            cur = []
        elif c == "\\n" or c == "\\r":
            if c == "\\r" and i + 1 < n and text[i + 1] == "\\n":
                i += 1
            row.append("".join(cur))
            if row != [""] or was_quoted:
                rows.append(row)
            row, cur, was_quoted = [], [], False
        else:
            cur.append(c)
        i += 1
    if quoted:
        raise ValueError("a quoted field is never closed")
    if cur or row or was_quoted:
        row.append("".join(cur))
        rows.append(row)
    return rows


def cell(s):
    """A CSV field: a text a spreadsheet would run as a formula gets a leading
    ', and a field with a comma, quote, line break or edge space is quoted."""
    if s and s[0] in "=+-@\\t\\r":
        s = "'" + s
    if s and ('"' in s or "," in s or "\\n" in s or "\\r" in s or s[0] == " " or s[-1] == " "):
        s = '"' + s.replace('"', '""') + '"'
    return s


def main(args):
    """Predict every row of a CSV file with a header; CSV on standard output."""
    import sys
    path = args[0] if args else "-"
    text = sys.stdin.read() if path == "-" else open(path).read()
    rows = read_csv(text[1:] if text[:1] == "\\ufeff" else text)
    if not rows:
        raise ValueError("%s: the file is empty" % path)
    header = [h.strip() for h in rows[0]]
    if NAMES is None:
        if len(header) != N_INPUTS:
            raise ValueError("%s: expected %d columns, got %d" % (path, N_INPUTS, len(header)))
        take = list(range(N_INPUTS))
    else:
        take = []
        for name in NAMES:
            if name not in header:
                raise ValueError("%s: no column %s" % (path, name))
            take.append(header.index(name))
    out = sys.stdout
    out.write(",".join([cell(h) for h in OUTPUT]) + "\\n")
    for r in range(1, len(rows)):
        row = rows[r]
        if len(row) != len(header):
            raise ValueError("%s, row %d: expected %d fields, got %d"
                             % (path, r, len(header), len(row)))
        try:
            p = predict([row[k] for k in take])
        except ValueError as e:
            raise ValueError("%s, row %d: %s" % (path, r, e))
        line = [repr(v) for v in p]
        if KIND == "classification":
            best = 0
            for k in range(1, len(p)):
                if p[k] > p[best]:
                    best = k
            line.insert(0, cell(CLASSES[best]))
        out.write(",".join(line) + "\\n")


import sys
try:
    main(sys.argv[1:])
except (ValueError, OSError) as e:
    if e.args and e.args[0] == 32:       # EPIPE: the reader stopped reading (| head)
        try:                             # nothing more to say, not even at exit
            import os
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except Exception:
            pass
        sys.exit(0)
    sys.stderr.write("%s: error: %s\\n" % (sys.argv[0], e))
    sys.exit(1)
'''


def _program_source(spec, n_out):
    """The constants the program part needs, then the program."""
    kind = spec["kind"]
    output = prep.output_names(spec, n_out)
    names = [c["name"] for c in spec["columns"]] if _encoded(spec) else spec["names"]
    # run only as a program: kept as text until then, so that importing the
    # file to call predict() costs a small heap no more than it did
    return ["", "",
            "# As a program: python THIS_FILE.py DATA.csv (or - for standard input).",
            "if __name__ == \"__main__\":",
            "    NAMES = %s" % ("None" if names is None else _strings(names)),
            "    OUTPUT = %s" % _strings(output),
            "    KIND = %s" % ("None" if kind is None else quote(kind)),
            "    exec(r\'\'\'"] + _PROGRAM.split("\n")[2:] + ["\'\'\')"]


_ROW_DOC = [
    "predict(row) takes one row as the CSV file has it (a list with a value for",
    "each name in COLUMNS: numbers, or text for a column with CATEGORIES; None or",
    "a text in MISSING for a missing value, which becomes the column's FILL) or a",
    "batch (a list of such lists)."]


def _encoded(spec):
    """Whether the model's rows need encoding (a text column, or missing values
    to fill), rather than only scaling."""
    for col in spec.get("columns") or []:
        if col["kind"] == "category" or col["fill"] is not None:
            return True
    return False


def _encode_source(spec):
    """The constants and ``encode(row)`` of a model whose rows need encoding:
    the same steps as ``purenn.prep.encode``."""
    cols = spec["columns"]
    fills = []
    for c in cols:
        f = c["fill"]
        fills.append("None" if f is None else (quote(f) if c["kind"] == "category"
                                               else _float_literal(f, None)))
    src = ["COLUMNS = %s" % _strings([c["name"] for c in cols]),
           "CATEGORIES = [%s]" % ", ".join([_strings(c["categories"]) if c["kind"] == "category"
                                            else "None" for c in cols]),
           "FILL = [%s]" % ", ".join(fills),
           "MISSING = %s" % _strings(spec["missing"]),
           "MEAN = %s" % _numbers(spec["mean"], None, ""),
           "SCALE = %s" % _numbers(spec["scale"], None, ""),
           "",
           "",
           "def encode(row):",
           '    """One row\'s values as the network\'s inputs, standardised."""',
           "    if len(row) != len(COLUMNS):",
           '        raise ValueError("expected %d values (%s), got %d"',
           '                         % (len(COLUMNS), ", ".join(COLUMNS), len(row)))',
           "    x = []",
           "    for k in range(len(COLUMNS)):",
           "        v = row[k]",
           "        if isinstance(v, str):",
           "            v = v.strip()",
           "        if v is None or v in MISSING:",
           "            v = FILL[k]",
           "            if v is None:",
           '                raise ValueError("%s: the value is missing" % COLUMNS[k])',
           "        cats = CATEGORIES[k]",
           "        if cats is None:",
           "            f = None",
           "            if not isinstance(v, str) or not [c for c in v if c not in \"0123456789+-.eE\"]:",
           "                f = float(v)",
           "            if f is None or f - f != 0.0:",
           '                raise ValueError("%s: expected a number, got %r" % (COLUMNS[k], v))',
           "            x.append(f)",
           "        else:",
           "            if not isinstance(v, str):",
           "                v = repr(v)",
           "            if v not in cats:",
           '                raise ValueError("%s: %r is not a category seen in training"',
           "                                 % (COLUMNS[k], v))",
           "            for c in cats:",
           "                x.append(1.0 if c == v else 0.0)",
           "    return [(x[i] - MEAN[i]) / SCALE[i] for i in range(N_INPUTS)]",
           ""]
    return src


def _header(layers, spec, params, digits):
    """The module docstring and the comments describing the model."""
    n_in, n_out = layers[0]["n_inputs"], layers[-1]["n_outputs"]
    names, classes = spec["names"], spec["classes"]
    regression = spec["kind"] == "regression"
    arch = "%d inputs -> %s" % (n_in, " -> ".join(
        ["Dense(%d, %s%s)" % (l["n_outputs"], l["activation"], "" if l["bias"] else ", no bias")
         for l in layers]))
    src = ['"""A trained neural network, exported by purenn as plain Python.',
           "",
           "    from predict import predict      # (this file's name)",
           "    predict([%s])   # -> %s" % (
               ", ".join(["x%d" % (i + 1) for i in range(min(n_in, 3))])
               + (", ..." if n_in > 3 else ""),
               "class probabilities" if classes else ("[prediction]" if regression else
                                                      "list of %d outputs" % n_out)),
           "",
           ] + (_ROW_DOC if _encoded(spec) else [
           "predict(x) takes one sample (a list of %d numbers) or a batch (a list of" % n_in,
           "such lists)."]) + [
           "Needs only the math module: runs on CPython, PyPy and MicroPython.",
           '"""',
           "",
           "# Architecture: %s" % arch,
           "# Parameters: %d; weights written %s." % (
               params, "exactly" if digits is None else "to %d significant digits" % digits)]
    if _encoded(spec):
        src.append("# Columns, in this order: %s" % _comment_text(
            ", ".join([c["name"] for c in spec["columns"]])))
        src.append("# encode(row) gives the network's inputs, standardised as "
                   "(x[i] - MEAN[i]) / SCALE[i].")
    elif names is not None:
        src.append("# Inputs, in this order: %s" % _comment_text(", ".join(names)))
        src.append("# Each input is standardised as (x[i] - MEAN[i]) / SCALE[i] first.")
    if classes is not None:
        src.append("# Outputs: the probability of each class in CLASSES; classify(x) gives "
                   "the name.")
    elif regression:
        src.append("# Output: %s, as out * TARGET_SCALE + TARGET_MEAN."
                   % _comment_text(spec["target"] or "the target"))
    src.append("")
    return src


def _preamble(layers, spec):
    """The imports, the row functions of activations such as softmax, and
    the model's constants (input count, scaling, class names)."""
    src = ["import math", ""]
    for name in elementary.FORMULA_NAMES:
        src.append("%s = math.%s" % (name, name))
    src.append("")
    done = []
    for layer in layers:        # activations of a whole row: their own functions
        act = activations.get(layer["activation"])
        if not act.elementwise and act.name not in done:
            done.append(act.name)
            src.extend(act.forward_source.rstrip("\n").split("\n"))
            src.append("")
            src.append("")
    src.append("N_INPUTS = %d" % layers[0]["n_inputs"])
    if _encoded(spec):
        src += _encode_source(spec)
    elif spec["names"] is not None:
        src.append("FEATURES = %s" % _strings(spec["names"]))
        # the scaling is kept exact: it is cheap and rounding it shifts every input
        src.append("MEAN = %s" % _numbers(spec["mean"], None, ""))
        src.append("SCALE = %s" % _numbers(spec["scale"], None, ""))
    if spec["classes"] is not None:
        src.append("CLASSES = %s" % _strings(spec["classes"]))
    if spec["kind"] == "regression":
        src.append("TARGET_MEAN = %s" % _float_literal(spec["target_mean"], None))
        src.append("TARGET_SCALE = %s" % _float_literal(spec["target_scale"], None))
    src.append("")
    return src


def _predict_source(n_layers, spec):
    """``predict(x)``, and ``classify(x)`` for a classifier."""
    src = ["def predict(x):",
           '    """The network\'s output for one sample x, or a list of outputs for a batch."""',
           "    if x and isinstance(x[0], (list, tuple)):",
           "        return [predict(row) for row in x]"]
    if _encoded(spec):
        src.append("    a = encode(x)")
    else:
        src += ["    if len(x) != N_INPUTS:",
                '        raise ValueError("predict: expected %d numbers, got %d" % '
                '(N_INPUTS, len(x)))']
        if spec["names"] is not None:
            src.append("    a = [(float(x[i]) - MEAN[i]) / SCALE[i] for i in range(N_INPUTS)]")
        else:
            src.append("    a = [float(v) for v in x]")
    for k in range(n_layers):
        src.append("    a = layer%d(a)" % (k + 1))
    if spec["kind"] == "regression":
        src.append("    return [a[0] * TARGET_SCALE + TARGET_MEAN]")
    else:
        src.append("    return a")
    if spec["classes"] is not None:
        src += ["",
                "",
                "def classify(x):",
                '    """The most probable class name for x (a list of names for a batch)."""',
                "    if x and isinstance(x[0], (list, tuple)):",
                "        return [classify(row) for row in x]",
                "    p = predict(x)",
                "    best = 0",
                "    for k in range(1, len(p)):",
                "        if p[k] > p[best]:",
                "            best = k",
                "    return CLASSES[best]"]
    return src


def export(net_or_path, out_path, digits=None, program=True):
    """Write ``export_source`` of a network (or of the model file at a path) to
    ``out_path``, atomically; return the number of bytes written."""
    net = net_or_path
    if isinstance(net_or_path, str):
        net = load(net_or_path)
    data = export_source(net, digits, program).encode("utf-8")
    write_atomic(out_path, data)
    return len(data)
