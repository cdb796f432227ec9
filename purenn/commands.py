"""The data commands of ``python -m purenn``: train, predict, info, export,
explain, draw.

Kept apart from :mod:`purenn.cli` so that the tutorial (the no-argument
form) does not load them: on MicroPython every module's code lives in the
heap.  Options are parsed by hand (MicroPython's WebAssembly port has no
argparse).  Every problem a user can cause ends as one line on stderr,
``purenn: error: ...``, with exit status 2 for a bad command line and 1 for
bad input files; never a traceback.
"""

import math
import sys

from .cli import UsageError

TRAIN_HELP = """usage: python -m purenn train DATA.csv [--target COLUMN] [options]

Train a network on a CSV file with a header row, then save it.  Every column
but the target (or those named by --features) is a numeric input.  A target
column holding any non-number means classification: one softmax output per
class, trained with categorical cross-entropy; a numeric target means
regression: one linear output, trained with mean squared error.  Inputs (and
a numeric target) are standardised with the training rows' mean and
standard deviation, which are saved in the model.

options:
  --target COLUMN        the column to predict (default: the last one)
  --features A,B,...     the input columns (default: all but the target)
  --ignore A,B,...       columns to leave out of the inputs
  --classify             treat a numeric target as class labels
  --hidden 16,16         sizes of the hidden layers (default 16; 0 for none)
  --activation NAME      hidden activation: relu (default), leaky_relu, tanh,
                         sigmoid, linear
  --epochs N             passes over the training rows (default 200)
  --learning-rate R      SGD step size (default 0.05)
  --batch-size N         mini-batch size (default 32; 0 for the full batch)
  --l2 R                 L2 penalty on all weights (default 0)
  --validation F         fraction of rows held out for validation (default 0.2)
  --seed N               seed for the weights, the split and the shuffling
                         (default 1)
  --progress N           print a progress line every N epochs (default: 10
                         lines in all; 0 for none)
  --out FILE             where to save the model (default model.json)
  --plot FILE.svg        also draw the loss curve (and validation loss and
                         metric) per epoch as an SVG picture
  -h, --help             show this help and exit
"""

EXPLAIN_HELP = """usage: python -m purenn explain [--sample N] [--neuron N]
       python -m purenn explain --model MODEL.json --data DATA.csv [options]

Walk through one training step with every number written out: for each
layer the weighted sum z = w·x + b of one neuron with the actual numbers,
the activations, the loss, then backward: each δ = ∂L/∂z, each weight
gradient, and the update w ← w − η·∂L/∂w.  The numbers are the library's own
intermediate values.

Without --model: the first step of the tutorial network (its starting
weights, two bias-free sigmoid layers, loss sse, learning rate 1, the four
rows of its table in one batch).  With --model: one step of the saved model
on one row of a CSV file (inputs scaled as in training; the target column
and classes from the model, or, for a model without them, the input
columns followed by the target columns).

options:
  --sample N             which row to write out (default 0)
  --neuron N             which neuron of each layer (default 0; a smaller
                         layer shows its last)
  --model FILE           a saved model (see train)
  --data FILE            the CSV file to take the row from (with --model)
  --loss NAME            the loss (default: the model's, else mse)
  --learning-rate R      the step size η (default: the model's, else 0.01)
  -h, --help             show this help and exit
"""

DRAW_HELP = """usage: python -m purenn draw MODEL.json -o NET.svg [--title TEXT]

Draw a saved model as an SVG picture: the neurons as circles in layers, each
connection a line coloured by the weight's sign (blue positive, orange
negative) and as wide as its size, each layer labelled with its size and
activation.  Open the file in a web browser.

options:
  -o, --out FILE   the SVG file to write (required)
  --title TEXT     the title on the picture (default: the architecture)
  --max-neurons N  draw at most N neurons of a layer (default 16)
  -h, --help       show this help and exit
"""

PREDICT_HELP = """usage: python -m purenn predict MODEL.json DATA.csv [--out FILE]

Predict every row of a CSV file with a header, writing CSV to stdout (or
FILE).  The model's input columns are looked up by name (other columns are
ignored) and scaled as in training.  A classifier writes the predicted class
and one probability column per class; a regression model writes the
predicted value.  Numbers are written exactly (Python's repr).

options:
  --out FILE   write the predictions to FILE instead of stdout
  -h, --help   show this help and exit
"""

