"""Hostile input, round two: each escape an attack on purenn found, closed.

One test per escape (the numbers are those of the attack's report); each
failed before its fix.  Only the documented errors may come out, as one
line on the command line, and nothing is lost or overwritten on the way.
"""

import json
import os
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET

import pytest

import purenn
from purenn import Dense, Network, ModelFileError
from purenn.core.modelwrite import write_atomic
from purenn.data import accuracy, train_test_split
from purenn.explain import explain_step
from purenn.export import export_source
from purenn.serialize import loads
from purenn import plot
from conftest import ROOT


def one_line_error(r):
    assert r.returncode in (1, 2), (r.returncode, r.stdout, r.stderr)
    assert r.stderr.startswith("purenn: error: ") and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.count("\n") <= 2          # the error, and "(try: ...)" for usage errors
    return r.stderr


def trained_model(path, names=("a", "b"), classes=("x", "y")):
    net = Network([Dense(len(names), 4, "tanh"), Dense(4, len(classes), "softmax")], seed=1)
    net.metadata = {"inputs": {"names": list(names), "mean": [0.0] * len(names),
                               "scale": [1.0] * len(names)},
                    "target": {"name": "t", "kind": "classification", "classes": list(classes)}}
    net.save(str(path))
    return str(path)


# 2. numbers in a model file that no float can hold

def test_a_model_with_huge_integers_in_its_preprocessing_is_refused_in_one_line(tmp_path, cli):
    path = trained_model(tmp_path / "m.json")
    data = json.loads(open(path).read())
    data["metadata"]["inputs"]["mean"][0] = 10 ** 400      # JSON allows it; floats do not
    with open(path, "w") as f:
        f.write(json.dumps(data))
    csv = tmp_path / "d.csv"
    csv.write_text("a,b,t\n1,2,x\n")
    for args in (["info", path], ["predict", path, str(csv)],
                 ["export", path, "-o", str(tmp_path / "p.py")],
                 ["draw", path, "-o", str(tmp_path / "n.svg")],
                 ["explain", "--model", path, "--data", str(csv)]):
        assert "metadata.inputs.mean[0]: expected a finite number" in one_line_error(cli(*args))


# 3, 4. temporary files: exclusive, unpredictable, never shared

