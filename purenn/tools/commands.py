"""The data commands of ``python -m purenn``: predict, info, export, explain,
draw, and :func:`run`, which runs any command (``train`` is in
``purenn.tools.train``).

Kept apart from :mod:`purenn.tools.cli` so that the tutorial (the
no-argument form) does not load them: on MicroPython every module's code
lives in the heap.  Every problem a user can cause ends as one line on stderr,
``purenn: error: ...``, with exit status 2 for a bad command line and 1 for
bad input files; never a traceback.
"""

import sys

from .common import (FileProblem, architecture, cell, is_onnx, load_model, model_inputs,
                     model_outputs, model_spec, names, oserror, printable, save_model,
                     unknown_mode, wants_help, write_text, TextFile)
from .options import UsageError, parse

EXPLAIN_HELP = """usage: python -m purenn explain [--sample N] [--neuron N] [--svg FILE]
       python -m purenn explain --model MODEL.json --data DATA.csv [options]

Walk through one training step with every number written out: for each
layer the weighted sum zˡ[n][j] = Σᵢ wˡ[j][i]·aˡ⁻¹[n][i] + bˡ[j] of one
neuron with the actual numbers, the activations, the loss term by term,
then backward: each ∂L/∂a, f'(z) and δ = ∂L/∂z with the numbers put in,
each weight gradient, and the update w ← w − η·∂L/∂w.  The numbers are the
library's own intermediate values; every line can be checked by hand from
numbers printed above it.

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
  --svg FILE             also draw the step: each connection coloured by its
                         gradient ∂L/∂w, each neuron by |δ|, the numbers on
                         hover (open FILE in a web browser)
  -h, --help             show this help and exit
"""

DRAW_HELP = """usage: python -m purenn draw MODEL.json -o NET.svg [--title TEXT]
       python -m purenn draw MODEL.json -o MAP.svg --boundary --data DATA.csv
       python -m purenn draw MODEL.json -o MAPS.svg --neurons --data DATA.csv
       python -m purenn draw MODEL.json -o W.svg --weights-as-images 8x8

Draw a saved model as an SVG picture; open the file in a web browser (hover
over a part for its numbers).  By default, the network: the neurons as
circles in layers, each connection a line coloured by the weight's sign
(blue positive, orange negative) and as wide as its size, each layer
labelled with its size and activation.

For a model with 2 inputs, over the plane the rows of DATA.csv cover (read
as explain --model reads them; the points are drawn in their class's
colour):
  --boundary             the decision map of a classifier: the class
                         predicted everywhere, paler where less sure, the
                         misclassified rows crossed out, a legend with the
                         class names
  --neurons              what each neuron computes: its activation over the
                         plane, one small map per neuron laid out like the
                         network
For image inputs:
  --weights-as-images HxW  each neuron's weights of one layer as an H×W
                         image (H×W must be the layer's input count:
                         8x8 for the digits)

options:
  -o, --out FILE         the SVG file to write (required)
  --title TEXT           the title on the picture (default: the architecture)
  --max-neurons N        draw at most N neurons of a layer (default 16; 12
                         with --neurons)
  --data FILE            the rows to draw (with --boundary and --neurons)
  --resolution N         cells across a map (default 80 with --boundary,
                         24 with --neurons; 2 to 400)
  --layer N              the layer whose weights --weights-as-images draws
                         (default 1)
  -h, --help             show this help and exit
"""

PREDICT_HELP = """usage: python -m purenn predict MODEL.json DATA.csv [--out FILE] [options]

Predict every row of a CSV file with a header, writing CSV to stdout (or
FILE).  The model's input columns are looked up by name (other columns are
ignored) and encoded as in training: numbers scaled, text columns one-hot
over the categories seen in training, missing values filled with what the
model saved.  A classifier writes the predicted class and one probability
column per class; a regression model writes the predicted value.  Numbers
are written exactly (Python's repr).  The file is read a piece at a time,
so it may be of any length.

options:
  --out FILE           write the predictions to FILE instead of stdout
  --keep A,B,...       copy these columns (an ID, say) into the output first
  --unknown MODE       a category not seen in training: error (default), or
                       zeros (all of that column's inputs 0)
  -h, --help           show this help and exit
"""

