"""``python -m purenn train``: a network for a CSV file, trained by ``fit``.

The command reads the file (:class:`TrainingData`), builds the network,
and calls ``Network.fit`` once, with a callback that prints the progress
lines; so every optimizer and option of ``fit`` works from here.
"""

import math

from .common import architecture, basename, names, save_model, wants_help, write_text
from .options import UsageError, parse

TRAIN_HELP = """usage: python -m purenn train DATA.csv [--target COLUMN] [options]

Train a network on a CSV file with a header row, then save it.  Every column
but the target (or those named by --features) is an input: a column of
numbers as it is, a column of text one-hot over its categories (sorted); a
column that counts the rows, or holds a different text on nearly every row,
is an identifier and left out (with a note).  Missing values (empty cells,
NA, N/A, NaN, nan, null, NULL, ?) are filled with the training rows' mean or
most frequent category.  A target holding text, or at most 20 different
whole numbers, means classification: one softmax output per class, trained
with categorical cross-entropy; other numbers mean regression: one linear
output, trained with mean squared error.  Inputs (and a numeric target) are
standardised with the training rows' mean and standard deviation.  All of
this is saved in the model, so predict treats new rows the same way.

options:
  --target COLUMN        the column to predict (default: the last one)
  --features A,B,...     the input columns (default: all but the target and
                         identifiers); named here, a column is always used
  --ignore A,B,...       columns to leave out of the inputs
  --classify             treat a numeric target as class labels
  --regression           treat a target of whole numbers as numbers
  --missing MODE         missing inputs: fill (default), drop (the rows), or
                         error; rows without a target are always skipped
  --na-values A,B,...    the texts that mean "missing" (an empty cell always
                         does; default NA,N/A,NaN,nan,null,NULL,?)
  --max-categories N     the most categories a text column may have (50)
  --hidden 64,32         sizes of the hidden layers (default 64; 0 for none)
  --activation NAME      hidden activation: relu (default), leaky_relu, tanh,
                         sigmoid, linear
  --epochs N             passes over the training rows (default 200)
  --optimizer NAME       sgd (default), momentum, nesterov or adam
  --learning-rate R      the step size (default 0.05 for sgd, 0.01 otherwise)
  --momentum M           the momentum of momentum and nesterov (default 0.9)
  --batch-size N         mini-batch size (default 32; 0 for the full batch)
  --loss NAME            categorical_crossentropy, mse or sse (classification),
                         mse or sse (regression)
  --l2 R                 L2 penalty on all weights (default 0)
  --validation F         fraction of rows held out for validation (default 0.2)
  --patience N           stop when the validation loss has not improved for
                         N epochs, keeping the best weights (default 20 when
                         there are validation rows; 0: never)
  --checkpoint FILE      save the model to FILE as it trains (at most once a
                         minute) and at the end
  --resume FILE          start from the weights in FILE (a checkpoint or model
                         of the same command) and run the epochs left
  --seed N               seed for the weights, the split and the shuffling
                         (default 1)
  --progress N           print a progress line every N epochs (default: 10
                         lines in all; 0 for none)
  --out FILE             where to save the model (default model.json)
  --plot FILE.svg        also draw the loss curve (and validation loss and
                         metric) per epoch as an SVG picture, the best epoch
                         marked
  --log                  with --plot: the loss axis on a logarithmic scale
  -h, --help             show this help and exit

Ctrl-C (or SIGTERM) stops training after the batch under way and saves the
model so far (exit status 130, or 143); a second Ctrl-C stops at once.
"""

