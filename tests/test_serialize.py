"""Model files: exact round trips, fixed bytes, atomic saves, and a strict loader."""

import json
import math
import os

import pytest
from hypothesis import given, strategies as st, settings

import purenn
from purenn import Network, Dense, serialize
from purenn.core import rng
from purenn.core import modelfile
from purenn.core.modelfile import MAX_PARAMETERS
import strategies
from purenn.serialize import ModelFileError

finite = st.floats(allow_nan=False, allow_infinity=False)
moderate = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)

json_scalars = (st.none() | st.booleans() | st.integers(-2 ** 53, 2 ** 53) | finite
                | st.text(max_size=12))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=4),
    max_leaves=12)
metadata = st.dictionaries(st.text(max_size=8), json_values, max_size=5)


@st.composite
def networks(draw, weights=finite):
    net = draw(strategies.networks(weights))
    net.metadata = draw(metadata)
    return net


def read(path):
    with open(path, "rb") as f:
        return f.read()


def exact(values):
    """repr of nested lists: tells -0.0 from 0.0 and compares NaN with itself."""
    return repr(values)


def outputs(net, X):
    """The exact predictions, or the error predict raises (weights of any
    finite size can give outputs that overflow, which predict refuses)."""
    try:
        return exact(net.predict(X))
    except ValueError as e:
        return str(e)


@given(networks(), st.lists(st.lists(moderate, min_size=6, max_size=6), min_size=1, max_size=4))
def test_save_load_round_trip_is_bit_identical(tmp_path_factory, net, rows):
    path = str(tmp_path_factory.mktemp("m") / "model.json")
    net.save(path)
    back = purenn.load(path)
    assert repr(back) == repr(net)
    for a, b in zip(net.layers, back.layers):
        assert exact(a.weights) == exact(b.weights)
        assert exact(a.biases) == exact(b.biases)
        assert a.has_bias == b.has_bias and a.activation.name == b.activation.name
    assert back.metadata == net.metadata
    X = [row[:net.n_inputs] for row in rows]
    assert outputs(back, X) == outputs(net, X)
    first = read(path)
    back.save(path)
    assert read(path) == first                      # identical file on a second save
    assert not os.path.exists(path + ".tmp")
    data = json.loads(first.decode("utf-8"))                        # valid JSON
    want = serialize.to_dict(net)
    for layer, ref in zip(data["layers"], want["layers"]):
        assert unbase64(layer["weights"]) == [w for row in ref["weights"] for w in row]
        assert layer["biases"] == ([] if not ref["bias"] else layer["biases"])
        if ref["bias"]:
            assert unbase64(layer["biases"]) == ref["biases"]
        layer["weights"], layer["biases"] = ref["weights"], ref["biases"]
    assert data == want


