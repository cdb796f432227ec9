"""The data commands (train, predict, info, export) and the CSV reader behind them."""

import ast
import io
import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, strategies as st

from purenn.tools import commands, csvfile as csvdata
from purenn.core.rng import Rng

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*args):
    """Run a command in-process: (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    status = commands.run(args[0], [str(a) for a in args[1:]], out, err)
    return status, out.getvalue(), err.getvalue()


def write(path, text):
    with open(str(path), "w", encoding="utf-8") as f:
        f.write(text)
    return str(path)


def classification_csv(path, n=60, seed=3):
    """Two numeric features, an ignored id, and class names that need quoting."""
    g = Rng(seed)
    names = ['big, round', 'small "tiny"', "flat"]
    lines = ["id,x,y,kind"]
    for i in range(n):
        k = i % 3
        x = [1.0, -1.0, 0.0][k] + 0.3 * g.gauss()
        y = [0.0, 1.0, -1.0][k] + 0.3 * g.gauss()
        lines.append("%d,%.4f,%.4f,%s" % (i, x, y, csvdata.format_field(names[k])))
    return write(path, "\n".join(lines) + "\n")


def regression_csv(path, n=40, seed=4):
    g = Rng(seed)
    lines = ["a,b,price"]
    for i in range(n):
        a, b = g.uniform(0, 10), g.uniform(-5, 5)
        lines.append("%.3f,%.3f,%.3f" % (a, b, 100 + 3 * a - 2 * b + g.gauss()))
    return write(path, "\r\n".join(lines) + "\r\n")


def parse_csv_output(text):
    records, _ = csvdata.parse(text)
    return records[0], records[1:]


def run_exported(exe, directory, rows, prefix=()):
    """Outputs of the exported predict.py (in directory) for each row, as floats."""
    script = os.path.join(str(directory), "use_export.py")
    with open(script, "w") as f:
        f.write("from predict import predict\n")
        for x in rows:
            f.write("print(repr(predict(%r)))\n" % (x,))
    r = subprocess.run([exe] + list(prefix) + ["use_export.py"], cwd=str(directory),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr + r.stdout
    return [ast.literal_eval(line) for line in r.stdout.splitlines()]


# -- end to end ---------------------------------------------------------------------

def test_train_predict_export_end_to_end_classification(tmp_path, cli, close):
    data = classification_csv(tmp_path / "shapes.csv")
    model = str(tmp_path / "model.json")
    r = cli("train", data, "--target", "kind", "--ignore", "id", "--hidden", "8,8",
            "--activation", "tanh", "--epochs", "30", "--learning-rate", "0.1",
            "--batch-size", "8", "--validation", "0.25", "--seed", "2", "--out", model)
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert out[0].startswith("read %s: 60 rows, 2 input columns, target kind "
                             "(classification: 3 classes)" % data)
    assert out[1] == "network: 2 inputs -> Dense(8, tanh) -> Dense(8, tanh) -> " \
                     "Dense(3, softmax), 123 parameters"
    assert out[2] == ("training on 45 rows, validating on 15; loss categorical_crossentropy, "
                      "optimizer sgd")
    assert [l.split()[1] for l in out if l.startswith("epoch")] == \
        ["1/30", "3/30", "6/30", "9/30", "12/30", "15/30", "18/30", "21/30", "24/30",
         "27/30", "30/30"]
    final = [l for l in out if l.startswith("final: ")][0].split()
    assert final[1::2] == ["train_loss", "train_accuracy", "val_loss", "val_accuracy"]
    assert float(final[4]) > 0.8
    assert out[-1] == "saved %s" % model and r.stderr == ""

    md = json.load(open(model))["metadata"]
    assert md["inputs"]["names"] == ["x", "y"]
    assert md["target"] == {"name": "kind", "kind": "classification",
                            "classes": ['big, round', 'flat', 'small "tiny"']}
    assert md["training"]["epochs"] == 30 and md["training"]["seed"] == 2

    # the same command again gives the same file: everything is seeded
    again = str(tmp_path / "again.json")
    r2 = cli("train", data, "--target", "kind", "--ignore", "id", "--hidden", "8,8",
             "--activation", "tanh", "--epochs", "30", "--learning-rate", "0.1",
             "--batch-size", "8", "--validation", "0.25", "--seed", "2", "--out", again)
    assert r2.stdout.replace(again, model) == r.stdout
    assert open(again).read() == open(model).read()

    r = cli("info", model)
    assert r.returncode == 0, r.stderr
    assert "architecture: 2 inputs -> Dense(8, tanh) -> Dense(8, tanh) -> Dense(3, softmax)" \
        in r.stdout
    assert "parameters: 123" in r.stdout
    assert "classification into 3 classes" in r.stdout and "epochs 30" in r.stdout

    r = cli("predict", model, data)
    assert r.returncode == 0, r.stderr
    header, rows = parse_csv_output(r.stdout)
    assert header == ["kind", "p_big, round", "p_flat", 'p_small "tiny"']
    assert len(rows) == 60
    truth = [rec[3] for rec in csvdata.read(data).rows]
    assert sum(1 for row, t in zip(rows, truth) if row[0] == t) >= 45
    cli_probs = [[float(v) for v in row[1:]] for row in rows]
    for p in cli_probs:
        assert abs(sum(p) - 1.0) < 1e-12

    outfile = str(tmp_path / "pred.csv")
    r = cli("predict", model, data, "--out", outfile)
    assert r.returncode == 0 and r.stdout == ""
    assert open(outfile).read() == cli("predict", model, data).stdout

    exported = str(tmp_path / "predict.py")
    r = cli("export", model, "-o", exported)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("wrote %s: 2 inputs -> " % exported)
    table = csvdata.read(data)
    raw = [[float(rec[1]), float(rec[2])] for rec in table.rows]
    got = run_exported(sys.executable, tmp_path, raw)
    for g, p in zip(got, cli_probs):
        assert all(close(a, b) for a, b in zip(g, p)), (g, p)
    # classify() gives the CLI's class names
    with open(str(tmp_path / "names.py"), "w") as f:
        f.write("from predict import classify\nfor n in classify(%r):\n    print(n)\n" % raw)
    names = subprocess.run([sys.executable, "names.py"], cwd=str(tmp_path),
                           capture_output=True, text=True).stdout.splitlines()
    assert names == [row[0] for row in rows]


def test_exported_file_agrees_with_the_cli_under_micropython(tmp_path, cli, micropython, close):
    exe = micropython
    data = classification_csv(tmp_path / "shapes.csv", n=30)
    model = str(tmp_path / "model.json")
    assert cli("train", data, "--target", "kind", "--ignore", "id", "--epochs", "5",
               "--out", model).returncode == 0
    header, rows = parse_csv_output(cli("predict", model, data).stdout)
    assert cli("export", model, "-o", str(tmp_path / "predict.py")).returncode == 0
    raw = [[float(rec[1]), float(rec[2])] for rec in csvdata.read(data).rows]
    got = run_exported(exe, tmp_path, raw, prefix=["-X", "heapsize=256k"])
    for g, row in zip(got, rows):
        assert all(close(a, float(b)) for a, b in zip(g, row[1:])), (g, row)


def test_the_cli_itself_runs_on_micropython(tmp_path, cli, micropython):
    exe = micropython
    data = regression_csv(tmp_path / "houses.csv", n=20)
    model = str(tmp_path / "m.json")
    r = subprocess.run([exe, "-X", "heapsize=8m", "-m", "purenn", "train", data, "--epochs", "5",
                        "--out", model], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr + r.stdout
    ref = str(tmp_path / "ref.json")
    assert cli("train", data, "--epochs", "5", "--out", ref).returncode == 0
    # the same model file, byte for byte, unless repr chose other digits for a float
    a, b = json.load(open(model)), json.load(open(ref))
    assert a["layers"] == b["layers"]


def test_every_optimizer_trains_from_the_command_line_through_fit(tmp_path, cli):
    data = classification_csv(tmp_path / "shapes.csv", n=90)
    results = {}
    for opt in ("adam", "momentum", "nesterov"):
        model = str(tmp_path / ("%s.json" % opt))
        r = cli("train", data, "--target", "kind", "--ignore", "id", "--epochs", "40",
                "--optimizer", opt, "--out", model)
        assert r.returncode == 0, r.stderr
        assert "optimizer %s" % opt in r.stdout.splitlines()[2]
        md = json.loads(open(model).read())["metadata"]
        assert md["training"]["optimizer"] == opt and md["training"]["learning_rate"] == 0.01
        results[opt] = md["training"]["metrics"]["val_accuracy"]
        # the optimizer's state lives across epochs: the same command gives the same model
        again = str(tmp_path / ("%s-again.json" % opt))
        assert cli("train", data, "--target", "kind", "--ignore", "id", "--epochs", "40",
                   "--optimizer", opt, "--out", again).returncode == 0
        assert open(again).read() == open(model).read()
    assert min(results.values()) >= 0.9, results
    r = cli("train", data, "--optimizer", "rmsprop")
    assert r.returncode == 2 and "--optimizer: expected one of sgd, momentum" in r.stderr


def test_train_makes_one_fit_call_with_its_callback(tmp_path, monkeypatch):
    from purenn import Network
    from purenn.core.optimizers import Adam
    calls = []
    real = Network.fit

    def spy(self, X, Y, **kwargs):
        calls.append(kwargs)
        return real(self, X, Y, **kwargs)
    monkeypatch.setattr(Network, "fit", spy)
    data = classification_csv(tmp_path / "shapes.csv")
    status, out, err = run("train", data, "--target", "kind", "--ignore", "id", "--epochs", "7",
                           "--optimizer", "adam", "--out", str(tmp_path / "m.json"))
    assert status == 0, err
    assert len(calls) == 1
    assert calls[0]["epochs"] == 7 and isinstance(calls[0]["optimizer"], Adam)
    assert calls[0]["optimizer"].t == 7 * 2     # 45 rows, batches of 32: 2 steps an epoch
    assert len(calls[0]["callbacks"]) == 1 and calls[0]["validation_data"] is not None


def test_regression_end_to_end(tmp_path, cli, close):
    data = regression_csv(tmp_path / "houses.csv")
    model = str(tmp_path / "m.json")
    r = cli("train", data, "--target", "price", "--hidden", "6", "--epochs", "60",
            "--learning-rate", "0.05", "--out", model)
    assert r.returncode == 0, r.stderr
    assert "(regression)" in r.stdout.splitlines()[0]
    final = [l for l in r.stdout.splitlines() if l.startswith("final: ")][0].split()
    assert final[1::2] == ["train_loss", "train_rmse", "train_mae", "val_loss", "val_rmse",
                           "val_mae"]
    header, rows = parse_csv_output(cli("predict", model, data).stdout)
    assert header == ["price"]
    assert cli("export", model, "-o", str(tmp_path / "predict.py"), "--digits", "17").returncode == 0
    raw = [[float(v) for v in rec[:2]] for rec in csvdata.read(data).rows]
    got = run_exported(sys.executable, tmp_path, raw)
    truth = [float(rec[2]) for rec in csvdata.read(data).rows]
    for g, row, t in zip(got, rows, truth):
        assert close(g[0], float(row[0]))
        assert abs(g[0] - t) < 25      # learned something in price units (~100)


def test_export_digits_makes_a_smaller_file(tmp_path, cli):
    data = classification_csv(tmp_path / "s.csv", n=30)
    model = str(tmp_path / "m.json")
    assert cli("train", data, "--ignore", "id", "--epochs", "3", "--out", model).returncode == 0
    sizes = []
    for digits in (None, "6", "3"):
        args = ["export", model, "-o", str(tmp_path / "p.py")]
        if digits:
            args += ["--digits", digits]
        status, out, err = run(*args)
        assert status == 0, err
        sizes.append(int(out.split()[-2]))
    assert sizes[0] > sizes[1] > sizes[2]


# -- errors: one line, no traceback ------------------------------------------------------

def test_errors_are_one_line_without_traceback(tmp_path, cli):
    good = classification_csv(tmp_path / "good.csv", n=12)
    badnum = write(tmp_path / "badnum.csv", "a,b,c\n1,2,x\n3,oops,y\n4,5,x\n")
    empty = write(tmp_path / "empty.csv", "")
    header_only = write(tmp_path / "header.csv", "a,b\n")
    ragged = write(tmp_path / "ragged.csv", "a,b,c\n1,2,x\n3,4\n")
    badmodel = write(tmp_path / "bad.json", '{"format": "purenn-model", "version": 1}')
    notjson = write(tmp_path / "notjson.json", "hello")
    model = str(tmp_path / "m.json")
    assert cli("train", good, "--ignore", "id", "--epochs", "2", "--out", model).returncode == 0
    cases = [
        (["train", str(tmp_path / "missing.csv")], "missing.csv: no such file"),
        # a path that exists in part is not "no such file": the system's reason is given
        (["train", good + "/x.csv"], "cannot read the CSV file ([Errno 20]"),
        (["train", good, "--target", "nope"], "no column nope"),
        (["train", badnum, "--target", "c"],
         "column b: expected a number, got text on line 3 (\"oops\")"),
        (["train", badnum], "column b: expected a number, got text on line 3"),
        (["train", empty], "the file is empty"),
        (["train", header_only], "no data rows"),
        (["train", ragged], "line 3: expected 3 fields"),
        (["train", good, "--target", "kind", "--regression"],
         "column kind (the target): --regression needs numbers, got text on line 2"),
        (["predict", badmodel, good], "missing field \"layers\""),
        (["predict", notjson, good], "invalid JSON"),
        (["predict", str(tmp_path / "nomodel.json"), good], "no such file"),
        (["predict", model, str(tmp_path / "missing.csv")], "no such file"),
        (["predict", model, badnum], "no column"),
        (["info", badmodel], "missing field"),
        (["export", badmodel, "-o", str(tmp_path / "x.py")], "missing field"),
        (["train", good, "--ignore", "id", "--epochs", "1", "--out",
          str(tmp_path / "no" / "dir" / "m.json")], "cannot write"),
    ]
    for args, fragment in cases:
        status, out, err = run(*args)
        assert status == 1, (args, err)
        assert err.startswith("purenn: error: ") and err.count("\n") == 1, (args, err)
        assert fragment in err, (args, err)
    # and through the real entry point
    r = cli("train", badnum, "--target", "c")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("purenn: error: ") and len(r.stderr.splitlines()) == 1


def test_usage_errors_exit_2():
    cases = [
        ["train"], ["train", "a.csv", "b.csv"], ["train", "x.csv", "--epochs", "many"],
        ["train", "x.csv", "--epochs"], ["train", "x.csv", "--frobnicate"],
        ["train", "x.csv", "--hidden", "8,x"], ["train", "x.csv", "--activation", "softmax"],
        ["train", "x.csv", "--validation", "1.5"], ["train", "x.csv", "--epochs", "0"],
        ["predict", "m.json"], ["export", "m.json"], ["export", "m.json", "-o", "p.py",
                                                       "--digits", "40"],
        ["info"],
    ]
    for args in cases:
        status, out, err = run(*args)
        assert status == 2, (args, err)
        assert err.startswith("purenn: error: ") and "--help" in err and out == ""


def test_each_command_has_help(cli):
    for command in ("train", "predict", "info", "export"):
        r = cli(command, "--help")
        assert r.returncode == 0 and r.stdout.startswith("usage: python -m purenn " + command)
    assert "train DATA.csv" in cli("--help").stdout


def test_training_that_diverges_is_reported(tmp_path):
    data = regression_csv(tmp_path / "h.csv", n=20)
    status, out, err = run("train", data, "--learning-rate", "1e200", "--epochs", "5",
                           "--out", str(tmp_path / "m.json"))
    assert status == 1 and err.startswith("purenn: error: training diverged")


# -- the CSV reader ------------------------------------------------------------------------

def test_csv_quoting_rules(tmp_path):
    text = ('\ufeffname,"note, with comma",n\r\n'
            '"Ada ""the first""","line one\nline two",1\r\n'
            '\r\n'
            'Bob,,2\r\n'
            '"",x,3')
    records, lines = csvdata.parse(text)
    assert records == [["name", "note, with comma", "n"],
                       ['Ada "the first"', "line one\nline two", "1"],
                       ["Bob", "", "2"], ["", "x", "3"]]
    assert lines == [1, 2, 5, 6]
    for bad in ('a,"b\n', 'a,"b"c\n'):
        with pytest.raises(csvdata.CSVError):
            csvdata.parse(bad)
    table = csvdata.read(write(tmp_path / "t.csv", text))
    assert table.header == ["name", "note, with comma", "n"]
    assert table.numbers(2) == [1.0, 2.0, 3.0]


