"""Real CSV files: text columns, missing values, identifiers, whole-number targets.

The real data set is the Palmer penguins (``tests/data/penguins.csv``; see
``tests/data/README.md``): three text columns, missing values written
``NA``, 344 rows.
"""

import json
import os

import pytest

import purenn
from purenn import prep
from purenn.tools import csvfile

from conftest import PENGUINS, run_command as run


def write(path, text):
    with open(str(path), "w", encoding="utf-8") as f:
        f.write(text)
    return str(path)


def columns_of(model):
    return {c["name"]: c for c in purenn.load(model).metadata["inputs"]["columns"]}


def one_error(status, err):
    assert status == 1 and err.startswith("purenn: error: ") and err.count("\n") == 1, err
    return err


@pytest.fixture(scope="module")
def penguins(tmp_path_factory):
    """A model trained on the penguins with the default options."""
    model = str(tmp_path_factory.mktemp("penguins") / "m.json")
    status, out, err = run("train", PENGUINS, "--target", "species", "--out", model)
    assert status == 0, err
    return model, out


def test_penguins_train_with_text_columns_and_missing_values(penguins):
    model, out = penguins
    assert "344 rows, 7 input columns (2 with categories, 10 inputs in all)" in out
    final = out.splitlines()[-2]
    assert float(final.split("val_accuracy ")[1]) >= 0.95, final
    cols = columns_of(model)
    assert cols["island"]["categories"] == ["Biscoe", "Dream", "Torgersen"]
    assert cols["sex"]["categories"] == ["female", "male"]
    assert cols["sex"]["kind"] == "category" and cols["year"]["kind"] == "number"
    net = purenn.load(model)
    names = net.metadata["inputs"]["names"]
    assert names[:4] == ["island=Biscoe", "island=Dream", "island=Torgersen", "bill_length_mm"]
    assert len(names) == net.n_inputs == 10


def test_the_fill_is_the_training_mean_or_the_most_frequent_category(tmp_path):
    # --validation 0: every row is a training row, so the fills can be checked by hand
    data = write(tmp_path / "d.csv", "size,colour,kind\n1,red,a\nNA,red,b\n4,,a\n"
                                     "7,tan,b\n,blue,a\n3,tan,b\n")
    model = str(tmp_path / "m.json")
    status, _, err = run("train", data, "--validation", "0", "--epochs", "1", "--out", model)
    assert status == 0, err
    cols = columns_of(model)
    assert cols["size"]["fill"] == (1.0 + 4.0 + 7.0 + 3.0) / 4
    assert cols["colour"]["fill"] == "red"           # red and tan twice each: the first
    assert cols["colour"]["categories"] == ["blue", "red", "tan"]
    net = purenn.load(model)
    spec = prep.spec(net)
    # a missing value is encoded exactly as its fill would be
    assert prep.encode(spec, ["", "NA"]) == prep.encode(spec, ["3.75", "red"])


def test_predict_encodes_rows_as_training_did(penguins, tmp_path):
    model, _ = penguins
    net = purenn.load(model)
    spec = prep.spec(net)
    status, out, err = run("predict", model, PENGUINS, "--keep", "species")
    assert status == 0, err
    records, _ = csvfile.parse(out)
    assert records[0] == ["species", "species", "p_Adelie", "p_Chinstrap", "p_Gentoo"]
    table = csvfile.read(PENGUINS)
    assert len(records) == len(table.rows) + 1
    k = [table.header.index(c["name"]) for c in spec["columns"]]
    right = 0
    for row, got in zip(table.rows, records[1:]):
        x = prep.encode(spec, [row[i] for i in k])
        assert [float(v) for v in got[2:]] == net.predict([x])[0]
        right += got[0] == got[1]
    assert right >= 0.95 * len(table.rows)


def test_the_exported_file_takes_raw_rows_and_agrees(penguins, tmp_path, micropython):
    model, _ = penguins
    out = str(tmp_path / "penguin_predict.py")
    assert run("export", model, "-o", out)[0] == 0
    space = {}
    exec(open(out).read(), space)
    net = purenn.load(model)
    spec = prep.spec(net)
    table = csvfile.read(PENGUINS)
    k = [table.header.index(c["name"]) for c in spec["columns"]]
    rows = [[r[i] for i in k] for r in table.rows]
    for fields in rows:
        assert space["predict"](fields) == net.predict([prep.encode(spec, fields)])[0]
    assert space["predict"]([None] * len(k)) == space["predict"]([""] * len(k))
    with pytest.raises(ValueError, match="not a category seen in training"):
        space["predict"](["Atlantis"] + rows[0][1:])
    import subprocess
    script = "import penguin_predict as m\nfor r in %r:\n    print(repr(m.predict(r)))\n" % (
        rows[:20],)
    r = subprocess.run([micropython, "-c", script], cwd=str(tmp_path), capture_output=True,
                       text=True, env=dict(os.environ, MICROPYPATH=str(tmp_path)))
    assert r.returncode == 0, r.stderr
    import ast      # MicroPython prints some floats with more digits: compare the numbers
    assert [ast.literal_eval(line) for line in r.stdout.splitlines()] == \
        [space["predict"](f) for f in rows[:20]]