def unbase64(text):
    """The doubles a model file's base64 text holds, read with the standard
    library's base64 (not purenn's reader)."""
    import base64
    import struct
    raw = base64.b64decode(text.encode(), validate=True)
    return list(struct.unpack("<%dd" % (len(raw) // 8), raw))


@settings(max_examples=50)
@given(networks())
def test_to_dict_from_dict_and_network_wrappers(net):
    data = net.to_dict()
    assert serialize.dumps(data) == serialize.dumps(Network.from_dict(data).to_dict())
    assert [k for k in serialize.dumps(data).splitlines() if k.startswith('  "')][:3] == [
        '  "format": "purenn-model",', '  "version": 2,', '  "layers": [']


def test_file_layout_is_fixed_and_readable(tmp_path):
    net = Network([Dense(2, 2, "tanh"), Dense(2, 1, "sigmoid", bias=False)], seed=1)
    net.metadata = {"zeta": 1, "alpha": [1.5, "x"], "mid": {"b": None, "a": True}}
    data = serialize.to_dict(net)
    text = serialize.dumps(data)
    lines = text.splitlines()
    assert lines[0] == "{" and lines[1] == '  "format": "purenn-model",'
    assert lines[2] == '  "version": 2,' and lines[3] == '  "layers": ['
    weights = [l for l in lines if l.startswith('      "weights": "')]
    assert len(weights) == 2                # all of a layer's weights on one line
    assert unbase64(weights[0].split('"')[3]) == [w for r in net.layers[0].weights for w in r]
    assert '      "biases": []' in lines      # the layer without biases
    assert text.index('"alpha"') < text.index('"mid"') < text.index('"zeta"')
    assert text.index('"a": true') < text.index('"b": null')
    assert text.endswith("}\n")
    data["version"] = 1                     # version 1: decimal text, a row per line
    text = serialize.dumps(data)
    assert '  "version": 1,' in text and "\n        [" in text
    assert serialize.loads(text).layers[0].weights == net.layers[0].weights


def test_loading_leaves_the_default_generator_alone(tmp_path):
    net = Network([Dense(3, 4, "sigmoid"), Dense(4, 1, "sigmoid")], seed=1)
    path = str(tmp_path / "m.json")
    net.save(path)
    rng.seed(5)
    expected = rng.Rng(5).next_u32()
    purenn.load(path)
    assert rng.default().next_u32() == expected


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_saving_refuses_nan_and_infinity_and_keeps_the_old_file(tmp_path, bad):
    path = str(tmp_path / "m.json")
    net = Network([Dense(3, 4, "sigmoid"), Dense(4, 1, "sigmoid")], seed=1)
    net.save(path)
    before = read(path)
    net.layers[1].weights[0][2] = bad
    with pytest.raises(ValueError) as e:
        net.save(path)
    assert "layers[1].weights[0][2]" in str(e.value) and "finite" in str(e.value)
    assert read(path) == before
    assert sorted(os.listdir(str(tmp_path))) == ["m.json"]


@pytest.mark.parametrize("meta,where", [
    ({"x": float("nan")}, "metadata[\"x\"]"),
    ({"x": [1, {"y": float("inf")}]}, "metadata[\"x\"][1][\"y\"]"),
    ({"x": object()}, "metadata[\"x\"]"),
    ({1: "a"}, "metadata"),
    ([1, 2], "metadata"),
])
def test_saving_refuses_metadata_json_cannot_hold(meta, where):
    net = Network([Dense(1, 1, "linear")], seed=1)
    net.metadata = meta
    with pytest.raises(ValueError) as e:
        serialize.to_dict(net)
    assert str(e.value).startswith(where)


def test_a_crash_before_the_rename_leaves_the_old_model(tmp_path, monkeypatch):
    path = str(tmp_path / "m.json")
    old = Network([Dense(2, 1, "linear")], seed=1)
    old.save(path)
    before = read(path)

    def crash(a, b):
        raise OSError("simulated crash")

    monkeypatch.setattr(os, "rename", crash)
    with pytest.raises(OSError):
        Network([Dense(2, 1, "linear")], seed=2).save(path)
    assert read(path) == before
    assert sorted(os.listdir(str(tmp_path))) == ["m.json"]


# -- malformed files ----------------------------------------------------------------

def good_net():
    net = Network([Dense(3, 4, "tanh"), Dense(4, 2, "softmax", bias=False)], seed=1)
    net.metadata = {"note": "ok"}
    return net


def good_text():
    """A version 1 file: weights as decimal text, a row per line."""
    data = serialize.to_dict(good_net())
    data["version"] = 1
    return serialize.dumps(data)


def good_v2():
    """The same model as a version 2 file (as save writes it)."""
    return serialize.dumps(serialize.to_dict(good_net()))


def edit_v2(fn):
    data = json.loads(good_v2())
    fn(data)
    return json.dumps(data)


def b64(values):
    import base64
    import struct
    return base64.b64encode(struct.pack("<%dd" % len(values), *values)).decode()


def first_weight(text):
    """The good file with its first weight's text replaced."""
    good = good_text()
    i = good.index('"weights": [\n        [') + len('"weights": [\n        [')
    return good[:i] + text + good[good.index(",", i):]


def edit(fn):
    data = json.loads(good_text())
    fn(data)
    return json.dumps(data)


def _set(path, value):
    def fn(d):
        obj = d
        for k in path[:-1]:
            obj = obj[k]
        obj[path[-1]] = value
    return fn


def _del(path):
    def fn(d):
        obj = d
        for k in path[:-1]:
            obj = obj[k]
        del obj[path[-1]]
    return fn


MALFORMED = [
    ("empty file", lambda: "", "empty"),
    ("only spaces", lambda: "  \n ", "empty"),
    ("truncated JSON", lambda: good_text()[:200], "invalid JSON"),
    ("not JSON at all", lambda: "def f(): pass", "invalid JSON"),
    ("top level is a list", lambda: "[1, 2]", "top level"),
    ("wrong format name", lambda: edit(_set(["format"], "keras")), "format"),
    ("newer version", lambda: edit(_set(["version"], 3)), "version 3; this purenn reads "
     "versions 1 to 2"),
    ("base64 in a version 1 file", lambda: edit(_set(["layers", 0, "biases"], b64([0.0] * 4))),
     "layers[0].biases: expected a list of 4 numbers, got a string"),
    ("base64 of too few weights", lambda: edit_v2(_set(["layers", 0, "weights"],
                                                       b64([0.5] * 11))),
     "layers[0].weights: expected the base64 text of 12 numbers (128 characters)"),
    ("a character outside base64", lambda: edit_v2(_set(["layers", 0, "biases"],
                                                        "!" + b64([0.0] * 4)[1:])),
     "layers[0].biases: not valid base64 text"),
    ("base64 without its padding", lambda: edit_v2(_set(["layers", 0, "biases"],
                                                        b64([0.0] * 4)[:-1] + "A")),
     "layers[0].biases: not valid base64 text"),
    ("base64 of a NaN weight", lambda: edit_v2(_set(["layers", 0, "weights"],
                                                    b64([0.5] * 7 + [float("nan")] + [0.5] * 4))),
     "layers[0].weights[2][1]: expected a finite number, got nan"),
    ("base64 of an infinite bias", lambda: edit_v2(_set(["layers", 0, "biases"],
                                                        b64([0.0, 0.0, float("-inf"), 0.0]))),
     "layers[0].biases[2]: expected a finite number, got -inf"),
    ("a number where base64 text belongs", lambda: edit_v2(_set(["layers", 1, "weights"], 7)),
     "layers[1].weights: expected a list of 2 rows or their base64 text, got a number"),
    ("base64 biases without bias", lambda: edit_v2(_set(["layers", 1, "biases"],
                                                        b64([0.0, 0.0]))), "layers[1].biases"),
    ("version as a string", lambda: edit(_set(["version"], "1")), "version"),
    ("version 0", lambda: edit(_set(["version"], 0)), "version"),
    ("missing layers", lambda: edit(_del(["layers"])), "missing field \"layers\""),
    ("missing version", lambda: edit(_del(["version"])), "missing field \"version\""),
    ("layers not a list", lambda: edit(_set(["layers"], {})), "layers"),
    ("no layers", lambda: edit(_set(["layers"], [])), "layers"),
    ("unknown top-level field", lambda: edit(_set(["code"], "import os")), "unknown field"),
    ("unknown layer field", lambda: edit(_set(["layers", 0, "init"], "he")),
     "layers[0]: unknown field"),
    ("missing weights", lambda: edit(_del(["layers", 1, "weights"])),
     "layers[1]: missing field \"weights\""),
    ("layer not an object", lambda: edit(_set(["layers", 1], [1, 2])), "layers[1]"),
    ("unknown layer type", lambda: edit(_set(["layers", 0, "type"], "conv2d")),
     "layers[0].type"),
    ("unknown activation", lambda: edit(_set(["layers", 0, "activation"], "gelu")),
     "layers[0].activation: unknown activation"),
    ("activation not a string", lambda: edit(_set(["layers", 0, "activation"], 3)),
     "layers[0].activation"),
    ("ragged weights", lambda: edit(lambda d: d["layers"][1]["weights"][1].pop()),
     "layers[1].weights[1]: expected 4 numbers, got 3"),
    ("a missing weight row", lambda: edit(lambda d: d["layers"][0]["weights"].pop()),
     "layers[0].weights: expected 4 rows"),
    ("string weight", lambda: edit(_set(["layers", 0, "weights", 2, 1], "0.5")),
     "layers[0].weights[2][1]: expected a number, got a string"),
    ("boolean weight", lambda: edit(_set(["layers", 0, "weights", 2, 1], True)),
     "layers[0].weights[2][1]: expected a number"),
    ("null weight", lambda: edit(_set(["layers", 0, "weights", 2, 1], None)),
     "layers[0].weights[2][1]"),
    ("weight row not a list", lambda: edit(_set(["layers", 0, "weights", 2], 1.0)),
     "layers[0].weights[2]"),
    ("NaN weight", lambda: first_weight("NaN"), "layers[0].weights[0][0]: expected a finite"),
    ("infinite weight", lambda: first_weight("-1e999"), "layers[0].weights[0][0]: expected a finite"),
    ("huge declared sizes", lambda: edit(lambda d: d["layers"][0].update(
        n_inputs=10 ** 6, n_outputs=10 ** 6)), "parameters"),
    ("absurd declared width", lambda: edit(_set(["layers", 0, "n_inputs"], 10 ** 30)),
     "layers[0].n_inputs"),
    ("zero width", lambda: edit(_set(["layers", 0, "n_outputs"], 0)), "layers[0].n_outputs"),
    ("fractional width", lambda: edit(_set(["layers", 0, "n_inputs"], 3.0)),
     "layers[0].n_inputs: expected a whole number"),
    ("layers do not chain", lambda: edit(_set(["layers", 1, "n_inputs"], 5)),
     "layers[1].n_inputs: expected 4"),
    ("biases of the wrong length", lambda: edit(lambda d: d["layers"][0]["biases"].pop()),
     "layers[0].biases: expected 4 numbers, got 3"),
    ("biases without bias", lambda: edit(_set(["layers", 1, "biases"], [0.0, 0.0])),
     "layers[1].biases"),
    ("bias flag not boolean", lambda: edit(_set(["layers", 1, "bias"], 0)), "layers[1].bias"),
    ("metadata not an object", lambda: edit(_set(["metadata"], [1])), "metadata"),
    ("NaN in metadata", lambda: good_text().replace('"note": "ok"', '"note": NaN'),
     "metadata[\"note\"]"),
    ("deeply nested metadata", lambda: good_text().replace('"ok"', "[" * 100 + "]" * 100),
     "metadata"),
    ("pathologically nested JSON", lambda: "[" * 100000, "model"),
    ("not UTF-8", lambda: b"\xff\xfe{}", "UTF-8"),
    ("a Python literal", lambda: "{'format': 'purenn-model'}", "invalid JSON"),
]


@pytest.mark.parametrize("name,make,fragment", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_model_files_raise_model_file_error(tmp_path, name, make, fragment):
    text = make()
    path = str(tmp_path / "bad.json")
    with open(path, "wb") as f:
        f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(ModelFileError) as e:
        purenn.load(path)
    msg = str(e.value)
    assert msg.startswith(path + ": ")
    assert fragment in msg, msg
    assert "\n" not in msg and len(msg) < 400


def test_the_good_file_loads():
    net = serialize.loads(good_text())
    assert repr(net) == "Network([Dense(3 -> 4, tanh), Dense(4 -> 2, softmax, bias=False)])"


def test_version_1_and_2_files_of_a_model_load_to_the_same_bits():
    a, b = serialize.loads(good_text()), serialize.loads(good_v2())
    want = good_net()
    for x, y, z in zip(a.layers, b.layers, want.layers):
        assert exact(x.weights) == exact(y.weights) == exact(z.weights)
        assert exact(x.biases) == exact(y.biases) == exact(z.biases)
    # a version 2 file may hold lists too (a file written by hand)
    assert exact(serialize.loads(good_text().replace('"version": 1', '"version": 2'))
                 .layers[0].weights) == exact(want.layers[0].weights)


def test_base64_with_stray_low_bits_is_refused():
    """Only the one canonical spelling of the bytes is read: the unused low
    bits of the last character before the padding must be zero (some
    decoders ignore them, so two texts would mean one model)."""
    import base64
    text = b64([0.0] * 4)                   # 32 bytes: 43 characters and one "="
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    stray = text[:-2] + alphabet[alphabet.index(text[-2]) + 1] + "="
    assert base64.b64decode(stray) == base64.b64decode(text)       # the same bytes
    bad = edit_v2(_set(["layers", 0, "biases"], stray))
    with pytest.raises(ModelFileError) as e:
        serialize.loads(bad)
    assert "layers[0].biases: not valid base64" in str(e.value)


def test_huge_declared_sizes_are_refused_before_reading_weights():
    data = json.loads(good_text())
    data["layers"][0]["n_inputs"] = 4000
    data["layers"][0]["n_outputs"] = 4000
    data["layers"][1]["n_inputs"] = 4000
    data["layers"][1]["n_outputs"] = 4000
    data["layers"].append(dict(data["layers"][1]))
    with pytest.raises(ModelFileError) as e:
        serialize.from_dict(data)
    # refused on the declared shapes alone: the weights in the file are the
    # small ones of the good model, so they were never compared
    assert "more than %d parameters" % MAX_PARAMETERS in str(e.value)


def test_a_file_of_hundreds_of_megabytes_is_refused_unread(tmp_path):
    path = str(tmp_path / "huge.json")
    with open(path, "wb") as f:
        f.write(b'{"format": "purenn-model", ')
        f.truncate(300 * 1024 * 1024)          # sparse: 300 MB, almost no disk
    with pytest.raises(ModelFileError) as e:
        purenn.load(path)
    assert "limit" in str(e.value)


def test_file_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    path = str(tmp_path / "big.json")
    with open(path, "w") as f:
        f.write(good_text())
    monkeypatch.setattr(modelfile, "MAX_FILE_BYTES", 100)
    with pytest.raises(ModelFileError) as e:
        purenn.load(path)
    assert "limit" in str(e.value)


def test_missing_file_and_bad_path():
    with pytest.raises(ModelFileError) as e:
        purenn.load("/nonexistent/model.json")
    assert "no such file" in str(e.value)
    with pytest.raises(ModelFileError):
        purenn.load(3)
    with pytest.raises(ModelFileError):
        purenn.load("/")          # a directory: cannot be read


def test_model_file_error_is_a_value_error():
    assert issubclass(ModelFileError, ValueError)


@given(json_values)
def test_any_json_value_either_loads_or_raises_model_file_error(value):
    try:
        serialize.from_dict(value)
    except ModelFileError:
        pass


@given(st.binary(max_size=200))
def test_any_bytes_either_load_or_raise_model_file_error(data):
    try:
        serialize.loads(data)
    except ModelFileError:
        pass


def _paths(value, prefix=()):
    """Every path (tuple of keys/indices) inside nested dicts and lists."""
    out = [prefix]
    if isinstance(value, dict):
        for k in sorted(value):
            out += _paths(value[k], prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, prefix + (i,))
    return out


@given(st.data())
def test_mutated_models_are_rejected_cleanly(data):
    """Replace or delete any one part of a valid model: ModelFileError or a valid network."""
    base = json.loads(good_text())
    paths = [p for p in _paths(base) if p]
    path = data.draw(st.sampled_from(paths))
    obj = base
    for k in path[:-1]:
        obj = obj[k]
    if data.draw(st.booleans()):
        obj[path[-1]] = data.draw(json_values)
    elif isinstance(obj, dict):
        del obj[path[-1]]
    else:
        obj.pop(path[-1])
    try:
        net = serialize.from_dict(base)
    except ModelFileError:
        return
    assert isinstance(net, Network)
    for layer in net.layers:
        for row in layer.weights:
            assert all(isinstance(w, float) and math.isfinite(w) for w in row)


def test_files_load_and_save_the_same_without_binascii(monkeypatch, tmp_path):
    """Where an interpreter has no binascii, purenn.core.b64 reads and writes
    the same text (and is just as strict)."""
    import sys
    with_it = good_v2()
    monkeypatch.setitem(sys.modules, "binascii", None)      # import binascii fails
    assert good_v2() == with_it
    net = serialize.loads(with_it)
    assert exact(net.layers[0].weights) == exact(good_net().layers[0].weights)
    with pytest.raises(ModelFileError):
        serialize.loads(edit_v2(_set(["layers", 0, "biases"], "!" + b64([0.0] * 4)[1:])))


def test_info_names_the_files_own_format_version(tmp_path, cli):
    v1, v2 = str(tmp_path / "v1.json"), str(tmp_path / "v2.json")
    with open(v1, "w") as f:
        f.write(good_text())
    with open(v2, "w") as f:
        f.write(good_v2())
    assert cli("info", v1).stdout.splitlines()[0] == v1 + ": purenn model (format version 1)"
    assert cli("info", v2).stdout.splitlines()[0] == v2 + ": purenn model (format version 2)"
