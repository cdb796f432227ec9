"""Model files: save/load round trip, malformed files, and the exported predict."""

import os
import struct

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
    data = serialize.to_dict(_net())
    data["version"] = 1             # numbers as decimal text, to edit them
    good = serialize.dumps(data)
    v2 = serialize.dumps(serialize.to_dict(_net()))
    b64 = v2[v2.index('"weights": "') + 12:]
    b64 = b64[:b64.index('"')]
    bad = [
        "",
        good[:len(good) // 2],
        "[1, 2, 3]",
        good.replace('"version": 1', '"version": 3'),
        v2.replace(b64, b64[:-4]),              # too short
        v2.replace(b64, "*" + b64[1:]),         # not base64
        v2.replace(b64, b64[:8] + "A" * 11 + "=" + b64[20:]),    # an "=" inside
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


#: Doubles that MicroPython's unix port reads or writes as decimal text one
#: unit in the last place off (float('-320.3112034721415'); the bits
#: 404298eea15d9282, which it prints as 37.19478241986236).
TRICKY = [-320.3112034721415,
          struct.unpack(">d", b"\x40\x42\x98\xee\xa1\x5d\x92\x82")[0],
          5e-324, -2.2250738585072014e-308, 1.7976931348623157e308, 0.1, -0.0]


def test_a_saved_model_reads_back_to_the_same_bits_everywhere():
    net = Network([Dense(len(TRICKY), 1, "linear")], seed=1)
    net.layers[0].weights[0][:] = TRICKY
    net.layers[0].biases[0] = TRICKY[1]
    text = serialize.dumps(serialize.to_dict(net))
    back = serialize.loads(text)
    got = back.layers[0].weights[0] + back.layers[0].biases
    assert [struct.pack("<d", v) for v in got] == [struct.pack("<d", v) for v in TRICKY + TRICKY[1:2]]
    assert serialize.dumps(serialize.to_dict(back)) == text     # the same bytes again


def test_exported_source_matches_predict():
    net = _net()
    space = {}
    exec(export_source(net), space)
    for x in X:
        assert all_close(space["predict"](x), net.predict([x])[0], 1e-12, 1e-12)
    assert all_close(space["predict"](X), net.predict(X), 1e-12, 1e-12)


def test_the_plain_python_base64_agrees_with_binascii():
    from purenn.core import b64
    from purenn.core.modelfile import base64_functions
    a2b, b2a = base64_functions()
    for n in range(0, 20):
        data = bytes([(37 * k + n) % 256 for k in range(n)])
        text = b2a(data)
        assert b64.b2a_base64(data) == text
        assert b64.a2b_base64(text[:-1]) == data
    for bad in (b"A", b"AB=C", b"A===", b"AB!C", b"=AAA"):
        assert raises(ValueError, b64.a2b_base64, bad)