def test_an_unseen_category_is_an_error_or_zeros(penguins, tmp_path):
    model, _ = penguins
    text = open(PENGUINS).read().replace("Adelie,Torgersen,39.5", "Adelie,Atlantis,39.5", 1)
    data = write(tmp_path / "new.csv", text)
    err = one_error(*run("predict", model, data)[::2])
    assert "line 3: column island: \"Atlantis\" is not one of the 3 categories" in err
    assert "--unknown zeros" in err
    status, out, err = run("predict", model, data, "--unknown", "zeros")
    assert status == 0, err
    net = purenn.load(model)
    spec = prep.spec(net)
    fields = ["Atlantis", "39.5", "17.4", "186", "3800", "female", "2007"]
    raw = prep.raw_inputs(spec["columns"], fields, spec["missing"], "zeros")
    assert raw[:3] == [0.0, 0.0, 0.0]
    p = net.predict([prep.standardize(raw, spec["mean"], spec["scale"])])[0]
    assert [float(v) for v in csvfile.parse(out)[0][2][1:]] == p


def test_identifiers_are_left_out_unless_chosen(tmp_path):
    lines = ["PassengerId,Name,size,kind"]
    for i in range(12):
        lines.append("%d,Person %d,%d,%s" % (i + 101, i, i % 4, "ab"[i % 2]))
    data = write(tmp_path / "d.csv", "\n".join(lines) + "\n")
    model = str(tmp_path / "m.json")
    status, out, err = run("train", data, "--epochs", "1", "--out", model)
    assert status == 0, err
    assert "column PassengerId counts the rows (101 to 112), so it is an identifier" in out
    assert "column Name has a different text on almost every row (12 of 12)" in out
    assert list(columns_of(model)) == ["size"]
    status, out, err = run("train", data, "--epochs", "1", "--out", model,
                           "--features", "PassengerId,Name,size")
    assert status == 0, err
    assert list(columns_of(model)) == ["PassengerId", "Name", "size"]
    assert "is an identifier" not in out


def test_too_many_categories_asks_for_ignore(tmp_path):
    lines = ["code,size,kind"] + ["c%d,%d,%s" % (i % 30, i, "ab"[i % 2]) for i in range(60)]
    data = write(tmp_path / "d.csv", "\n".join(lines) + "\n")
    err = one_error(*run("train", data, "--max-categories", "20")[::2])
    assert "column code has 30 categories, more than --max-categories 20" in err
    assert "--ignore code" in err
    assert run("train", data, "--max-categories", "30", "--epochs", "1",
               "--out", str(tmp_path / "m.json"))[0] == 0


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    data = write(tmp_path / "d.csv", "a,b,c,kind\n1,2,,x\n2,oops,3,y\n3,4,,x\n4,5,6,y\n"
                                     "5,no,7,x\n6,7,8,y\n")
    err = one_error(*run("train", data, "--missing", "error")[::2])
    assert "2 problems" in err
    assert "column b: expected a number, got text on line 3 (\"oops\") and line 6 (\"no\")" in err
    assert "column c: a missing value on line 2 and line 4" in err


def test_missing_values_drop_or_error(tmp_path):
    data = write(tmp_path / "d.csv", "a,b,kind\n1,2,x\n,3,y\n3,NA,x\n4,5,y\n5,6,x\n6,7,\n")
    model = str(tmp_path / "m.json")
    status, out, err = run("train", data, "--missing", "drop", "--epochs", "1",
                           "--out", model)
    assert status == 0, err
    assert "note: 1 row has no target (column kind): skipped" in out
    assert "note: 2 rows have a missing input: dropped (--missing drop)" in out
    assert "read %s: 3 rows" % data in out
    assert [c["fill"] for c in columns_of(model).values()] == [None, None]
    # such a model refuses a missing value when it predicts
    err = one_error(*run("predict", model, data)[::2])
    assert "line 3: column a: the value is missing" in err
    # --na-values replaces the markers: "NA" is then a text, in a column of numbers
    err = one_error(*run("train", data, "--na-values", "?")[::2])
    assert "column b: expected a number, got text on line 4 (\"NA\")" in err