INFO_HELP = """usage: python -m purenn info MODEL.json|MODEL.onnx

Check a model file and describe it: architecture, parameter count, inputs,
target, and how it was trained.  An ONNX file (.onnx) is read as "convert"
reads it, and what the reading passed over is listed.

options:
  -h, --help   show this help and exit
"""

EXPORT_HELP = """usage: python -m purenn export MODEL.json -o PREDICT.py [--digits N] [--no-program]
       python -m purenn export MODEL.json -o MODEL.onnx [--dtype float32|float64]

The output's extension chooses what is written.

PREDICT.py: the model as one standalone Python file that needs only the
math module (it runs on MicroPython too): weights inlined, one function per
layer, and predict(row) (plus classify(row) for a classifier).  It encodes
rows as the model was trained (scaling, categories, missing values) and
gives the same numbers as purenn.  Run as a program, "python PREDICT.py
DATA.csv" (or standard input) writes what "purenn predict" writes.

MODEL.onnx: the network as an ONNX model (opset 16) for onnxruntime and the
tools around it: it computes the network's outputs from the network's
inputs, that is after the scaling and encoding that "purenn predict" does
from CSV columns (the model's metadata, with that scaling, is kept in the
file's metadata_props under "purenn.metadata").

options:
  -o, --out FILE   the file to write (required): .py or .onnx
  --digits N       (.py) write weights with N significant digits (1-17) for
                   a smaller file; default: exact
  --no-program     (.py) leave out the program part (about 7 KB less heap
                   when MicroPython imports the file)
  --dtype TYPE     (.onnx) float32 (default; each weight rounded to the
                   nearest float32) or float64 (exact)
  -h, --help       show this help and exit
"""

CONVERT_HELP = """usage: python -m purenn convert MODEL.onnx -o MODEL.json

Read a feed-forward network from an ONNX file (written by skl2onnx for
scikit-learn's MLPClassifier and MLPRegressor, by torch.onnx.export for an
nn.Sequential of Linear layers and activations, by tf2onnx for a Keras
Sequential of Dense layers, or by "purenn export") and save it as a purenn
model, which every other command then takes (predict, explain --model,
draw, export to .py for MicroPython).  Prints the architecture found and
what the reading passed over.  Supported operators: Gemm, MatMul and Add,
Relu, LeakyRelu, Sigmoid, Tanh, Softmax, and Identity, Dropout, Cast,
Flatten, Reshape to [N, -1]; any other is refused, naming the node.

options:
  -o, --out FILE   the model file to write (required)
  -h, --help       show this help and exit
"""


# -- predict --------------------------------------------------------------------

def _fmt(v):
    return repr(v)


def predict_rows(net, spec, table, unknown="error", keep=()):
    """(header, rows of strings) of predictions for a CSV table, after the
    columns named in ``keep``, copied."""
    from . import csvfile
    from .. import prep
    from ..core.metrics import argmax_row
    if not (spec and spec["columns"] is not None) and len(table.header) != net.n_inputs:
        raise csvfile.CSVError("%s: the model has %d inputs and no column names, so the "
                               "file must have exactly %d columns; it has %d"
                               % (table.name, net.n_inputs, net.n_inputs,
                                  len(table.header)))
    P, out = model_outputs(net, spec, table, range(len(table.rows)), unknown)
    header = [cell(h) for h in prep.output_names(spec, net.n_outputs)]
    if spec and spec["kind"] == "classification":
        classes = spec["classes"]
        rows = [[cell(classes[argmax_row(p)])] + [_fmt(v) for v in p] for p in P]
    else:
        rows = [[_fmt(v) for v in p] for p in out]
    if keep:
        cols = [table.column(name) for name in keep]
        header = [cell(table.header[k]) for k in cols] + header
        rows = [[cell(table.rows[r][k]) for k in cols] + rows[r] for r in range(len(rows))]
    return header, rows