INFO_HELP = """usage: python -m purenn info MODEL.json

Check a model file and describe it: architecture, parameter count, inputs,
target, and how it was trained.

options:
  -h, --help   show this help and exit
"""

EXPORT_HELP = """usage: python -m purenn export MODEL.json -o PREDICT.py [--digits N]

Write the model as one standalone Python file that needs only the math
module (it runs on MicroPython too): weights inlined, one function per
layer, and predict(x) (plus classify(x) for a classifier).  It applies the
model's input scaling itself and gives the same numbers as purenn.

options:
  -o, --out FILE   the Python file to write (required)
  --digits N       write weights with N significant digits (1-17) for a
                   smaller file; default: exact
  -h, --help       show this help and exit
"""


def _parse(args, spec, n_positional):
    """``(positional, opts)`` from args; spec maps option -> (key, kind, default).

    kind is "flag", "int", "float" or "str".
    """
    opts = {}
    for name in spec:
        key, kind, default = spec[name]
        opts[key] = default
    opts["help"] = False
    positional = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-h", "--help"):
            opts["help"] = True
            i += 1
            continue
        value = None
        if a.startswith("--") and "=" in a:
            a, value = a.split("=", 1)
        if a in spec:
            key, kind, default = spec[a]
            if kind == "flag":
                if value is not None:
                    raise UsageError("%s takes no value" % a)
                opts[key] = True
                i += 1
                continue
            if value is None:
                if i + 1 >= len(args):
                    raise UsageError("%s expects a value" % a)
                value = args[i + 1]
                i += 2
            else:
                i += 1
            opts[key] = _convert(a, kind, value)
        elif a.startswith("-") and len(a) > 1 and not _looks_negative(a):
            raise UsageError("unknown option %r" % a)
        else:
            positional.append(a)
            i += 1
    if opts["help"]:
        return positional, opts
    if len(positional) < n_positional:
        raise UsageError("expected %d file argument%s, got %d"
                         % (n_positional, "s" if n_positional > 1 else "", len(positional)))
    if len(positional) > n_positional:
        raise UsageError("unexpected argument %r" % positional[n_positional])
    return positional, opts


def _looks_negative(a):
    return len(a) > 1 and a[1] in "0123456789."


def _convert(name, kind, text):
    if kind == "str":
        return text
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            raise UsageError("%s expects a whole number, got %r" % (name, text))
    try:
        v = float(text)
    except ValueError:
        raise UsageError("%s expects a number, got %r" % (name, text))
    if v - v != 0.0:
        raise UsageError("%s expects a finite number, got %r" % (name, text))
    return v


def _names(text):
    return [s.strip() for s in text.split(",") if s.strip()]


def _write(out, text):
    out.write(text)


# -- train ----------------------------------------------------------------------

_TRAIN_SPEC = {
    "--target": ("target", "str", None),
    "--features": ("features", "str", None),
    "--ignore": ("ignore", "str", ""),
    "--classify": ("classify", "flag", False),
    "--hidden": ("hidden", "str", "16"),
    "--activation": ("activation", "str", "relu"),
    "--epochs": ("epochs", "int", 200),
    "--learning-rate": ("learning_rate", "float", 0.05),
    "--batch-size": ("batch_size", "int", 32),
    "--l2": ("l2", "float", 0.0),
    "--validation": ("validation", "float", 0.2),
    "--seed": ("seed", "int", 1),
    "--progress": ("progress", "int", None),
    "--out": ("out", "str", "model.json"),
    "-o": ("out", "str", "model.json"),
    "--plot": ("plot", "str", None),
}


def _hidden_sizes(text):
    t = text.strip()
    if t in ("0", "", "none"):
        return []
    sizes = []
    for part in t.split(","):
        try:
            n = int(part.strip())
        except ValueError:
            raise UsageError("--hidden expects sizes like 16,16, got %r" % text)
        if n < 1:
            raise UsageError("--hidden: layer sizes must be at least 1, got %r" % text)
        sizes.append(n)
    return sizes


def _basename(path):
    i = path.rfind("/")
    return path[i + 1:] if i >= 0 else path


def _arch(net):
    return "%d inputs -> %s" % (net.n_inputs, " -> ".join(
        ["Dense(%d, %s%s)" % (l.n_outputs, l.activation.name, "" if l.bias else ", no bias")
         for l in net.layers]))


