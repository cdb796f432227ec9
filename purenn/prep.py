"""How a CSV row becomes a network's input, kept with a model (used by the command line).

A model trained by ``python -m purenn train`` carries in its ``metadata``:

* ``"inputs"``: ``{"names": [...], "mean": [...], "scale": [...]}``, one
  entry per network input; the network sees ``(x[i] - mean[i]) / scale[i]``
  for input i;
* and, since text columns and missing values are handled, how the file's
  columns give those inputs: ``"columns"``, a list in file order of
  ``{"name": n, "kind": "number", "fill": f}`` (one input: the number, or
  ``f`` where the value is missing) or ``{"name": n, "kind": "category",
  "categories": [...], "fill": c}`` (one input per category: 1.0 for the
  row's category, 0.0 for the others; ``c`` where missing), and
  ``"missing"``, the texts that mean a missing value (an empty cell always
  does). A ``fill`` of None means a missing value is an error. Without
  ``"columns"`` every name is a number column without a fill;
* ``"target"``: ``{"name": ..., "kind": "classification", "classes": [...]}``
  (one softmax output per class, in that order), or ``{"name": ...,
  "kind": "regression", "mean": m, "scale": s}`` (one linear output o; the
  prediction is ``o * s + m``).

``spec(net)`` reads and checks them, ``encode(spec, fields)`` turns one
row's fields into the network's input; :mod:`purenn.export` writes the
same formulas into the exported file, so both give the same numbers.

>>> mean, scale = statistics([[1.0, 5.0], [3.0, 5.0]])
>>> mean, scale
([2.0, 5.0], [1.0, 1.0])
>>> standardize([3.0, 6.0], mean, scale)
[1.0, 1.0]
>>> cols = [{"name": "size", "kind": "number", "fill": 2.0},
...         {"name": "colour", "kind": "category", "categories": ["red", "tan"], "fill": "tan"}]
>>> raw_inputs(cols, [" 3 ", "red"], MISSING)
[3.0, 1.0, 0.0]
>>> raw_inputs(cols, ["NA", ""], MISSING)
[2.0, 0.0, 1.0]
"""

import math

from .core.errors import is_number


def statistics(rows):
    """``(mean, scale)`` per column: the mean and the population standard deviation.

    A column with no spread gets scale 1.0 (so it is only shifted).
    Sums run left to right over the rows, the same on every interpreter.
    """
    n = len(rows)
    width = len(rows[0])
    mean = []
    scale = []
    for i in range(width):
        s = 0.0
        for row in rows:
            s += row[i]
        m = s / n
        q = 0.0
        for row in rows:
            d = row[i] - m
            q += d * d
        sd = math.sqrt(q / n)
        mean.append(m)
        scale.append(sd if sd > 0.0 else 1.0)
    return mean, scale


def standardize(x, mean, scale):
    """``[(x[i] - mean[i]) / scale[i]]``: the exact formula the exported file uses."""
    return [(x[i] - mean[i]) / scale[i] for i in range(len(x))]


#: The texts that mean "missing" by default (an empty cell always does).
MISSING = ("", "NA", "N/A", "NaN", "nan", "null", "NULL", "?")

_NUMBER_CHARS = "0123456789+-.eE"


def number(text):
    """The finite float that ``text`` spells, or None.

    Accepts what ``float`` accepts made of digits, sign, point and exponent
    (surrounding spaces allowed): not ``nan``, ``inf`` or ``1_000``, so that
    every interpreter reads a file the same way.
    """
    s = text.strip()
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


def is_missing(value, missing):
    """Whether a field (text, or None) is a missing value."""
    return value is None or (isinstance(value, str) and
                             (value.strip() == "" or value.strip() in missing))


def _shown(v):
    v = str(v)
    return '"%s"' % (v if len(v) <= 30 else v[:30] + "...")


class UnknownCategory(ValueError):
    """A text column holds a category the model was not trained on."""