def cmd_predict(args, out):
    if wants_help(args):
        out.write(PREDICT_HELP)
        return 0
    (model_path, data_path), o = parse(
        args, {"--out": ("out", "str", None), "-o": ("out", "str", None),
               "--keep": ("keep", "str", ""), "--unknown": ("unknown", "str", "error")}, 2)
    unknown_mode(o)
    from . import csvfile
    net, spec = load_model(model_path)
    keep = names(o["keep"])
    sink = out if o["out"] is None else TextFile(o["out"])
    count = 0
    try:
        # a piece of the file at a time: memory stays bounded however long it is
        for table in csvfile.tables(data_path):
            header, rows = predict_rows(net, spec, table, o["unknown"], keep)
            lines = [csvfile.format_row(r) for r in rows]
            if count == 0:
                lines.insert(0, csvfile.format_row(header))
            sink.write("\n".join(lines) + "\n")
            count += len(rows)
    except BaseException:
        if sink is not out:
            sink.abort()
        raise
    if sink is not out:
        sink.commit()
        sys.stderr.write("wrote %d predictions to %s\n" % (count, o["out"]))
    return 0


# -- info -----------------------------------------------------------------------

def _value_text(v):
    from ..core.modelwrite import json_text
    if isinstance(v, float):
        return "%.6g" % v
    return json_text(v)


def _column_text(col):
    """``age (fill 29.7)``, ``sex: female|male (fill male)``."""
    text = col["name"]
    if col["kind"] == "category":
        text += ": " + "|".join(col["categories"])
    if col["fill"] is not None:
        text += " (fill %s)" % (("%.6g" % col["fill"]) if col["kind"] == "number"
                                else col["fill"])
    return text


def cmd_info(args, out):
    if wants_help(args):
        out.write(INFO_HELP)
        return 0
    (path,), o = parse(args, {}, 1)
    net, spec = load_model(path)
    md = net.metadata

    def w(line):                # what the file says is printed, never obeyed
        out.write(printable(line[:-1]) + "\n")
    if is_onnx(path):
        kind = "ONNX model, read as a purenn network"
    else:       # the file's own version (load_model has checked it is one this purenn reads)
        from ..core import modelfile
        kind = "purenn model (format version %d)" % modelfile.parse(modelfile.read(path),
                                                                    path)["version"]
    w("%s: %s\n" % (path, kind))
    w("architecture: %s\n" % architecture(net))
    w("parameters: %d\n" % net.parameter_count())
    shown = []
    if spec:
        if spec["columns"] is not None:
            w("inputs: %s (standardised with the saved mean and scale)\n"
              % ", ".join([_column_text(c) for c in spec["columns"]]))
            if [c for c in spec["columns"] if c["fill"] is not None]:
                w("missing values (%s): filled in as shown\n"
                  % ", ".join(['""'] + [m for m in spec["missing"] if m]))
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
    conv = md.get("onnx")
    if isinstance(conv, dict):
        shown.append("onnx")
        w("converted from ONNX: %s\n" % ", ".join(
            ["%s %s" % (k, _value_text(conv[k])) for k in sorted(conv) if k != "notes"]))
        for note in conv.get("notes") or []:
            w("  note: %s\n" % _value_text(note))
    for k in sorted(md):
        if k not in shown:
            w("%s: %s\n" % (k, _value_text(md[k])))
    return 0


# -- export ---------------------------------------------------------------------