def _metrics(net, X, targets, kind, loss, target_mean, target_scale):
    """[(name, value)] for rows X (already standardised) and their raw targets."""
    if kind == "classification":
        from .prep import argmax
        P = net.predict(X)
        Y = [[1.0 if k == t else 0.0 for k in range(net.n_outputs)] for t in targets]
        right = 0
        for p, t in zip(P, targets):
            if argmax(p) == t:
                right += 1
        return [("loss", net.loss(X, Y, loss=loss)), ("accuracy", right / len(X))]
    Y = [[(t - target_mean) / target_scale] for t in targets]
    P = net.predict(X)
    se = 0.0
    ae = 0.0
    for p, t in zip(P, targets):
        d = p[0] * target_scale + target_mean - t
        se += d * d
        ae += abs(d)
    return [("loss", net.loss(X, Y, loss=loss)), ("rmse", math.sqrt(se / len(X))),
            ("mae", ae / len(X))]


def _metric_text(prefix, metrics):
    return "  ".join(["%s%s %.4f" % (prefix, name, value) for name, value in metrics])


def cmd_train(args, out):
    if _wants_help(args):
        _write(out, TRAIN_HELP)
        return 0
    (path,), o = _parse(args, _TRAIN_SPEC, 1)
    from . import activations
    hidden = _hidden_sizes(o["hidden"])
    act = o["activation"]
    if act not in activations.NAMES or act == "softmax":
        raise UsageError("--activation: expected one of relu, leaky_relu, tanh, sigmoid, "
                         "linear, got %r" % act)
    if o["epochs"] < 1:
        raise UsageError("--epochs must be at least 1, got %d" % o["epochs"])
    if not o["learning_rate"] > 0.0:
        raise UsageError("--learning-rate must be above 0, got %r" % o["learning_rate"])
    if o["batch_size"] < 0:
        raise UsageError("--batch-size must be 0 (full batch) or more, got %d" % o["batch_size"])
    if not 0.0 <= o["validation"] < 1.0:
        raise UsageError("--validation must be at least 0 and below 1, got %r" % o["validation"])
    if o["l2"] < 0.0:
        raise UsageError("--l2 must be 0 or more, got %r" % o["l2"])
    if o["progress"] is not None and o["progress"] < 0:
        raise UsageError("--progress must be 0 or more, got %d" % o["progress"])

    from . import csvdata
    from . import prep
    from .layers import Dense
    from .network import Network, TrainingDiverged
    from .rng import Rng

    table = csvdata.read(path)
    header = table.header
    target = o["target"] if o["target"] is not None else header[-1]
    t_col = table.column(target)
    if o["features"] is not None:
        features = _names(o["features"])
        if not features:
            raise UsageError("--features: expected column names, got %r" % o["features"])
    else:
        features = [h for h in header if h != target]
    ignore = _names(o["ignore"])
    for name in ignore:
        table.column(name)
    features = [f for f in features if f not in ignore]
    if target in features:
        raise UsageError("the target column %r cannot also be an input" % target)
    if not features:
        raise UsageError("no input columns left (the file has only %s)"
                         % ", ".join(header))
    cols = [table.column(f) for f in features]
    columns = [table.numbers(k) for k in cols]
    n = len(table.rows)
    raw = [[columns[c][r] for c in range(len(cols))] for r in range(n)]

    t_text = [row[t_col].strip() for row in table.rows]
    for r, v in enumerate(t_text):
        if v == "":
            raise csvdata.CSVError("%s, line %d: column %s (the target) is empty"
                                   % (path, table.lines[r], csvdata.format_field(target)))
    kind = "classification" if (o["classify"] or not table.is_numeric(t_col)) else "regression"
    if kind == "classification":
        classes = sorted(set(t_text))
        if len(classes) < 2:
            raise csvdata.CSVError("%s: column %s has only one class (%s); nothing to learn"
                                   % (path, csvdata.format_field(target), classes[0]))
        index = {}
        for k, c in enumerate(classes):
            index[c] = k
        targets = [index[v] for v in t_text]
    else:
        classes = None
        targets = table.numbers(t_col)

    # split: a seeded permutation; its first n_val rows are held out
    n_val = int(n * o["validation"] + 0.5)
    if n - n_val < 1:
        raise UsageError("--validation %r leaves no rows to train on" % o["validation"])
    perm = Rng(o["seed"]).permutation(n)
    val_idx = sorted(perm[:n_val])
    train_idx = sorted(perm[n_val:])
    mean, scale = prep.statistics([raw[r] for r in train_idx])
    X = [prep.standardize(row, mean, scale) for row in raw]
    Xtr = [X[r] for r in train_idx]
    Xva = [X[r] for r in val_idx]
    ttr = [targets[r] for r in train_idx]
    tva = [targets[r] for r in val_idx]
    if kind == "classification":
        n_out = len(classes)
        Ytr = [[1.0 if k == t else 0.0 for k in range(n_out)] for t in ttr]
        loss = "categorical_crossentropy"
        out_act = "softmax"
        t_mean, t_scale = 0.0, 1.0
    else:
        n_out = 1
        (t_mean,), (t_scale,) = prep.statistics([[t] for t in ttr])
        Ytr = [[(t - t_mean) / t_scale] for t in ttr]
        loss = "mse"
        out_act = "linear"

    sizes = [len(features)] + hidden
    layers = [Dense(sizes[k], sizes[k + 1], act) for k in range(len(hidden))]
    layers.append(Dense(sizes[-1], n_out, out_act))
    net = Network(layers, seed=o["seed"])       # draws every layer's weights afresh

    _write(out, "read %s: %d rows, %d input columns, target %s (%s%s)\n" % (
        path, n, len(features), csvdata.format_field(target), kind,
        ": %d classes" % len(classes) if classes else ""))
    _write(out, "network: %s, %d parameters\n" % (_arch(net), net.parameter_count()))
    _write(out, "training on %d rows, validating on %d; loss %s\n"
           % (len(train_idx), len(val_idx), loss))

    epochs = o["epochs"]
    every = o["progress"]
    if every is None:
        every = max(1, epochs // 10)
    batch = o["batch_size"] or None
    shuffle = Rng(o["seed"] + 1)
    history = {"loss": []}
    for epoch in range(1, epochs + 1):
        try:
            h = net.fit(Xtr, Ytr, epochs=1, learning_rate=o["learning_rate"], loss=loss,
                        batch_size=batch, seed=shuffle.next_u32(), l2=o["l2"])
        except TrainingDiverged:
            raise TrainingDiverged("the loss stopped being finite in epoch %d of %d; try a "
                                   "smaller --learning-rate" % (epoch, epochs))
        history["loss"].append(h["loss"][0])
        shown = every and (epoch % every == 0 or epoch == epochs or epoch == 1)
        val = None
        if Xva and (shown or o["plot"]):
            val = _metrics(net, Xva, tva, kind, loss, t_mean, t_scale)
            for name, value in val:
                history.setdefault("val_" + name, []).append(value)
        if shown:
            line = ("epoch %" + str(len(str(epochs))) + "d/%d  loss %.4f") % (
                epoch, epochs, h["loss"][0])
            if val:
                line += "  " + _metric_text("val_", val)
            _write(out, line + "\n")
    if every:
        from .plot import sparkline
        first, last = history["loss"][0], history["loss"][-1]
        _write(out, "loss by epoch: %s  %.4f -> %.4f\n"
               % (sparkline(history["loss"], 40), first, last))

    final = _metrics(net, Xtr, ttr, kind, loss, t_mean, t_scale)
    summary = [("train_" + k, v) for k, v in final]
    if Xva:
        summary += [("val_" + k, v) for k, v in _metrics(net, Xva, tva, kind, loss,
                                                          t_mean, t_scale)]
    _write(out, "final: %s\n" % _metric_text("", summary))

    from . import __version__
    target_md = {"name": target, "kind": kind}
    if classes:
        target_md["classes"] = classes
    else:
        target_md["mean"] = t_mean
        target_md["scale"] = t_scale
    metrics_md = {}
    for k, v in summary:
        metrics_md[k] = v
    net.metadata = {
        "inputs": {"names": features, "mean": mean, "scale": scale},
        "target": target_md,
        "training": {
            "data": _basename(path), "rows": n, "train_rows": len(train_idx),
            "validation_rows": len(val_idx), "epochs": epochs,
            "learning_rate": o["learning_rate"], "batch_size": batch or 0,
            "l2": o["l2"], "seed": o["seed"], "loss": loss, "optimizer": "sgd",
            "hidden": hidden, "activation": act, "metrics": metrics_md,
        },
        "purenn_version": __version__,
    }
    if o["plot"]:
        from . import plot
        metric = "val_accuracy" if kind == "classification" and Xva else None
        title = "%s: %s" % (_basename(path), "loss per epoch")
        curve = {}
        for key in ("loss", "val_loss", "val_accuracy"):
            if key in history:
                curve[key] = history[key]
        _write_text(o["plot"], plot.curve_svg(curve, title=title, metric=metric))
    _save(net, o["out"])
    if o["plot"]:
        _write(out, "drew %s\n" % o["plot"])
    _write(out, "saved %s\n" % o["out"])
    return 0


def _write_text(path, text):
    try:
        f = open(path, "w", encoding="utf-8")
        try:
            f.write(text)
        finally:
            f.close()
    except OSError as e:
        raise _FileProblem("cannot write %s (%s)" % (path, _oserror(e)))


def _save(net, path):
    try:
        net.save(path)
    except OSError as e:
        raise _FileProblem("cannot write %s (%s)" % (path, _oserror(e)))


def _oserror(e):
    if len(e.args) > 1 and isinstance(e.args[1], str):
        return e.args[1]
    return str(e)


class _FileProblem(ValueError):
    pass


def _wants_help(args):
    for a in args:
        if a in ("-h", "--help"):
            return True
    return False


# -- predict --------------------------------------------------------------------

def _load(path):
    from .serialize import load
    from . import prep
    net = load(path)
    try:
        spec = prep.spec(net)
    except ValueError as e:
        raise _FileProblem("%s: %s" % (path, e))
    return net, spec


def _fmt(v):
    return repr(v)


def predict_rows(net, spec, table):
    """(header, rows of strings) of predictions for a CSV table."""
    from . import csvdata
    from . import prep
    if spec and spec["names"] is not None:
        cols = [table.column(name) for name in spec["names"]]
    else:
        if len(table.header) != net.n_inputs:
            raise csvdata.CSVError("%s: the model has %d inputs and no column names, so the "
                                   "file must have exactly %d columns; it has %d"
                                   % (table.name, net.n_inputs, net.n_inputs,
                                      len(table.header)))
        cols = list(range(net.n_inputs))
    columns = [table.numbers(k) for k in cols]
    n = len(table.rows)
    X = [[columns[c][r] for c in range(len(cols))] for r in range(n)]
    if spec and spec["mean"] is not None:
        X = [prep.standardize(row, spec["mean"], spec["scale"]) for row in X]
    P = net.predict(X)
    kind = spec["kind"] if spec else None
    if kind == "classification":
        classes = spec["classes"]
        header = [spec["target"] or "class"] + ["p_" + c for c in classes]
        rows = [[classes[prep.argmax(p)]] + [_fmt(v) for v in p] for p in P]
    elif kind == "regression":
        header = [spec["target"] or "prediction"]
        rows = [[_fmt(p[0] * spec["target_scale"] + spec["target_mean"])] for p in P]
    else:
        header = ["output_%d" % k for k in range(net.n_outputs)]
        rows = [[_fmt(v) for v in p] for p in P]
    return header, rows


def cmd_predict(args, out):
    if _wants_help(args):
        _write(out, PREDICT_HELP)
        return 0
    (model_path, data_path), o = _parse(
        args, {"--out": ("out", "str", None), "-o": ("out", "str", None)}, 2)
    from . import csvdata
    net, spec = _load(model_path)
    table = csvdata.read(data_path)
    header, rows = predict_rows(net, spec, table)
    lines = [csvdata.format_row(header)] + [csvdata.format_row(r) for r in rows]
    text = "\n".join(lines) + "\n"
    if o["out"] is None:
        _write(out, text)
    else:
        _write_text(o["out"], text)
        _write(sys.stderr, "wrote %d predictions to %s\n" % (len(rows), o["out"]))
    return 0


# -- info -----------------------------------------------------------------------

def _value_text(v):
    from .savemodel import _write as write_json
    if isinstance(v, float):
        return "%.6g" % v
    parts = []
    write_json(v, parts, "", 0, None)
    return "".join(parts)


def cmd_info(args, out):
    if _wants_help(args):
        _write(out, INFO_HELP)
        return 0
    (path,), o = _parse(args, {}, 1)
    net, spec = _load(path)
    md = net.metadata
    w = out.write
    w("%s: purenn model (format version 1)\n" % path)
    w("architecture: %s\n" % _arch(net))
    w("parameters: %d\n" % net.parameter_count())
    shown = []
    if spec:
        if spec["names"] is not None:
            w("inputs: %s (standardised with the saved mean and scale)\n"
              % ", ".join(spec["names"]))
            shown.append("inputs")
        if spec["kind"] is not None:
            if spec["kind"] == "classification":
                w("target: %s, classification into %d classes: %s\n"
                  % (spec["target"], len(spec["classes"]), ", ".join(spec["classes"])))
            else:
                w("target: %s, regression\n" % spec["target"])
            shown.append("target")
    tr = md.get("training")
    if isinstance(tr, dict):
        shown.append("training")
        keys = sorted(tr)
        parts = []
        for k in keys:
            if k == "metrics":
                continue
            parts.append("%s %s" % (k, _value_text(tr[k])))
        w("training: %s\n" % ", ".join(parts))
        m = tr.get("metrics")
        if isinstance(m, dict):
            w("metrics: %s\n" % ", ".join(["%s %s" % (k, _value_text(m[k]))
                                            for k in sorted(m)]))
    for k in sorted(md):
        if k not in shown:
            w("%s: %s\n" % (k, _value_text(md[k])))
    return 0


# -- export ---------------------------------------------------------------------

def cmd_export(args, out):
    if _wants_help(args):
        _write(out, EXPORT_HELP)
        return 0
    (path,), o = _parse(args, {"--out": ("out", "str", None), "-o": ("out", "str", None),
                               "--digits": ("digits", "int", None)}, 1)
    if o["out"] is None:
        raise UsageError("export needs -o FILE (the Python file to write)")
    if o["digits"] is not None and not 1 <= o["digits"] <= 17:
        raise UsageError("--digits must be from 1 to 17, got %d" % o["digits"])
    from . import export
    net, spec = _load(path)
    try:
        size = export.export(net, o["out"], o["digits"])
    except OSError as e:
        raise _FileProblem("cannot write %s (%s)" % (o["out"], _oserror(e)))
    _write(out, "wrote %s: %s, %d bytes\n" % (o["out"], _arch(net), size))
    return 0


# -- explain --------------------------------------------------------------------

_EXPLAIN_SPEC = {
    "--sample": ("sample", "int", 0),
    "--neuron": ("neuron", "int", 0),
    "--model": ("model", "str", None),
    "--data": ("data", "str", None),
    "--loss": ("loss", "str", None),
    "--learning-rate": ("learning_rate", "float", None),
}


def _model_row(net, spec, table, sample):
    """(x, y) of one CSV row for a saved model: scaled inputs and the target row."""
    from . import csvdata
    from . import prep
    if sample >= len(table.rows):
        raise UsageError("--sample %d: %s has only %d rows" % (sample, table.name,
                                                               len(table.rows)))
    n_in, n_out = net.n_inputs, net.n_outputs
    if spec and spec["names"] is not None:
        cols = [table.column(name) for name in spec["names"]]
    else:
        if len(table.header) != n_in + n_out:
            raise csvdata.CSVError("%s: the model has no column names, so the file must have "
                                   "%d input columns then %d target columns; it has %d"
                                   % (table.name, n_in, n_out, len(table.header)))
        cols = list(range(n_in))
    x = [table.numbers(k)[sample] for k in cols]
    if spec and spec["mean"] is not None:
        x = prep.standardize(x, spec["mean"], spec["scale"])
    kind = spec["kind"] if spec else None
    row = table.rows[sample]
    if kind is None:
        y = [table.numbers(k)[sample] for k in range(n_in, n_in + n_out)]
    else:
        t_col = table.column(spec["target"])
        text = row[t_col].strip()
        if kind == "classification":
            if text not in spec["classes"]:
                raise csvdata.CSVError("%s, line %d: %s is not one of the model's classes (%s)"
                                       % (table.name, table.lines[sample], text,
                                          ", ".join(spec["classes"])))
            y = [1.0 if c == text else 0.0 for c in spec["classes"]]
        else:
            t = csvdata.to_number(text)
            if t is None:
                raise csvdata.CSVError("%s, line %d: the target %r is not a number"
                                       % (table.name, table.lines[sample], text))
            y = [(t - spec["target_mean"]) / spec["target_scale"]]
    return x, y


def cmd_explain(args, out):
    if _wants_help(args):
        _write(out, EXPLAIN_HELP)
        return 0
    _, o = _parse(args, _EXPLAIN_SPEC, 0)
    from . import explain
    from .losses import NAMES
    if o["sample"] < 0 or o["neuron"] < 0:
        raise UsageError("--sample and --neuron must be 0 or more")
    if o["loss"] is not None and o["loss"] not in NAMES:
        raise UsageError("--loss: expected one of %s, got %r" % (", ".join(NAMES), o["loss"]))
    if o["learning_rate"] is not None and not o["learning_rate"] > 0.0:
        raise UsageError("--learning-rate must be above 0, got %r" % o["learning_rate"])
    if o["model"] is None:
        if o["data"] is not None:
            raise UsageError("--data needs --model (the tutorial has its own data)")
        net, X, Y = explain.tutorial_network()
        if o["sample"] >= len(X):
            raise UsageError("--sample: the tutorial has rows 0 to %d" % (len(X) - 1))
        loss = o["loss"] or "sse"
        rate = o["learning_rate"] or 1.0
        sample = o["sample"]
    else:
        if o["data"] is None:
            raise UsageError("--model needs --data DATA.csv (the row to explain)")
        from . import csvdata
        net, spec = _load(o["model"])
        table = csvdata.read(o["data"])
        x, y = _model_row(net, spec, table, o["sample"])
        X, Y = [x], [y]
        tr = net.metadata.get("training") if isinstance(net.metadata, dict) else None
        tr = tr if isinstance(tr, dict) else {}
        loss = o["loss"] or (tr.get("loss") if tr.get("loss") in NAMES else "mse")
        rate = o["learning_rate"]
        if rate is None:
            r = tr.get("learning_rate")
            rate = r if isinstance(r, (int, float)) and not isinstance(r, bool) \
                and r > 0 else 0.01
        sample = 0
        _write(out, "%s, row %d (line %d of %s), as a batch of one\n"
               % (o["model"], o["sample"], table.lines[o["sample"]], o["data"]))
    _write(out, explain.explain_step(net, X, Y, loss=loss, learning_rate=rate,
                                     sample=sample, neuron=o["neuron"]))
    return 0


# -- draw -----------------------------------------------------------------------

def cmd_draw(args, out):
    if _wants_help(args):
        _write(out, DRAW_HELP)
        return 0
    (path,), o = _parse(args, {"--out": ("out", "str", None), "-o": ("out", "str", None),
                               "--title": ("title", "str", None),
                               "--max-neurons": ("max_neurons", "int", 16)}, 1)
    if o["out"] is None:
        raise UsageError("draw needs -o FILE.svg (the picture to write)")
    if o["max_neurons"] < 3:
        raise UsageError("--max-neurons must be at least 3, got %d" % o["max_neurons"])
    from . import plot
    net, spec = _load(path)
    _write_text(o["out"], plot.network_svg(net, title=o["title"],
                                           max_neurons=o["max_neurons"]))
    _write(out, "wrote %s: %s\n" % (o["out"], _arch(net)))
    return 0


COMMANDS = {"train": cmd_train, "predict": cmd_predict, "info": cmd_info,
            "export": cmd_export, "explain": cmd_explain, "draw": cmd_draw}


def run(command, args, out=None, err=None):
    """Run one command; return its exit status.  Errors go to ``err`` as one line."""
    out = out or sys.stdout
    err = err or sys.stderr
    from .network import TrainingDiverged
    try:
        return COMMANDS[command](list(args), out)
    except UsageError as e:
        err.write("purenn: error: %s\n(try: python -m purenn %s --help)\n" % (e, command))
        return 2
    except TrainingDiverged as e:
        err.write("purenn: error: training diverged: %s\n" % e)
        return 1
    except ValueError as e:   # ModelFileError, CSVError, bad data
        err.write("purenn: error: %s\n" % e)
        return 1
    except OSError as e:
        err.write("purenn: error: %s\n" % _oserror(e))
        return 1