def test_a_few_whole_numbers_are_classes(tmp_path):
    rows = ["%d,%d,%d" % (i, i * 7 % 5, i % 3) for i in range(30)]
    data = write(tmp_path / "d.csv", "x,z,label\n" + "\n".join(rows) + "\n")
    model = str(tmp_path / "m.json")
    status, out, err = run("train", data, "--epochs", "1", "--out", model)
    assert status == 0, err
    assert "the target label holds 3 different whole numbers, so they are classes" in out
    md = purenn.load(model).metadata
    assert md["target"]["classes"] == ["0", "1", "2"]
    status, out, err = run("train", data, "--epochs", "1", "--out", model, "--regression")
    assert status == 0 and "(regression)" in out, err
    # more than 20 different whole numbers: a regression
    rows = ["%d,%d,%d" % (i, i % 5, i) for i in range(30)]
    data = write(tmp_path / "e.csv", "x,z,label\n" + "\n".join(rows) + "\n")
    status, out, err = run("train", data, "--epochs", "1", "--out", model, "--features", "z")
    assert status == 0 and "(regression)" in out, err


def test_class_labels_written_as_numbers_match_their_class(tmp_path):
    assert prep.class_name(" 1.0 ", ["0", "1"]) == "1"
    assert prep.class_name("1", ["0", "1"]) == "1"
    assert prep.class_name("1.5", ["0", "1"]) is None
    assert prep.class_name("x", ["x"]) == "x"


@pytest.mark.parametrize("change, message", [
    (lambda c: c[0].update(kind="text"), "columns[0].kind"),
    (lambda c: c[0].update(fill="purple"), "columns[0].fill: expected one of its categories"),
    (lambda c: c[0].update(categories=["Biscoe"]), "they give 8 inputs; the network has 10"),
    (lambda c: c[1].update(fill="x"), "columns[1].fill: expected a finite number"),
])
def test_a_model_whose_columns_do_not_fit_is_refused(penguins, tmp_path, change, message):
    model, _ = penguins
    data = json.loads(open(model).read())
    change(data["metadata"]["inputs"]["columns"])
    bad = write(tmp_path / "bad.json", json.dumps(data))
    err = one_error(*run("predict", bad, PENGUINS)[::2])
    assert message in err


def test_the_exported_file_is_a_program_that_writes_what_predict_writes(penguins, tmp_path,
                                                                         micropython):
    import subprocess
    import sys
    model, _ = penguins
    out = str(tmp_path / "penguin_predict.py")
    assert run("export", model, "-o", out)[0] == 0
    want = run("predict", model, PENGUINS)[1]
    r = subprocess.run([sys.executable, out, PENGUINS], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == want, r.stderr
    with open(PENGUINS) as f:                     # standard input too
        r = subprocess.run([sys.executable, out], stdin=f, capture_output=True, text=True)
    assert r.stdout == want
    # MicroPython prints some floats with more digits than needed: the same numbers
    r = subprocess.run([micropython, out, PENGUINS], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    got, expected = csvfile.parse(r.stdout)[0], csvfile.parse(want)[0]
    assert [row[0] for row in got] == [row[0] for row in expected]
    assert [[float(v) for v in row[1:]] for row in got[1:]] == \
        [[float(v) for v in row[1:]] for row in expected[1:]]
    bad = write(tmp_path / "bad.csv", open(PENGUINS).read().replace("Torgersen", "Atlantis", 1))
    r = subprocess.run([sys.executable, out, bad], capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    assert "row 1: island: 'Atlantis' is not a category seen in training" in r.stderr
    small = str(tmp_path / "small.py")
    assert run("export", model, "-o", small, "--no-program")[0] == 0
    assert "__main__" not in open(small).read() and "__main__" in open(out).read()


def test_explain_a_row_with_text_and_missing_values(penguins):
    model, _ = penguins
    status, out, err = run("explain", "--model", model, "--data", PENGUINS, "--sample", "3")
    assert status == 0, err
    assert "row 3 (line 5 of" in out          # Adelie,Torgersen,NA,NA,NA,NA,NA,2007
    net = purenn.load(model)
    spec = prep.spec(net)
    table = csvfile.read(PENGUINS)
    k = [table.header.index(c["name"]) for c in spec["columns"]]
    x = prep.encode(spec, [table.rows[3][i] for i in k])
    assert x[:3] == [(v - m) / s for v, m, s in zip([0.0, 0.0, 1.0], spec["mean"], spec["scale"])]
    shown = out.split("input x (sample 0) = [")[1].split("]")[0].replace("\n", " ")
    assert [float(v) for v in shown.split(",")] == pytest.approx(x, rel=1e-5, abs=1e-12)