def cmd_export(args, out):
    if wants_help(args):
        out.write(EXPORT_HELP)
        return 0
    (path,), o = parse(args, {"--out": ("out", "str", None), "-o": ("out", "str", None),
                               "--digits": ("digits", "int", None),
                               "--no-program": ("no_program", "flag", False),
                               "--dtype": ("dtype", "str", None)}, 1)
    if o["out"] is None:
        raise UsageError("export needs -o FILE (the .py or .onnx file to write)")
    onnx = is_onnx(o["out"])
    if onnx and (o["digits"] is not None or o["no_program"]):
        raise UsageError("--digits and --no-program are for a .py file, not %s" % o["out"])
    if not onnx and o["dtype"] is not None:
        raise UsageError("--dtype is for an .onnx file, not %s" % o["out"])
    if o["dtype"] not in (None, "float32", "float64"):
        raise UsageError("--dtype: expected float32 or float64, got %r" % o["dtype"])
    if o["digits"] is not None and not 1 <= o["digits"] <= 17:
        raise UsageError("--digits must be from 1 to 17, got %d" % o["digits"])
    net, spec = load_model(path)
    try:
        if onnx:
            from .. import onnx as onnxfile
            size = onnxfile.save(net, o["out"], o["dtype"] or "float32")
        else:
            from .. import export
            size = export.export(net, o["out"], o["digits"], not o["no_program"])
    except OSError as e:
        raise FileProblem("cannot write %s (%s)" % (o["out"], oserror(e)))
    out.write("wrote %s: %s, %d bytes\n" % (o["out"], architecture(net), size))
    return 0


def cmd_convert(args, out):
    if wants_help(args):
        out.write(CONVERT_HELP)
        return 0
    (path,), o = parse(args, {"--out": ("out", "str", None), "-o": ("out", "str", None)}, 1)
    if o["out"] is None:
        raise UsageError("convert needs -o FILE (the model file to write)")
    if not is_onnx(path):
        raise UsageError("convert reads an ONNX file (.onnx), not %s" % path)
    if is_onnx(o["out"]):
        raise UsageError("convert writes a purenn model (.json); to write ONNX use export")
    from .. import onnx
    from ..core.modelfile import read
    net, notes = onnx.read(read(path), path)     # (read here, for the notes)
    model_spec(net, path)
    out.write("%s: %s\n" % (path, architecture(net)))
    for note in notes:
        out.write("  note: %s\n" % printable(note))
    save_model(net, o["out"])
    out.write("wrote %s: %d parameters\n" % (o["out"], net.parameter_count()))
    return 0


# -- explain --------------------------------------------------------------------

_EXPLAIN_SPEC = {
    "--sample": ("sample", "int", 0),
    "--neuron": ("neuron", "int", 0),
    "--model": ("model", "str", None),
    "--data": ("data", "str", None),
    "--loss": ("loss", "str", None),
    "--learning-rate": ("learning_rate", "float", None),
    "--svg": ("svg", "str", None),
}


def _model_rows(net, spec, table, rows):
    """(X, Y) of CSV rows for a saved model: scaled inputs and the target rows."""
    from . import csvfile
    n_in, n_out = net.n_inputs, net.n_outputs
    kind = spec["kind"] if spec else None
    if not (spec and spec["columns"] is not None):
        # no input names: the inputs come first, then the target (named) or targets
        want, then = (n_in + 1, "the target column") if kind else \
            (n_in + n_out, "%d target columns" % n_out)
        if len(table.header) != want:
            raise csvfile.CSVError("%s: the model has no column names, so the file must have "
                                   "%d input columns then %s; it has %d"
                                   % (table.name, n_in, then, len(table.header)))
    X = model_inputs(net, spec, table, rows)
    if kind is None:
        columns = [table.numbers(k) for k in range(n_in, n_in + n_out)]
        return X, [[col[r] for col in columns] for r in rows]
    t_col = table.column(spec["target"])
    return X, [_target(spec, table, r, t_col) for r in rows]


def _target(spec, table, r, t_col):
    """The target row of CSV row r for a model that names its target."""
    from . import csvfile
    from .. import prep
    text = table.rows[r][t_col].strip()
    if spec["kind"] == "classification":
        text = prep.class_name(text, spec["classes"]) or text
        if text not in spec["classes"]:
            raise csvfile.CSVError("%s, line %d: %s is not one of the model's classes (%s)"
                                   % (table.name, table.lines[r], text,
                                      ", ".join(spec["classes"])))
        return [1.0 if c == text else 0.0 for c in spec["classes"]]
    t = csvfile.to_number(text)
    if t is None:
        raise csvfile.CSVError("%s, line %d: the target %r is not a number"
                               % (table.name, table.lines[r], text))
    return [(t - spec["target_mean"]) / spec["target_scale"]]