_SPEC = {
    "--target": ("target", "str", None),
    "--features": ("features", "str", None),
    "--ignore": ("ignore", "str", ""),
    "--classify": ("classify", "flag", False),
    "--regression": ("regression", "flag", False),
    "--missing": ("missing", "str", "fill"),
    "--na-values": ("na_values", "str", None),
    "--max-categories": ("max_categories", "int", 50),
    "--hidden": ("hidden", "str", "64"),
    "--activation": ("activation", "str", "relu"),
    "--epochs": ("epochs", "int", 200),
    "--optimizer": ("optimizer", "str", "sgd"),
    "--learning-rate": ("learning_rate", "float", None),
    "--momentum": ("momentum", "float", 0.9),
    "--batch-size": ("batch_size", "int", 32),
    "--l2": ("l2", "float", 0.0),
    "--validation": ("validation", "float", 0.2),
    "--seed": ("seed", "int", 1),
    "--progress": ("progress", "int", None),
    "--out": ("out", "str", "model.json"),
    "-o": ("out", "str", "model.json"),
    "--plot": ("plot", "str", None),
    "--log": ("log", "flag", False),
    "--patience": ("patience", "int", None),
    "--checkpoint": ("checkpoint", "str", None),
    "--resume": ("resume", "str", None),
    "--loss": ("loss", "str", None),
}

OPTIMIZERS = ("sgd", "momentum", "nesterov", "adam")
MISSING_CHOICES = ("fill", "drop", "error")
#: The losses train offers for each kind of target.
LOSSES = {"classification": ("categorical_crossentropy", "mse", "sse"),
          "regression": ("mse", "sse")}
#: Early stopping by default: epochs without a better validation loss.
PATIENCE = 20
#: A numeric target of at most this many whole numbers is a set of classes.
MAX_NUMBER_CLASSES = 20
HIDDEN_ACTIVATIONS = ("relu", "leaky_relu", "tanh", "sigmoid", "linear")


def cmd_train(args, out):
    if wants_help(args):
        out.write(TRAIN_HELP)
        return 0
    (path,), o = parse(args, _SPEC, 1)
    hidden = _check(o)
    data = TrainingData(path, o)
    net = data.network(hidden, o["activation"], o["seed"])
    net.metadata = data.metadata(o, hidden, [])     # so that a checkpoint is a usable model
    epochs = o["epochs"] - (_resume(net, o["resume"]) if o["resume"] else 0)
    for note in data.notes:
        out.write("note: %s\n" % note)
    out.write("read %s: %d rows, %d input columns%s, target %s (%s%s)\n" % (
        path, data.rows, len(data.features), _categorical(data), data.target_text,
        data.kind, ": %d classes" % len(data.classes) if data.classes else ""))
    out.write("network: %s, %d parameters\n" % (architecture(net), net.parameter_count()))
    out.write("training on %d rows, validating on %d; loss %s, optimizer %s%s\n"
              % (len(data.Xtr), len(data.Xva), data.loss, o["optimizer"],
                 "; resuming %s at epoch %d" % (o["resume"], o["epochs"] - epochs + 1)
                 if o["resume"] else ""))
    report = _Report(net, data, o, out)
    stop = Interruption()
    stop.install()
    try:
        history = _fit(net, data, o, epochs, report, stop.flag)
    finally:
        stop.uninstall()
    if history.get("best_epoch", len(history["loss"])) < len(history["loss"]):
        out.write("kept the weights of epoch %d, the best validation loss\n"
                  % history["best_epoch"])
    summary = report.finish()
    trained = net.metadata.get("epochs_trained", 0)
    net.metadata = data.metadata(o, hidden, summary, history.get("best_epoch"))
    net.metadata["epochs_trained"] = trained + len(history["loss"]) \
        if not o["checkpoint"] else trained
    if o["plot"]:
        write_text(o["plot"], report.picture(basename(path)))
    save_model(net, o["out"])
    if o["plot"]:
        out.write("drew %s\n" % o["plot"])
    if stop.signal is not None:
        at, done = history.get("stopped"), len(history["loss"])
        out.write("interrupted %s: saved %s\n" % (
            "in epoch %d of %d, after batch %d" % (at[0], epochs, at[1])
            if at and at[0] > done else "after epoch %d of %d" % (done, epochs), o["out"]))
        return 128 + stop.signal
    out.write("saved %s\n" % o["out"])
    return 0


