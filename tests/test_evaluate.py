"""``evaluate``: the measures, checked against numbers worked out by hand."""

import math

import pytest

from purenn import Dense, Network
from purenn.tools import csvfile

from conftest import PENGUINS, run_command as run


def measures(text):
    """``{name: value}`` from ``name value`` lines (the name: all before the last space)."""
    out = {}
    for line in text.splitlines():
        name, value = line.rsplit(" ", 1)
        out[name] = float(value)
    return out


def sign_model(path):
    """One input x; class "a" when x > 0, "b" when x < 0 (softmax of [x, -x])."""
    net = Network([Dense(1, 2, "softmax")])
    net.layers[0].weights = [[1.0], [-1.0]]
    net.layers[0].biases = [0.0, 0.0]
    net.metadata = {"inputs": {"names": ["x"], "mean": [0.0], "scale": [1.0]},
                    "target": {"name": "y", "kind": "classification", "classes": ["a", "b"]}}
    net.save(str(path))
    return str(path)


def test_classification_measures_by_hand(tmp_path, capsys):
    model = sign_model(tmp_path / "m.json")
    data = tmp_path / "d.csv"
    data.write_text("x,y\n1,a\n2,a\n-1,a\n-2,b\n3,b\n0.5,\n")
    status, out, err = run("evaluate", model, str(data))
    assert status == 0, err
    got = measures(out)
    assert "1 rows without a target skipped" in capsys.readouterr().err
    # predicted a, a, b, b, a  against  a, a, a, b, b
    assert got["rows"] == 5 and got["accuracy"] == 0.6
    assert got["confusion[a,a]"] == 2 and got["confusion[a,b]"] == 1
    assert got["confusion[b,a]"] == 1 and got["confusion[b,b]"] == 1
    assert got["precision[a]"] == round(2 / 3, 4) and got["recall[a]"] == round(2 / 3, 4)
    assert got["precision[b]"] == 0.5 and got["recall[b]"] == 0.5
    assert got["f1[a]"] == round(2 / 3, 4) and got["f1[b]"] == 0.5
    assert got["support[a]"] == 3 and got["support[b]"] == 2
    assert got["macro_f1"] == round((2 / 3 + 0.5) / 2, 4)

    def p_a(x):                         # softmax([x, -x])[0]
        return 1.0 / (1.0 + math.exp(-2.0 * x))
    ll = -(math.log(p_a(1)) + math.log(p_a(2)) + math.log(p_a(-1))
           + math.log(1 - p_a(-2)) + math.log(1 - p_a(3))) / 5
    assert got["log_loss"] == round(ll, 4)


def test_a_class_never_predicted_has_precision_zero(tmp_path):
    model = sign_model(tmp_path / "m.json")
    data = tmp_path / "d.csv"
    data.write_text("x,y\n1,a\n2,b\n")
    got = measures(run("evaluate", model, str(data))[1])
    assert got["precision[b]"] == 0.0 and got["recall[b]"] == 0.0 and got["f1[b]"] == 0.0
    assert got["precision[a]"] == 0.5 and got["recall[a]"] == 1.0
    assert got["f1[a]"] == round(2 * 0.5 * 1.0 / 1.5, 4)


def test_regression_measures_by_hand(tmp_path):
    net = Network([Dense(1, 1, "linear")])
    net.layers[0].weights = [[2.0]]
    net.layers[0].biases = [0.0]
    net.metadata = {"inputs": {"names": ["x"], "mean": [1.0], "scale": [2.0]},
                    "target": {"name": "y", "kind": "regression", "mean": 10.0, "scale": 3.0}}
    model = str(tmp_path / "m.json")
    net.save(model)
    data = tmp_path / "d.csv"
    data.write_text("x,y\n1,10\n3,14\n5,15\n-1,6\n")
    # prediction: ((x - 1) / 2 * 2) * 3 + 10 = 3x + 7: 10, 16, 22, 4
    errors = [0.0, -2.0, -7.0, 2.0]
    truth = [10.0, 14.0, 15.0, 6.0]
    mean = sum(truth) / 4
    r2 = 1 - sum(e * e for e in errors) / sum((t - mean) ** 2 for t in truth)
    status, out, err = run("evaluate", model, str(data))
    assert status == 0, err
    got = measures(out)
    assert got == {"rows": 4, "r2": round(r2, 4), "mae": round(11.0 / 4, 4),
                   "rmse": round(math.sqrt(57.0 / 4), 4)}


def test_evaluate_agrees_with_predict_on_the_penguins(tmp_path):
    model = str(tmp_path / "m.json")
    assert run("train", PENGUINS, "--target", "species", "--epochs", "20",
               "--out", model)[0] == 0
    records, _ = csvfile.parse(run("predict", model, PENGUINS, "--keep", "species")[1])
    right = sum(1 for r in records[1:] if r[0] == r[1])
    got = measures(run("evaluate", model, PENGUINS)[1])
    assert got["rows"] == 344 and got["accuracy"] == round(right / 344, 4)
    assert sum(v for k, v in got.items() if k.startswith("confusion[")) == 344


@pytest.mark.parametrize("text, message", [
    ("x,y\n1,c\n", "line 2: column y: c is not one of the model's classes (a, b)"),
    ("x,z\n1,a\n", "no column y"),
    ("x,y\n1,\n", "no row has a target"),
])
def test_evaluate_errors_name_the_place(tmp_path, text, message):
    model = sign_model(tmp_path / "m.json")
    data = tmp_path / "d.csv"
    data.write_text(text)
    status, _, err = run("evaluate", model, str(data))
    assert status == 1 and message in err and err.count("\n") == 1, err


def test_a_model_without_a_target_cannot_be_evaluated(tmp_path):
    model = str(tmp_path / "m.json")
    Network([Dense(1, 1)]).save(model)
    data = tmp_path / "d.csv"
    data.write_text("x,y\n1,2\n")
    status, _, err = run("evaluate", model, str(data))
    assert status == 1 and "does not say what its target is" in err


def test_version(cli):
    from purenn import __version__
    r = cli("--version")
    assert r.returncode == 0 and r.stdout == "purenn %s\n" % __version__