def test_csv_numbers():
    for text, value in (("1", 1.0), (" -2.5 ", -2.5), ("1e3", 1000.0), (".5", 0.5)):
        assert csvdata.to_number(text) == value
    for text in ("", " ", "nan", "inf", "1_000", "0x10", "1e999", "one", "1,5"):
        assert csvdata.to_number(text) is None


field = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)


@given(st.lists(st.lists(field, min_size=2, max_size=4), min_size=1, max_size=5))
def test_csv_format_then_parse_round_trips(rows):
    width = len(rows[0])
    rows = [(r + [""] * width)[:width] for r in rows]
    text = "\n".join(csvdata.format_row(r) for r in rows) + "\n"
    records, _ = csvdata.parse(text)
    # blank lines are skipped: a row of empty fields written as "" only vanishes
    # when it has one field, which width >= 2 rules out
    assert records == [[f.lstrip("\ufeff") if (i == 0 and j == 0) else f
                        for j, f in enumerate(r)] for i, r in enumerate(rows)]


csv_text = st.lists(st.sampled_from(['a', 'b', ',', '"', '""', '\n', '\r\n', '\r', ' ', 'é',
                                     '\ufeff', '1']), max_size=40).map("".join)


@given(csv_text, st.integers(1, 9))
def test_read_in_pieces_gives_what_parsing_the_whole_gives(text, block):
    # whatever the block size, reading in pieces gives the records and lines
    # (or the error) of parsing the whole text at once
    path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "purenn-pieces-%d.csv" % os.getpid())
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))
    old = csvdata.BLOCK
    csvdata.BLOCK = block
    try:
        try:
            whole = csvdata.parse(text, path)
        except csvdata.CSVError as e:
            whole = str(e)
        records, lines = [], []
        try:
            for r, n in csvdata.records(path):
                records += r
                lines += n
            got = (records, lines)
        except csvdata.CSVError as e:
            got = str(e)
    finally:
        csvdata.BLOCK = old
        os.remove(path)
    assert got == whole


def test_predict_reads_a_long_file_in_bounded_memory(tmp_path, monkeypatch):
    import tracemalloc
    model = str(tmp_path / "m.json")
    good = classification_csv(tmp_path / "good.csv", n=12)
    assert run("train", good, "--ignore", "id", "--epochs", "1", "--out", model)[0] == 0
    header = open(good).readline()
    monkeypatch.setattr(csvdata, "BLOCK", 32 * 1024)

    def peak(n):
        rows = "".join("%d,%.3f,%.3f,x\n" % (k, k % 7 / 3.0, k % 5 / 2.0) for k in range(n))
        data = write(tmp_path / "big.csv", header + rows)
        out = str(tmp_path / "p.csv")
        tracemalloc.start()
        try:
            status, _, err = run("predict", model, data, "--out", out)
            top = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert status == 0, err
        assert len(open(out).read().splitlines()) == n + 1
        return top
    # a file five times longer takes (about) the same memory, not five times more
    small, large = peak(8000), peak(40000)
    assert large < 1.3 * small, (small, large)