def _fit(net, data, o, epochs, report, stop):
    """One ``Network.fit`` call with the command line's options; its history."""
    from ..core.errors import TrainingDiverged
    if epochs < 1:
        raise UsageError("--resume: the model was trained for %d epochs already, as many as "
                         "--epochs %d asks for" % (o["epochs"] - epochs, o["epochs"]))
    try:
        return net.fit(data.Xtr, data.Ytr, epochs=epochs, loss=data.loss, l2=o["l2"],
                       optimizer=_optimizer(o), learning_rate=o["learning_rate"],
                       batch_size=o["batch_size"] or None, seed=o["seed"] + 1,
                       validation_data=(data.Xva, data.Yva) if data.Xva else None,
                       patience=_patience(o, data), callbacks=[report],
                       checkpoint=o["checkpoint"], stop=stop)
    except TrainingDiverged as e:
        raise TrainingDiverged("the loss stopped being finite in epoch %d of %d; try a "
                               "smaller --learning-rate" % (e.epoch, epochs))


def _patience(o, data):
    """``--patience``, by default 20 epochs when there are validation rows."""
    if o["patience"] is None:
        return PATIENCE if data.Xva else None
    if o["patience"] and not data.Xva:
        raise UsageError("--patience needs validation rows (--validation above 0)")
    return o["patience"] or None


def _resume(net, path):
    """Put the weights of the model at ``path`` (a checkpoint of the same
    command) into ``net``; return the epochs it was trained for."""
    from .common import load_model
    from .csvfile import CSVError
    old, _ = load_model(path)
    mine, theirs = net.metadata, old.metadata
    for key in ("inputs", "target"):
        if mine.get(key) != theirs.get(key):
            raise CSVError("--resume: %s was trained on other data or settings (its %s "
                           "differ)" % (path, key))
    if [l.n_inputs for l in old.layers] + [old.n_outputs] != \
            [l.n_inputs for l in net.layers] + [net.n_outputs] or \
            [l.activation.name for l in old.layers] != [l.activation.name for l in net.layers]:
        raise CSVError("--resume: %s has another architecture (%s)" % (path, architecture(old)))
    net.set_parameters(old.parameters())
    trained = theirs.get("epochs_trained", 0)
    if not isinstance(trained, int) or isinstance(trained, bool) or trained < 0:
        raise CSVError("--resume: %s: metadata.epochs_trained: expected a whole number, 0 or "
                       "more" % path)
    net.metadata["epochs_trained"] = trained
    return trained


class Interruption:
    """Ctrl-C (SIGINT) or SIGTERM during ``train``: the first sets ``flag[0]``
    (``fit``'s ``stop``), so training ends after the batch under way and the
    model so far is saved (``signal`` is then its number); a second stops at
    once, saving nothing (the file at ``--out`` is left as it was).  Where
    there are no signals (MicroPython) nothing is installed."""

    def __init__(self):
        self.signal = None
        self.flag = [False]
        self.saved = {}

    def install(self):
        try:
            import signal
        except ImportError:
            return
        self.module = signal
        for name in ("SIGINT", "SIGTERM"):
            num = getattr(signal, name, None)
            if num is not None:
                try:
                    self.saved[num] = signal.signal(num, self.handle)
                except (ValueError, OSError):    # not the main thread
                    pass

    def uninstall(self):
        for num, old in self.saved.items():
            self.module.signal(num, old)
        self.saved = {}

    def handle(self, num, frame):
        if self.signal is not None:
            self.uninstall()
            raise KeyboardInterrupt
        self.signal = num
        self.flag[0] = True
        import sys
        sys.stderr.write("purenn: interrupted: training stops after this batch and the model "
                         "is saved (once more to stop at once, saving nothing)\n")


def _categorical(data):
    cats = [c for c in data.columns if c["kind"] == "category"]
    if not cats:
        return ""
    return " (%d with categories, %d inputs in all)" % (len(cats), len(data.input_names))