def test_a_save_does_not_follow_a_link_planted_where_its_temporary_file_was(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("keep me")
    target = tmp_path / "model.json"
    os.symlink(str(secret), str(target) + ".tmp")        # the old fixed name
    Network([Dense(2, 1)], seed=1).save(str(target))
    assert secret.read_text() == "keep me"
    assert purenn.load(str(target)).n_inputs == 2
    assert sorted(os.listdir(str(tmp_path))) == ["model.json", "model.json.tmp", "secret"]


def test_a_failed_save_leaves_no_temporary_file_and_the_old_model(tmp_path):
    target = tmp_path / "model.json"
    Network([Dense(2, 1)], seed=1).save(str(target))
    before = target.read_bytes()
    with pytest.raises(TypeError):
        write_atomic(str(target), "not bytes")           # fails while writing
    assert target.read_bytes() == before and os.listdir(str(tmp_path)) == ["model.json"]


def test_concurrent_saves_to_one_path_never_show_a_reader_half_a_file(tmp_path):
    target = str(tmp_path / "model.json")
    nets = [Network([Dense(3, 8), Dense(8, 2)], seed=k) for k in range(4)]
    nets[0].save(target)
    problems = []
    done = threading.Event()

    def writer(net):
        try:
            for _ in range(40):
                net.save(target)
        except Exception as e:      # a writer must never fail because another writes
            problems.append(repr(e))

    def reader():
        while not done.is_set():
            try:
                purenn.load(target)
            except Exception as e:
                problems.append(repr(e))
    threads = [threading.Thread(target=writer, args=(n,)) for n in nets]
    r = threading.Thread(target=reader)
    r.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    r.join()
    assert problems == []
    assert os.listdir(str(tmp_path)) == ["model.json"]


# 5. values that pass a check but overflow afterwards

def test_a_layer_of_more_weights_than_a_model_may_hold_is_refused_before_it_is_built():
    from purenn.core.layers import MAX_WEIGHTS
    with pytest.raises(ValueError, match="more than the %d weights" % MAX_WEIGHTS):
        Dense(5000, 5000)                               # 25 million: refused at once
    with pytest.raises(ValueError, match="at most"):
        Dense(MAX_WEIGHTS + 1, 1)


def test_huge_integers_are_refused_by_name_everywhere():
    net = Network([Dense(2, 2, "softmax")], seed=1)
    X, Y = [[1.0, 2.0]], [[0.0, 1.0]]
    for call, name in ((lambda: net.fit(X, Y, learning_rate=10 ** 400), "learning_rate"),
                       (lambda: net.loss(X, Y, l2=10 ** 400), "l2"),
                       (lambda: explain_step(net, X, Y, learning_rate=10 ** 400), "learning_rate"),
                       (lambda: Dense(10 ** 400, 1), "n_inputs"),
                       (lambda: Dense(2, 10 ** 8), "n_outputs"),
                       (lambda: net.predict([[10 ** 5000, 1.0]]), "X[0][0]")):
        with pytest.raises(ValueError) as e:
            call()
        assert name in str(e.value)


# 6. what a file holds is printed, never obeyed

def test_info_prints_control_characters_escaped(tmp_path, cli):
    path = trained_model(tmp_path / "m.json", names=("\x1b]0;owned\x07", "b\nfake: line"),
                         classes=("x\x9b2J", "y"))
    r = cli("info", path)
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "\x9b" not in r.stdout
    assert "\\x1b]0;owned\\x07" in r.stdout and "b\\x0afake: line" in r.stdout
    assert not [l for l in r.stdout.splitlines() if l.startswith("fake:")]


def test_error_messages_stay_on_one_line(tmp_path, cli):
    csv = tmp_path / "d.csv"
    csv.write_text('x,"evil\nname",y\n1,2,0\n2,"oo\nps",1\n3,4,0\n')
    err = one_line_error(cli("train", str(csv), "--target", "y"))
    assert "column \"evil\\x0aname\": expected a number" in err and "oo\\x0aps" in err


# 7. CSV formula injection

def test_predict_neutralises_cells_a_spreadsheet_would_run(tmp_path, cli):
    path = trained_model(tmp_path / "m.json", classes=("=cmd|' /C calc'!A0", "@SUM(A1)"))
    csv = tmp_path / "d.csv"
    csv.write_text("a,b\n1,2\n-3,4\n")
    r = cli("predict", path, str(csv))
    assert r.returncode == 0, r.stderr
    for line in r.stdout.splitlines():
        for field in line.split(","):
            assert not field.startswith(("=", "@", "+")), line
    assert "'=cmd" in r.stdout and "'@SUM(A1)" in r.stdout


# 8. finite inputs whose results are not

def test_predict_names_the_line_whose_output_cannot_be_computed(tmp_path, cli):
    net = Network([Dense(2, 1, "linear")], seed=1)
    net.layers[0].weights = [[2.0, 2.0]]
    net.metadata = {"inputs": {"names": ["a", "b"], "mean": [0.0, 0.0], "scale": [1.0, 1.0]},
                    "target": {"name": "t", "kind": "regression", "mean": 0.0, "scale": 1.0}}
    path = str(tmp_path / "m.json")
    net.save(path)
    csv = tmp_path / "d.csv"
    csv.write_text("a,b\n1,2\n1e308,1e308\n")
    err = one_line_error(cli("predict", path, str(csv)))
    assert "line 3" in err


def test_fused_cross_entropy_of_a_confident_right_answer_is_zero_not_nan():
    net = Network([Dense(1, 2, "softmax")])
    net.layers[0].weights = [[1e308], [-1e308]]
    net.layers[0].biases = [0.0, 0.0]
    assert net.loss([[1.0]], [[1.0, 0.0]], loss="categorical_crossentropy") == 0.0


def test_after_divergence_in_a_mini_batch_the_net_never_answers_with_inf():
    # The weights put back are those that gave a finite loss on their batch;
    # on the whole data they may still overflow: then loss and predict say so.
    X = [[1.0, 0.0], [0.0, 1.0], [1e150, 1e150], [0.5, 0.5]]
    Y = [[1.0], [0.0], [1.0], [0.0]]
    net = Network([Dense(2, 4, "linear"), Dense(4, 1, "linear")], seed=1)
    with pytest.raises(purenn.TrainingDiverged) as e:
        net.fit(X, Y, epochs=50, learning_rate=1000.0, batch_size=1, seed=1)
    assert e.value.batch is not None
    assert all(w - w == 0.0 for row in net.parameters() for w in row)
    with pytest.raises(ValueError, match="not finite"):
        net.loss(X, Y)
    assert all(v - v == 0.0 for row in net.predict(X) for v in row)   # or it would raise


# 9. special files and unbounded input

def test_a_fifo_is_refused_as_a_model_file_without_hanging(tmp_path):
    fifo = str(tmp_path / "model.json")
    os.mkfifo(fifo)
    r = subprocess.run([sys.executable, "-c", "import purenn; purenn.load(%r)" % fifo],
                       cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert "not a regular file" in r.stderr
    with pytest.raises(ModelFileError):
        purenn.load(str(tmp_path))                       # a folder


def test_endless_input_is_refused_by_size(cli, monkeypatch):
    from purenn.tools import csvfile
    monkeypatch.setattr(csvfile, "MAX_BYTES", 1 << 20)
    with pytest.raises(csvfile.CSVError) as e:
        csvfile.read("/dev/zero")
    assert "larger than" in str(e.value)


# 10. a checkpoint that cannot be written is refused before training

def test_checkpoint_problems_are_found_before_the_first_epoch(tmp_path):
    net = Network([Dense(2, 1)], seed=1)
    before = [row[:] for row in net.parameters()]
    for path, md in ((str(tmp_path / "missing" / "m.json"), {}),
                     (str(tmp_path / "m.json"), {"x": float("nan")})):
        net.metadata = md
        with pytest.raises(ValueError):
            net.fit([[1.0, 2.0]], [[1.0]], epochs=3, checkpoint=path)
        assert net.parameters() == before


# 11. names that would break the exported file

def test_a_nul_or_line_break_in_a_name_gives_an_exported_file_that_imports():
    net = Network([Dense(2, 2, "softmax")], seed=1)
    net.metadata = {"inputs": {"names": ["x\x001", "y\r\nimport os"], "mean": [0.0, 0.0],
                               "scale": [1.0, 1.0]},
                    "target": {"name": "t\x00", "kind": "classification", "classes": ["a", "b"]}}
    src = export_source(net)
    space = {}
    exec(compile(src, "predict.py", "exec"), space)
    assert space["FEATURES"] == ["x\x001", "y\r\nimport os"]
    assert space["predict"]([0.5, 0.5]) == net.predict([[0.5, 0.5]])[0]


# 12. outputs other than models are written atomically too

def test_pictures_and_predictions_replace_a_file_rather_than_write_through_it(tmp_path, cli):
    path = trained_model(tmp_path / "m.json")
    csv = tmp_path / "d.csv"
    csv.write_text("a,b\n1,2\n")
    for args in (["draw", path, "-o"], ["predict", path, str(csv), "--out"]):
        other = tmp_path / "other.txt"
        other.write_text("untouched")
        link = tmp_path / "out"
        if os.path.lexists(str(link)):
            os.remove(str(link))
        os.symlink(str(other), str(link))
        r = cli(*(args + [str(link)]))
        assert r.returncode == 0, r.stderr
        assert other.read_text() == "untouched" and not os.path.islink(str(link))


# 13. the right exception, with a place

def test_wrong_types_and_odd_values_raise_value_errors_with_a_place(tmp_path):
    data = Network([Dense(2, 2, "softmax")], seed=1).to_dict()
    data["layers"][0]["n_outputs"] = 1
    data["layers"][0]["weights"] = data["layers"][0]["weights"][:1]
    data["layers"][0]["biases"] = data["layers"][0]["biases"][:1]
    with pytest.raises(ModelFileError) as e:
        Network.from_dict(data)
    assert "layers[0]" in str(e.value) and "softmax" in str(e.value)
    with pytest.raises(ModelFileError):
        loads(None)
    for call in (lambda: accuracy(["ab"], ["ab"]), lambda: accuracy([None], [None]),
                 lambda: train_test_split((r for r in [[1]]), [[1]])):
        with pytest.raises(ValueError):
            call()
    with pytest.raises(ModelFileError) as e:
        purenn.load("model\x00.json")
    assert "NUL" in str(e.value)
    net = Network([Dense(2, 1)], seed=1)
    net.metadata = {"note": "\udc80"}
    with pytest.raises(ValueError) as e:
        net.save(str(tmp_path / "m.json"))
    assert 'metadata["note"]' in str(e.value)


def test_a_closed_stdout_or_pipe_ends_quietly(tmp_path):
    r = subprocess.run(sys.executable + " -m purenn >&-", shell=True, cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    r = subprocess.run(sys.executable + " -m purenn --weights | head -1", shell=True, cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.stdout == "Forecast / Fact\n" and r.stderr == "", r.stderr
    model = str(tmp_path / "m.json")
    data = tmp_path / "d.csv"
    data.write_text("a,b,c,d,kind\n" + "".join("%d,%d,%d,%d,%s\n" % (
        k % 7, k % 5, k % 3, k % 11, "xy"[k % 2]) for k in range(60)))
    r = subprocess.run(sys.executable + " -m purenn train %s --epochs 20 --progress 1 "
                       "--out %s | head -1" % (data, model), shell=True, cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.stderr == "" and purenn.load(model).n_inputs == 4   # still trained and saved


# 14. targets that are no distribution

def test_categorical_targets_must_be_distributions():
    net = Network([Dense(2, 3, "softmax")], seed=1)
    for Y in ([[0.0, 0.0, 0.0]], [[1.0, 1.0, 1.0]], [[0.5, 0.0, 0.0]]):
        with pytest.raises(ValueError) as e:
            net.loss([[1.0, 2.0]], Y, loss="categorical_crossentropy")
        assert "Y[0]" in str(e.value) and "sum to 1" in str(e.value)
    net.loss([[1.0, 2.0]], [[0.2, 0.3, 0.5]], loss="categorical_crossentropy")
    net.loss([[1.0, 2.0]], [[0.1, 0.2, 0.7]], loss="categorical_crossentropy")


# 15. pictures stay valid XML

def test_control_characters_in_titles_and_names_keep_the_svg_valid():
    net = Network([Dense(2, 2, "softmax")], seed=1)
    net.metadata = {"inputs": {"names": ["a\x00", "b\x1b"]},
                    "target": {"classes": ["c\x07", "d"]}}
    for svg in (plot.network_svg(net, title="t\x01tle"), plot.curve_svg([1.0, 0.5], title="\x0c"),
                plot.boundary_svg(net, [[0.0, 0.0], [1.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]],
                                  resolution=4, title="m\x1f")):
        ET.fromstring(svg)


# 16. duplicate keys

def test_duplicate_keys_are_refused():
    text = Network([Dense(2, 1)], seed=1).to_dict()
    body = json.dumps(text)
    twice = body[:-1] + ', "version": 1}'
    with pytest.raises(ModelFileError) as e:
        loads(twice)
    assert "appears twice" in str(e.value)


# a full disk: the old file stays, no temporary file is left, the error is one line

@pytest.fixture
def small_disk(tmp_path):
    """A directory on its own 64 KiB file system (a tmpfs; needs the right to mount)."""
    where = tmp_path / "disk"
    where.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (%s)" % r.stdout.strip())
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)])


def fill(directory):
    """Fill the file system holding directory, up to its last byte."""
    with open(str(directory / "filler"), "wb", buffering=0) as f:
        for size in (4096, 512, 64, 1):         # down to the last block's remains
            try:
                while True:
                    f.write(b"\0" * size)
            except OSError:
                pass


def test_on_a_full_disk_a_save_fails_cleanly_and_keeps_the_old_file(small_disk, tmp_path, cli):
    model = small_disk / "m.json"
    trained_model(model)
    csv = tmp_path / "d.csv"
    csv.write_text("a,b\n1,2\n3,4\n")
    outputs = {"picture": small_disk / "n.svg", "predictions": small_disk / "p.csv",
               "export": small_disk / "p.py"}
    for name, out in outputs.items():
        out.write_text("old " + name)
    fill(small_disk)
    before = sorted(os.listdir(str(small_disk)))
    big = Network([Dense(2, 64, "tanh"), Dense(64, 2, "softmax")], seed=2)
    with pytest.raises(OSError) as e:
        big.save(str(model))
    assert e.value.args[0] == 28                                 # ENOSPC
    assert purenn.load(str(model)).layers[0].n_outputs == 4      # the old model
    for args in (["draw", str(model), "-o", str(outputs["picture"])],
                 ["predict", str(model), str(csv), "--out", str(outputs["predictions"])],
                 ["export", str(model), "-o", str(outputs["export"])]):
        assert "cannot write" in one_line_error(cli(*args)), args
    for name, out in outputs.items():
        assert out.read_text() == "old " + name
    with pytest.raises(OSError):
        big.fit([[0.0, 1.0]], [[1.0, 0.0]], epochs=2, checkpoint=str(model))
    assert sorted(os.listdir(str(small_disk))) == before         # no temporary file left