def cmd_explain(args, out):
    if wants_help(args):
        out.write(EXPLAIN_HELP)
        return 0
    _, o = parse(args, _EXPLAIN_SPEC, 0)
    from .. import explain
    from ..core.losses import NAMES
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
        out.write(explain.tutorial_note())
    else:
        if o["data"] is None:
            raise UsageError("--model needs --data DATA.csv (the row to explain)")
        from . import csvfile
        net, spec = load_model(o["model"])
        table = csvfile.read(o["data"])
        if o["sample"] >= len(table.rows):
            raise UsageError("--sample %d: %s has only %d rows" % (o["sample"], table.name,
                                                                   len(table.rows)))
        X, Y = _model_rows(net, spec, table, [o["sample"]])
        tr = net.metadata.get("training") if isinstance(net.metadata, dict) else None
        tr = tr if isinstance(tr, dict) else {}
        loss = o["loss"] or (tr.get("loss") if tr.get("loss") in NAMES else "mse")
        rate = o["learning_rate"]
        if rate is None:
            r = tr.get("learning_rate")
            rate = r if isinstance(r, (int, float)) and not isinstance(r, bool) \
                and r > 0 else 0.01
        sample = 0
        out.write("%s, row %d (line %d of %s), as a batch of one\n"
               % (o["model"], o["sample"], table.lines[o["sample"]], o["data"]))
    out.write(explain.explain_step(net, X, Y, loss=loss, learning_rate=rate,
                                   sample=sample, neuron=o["neuron"]))
    if o["svg"] is not None:
        from .. import plot
        write_text(o["svg"], plot.gradient_svg(net, X, Y, loss=loss, learning_rate=rate,
                                               sample=sample, neuron=o["neuron"]))
        out.write("drew %s: the step, each connection coloured by ∂L/∂w\n" % o["svg"])
    return 0


# -- draw -----------------------------------------------------------------------

_DRAW_SPEC = {
    "--out": ("out", "str", None), "-o": ("out", "str", None),
    "--title": ("title", "str", None),
    "--max-neurons": ("max_neurons", "int", None),
    "--boundary": ("boundary", "flag", False),
    "--neurons": ("neurons", "flag", False),
    "--weights-as-images": ("images", "str", None),
    "--data": ("data", "str", None),
    "--resolution": ("resolution", "int", None),
    "--layer": ("layer", "int", None),
}


def _image_shape(text):
    """``"8x8"`` -> (8, 8); UsageError for anything else."""
    parts = text.lower().replace("×", "x").split("x")
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit() \
            and int(parts[0]) > 0 and int(parts[1]) > 0:
        return int(parts[0]), int(parts[1])
    raise UsageError("--weights-as-images expects HEIGHTxWIDTH such as 8x8, got %r" % text)


def _draw_options(o):
    """Check the combination of draw's options; returns the picture's kind."""
    kinds = [k for k in ("boundary", "neurons") if o[k]] + (["images"] if o["images"] else [])
    if len(kinds) > 1:
        raise UsageError("choose one of --boundary, --neurons and --weights-as-images")
    kind = kinds[0] if kinds else "network"
    if o["out"] is None:
        raise UsageError("draw needs -o FILE.svg (the picture to write)")
    if kind in ("boundary", "neurons") and o["data"] is None:
        raise UsageError("--%s needs --data DATA.csv (the rows whose plane it maps)" % kind)
    if o["data"] is not None and kind not in ("boundary", "neurons"):
        raise UsageError("--data goes with --boundary or --neurons")
    if o["resolution"] is not None and kind not in ("boundary", "neurons"):
        raise UsageError("--resolution goes with --boundary or --neurons")
    if o["resolution"] is not None and not 2 <= o["resolution"] <= 400:
        raise UsageError("--resolution must be 2 to 400, got %d" % o["resolution"])
    if o["layer"] is not None and kind != "images":
        raise UsageError("--layer goes with --weights-as-images")
    if o["max_neurons"] is not None and kind not in ("network", "neurons"):
        raise UsageError("--max-neurons goes with the network or --neurons")
    if o["max_neurons"] is not None and o["max_neurons"] < 3:
        raise UsageError("--max-neurons must be at least 3, got %d" % o["max_neurons"])
    return kind