def _check(o):
    """The hidden sizes; UsageError for any option out of range."""
    hidden = _hidden_sizes(o["hidden"])
    if o["activation"] not in HIDDEN_ACTIVATIONS:
        raise UsageError("--activation: expected one of %s, got %r"
                         % (", ".join(HIDDEN_ACTIVATIONS), o["activation"]))
    if o["optimizer"] not in OPTIMIZERS:
        raise UsageError("--optimizer: expected one of %s, got %r"
                         % (", ".join(OPTIMIZERS), o["optimizer"]))
    if o["missing"] not in MISSING_CHOICES:
        raise UsageError("--missing: expected one of %s, got %r"
                         % (", ".join(MISSING_CHOICES), o["missing"]))
    if o["classify"] and o["regression"]:
        raise UsageError("--classify and --regression cannot both be given")
    if o["log"] and not o["plot"]:
        raise UsageError("--log goes with --plot FILE.svg (it sets the picture's loss axis)")
    if o["learning_rate"] is None:
        o["learning_rate"] = 0.05 if o["optimizer"] == "sgd" else 0.01
    for key, option, ok, rule in (
            ("epochs", "--epochs", o["epochs"] >= 1, "at least 1"),
            ("learning_rate", "--learning-rate", o["learning_rate"] > 0.0, "above 0"),
            ("momentum", "--momentum", 0.0 < o["momentum"] < 1.0, "between 0 and 1"),
            ("batch_size", "--batch-size", o["batch_size"] >= 0, "0 (full batch) or more"),
            ("validation", "--validation", 0.0 <= o["validation"] < 1.0,
             "at least 0 and below 1"),
            ("l2", "--l2", o["l2"] >= 0.0, "0 or more"),
            ("max_categories", "--max-categories", o["max_categories"] >= 2, "at least 2"),
            ("patience", "--patience", o["patience"] is None or o["patience"] >= 0,
             "0 (none) or more"),
            ("progress", "--progress", o["progress"] is None or o["progress"] >= 0,
             "0 or more")):
        if not ok:
            raise UsageError("%s must be %s, got %r" % (option, rule, o[key]))
    return hidden


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


def _rows(n, one, many):
    return "%d row%s %s" % (n, "" if n == 1 else "s", one if n == 1 else many)


def _markers(o):
    """The texts that mean a missing value (an empty cell always does)."""
    from .. import prep
    if o["na_values"] is None:
        return prep.MISSING
    return tuple([""] + names(o["na_values"]))


def _optimizer(o):
    from ..core.optimizers import SGD, Adam
    name, rate = o["optimizer"], o["learning_rate"]
    if name == "adam":
        return Adam(rate)
    if name == "sgd":
        return SGD(rate)
    return SGD(rate, momentum=o["momentum"], nesterov=name == "nesterov")


