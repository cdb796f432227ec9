"""``python -m purenn evaluate``: how well a saved model predicts labelled rows.

One measure per line, ``name value`` (the name is everything before the
last space), so that a script can read them:

* classification: ``rows``, ``accuracy``, ``log_loss`` (the mean of
  −ln p of the true class, p clipped below at ``EPS`` as the loss is),
  ``macro_f1``, then for each class c ``precision[c]``, ``recall[c]``,
  ``f1[c]`` and ``support[c]``, and ``confusion[a,p]``: how many rows of
  class a were predicted as p;
* regression: ``rows``, ``r2`` (1 − Σ(y − ŷ)² / Σ(y − ȳ)²), ``mae``, ``rmse``,
  in the target's units.

A precision, recall or F1 with nothing to count (no row predicted as c, no
row of class c) is 0.  Rows whose target is missing are skipped, and said
so on standard error.  The file is read a piece at a time.
"""

import math
import sys

from .common import load_model, model_outputs, printable, unknown_mode, wants_help
from .options import parse

EVALUATE_HELP = """usage: python -m purenn evaluate MODEL.json DATA.csv [--unknown zeros]

Score a saved model on a CSV file that holds its target column: for a
classifier the accuracy, log loss, macro F1, per-class precision, recall,
F1 and support, and the confusion matrix; for a regression model R², MAE
and RMSE.  One measure per line, "name value".

options:
  --unknown MODE   a category not seen in training: error (default), or zeros
  -h, --help       show this help and exit
"""


class Tally:
    """What the measures need, gathered a piece of the file at a time."""

    def __init__(self, spec):
        self.spec = spec
        self.n = 0
        k = len(spec["classes"]) if spec["kind"] == "classification" else 0
        self.confusion = [[0] * k for _ in range(k)]
        self.log_loss = 0.0
        # regression: sums of squared and absolute errors, and the truth's
        # running mean and sum of squared deviations (Welford's update)
        self.se = self.ae = self.mean = self.st = 0.0

    def add(self, truth, outputs):
        """One row: its class index and probabilities, or its number and the
        prediction in the target's units (``model_outputs``' ``out``)."""
        from ..core.losses import EPS
        from ..core.metrics import argmax_row
        self.n += 1
        if self.spec["kind"] == "classification":
            self.confusion[truth][argmax_row(outputs)] += 1
            self.log_loss -= math.log(max(outputs[truth], EPS))
            return
        e = truth - outputs[0]
        self.se += e * e
        self.ae += abs(e)
        d = truth - self.mean
        self.mean += d / self.n
        self.st += d * (truth - self.mean)

    def measures(self):
        """``[(name, value)]``, in the order they are printed."""
        if self.spec["kind"] == "classification":
            return self._classification()
        n, se, st = self.n, self.se, self.st
        r2 = 1.0 - se / st if st > 0.0 else (1.0 if se == 0.0 else 0.0)
        return [("rows", n), ("r2", r2), ("mae", self.ae / n), ("rmse", math.sqrt(se / n))]

    def _classification(self):
        classes, c = self.spec["classes"], self.confusion
        k = len(classes)
        right = sum([c[i][i] for i in range(k)])
        out = [("rows", self.n), ("accuracy", right / self.n),
               ("log_loss", self.log_loss / self.n)]
        per = []
        f1s = 0.0
        for i in range(k):
            predicted = sum([c[a][i] for a in range(k)])
            actual = sum(c[i])
            precision = c[i][i] / predicted if predicted else 0.0
            recall = c[i][i] / actual if actual else 0.0
            f1 = (2 * precision * recall / (precision + recall)
                  if precision + recall > 0.0 else 0.0)
            f1s += f1
            name = classes[i]
            per += [("precision[%s]" % name, precision), ("recall[%s]" % name, recall),
                    ("f1[%s]" % name, f1), ("support[%s]" % name, actual)]
        out.append(("macro_f1", f1s / k))
        out += per
        for a in range(k):
            for p in range(k):
                out.append(("confusion[%s,%s]" % (classes[a], classes[p]), c[a][p]))
        return out


def _targets(spec, table):
    """``(rows, truths)``: the rows with a target, and each one's class index
    or number; CSVError naming the line of a target the model cannot take."""
    from . import csvfile
    from .. import prep
    t_col = table.column(spec["target"])
    rows, truths = [], []
    for r, fields in enumerate(table.rows):
        text = fields[t_col]
        if prep.is_missing(text, spec["missing"]):
            continue
        if spec["kind"] == "classification":
            name = prep.class_name(text, spec["classes"])
            if name is None:
                raise csvfile.CSVError("%s, line %d: column %s: %s is not one of the model's "
                                       "classes (%s)" % (table.name, table.lines[r],
                                                         csvfile.format_field(spec["target"]),
                                                         csvfile.format_field(text.strip()),
                                                         ", ".join(spec["classes"])))
            truths.append(spec["classes"].index(name))
        else:
            v = prep.number(text)
            if v is None:
                raise csvfile.CSVError("%s, line %d: column %s: expected a number, got %s"
                                       % (table.name, table.lines[r],
                                          csvfile.format_field(spec["target"]),
                                          csvfile.format_field(text.strip())))
            truths.append(v)
        rows.append(r)
    return rows, truths


def cmd_evaluate(args, out):
    if wants_help(args):
        out.write(EVALUATE_HELP)
        return 0
    (model_path, data_path), o = parse(
        args, {"--unknown": ("unknown", "str", "error")}, 2)
    unknown_mode(o)
    from . import csvfile
    net, spec = load_model(model_path)
    if not spec or spec["kind"] is None or spec["target"] is None:
        raise csvfile.CSVError("%s: the model does not say what its target is (a model "
                               "saved by train does)" % model_path)
    tally = Tally(spec)
    skipped = 0
    for table in csvfile.tables(data_path):
        rows, truths = _targets(spec, table)
        skipped += len(table.rows) - len(rows)
        if not rows:
            continue
        _, predicted = model_outputs(net, spec, table, rows, o["unknown"])
        for t, p in zip(truths, predicted):
            tally.add(t, p)
    if skipped:
        sys.stderr.write("note: %d rows without a target skipped\n" % skipped)
    if tally.n == 0:
        raise csvfile.CSVError("%s: no row has a target (column %s)"
                               % (data_path, csvfile.format_field(spec["target"])))
    for name, value in tally.measures():
        text = ("%d" % value) if isinstance(value, int) else ("%.4f" % value)
        out.write("%s %s\n" % (printable(name), text))
    return 0
