"""The exported standalone file: same numbers as Network.predict, only ``math`` imported."""

import ast
import os
import subprocess

import pytest
from hypothesis import given, settings, strategies as st

from purenn import Network, Dense
import strategies
from purenn.export import export, export_source

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

weights = st.floats(min_value=-4.0, max_value=4.0, allow_nan=False)
inputs = st.floats(min_value=-50.0, max_value=50.0, allow_nan=False)


def networks():
    return strategies.networks(weights)


def load_source(src):
    space = {"__name__": "exported"}
    exec(compile(src, "predict.py", "exec"), space)
    return space



@given(networks(), st.lists(st.lists(inputs, min_size=6, max_size=6), min_size=1, max_size=5))
def test_exported_predict_equals_network_predict(close, net, rows):
    X = [row[:net.n_inputs] for row in rows]
    space = load_source(export_source(net))
    expected = net.predict(X)
    for x, e in zip(X, expected):
        assert close(space["predict"](x), e)
    assert close(space["predict"](X), expected)        # a batch at once


def test_exported_file_imports_only_math_and_names_the_architecture():
    net = Network([Dense(3, 4, "relu"), Dense(4, 4, "tanh", bias=False),
                   Dense(4, 2, "softmax")], seed=1)
    src = export_source(net)
    tree = ast.parse(src)
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert imported == ["math"]
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    funcs = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert funcs == ["softmax_forward", "layer1", "layer2", "layer3", "predict"]
    assert ("# Architecture: 3 inputs -> Dense(4, relu) -> Dense(4, tanh, no bias) -> "
            "Dense(2, softmax)") in src
    assert "purenn" not in src.replace("exported by purenn", "")


def test_digits_rounds_weights_for_a_smaller_file(close):
    net = Network([Dense(4, 16, "tanh"), Dense(16, 3, "softmax")], seed=2)
    X = [[0.1 * i - 0.3 * j for i in range(4)] for j in range(10)]
    full = export_source(net)
    exact = net.predict(X)
    last = len(full)
    for digits in (10, 6, 4, 3):
        src = export_source(net, digits=digits)
        assert len(src) < last
        last = len(src)
        got = load_source(src)["predict"](X)
        assert close(got, exact, rel=20 * 10.0 ** -digits, abs_=20 * 10.0 ** -digits)
        assert ("written to %d significant digits" % digits) in src
    assert export_source(net, digits=17) .count("\n") == full.count("\n")
    for bad in (0, 18, -1, 2.5, True, "6"):
        with pytest.raises(ValueError):
            export_source(net, digits=bad)


def test_export_refuses_a_nan_weight():
    net = Network([Dense(2, 1, "linear")], seed=1)
    net.layers[0].weights[0][1] = float("nan")
    with pytest.raises(ValueError):
        export_source(net)


def test_classifier_metadata_gives_scaling_and_class_names(tmp_path, close):
    net = Network([Dense(2, 3, "tanh"), Dense(3, 3, "softmax")], seed=4)
    net.metadata = {"inputs": {"names": ["a", "b, \"quoted\""], "mean": [10.0, -2.0],
                               "scale": [4.0, 0.5]},
                    "target": {"name": "kind", "kind": "classification",
                               "classes": ["x", "y", "z"]}}
    space = load_source(export_source(net))
    raw = [[12.0, -1.0], [3.0, -4.0], [10.0, -2.0]]
    scaled = [[(r[0] - 10.0) / 4.0, (r[1] + 2.0) / 0.5] for r in raw]
    expected = net.predict(scaled)
    assert close(space["predict"](raw), expected)
    names = space["classify"](raw)
    for name, p in zip(names, expected):
        assert name == "xyz"[p.index(max(p))]
    assert space["FEATURES"] == ["a", "b, \"quoted\""]
    path = str(tmp_path / "m.json")
    net.save(path)
    out = str(tmp_path / "predict.py")
    size = export(path, out)                  # from a model file
    with open(out, encoding="utf-8") as f:
        assert len(f.read().encode("utf-8")) == size
    with pytest.raises(ValueError):
        space["predict"]([1.0])


def test_regression_metadata_unscales_the_output(close):
    net = Network([Dense(2, 3, "relu"), Dense(3, 1, "linear")], seed=5)
    net.metadata = {"inputs": {"names": ["a", "b"], "mean": [1.0, 2.0], "scale": [3.0, 4.0]},
                    "target": {"name": "price", "kind": "regression", "mean": 100.0,
                               "scale": 25.0}}
    space = load_source(export_source(net))
    z = net.predict([[(5.0 - 1.0) / 3.0, (6.0 - 2.0) / 4.0]])[0][0]
    assert close(space["predict"]([5.0, 6.0]), [z * 25.0 + 100.0])
    assert "classify" not in space


@settings(max_examples=5)
@given(networks(), st.lists(st.lists(inputs, min_size=6, max_size=6), min_size=1, max_size=5))
def test_exported_file_runs_on_micropython(tmp_path_factory, close, micropython, net, rows):
    exe = micropython
    d = tmp_path_factory.mktemp("mp")
    X = [row[:net.n_inputs] for row in rows]
    export(net, str(d / "exported.py"))
    with open(str(d / "run.py"), "w") as f:
        f.write("from exported import predict\n")
        for x in X:
            f.write("print(repr(predict(%r)))\n" % (x,))
    r = subprocess.run([exe, "-X", "heapsize=1m", "run.py"], cwd=str(d), capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stderr + r.stdout
    got = [ast.literal_eval(line) for line in r.stdout.splitlines()]
    assert close(got, net.predict(X))


@pytest.mark.parametrize("runtime", ["cpython", "micropython"])
def test_the_program_stops_quietly_when_its_reader_does(tmp_path, runtime, request):
    """``python predict.py big.csv | head -1``: no error once head has what it wants."""
    import sys
    command = [sys.executable] if runtime == "cpython" else \
        [request.getfixturevalue("micropython"), "-X", "heapsize=64m"]
    net = Network([Dense(3, 4, "tanh"), Dense(4, 1, "sigmoid")], seed=2)
    export(net, str(tmp_path / "p.py"))
    rows = "a,b,c\n" + "0.5,-1.0,2.0\n" * 20000         # far more than a pipe holds
    (tmp_path / "big.csv").write_text(rows)
    p = subprocess.Popen(command + [str(tmp_path / "p.py"), str(tmp_path / "big.csv")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout.readline() == b"output_0\n"
    p.stdout.close()                                    # as head does after its line
    err = p.stderr.read()
    assert p.wait(timeout=120) == 0 and err == b"", err