class TrainingData:
    """A CSV file made ready for ``fit``: the target and the input columns
    chosen and typed (see :mod:`purenn.tools.columns`), rows without a target
    skipped, the rows split (a seeded permutation; its first rows are held
    out), missing values filled, and the inputs standardised with the
    training rows' statistics.  ``notes`` says what was decided on the way."""

    def __init__(self, path, o):
        from . import csvfile
        from .. import prep
        from ..core.rng import Rng
        from .columns import Problems
        table = csvfile.read(path)
        self.path = path
        self.target = o["target"] if o["target"] is not None else table.header[-1]
        self.target_text = csvfile.format_field(self.target)
        t_col = table.column(self.target)       # a missing target is the first error
        self.notes = []
        self.missing = _markers(o)
        features = self._features(table, o)
        rows = [r for r in range(len(table.rows))
                if not prep.is_missing(table.rows[r][t_col], self.missing)]
        if not rows:
            raise csvfile.CSVError("%s: column %s (the target): every value is missing"
                                   % (path, self.target_text))
        if len(rows) < len(table.rows):
            self.notes.append("%s no target (column %s): skipped"
                              % (_rows(len(table.rows) - len(rows), "has", "have"),
                                 self.target_text))
        problems = Problems(path)
        targets = self._targets(table, t_col, rows, o, problems)
        kinds = self._kinds(table, features, rows, o, problems)
        keep = self._complete(table, kinds, rows, o, problems)
        problems.check()
        targets = [targets[i] for i in keep]
        rows = [rows[i] for i in keep]
        self.rows = n = len(rows)
        n_val = int(n * o["validation"] + 0.5)
        if n - n_val < 1:
            raise UsageError("--validation %r leaves no rows to train on" % o["validation"])
        perm = Rng(o["seed"]).permutation(n)
        val, train = sorted(perm[:n_val]), sorted(perm[n_val:])
        self.columns = self._fills(table, kinds, [rows[i] for i in train], o)
        fields = [[table.rows[r][k] for k, _, _ in kinds] for r in rows]
        raw = [prep.raw_inputs(self.columns, f, self.missing) for f in fields]
        self.features = [c["name"] for c in self.columns]
        self.input_names = prep.input_names(self.columns)
        self.mean, self.scale = prep.statistics([raw[i] for i in train])
        X = [prep.standardize(row, self.mean, self.scale) for row in raw]
        self.Xtr, self.Xva = [X[i] for i in train], [X[i] for i in val]
        self.ttr, self.tva = [targets[i] for i in train], [targets[i] for i in val]
        if self.kind == "classification":
            self.t_mean, self.t_scale = 0.0, 1.0
            self.loss, self.n_out = "categorical_crossentropy", len(self.classes)
        else:
            (self.t_mean,), (self.t_scale,) = prep.statistics([[t] for t in self.ttr])
            self.loss, self.n_out = "mse", 1
        if o["loss"] is not None:
            allowed = LOSSES[self.kind]
            if o["loss"] not in allowed:
                raise UsageError("--loss: for %s, expected one of %s, got %r"
                                 % (self.kind, ", ".join(allowed), o["loss"]))
            self.loss = o["loss"]
        self.Ytr = self.encode(self.ttr)
        self.Yva = self.encode(self.tva)

    def _features(self, table, o):
        header = table.header
        if o["features"] is not None:
            features = names(o["features"])
            if not features:
                raise UsageError("--features: expected column names, got %r" % o["features"])
        else:
            features = [h for h in header if h != self.target]
        ignore = names(o["ignore"])
        for name in features + ignore:
            table.column(name)
        features = [f for f in features if f not in ignore]
        if self.target in features:
            raise UsageError("the target column %r cannot also be an input" % self.target)
        if not features:
            raise UsageError("no input columns left (the file has only %s)"
                             % ", ".join(header))
        return features

    def _targets(self, table, t_col, rows, o, problems):
        """The target of each row (a class index, or a number); sets ``kind``
        and ``classes``.  Whole numbers of a few values are classes."""
        from .. import prep
        from .columns import where
        text = [table.rows[r][t_col].strip() for r in rows]
        nums = [prep.number(t) for t in text]
        numeric = None not in nums
        self.kind, self.classes = "regression", None
        if o["regression"]:
            if not numeric:
                words = [rows[i] for i in range(len(rows)) if nums[i] is None]
                field = [row[t_col].strip() for row in table.rows]
                problems.add("column %s (the target): --regression needs numbers, got text on %s"
                             % (self.target_text, where(table, words, field)))
            return nums
        if numeric and not o["classify"]:
            distinct = sorted(set(nums))
            whole = True
            for v in distinct:
                if v != int(v):
                    whole = False
            if not whole or len(distinct) > MAX_NUMBER_CLASSES:
                return nums
            self.notes.append("the target %s holds %d different whole numbers, so they are "
                              "classes (--regression to predict numbers instead)"
                              % (self.target_text, len(distinct)))
            text = ["%d" % v for v in nums]
            self.classes = ["%d" % v for v in distinct]
        else:
            self.classes = sorted(set(text))
        self.kind = "classification"
        if len(self.classes) < 2:
            problems.add("column %s has only one class (%s); nothing to learn"
                         % (self.target_text, self.classes[0]))
        index = {}
        for k, c in enumerate(self.classes):
            index[c] = k
        return [index[v] for v in text]

    def _kinds(self, table, features, rows, o, problems):
        """``[(column index, kind, categories)]`` of the inputs kept."""
        from .columns import infer
        chosen = o["features"] is not None
        kinds = []
        for name in features:
            k = table.column(name)
            got = infer(table, k, rows, self.missing, o["max_categories"], chosen, problems,
                        self.notes)
            if got is not None:
                kinds.append((k, got[0], got[1]))
        if not kinds and not problems.items:
            problems.add("no input columns left after leaving out the identifiers")
        return kinds

    def _complete(self, table, kinds, rows, o, problems):
        """The positions (in ``rows``) of the rows to train on: all, or with
        ``--missing drop`` those without a missing input; with ``--missing
        error`` each column with a missing value is a problem."""
        from .. import prep
        from .columns import where
        from .csvfile import format_field
        bad = {}
        for k, _, _ in kinds:
            for i in range(len(rows)):
                if prep.is_missing(table.rows[rows[i]][k], self.missing):
                    bad.setdefault(k, []).append(i)
        if o["missing"] == "error":
            for k, _, _ in kinds:
                if k in bad:
                    problems.add("column %s: a missing value on %s (--missing fill or drop to "
                                 "train anyway)" % (format_field(table.header[k]),
                                                     where(table, [rows[i] for i in bad[k]])))
        if o["missing"] != "drop" or not bad:
            return list(range(len(rows)))
        dropped = {}
        for k in bad:
            for i in bad[k]:
                dropped[i] = True
        keep = [i for i in range(len(rows)) if i not in dropped]
        self.notes.append("%s a missing input: dropped (--missing drop)"
                          % _rows(len(dropped), "has", "have"))
        if not keep:
            problems.add("every row has a missing input, so --missing drop leaves none")
        return keep

    def _fills(self, table, kinds, train_rows, o):
        """The columns as saved in the model, with what fills a missing value
        (from the training rows; none with ``--missing drop`` or ``error``)."""
        from .. import prep
        from .columns import fill_value
        out = []
        for k, kind, cats in kinds:
            present = [table.rows[r][k] for r in train_rows
                       if not prep.is_missing(table.rows[r][k], self.missing)]
            if kind == "number":
                present = [prep.number(v) for v in present]
            else:
                present = [v.strip() for v in present]
            fill = fill_value(kind, present) if o["missing"] == "fill" else None
            col = {"name": table.header[k], "kind": kind, "fill": fill}
            if kind == "category":
                col["categories"] = cats
            out.append(col)
        return out

    def encode(self, targets):
        """Target rows for ``fit``: one-hot classes, or standardised values."""
        if self.kind == "classification":
            return [[1.0 if k == t else 0.0 for k in range(self.n_out)] for t in targets]
        return [[(t - self.t_mean) / self.t_scale] for t in targets]

    def network(self, hidden, activation, seed):
        from ..core.layers import Dense
        from ..core.network import Network
        sizes = [len(self.input_names)] + hidden
        layers = [Dense(sizes[k], sizes[k + 1], activation) for k in range(len(hidden))]
        out = "softmax" if self.kind == "classification" else "linear"
        layers.append(Dense(sizes[-1], self.n_out, out))
        return Network(layers, seed=seed)       # draws every layer's weights afresh

    def measures(self, net, X, targets):
        """``[(name, value)]`` for standardised rows X and their raw targets:
        the loss and accuracy, or the loss, RMSE and MAE in the target's units."""
        from ..core.metrics import argmax_row
        P = net.predict(X)
        loss = ("loss", net.loss(X, self.encode(targets), loss=self.loss))
        if self.kind == "classification":
            right = 0
            for p, t in zip(P, targets):
                if argmax_row(p) == t:
                    right += 1
            return [loss, ("accuracy", right / len(X))]
        se = 0.0
        ae = 0.0
        for p, t in zip(P, targets):
            d = p[0] * self.t_scale + self.t_mean - t
            se += d * d
            ae += abs(d)
        return [loss, ("rmse", math.sqrt(se / len(X))), ("mae", ae / len(X))]

    def metadata(self, o, hidden, summary, best_epoch=None):
        """The model's metadata: preprocessing, target, how it was trained."""
        from .. import __version__
        target = {"name": self.target, "kind": self.kind}
        if self.classes:
            target["classes"] = self.classes
        else:
            target["mean"] = self.t_mean
            target["scale"] = self.t_scale
        metrics = {}
        for k, v in summary:
            metrics[k] = v
        return {
            "inputs": {"names": self.input_names, "mean": self.mean, "scale": self.scale,
                       "columns": self.columns, "missing": list(self.missing)},
            "target": target,
            "training": {
                "data": basename(self.path), "rows": self.rows, "train_rows": len(self.Xtr),
                "validation_rows": len(self.Xva), "epochs": o["epochs"],
                "learning_rate": o["learning_rate"], "batch_size": o["batch_size"],
                "l2": o["l2"], "seed": o["seed"], "loss": self.loss,
                "optimizer": o["optimizer"], "hidden": hidden, "activation": o["activation"],
                "metrics": metrics,
            },
            "purenn_version": __version__,
        } if best_epoch is None else self._with_best(o, hidden, summary, best_epoch)

    def _with_best(self, o, hidden, summary, best_epoch):
        md = self.metadata(o, hidden, summary)
        md["training"]["patience"] = PATIENCE if o["patience"] is None else o["patience"]
        md["training"]["best_epoch"] = best_epoch
        return md