def raw_inputs(columns, fields, missing, unknown="error"):
    """The inputs, before scaling, that one row's ``fields`` (one per column:
    text as a CSV holds it, or numbers) give: a number column's number (its
    ``fill`` where missing), a category column's one-hot row (all zeros for a
    category not seen in training if ``unknown`` is ``"zeros"``).  ValueError
    naming the column otherwise (:class:`UnknownCategory` for a category)."""
    x = []
    for k in range(len(columns)):
        col = columns[k]
        v = fields[k]
        if is_missing(v, missing):
            v = col["fill"]
            if v is None:
                raise ValueError("column %s: the value is missing (and the model has no "
                                 "value to fill in)" % col["name"])
        if col["kind"] == "number":
            f = number(v) if isinstance(v, str) else (float(v) if is_number(v) else None)
            if f is None or f - f != 0.0:
                raise ValueError("column %s: expected a number, got %s" % (col["name"], _shown(v)))
            x.append(f)
            continue
        v = v.strip() if isinstance(v, str) else repr(v)
        cats = col["categories"]
        if v not in cats and unknown != "zeros":
            raise UnknownCategory("column %s: %s is not one of the %d categories seen in "
                                  "training" % (col["name"], _shown(v), len(cats)))
        for c in cats:
            x.append(1.0 if c == v else 0.0)
    return x


def encode(sp, fields, unknown="error"):
    """One row's fields (one per column of ``sp["columns"]``) as the network's input."""
    x = raw_inputs(sp["columns"], fields, sp["missing"], unknown)
    if sp["mean"] is not None:
        x = standardize(x, sp["mean"], sp["scale"])
    return x


def input_names(columns):
    """A name for each input the columns give (``colour=red`` for a category)."""
    out = []
    for col in columns:
        if col["kind"] == "number":
            out.append(col["name"])
        else:
            out.extend([col["name"] + "=" + c for c in col["categories"]])
    return out


def output_names(sp, n_outputs):
    """The columns a prediction is written in: the target (or ``class``) and
    ``p_`` for each class; the target (or ``prediction``); or ``output_k``
    for a model without a target (``sp`` None)."""
    kind = sp["kind"] if sp else None
    if kind == "classification":
        return [sp["target"] or "class"] + ["p_" + c for c in sp["classes"]]
    if kind == "regression":
        return [sp["target"] or "prediction"]
    return ["output_%d" % k for k in range(n_outputs)]


def class_name(text, classes):
    """The class a target field names (``"1.0"`` names class ``"1"``), or None."""
    t = text.strip()
    if t in classes:
        return t
    v = number(t)
    if v is not None and v == int(v) and "%d" % v in classes:
        return "%d" % v
    return None


def _finite(v, where, nonzero=False):
    """v as a finite float (non-zero if asked): ValueError naming ``where`` otherwise
    (a model file may hold an integer of any size, which no float can)."""
    if is_number(v):
        try:
            f = float(v)
        except OverflowError:
            f = math.inf
        if f - f == 0.0 and not (nonzero and f == 0.0):
            return f
    raise ValueError("%s: expected a finite%s number" % (where, " non-zero" if nonzero else ""))


def _list(v, n, where):
    if not isinstance(v, list) or (n is not None and len(v) != n):
        raise ValueError("%s: expected a list%s" % (where, "" if n is None else
                                                     " of %d entries" % n))
    return v


def _strings(v, n, where):
    v = _list(v, n, where)
    for k, t in enumerate(v):
        if not isinstance(t, str):
            raise ValueError("%s[%d]: expected a string" % (where, k))
    return list(v)


