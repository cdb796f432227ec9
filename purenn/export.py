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

If the model carries the command line's preprocessing (see
:mod:`purenn.prep`), ``predict`` takes the raw feature values, scales them
the same way, and for a classifier ``classify(x)`` returns the class name.

``digits=N`` writes each weight with N significant digits (``'%.Ng'``)
instead of exactly: a smaller file, slightly different outputs (the
trade-off is measured in ``docs/model-format.md``).
"""

from . import serialize as _serialize
from . import savemodel as _savemodel
from . import prep as _prep

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
    return "[" + ", ".join([_serialize._quote(v) for v in values]) + "]"


def _comment_text(s):
    return s.replace("\r", " ").replace("\n", " ")


_ACTIVATION = {
    "sigmoid": "1.0 / (1.0 + exp(-z)) if z >= 0.0 else exp(z) / (1.0 + exp(z))",
    "tanh": "tanh(z)",
    "relu": "z if z > 0.0 else 0.0",
    "leaky_relu": "z if z > 0.0 else 0.01 * z",
    "linear": "z",
}

_FORMULA = {
    "sigmoid": "1 / (1 + e^-z), without overflow",
    "tanh": "tanh z",
    "relu": "max(0, z)",
    "leaky_relu": "z if z > 0 else 0.01 z",
    "linear": "z",
    "softmax": "e^(z - max z) / sum e^(z - max z) over the layer",
}


def _layer_source(k, layer, digits):
    """Source lines of layer k (1-based): its weights and its function."""
    n_in, n_out = layer["n_inputs"], layer["n_outputs"]
    act = layer["activation"]
    bias = layer["bias"]
    W, B = "W%d" % k, "B%d" % k
    src = []
    src.append("# Layer %d: Dense(%d -> %d, %s%s).  %s[j][i] connects input i to neuron j."
               % (k, n_in, n_out, act, "" if bias else ", no bias", W))
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
               % (W, " + %s[j]" % B if bias else "", _FORMULA[act]))
    src.append("    out = []")
    src.append("    for j in range(%d):" % n_out)
    src.append("        w = %s[j]" % W)
    src.append("        z = 0.0")
    src.append("        for i in range(%d):" % n_in)
    src.append("            z += w[i] * x[i]")
    if bias:
        src.append("        z = z + %s[j]" % B)
    if act == "softmax":
        src.append("        out.append(z)")
        src.append("    m = max(out)")
        src.append("    e = [exp(z - m) for z in out]")
        src.append("    s = 0.0")
        src.append("    for v in e:")
        src.append("        s += v")
        src.append("    return [v / s for v in e]")
    else:
        src.append("        out.append(%s)" % _ACTIVATION[act])
        src.append("    return out")
    src.append("")
    src.append("")
    return src


def export_source(net, digits=None):
    """The text of a standalone Python module computing ``net.predict``.

    ``digits`` (1 to 17, or None for exact) rounds every weight and bias
    to that many significant digits.
    """
    if digits is not None:
        if not isinstance(digits, int) or isinstance(digits, bool) or not 1 <= digits <= 17:
            raise ValueError("digits: expected a whole number from 1 to 17, got %r" % (digits,))
    data = _savemodel.to_dict(net)      # checks: finite numbers, consistent shapes
    spec = _prep.spec(net)
    layers = data["layers"]
    n_in = layers[0]["n_inputs"]
    n_out = layers[-1]["n_outputs"]
    arch = "%d inputs -> %s" % (n_in, " -> ".join(
        ["Dense(%d, %s%s)" % (l["n_outputs"], l["activation"], "" if l["bias"] else ", no bias")
         for l in layers]))
    params = net.parameter_count()
    names = spec["names"] if spec else None
    classes = spec["classes"] if spec else None
    regression = bool(spec) and spec["kind"] == "regression"
    src = []
    src.append('"""A trained neural network, exported by purenn as plain Python.')
    src.append("")
    src.append("    from predict import predict      # (this file's name)")
    src.append("    predict([%s])   # -> %s" % (
        ", ".join(["x%d" % (i + 1) for i in range(min(n_in, 3))]) + (", ..." if n_in > 3 else ""),
        "class probabilities" if classes else ("[prediction]" if regression else
                                               "list of %d outputs" % n_out)))
    src.append("")
    src.append("predict(x) takes one sample (a list of %d numbers) or a batch (a list of"
               % n_in)
    src.append("such lists).  Needs only the math module: runs on CPython, PyPy and")
    src.append("MicroPython.")
    src.append('"""')
    src.append("")
    src.append("# Architecture: %s" % arch)
    src.append("# Parameters: %d; weights written %s." % (
        params, "exactly" if digits is None else "to %d significant digits" % digits))
    if names is not None:
        src.append("# Inputs, in this order: %s" % _comment_text(", ".join(names)))
        src.append("# Each input is standardised as (x[i] - MEAN[i]) / SCALE[i] first.")
    if classes is not None:
        src.append("# Outputs: the probability of each class in CLASSES; classify(x) gives "
                   "the name.")
    elif regression:
        src.append("# Output: %s, as out * TARGET_SCALE + TARGET_MEAN."
                   % _comment_text(spec["target"] or "the target"))
    src.append("")
    src.append("import math")
    src.append("")
    src.append("exp = math.exp")
    src.append("tanh = math.tanh")
    src.append("")
    src.append("N_INPUTS = %d" % n_in)
    if names is not None:
        src.append("FEATURES = %s" % _strings(names))
        # the scaling is kept exact: it is cheap and rounding it shifts every input
        src.append("MEAN = %s" % _numbers(spec["mean"], None, ""))
        src.append("SCALE = %s" % _numbers(spec["scale"], None, ""))
    if classes is not None:
        src.append("CLASSES = %s" % _strings(classes))
    if regression:
        src.append("TARGET_MEAN = %s" % _float_literal(spec["target_mean"], None))
        src.append("TARGET_SCALE = %s" % _float_literal(spec["target_scale"], None))
    src.append("")
    for k, layer in enumerate(layers):
        src.extend(_layer_source(k + 1, layer, digits))
    src.append("def predict(x):")
    src.append('    """The network\'s output for one sample x, or a list of outputs for a batch."""')
    src.append("    if x and isinstance(x[0], (list, tuple)):")
    src.append("        return [predict(row) for row in x]")
    src.append("    if len(x) != N_INPUTS:")
    src.append('        raise ValueError("predict: expected %d numbers, got %d" % '
               '(N_INPUTS, len(x)))')
    if names is not None:
        src.append("    a = [(float(x[i]) - MEAN[i]) / SCALE[i] for i in range(N_INPUTS)]")
    else:
        src.append("    a = [float(v) for v in x]")
    for k in range(len(layers)):
        src.append("    a = layer%d(a)" % (k + 1))
    if regression:
        src.append("    return [a[0] * TARGET_SCALE + TARGET_MEAN]")
    else:
        src.append("    return a")
    if classes is not None:
        src.append("")
        src.append("")
        src.append("def classify(x):")
        src.append('    """The most probable class name for x (a list of names for a batch)."""')
        src.append("    if x and isinstance(x[0], (list, tuple)):")
        src.append("        return [classify(row) for row in x]")
        src.append("    p = predict(x)")
        src.append("    best = 0")
        src.append("    for k in range(1, len(p)):")
        src.append("        if p[k] > p[best]:")
        src.append("            best = k")
        src.append("    return CLASSES[best]")
    return "\n".join(src) + "\n"


def export(net_or_path, out_path, digits=None):
    """Write ``export_source`` of a network (or of the model file at a path) to
    ``out_path``, atomically; return the number of bytes written."""
    net = net_or_path
    if isinstance(net_or_path, str):
        net = _serialize.load(net_or_path)
    data = export_source(net, digits).encode("utf-8")
    _savemodel.write_atomic(out_path, data)
    return len(data)