def _text(prefix, measures):
    return "  ".join(["%s%s %.4f" % (prefix, name, value) for name, value in measures])


class _Report:
    """The ``fit`` callback of ``train``: a progress line every ``--progress``
    epochs (validation measures in the target's units), and the history for
    ``--plot``."""

    def __init__(self, net, data, o, out):
        self.net, self.data, self.out = net, data, out
        self.epochs = o["epochs"]
        self.every = o["progress"] if o["progress"] is not None else max(1, self.epochs // 10)
        self.plot = o["plot"]
        self.log = o["log"]
        self.history = {"loss": []}

    def __call__(self, epoch, logs):
        self.history["loss"].append(logs["loss"])
        shown = self.every and (epoch % self.every == 0 or epoch in (1, self.epochs))
        val = None
        if self.data.Xva and (shown or self.plot):
            val = self.data.measures(self.net, self.data.Xva, self.data.tva)
            for name, value in val:
                self.history.setdefault("val_" + name, []).append(value)
        if shown:
            line = ("epoch %" + str(len(str(self.epochs))) + "d/%d  loss %.4f") % (
                epoch, self.epochs, logs["loss"])
            if val:
                line += "  " + _text("val_", val)
            self.out.write(line + "\n")
        return False

    def finish(self):
        """Print the sparkline and the final measures; return those measures."""
        from ..core.progress import sparkline
        losses = self.history["loss"]
        if self.every:
            self.out.write("loss by epoch: %s  %.4f -> %.4f\n"
                           % (sparkline(losses, 40), losses[0], losses[-1]))
        data = self.data
        summary = [("train_" + k, v) for k, v in data.measures(self.net, data.Xtr, data.ttr)]
        if data.Xva:
            summary += [("val_" + k, v) for k, v in data.measures(self.net, data.Xva, data.tva)]
        self.out.write("final: %s\n" % _text("", summary))
        return summary

    def picture(self, name):
        """The loss curve (and validation loss and accuracy) as SVG text."""
        from .. import plot
        metric = "val_accuracy" if self.data.kind == "classification" and self.data.Xva \
            else None
        curve = {}
        for key in ("loss", "val_loss", "val_accuracy"):
            if key in self.history:
                curve[key] = self.history[key]
        return plot.curve_svg(curve, title="%s: loss per epoch" % name, metric=metric,
                              log=self.log)