def _columns(columns, n_in):
    """The checked ``metadata.inputs.columns``: they must give ``n_in`` inputs."""
    out = []
    width = 0
    for k, col in enumerate(_list(columns, None, "metadata.inputs.columns")):
        where = "metadata.inputs.columns[%d]" % k
        if not isinstance(col, dict) or not isinstance(col.get("name"), str):
            raise ValueError("%s: expected an object with a \"name\"" % where)
        kind, fill = col.get("kind"), col.get("fill")
        if kind == "number":
            if fill is not None:
                fill = _finite(fill, where + ".fill")
            out.append({"name": col["name"], "kind": kind, "fill": fill})
            width += 1
        elif kind == "category":
            cats = _strings(col.get("categories"), None, where + ".categories")
            if not cats:
                raise ValueError("%s.categories: expected at least one" % where)
            if fill is not None and fill not in cats:
                raise ValueError("%s.fill: expected one of its categories" % where)
            out.append({"name": col["name"], "kind": kind, "categories": cats, "fill": fill})
            width += len(cats)
        else:
            raise ValueError("%s.kind: expected \"number\" or \"category\"" % where)
    if width != n_in:
        raise ValueError("metadata.inputs.columns: they give %d inputs; the network has %d"
                         % (width, n_in))
    return out


def spec(net):
    """The model's input and target description, checked, or None if it has none.

    Returns a dict with ``names``, ``mean``, ``scale`` (lists, one per
    input), ``columns`` (how the file's columns give the inputs; see the
    module's docstring), ``missing`` (the texts meaning a missing value),
    ``target`` (name or None), ``kind`` (``"classification"``,
    ``"regression"`` or None), ``classes`` (list or None), ``target_mean``
    and ``target_scale`` (regression only).  Raises ValueError if the
    metadata is present but inconsistent with the network.
    """
    md = net.metadata if isinstance(getattr(net, "metadata", None), dict) else {}
    inputs = md.get("inputs")
    target = md.get("target")
    if inputs is None and target is None:
        return None
    n_in, n_out = net.n_inputs, net.n_outputs
    out = {"names": None, "mean": None, "scale": None, "columns": None, "missing": MISSING,
           "target": None, "kind": None, "classes": None, "target_mean": 0.0,
           "target_scale": 1.0}
    if inputs is not None:
        if not isinstance(inputs, dict):
            raise ValueError("metadata.inputs: expected an object")
        names = _strings(inputs.get("names"), n_in, "metadata.inputs.names")
        mean = _list(inputs.get("mean"), n_in, "metadata.inputs.mean")
        scale = _list(inputs.get("scale"), n_in, "metadata.inputs.scale")
        out["names"] = names
        out["mean"] = [_finite(v, "metadata.inputs.mean[%d]" % k) for k, v in enumerate(mean)]
        out["scale"] = [_finite(v, "metadata.inputs.scale[%d]" % k, True)
                        for k, v in enumerate(scale)]
        if "columns" in inputs:
            out["columns"] = _columns(inputs["columns"], n_in)
            if "missing" in inputs:
                out["missing"] = tuple(_strings(inputs["missing"], None,
                                                "metadata.inputs.missing"))
        else:
            out["columns"] = [{"name": n, "kind": "number", "fill": None} for n in names]
    if target is not None:
        if not isinstance(target, dict):
            raise ValueError("metadata.target: expected an object")
        name = target.get("name")
        if name is not None and not isinstance(name, str):
            raise ValueError("metadata.target.name: expected a string")
        kind = target.get("kind")
        out["target"] = name
        if kind == "classification":
            classes = _list(target.get("classes"), n_out, "metadata.target.classes")
            for k, v in enumerate(classes):
                if not isinstance(v, str):
                    raise ValueError("metadata.target.classes[%d]: expected a string" % k)
            out["classes"] = list(classes)
        elif kind == "regression":
            if n_out != 1:
                raise ValueError("metadata.target: a regression model must have 1 output, "
                                 "this one has %d" % n_out)
            out["target_mean"] = _finite(target.get("mean", 0.0), "metadata.target.mean")
            out["target_scale"] = _finite(target.get("scale", 1.0), "metadata.target.scale", True)
        else:
            raise ValueError("metadata.target.kind: expected \"classification\" or "
                             "\"regression\", got %r" % (kind,))
        out["kind"] = kind
    return out

