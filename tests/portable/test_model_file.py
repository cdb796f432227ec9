"""Model files: save/load round trip, malformed files, and the exported predict."""

import os

from purenn import Network, Dense
from purenn import serialize
from purenn.serialize import ModelFileError
from purenn.export import export_source
from checks import raises, all_close


def _tmpdir():
    try:
        os.stat("/tmp")
        return "/tmp"
    except OSError:
        return "."


def _net():
    net = Network([Dense(3, 5, "tanh"), Dense(5, 4, "relu", bias=False),
                   Dense(4, 2, "softmax")], seed=3)
    net.layers[0].biases = [0.1, -0.25, 1e-300, -0.0, 123456.789]
    net.metadata = {"name": "tiny \"model\", é", "classes": ["a", "b"], "n": 3,
                    "nested": {"ok": True, "none": None, "x": [0.1, -2.5e-10]}}
    return net


X = [[0.5, -1.0, 2.0], [1e-3, 7.0, -0.3], [0.0, 0.0, 0.0]]


def test_save_load_round_trip_is_exact():
    net = _net()
    path = _tmpdir() + "/purenn_portable_model.json"
    try:
        net.save(path)
        back = serialize.load(path)
        for a, b in zip(net.layers, back.layers):
            assert a.weights == b.weights and a.biases == b.biases
            assert a.activation.name == b.activation.name and a.has_bias == b.has_bias
        assert back.predict(X) == net.predict(X)
        assert back.metadata == net.metadata
        f = open(path, "rb")
        first = f.read()
        f.close()
        back.save(path)          # over the existing file
        f = open(path, "rb")
        second = f.read()
        f.close()
        assert first == second
        assert raises(OSError, os.stat, path + ".tmp")
    finally:
        for p in (path, path + ".tmp"):
            try:
                os.remove(p)
            except OSError:
                pass


def test_saving_refuses_nan_and_infinity():
    for bad in (float("nan"), float("inf"), -float("inf")):
        net = _net()
        net.layers[1].weights[2][1] = bad
        assert raises(ValueError, serialize.to_dict, net)
    net = _net()
    net.metadata = {"x": float("nan")}
    assert raises(ValueError, serialize.to_dict, net)


def test_malformed_files_raise_model_file_error():
    good = serialize.dumps(serialize.to_dict(_net()))
    bad = [
        "",
        good[:len(good) // 2],
        "[1, 2, 3]",
        good.replace('"version": 1', '"version": 2'),
        good.replace('"purenn-model"', '"other"'),
        good.replace('"tanh"', '"gelu"'),
        good.replace('"n_inputs": 3', '"n_inputs": 4'),
        good.replace('"n_inputs": 3', '"n_inputs": 1000000000'),
        good.replace('"n_inputs": 3', '"n_inputs": "3"'),
        good.replace('"biases": []', '"biases": [1.0]'),
        good.replace('"format"', '"shape": 1, "format"'),
        good.replace('"layers"', '"layerz"'),
        good.replace("123456.789", '"123456.789"'),
        good.replace("123456.789", "NaN"),
        good.replace("123456.789", "1e999"),
        good.replace("123456.789", "true"),
        good.replace('"metadata": {', '"metadata": {"bad": NaN, '),
    ]
    for k, text in enumerate(bad):
        assert text != good or k == 0
        try:
            serialize.loads(text)
        except ModelFileError:
            continue
        assert False, "case %d was accepted" % k


def test_exported_source_matches_predict():
    net = _net()
    space = {}
    exec(export_source(net), space)
    for x in X:
        assert all_close(space["predict"](x), net.predict([x])[0], 1e-12, 1e-12)
    assert all_close(space["predict"](X), net.predict(X), 1e-12, 1e-12)
