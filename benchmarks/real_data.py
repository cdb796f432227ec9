"""`purenn train` with its default options on five classic data sets, against
scikit-learn's MLP on the same splits.

    python3 benchmarks/real_data.py [--seeds 1,2,3] [--out FILE] [-- TRAIN OPTIONS...]

For each data set (iris, wine, breast cancer, diabetes, digits: the copies
that ship inside scikit-learn; and the Palmer penguins of ``tests/data``,
with text columns and missing values) and each seed, the rows are split 80/20 by
scikit-learn's ``train_test_split`` (stratified for classification) and
written to two CSV files with a header.  purenn trains on the first with
``python -m purenn train FILE --target target`` and nothing else (plus any
options after ``--``), and ``python -m purenn evaluate`` scores the second.
The reference is ``MLPClassifier`` / ``MLPRegressor`` with scikit-learn's
defaults (100 ReLU units, Adam, 200 iterations) behind a ``StandardScaler``
(and, for regression, with the target standardised as purenn does; left
in its units the regressor does not converge in 200 iterations and scores
R² ≈ −1.1 on diabetes; for the penguins, numbers imputed with the mean and
standardised, text imputed with the most frequent value and one-hot
encoded, as purenn does), seeded with the same seed, on the same rows. The score is the held-out
accuracy (classification) or R² (regression).  Needs scikit-learn
(``benchmarks/requirements.txt``); purenn itself needs nothing.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATASETS = ("iris", "wine", "breast_cancer", "diabetes", "digits", "penguins")
PENGUINS = os.path.join(ROOT, "tests", "data", "penguins.csv")


def load(name):
    """``(header, X, y, kind)`` from scikit-learn's bundled copy (the penguins:
    from ``tests/data``, as text, ``NA`` where missing)."""
    if name == "penguins":
        import csv
        with open(PENGUINS) as f:
            rows = list(csv.reader(f))
        header = rows[0][1:]                            # the species is the target
        return header, [r[1:] for r in rows[1:]], [r[0] for r in rows[1:]], "classification"
    from sklearn import datasets
    d = getattr(datasets, "load_" + name)()
    names = [str(n).replace(" ", "_") for n in getattr(d, "feature_names", [])]
    if len(names) != len(d.data[0]):
        names = ["x%d" % i for i in range(len(d.data[0]))]
    kind = "regression" if name == "diabetes" else "classification"
    y = list(d.target)
    if kind == "classification" and hasattr(d, "target_names"):
        y = [str(d.target_names[t]) for t in d.target]   # class names, as a CSV holds them
    return names, d.data.tolist(), y, kind


def write_csv(path, header, X, y):
    with open(path, "w") as f:
        f.write(",".join(header + ["target"]) + "\n")
        for row, t in zip(X, y):
            f.write(",".join(v if isinstance(v, str) else repr(float(v)) for v in row)
                    + "," + str(t) + "\n")


def purenn_score(workdir, kind, extra):
    train, test = (os.path.join(workdir, n) for n in ("train.csv", "test.csv"))
    model = os.path.join(workdir, "model.json")
    env = dict(os.environ, PYTHONPATH=ROOT)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "purenn", "train", train, "--target", "target",
                    "--progress", "0", "--out", model] + extra,
                   check=True, env=env, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    out = subprocess.run([sys.executable, "-m", "purenn", "evaluate", model, test],
                         check=True, env=env, stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    scores = dict(line.rsplit(" ", 1) for line in out.splitlines())
    return float(scores["accuracy" if kind == "classification" else "r2"]), seconds


def reference_score(Xtr, ytr, Xte, yte, kind, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    if isinstance(Xtr[0][0], str):      # text and missing values: impute, one-hot, scale
        Xtr, Xte, pre = _encoded(Xtr, Xte)
        pipe = make_pipeline(pre, MLPClassifier(random_state=seed))
    elif kind == "classification":
        pipe = make_pipeline(StandardScaler(), MLPClassifier(random_state=seed))
    else:       # the target standardised too, as purenn does (unscaled, R² is about -1)
        from sklearn.compose import TransformedTargetRegressor
        pipe = TransformedTargetRegressor(
            make_pipeline(StandardScaler(), MLPRegressor(random_state=seed)),
            transformer=StandardScaler())
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipe.fit(Xtr, ytr)
    return pipe.score(Xte, yte), time.perf_counter() - start


def _encoded(Xtr, Xte):
    """Text rows as arrays, and the usual preprocessing for them: numbers
    imputed with the mean and standardised, text imputed with the most
    frequent value and one-hot encoded (unknown categories: all zeros)."""
    import numpy as np
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    width = len(Xtr[0])
    numeric = [k for k in range(width) if all(_is_number(r[k]) for r in Xtr + Xte)]
    text = [k for k in range(width) if k not in numeric]

    def array(rows):
        a = np.empty((len(rows), width), dtype=object)
        for i, r in enumerate(rows):
            for k in range(width):
                v = r[k]
                a[i, k] = (np.nan if v == "NA" else float(v)) if k in numeric else v
        return a
    pre = ColumnTransformer([
        ("numbers", make_pipeline(SimpleImputer(strategy="mean"), StandardScaler()), numeric),
        ("text", make_pipeline(SimpleImputer(missing_values="NA", strategy="most_frequent"),
                               OneHotEncoder(handle_unknown="ignore")), text)])
    return array(Xtr), array(Xte), pre


def _is_number(v):
    if v == "NA":
        return True
    try:
        float(v)
        return True
    except ValueError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--out", help="also write the table (Markdown) to this file")
    ap.add_argument("--only", help="these data sets (comma-separated) instead of all five")
    ap.add_argument("extra", nargs="*", help="options for purenn train (after --)")
    a = ap.parse_args()
    import sklearn
    from sklearn.model_selection import train_test_split
    seeds = [int(s) for s in a.seeds.split(",")]
    lines = ["| data set | rows × inputs | measure | purenn train (defaults) | "
             "scikit-learn MLP | purenn − reference (mean) |", "|---|---|---|---|---|---|"]
    for name in (a.only.split(",") if a.only else DATASETS):
        header, X, y, kind = load(name)
        ours, theirs = [], []
        for seed in seeds:
            Xtr, Xte, ytr, yte = train_test_split(
                X, y, test_size=0.2, random_state=seed,
                stratify=y if kind == "classification" else None)
            with tempfile.TemporaryDirectory() as d:
                write_csv(os.path.join(d, "train.csv"), header, Xtr, ytr)
                write_csv(os.path.join(d, "test.csv"), header, Xte, yte)
                ours.append(purenn_score(d, kind, a.extra)[0])
            theirs.append(reference_score(Xtr, ytr, Xte, yte, kind, seed)[0])
        measure = "accuracy" if kind == "classification" else "R²"
        gap = (sum(ours) - sum(theirs)) / len(seeds)
        lines.append("| %s | %d × %d | %s | %s | %s | %+.3f |" % (
            name, len(X), len(X[0]), measure, " / ".join("%.3f" % v for v in ours),
            " / ".join("%.3f" % v for v in theirs), gap))
        print(lines[-1], flush=True)
    lines.append("")
    lines.append("Seeds %s (split and reference); purenn %s; scikit-learn %s; Python %s."
                 % (a.seeds, "train " + " ".join(a.extra) if a.extra else "train defaults",
                    sklearn.__version__, sys.version.split()[0]))
    if a.out:
        with open(a.out, "w") as f:
            f.write("# `purenn train` on real data, against scikit-learn's MLP\n\n"
                    "Written by `python3 benchmarks/real_data.py --out %s`: held-out "
                    "scores on the same 80/20 splits, one per seed.\n\n" % a.out
                    + "\n".join(lines) + "\n")
    print("\n".join(lines[:2]))


if __name__ == "__main__":
    main()