def cmd_draw(args, out):
    if wants_help(args):
        out.write(DRAW_HELP)
        return 0
    (path,), o = parse(args, _DRAW_SPEC, 1)
    kind = _draw_options(o)
    shape = _image_shape(o["images"]) if kind == "images" else None
    from .. import plot
    net, spec = load_model(path)
    if kind == "network":
        svg = plot.network_svg(net, title=o["title"], max_neurons=o["max_neurons"] or 16)
    elif kind == "images":
        svg = _weight_images(net, shape, o)
    else:
        if net.n_inputs != 2:
            raise ValueError("--%s: %s has %d inputs; the maps need a model with 2"
                             % (kind, path, net.n_inputs))
        from . import csvfile
        table = csvfile.read(o["data"])
        if not table.rows:
            raise ValueError("%s: no rows to draw" % o["data"])
        X, Y = _model_rows(net, spec, table, range(len(table.rows)))
        if spec and spec["kind"] == "regression":
            if kind == "boundary":
                raise ValueError("--boundary: %s predicts a number (regression); a decision "
                                 "map needs a classifier (--neurons draws any model)" % path)
            Y = None                       # a regression target is no class
        if kind == "boundary":
            svg = plot.boundary_svg(net, X, Y, resolution=o["resolution"] or 80,
                                    title=o["title"])
        else:
            svg = plot.neuron_maps_svg(net, X, Y, resolution=o["resolution"] or 24,
                                       title=o["title"], max_neurons=o["max_neurons"] or 12)
    write_text(o["out"], svg)
    out.write("wrote %s: %s\n" % (o["out"], architecture(net)))
    return 0


def _weight_images(net, shape, o):
    from .. import plot
    layer = 1 if o["layer"] is None else o["layer"]
    if not 1 <= layer <= len(net.layers):
        raise UsageError("--layer must be 1 to %d (the model's layers), got %d"
                         % (len(net.layers), layer))
    n_in = net.layers[layer - 1].n_inputs
    if shape[0] * shape[1] != n_in:
        raise UsageError("--weights-as-images %dx%d: %d pixels, but layer %d has %d inputs"
                         % (shape[0], shape[1], shape[0] * shape[1], layer, n_in))
    return plot.weight_images_svg(net, shape, layer=layer - 1, title=o["title"])


def _evaluate(args, out):
    from .evaluate import cmd_evaluate
    return cmd_evaluate(args, out)


def _train(args, out):
    from .train import cmd_train
    return cmd_train(args, out)


def _playground(args, out):
    from .playground import cmd_playground
    return cmd_playground(args, out)


COMMANDS = {"train": _train, "predict": cmd_predict, "evaluate": _evaluate, "info": cmd_info,
            "export": cmd_export, "convert": cmd_convert, "explain": cmd_explain,
            "draw": cmd_draw, "playground": _playground}


def run(command, args, out=None, err=None):
    """Run one command; return its exit status.  Errors go to ``err`` as one line."""
    out = out or sys.stdout
    err = err or sys.stderr
    from ..core.errors import TrainingDiverged
    try:
        return COMMANDS[command](list(args), out)
    except UsageError as e:
        err.write("purenn: error: %s\n(try: python -m purenn %s --help)\n"
                  % (printable(e), command))
        return 2
    except TrainingDiverged as e:
        err.write("purenn: error: training diverged: %s\n" % printable(e))
        return 1
    except ValueError as e:   # ModelFileError, CSVError, bad data
        err.write("purenn: error: %s\n" % printable(e))
        return 1
    except OSError as e:
        err.write("purenn: error: %s\n" % printable(oserror(e)))
        return 1
    except KeyboardInterrupt:
        err.write("purenn: interrupted\n")
        return 130
