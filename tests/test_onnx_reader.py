"""purenn.onnx and purenn.protobuf on their own (no peer needed): the wire
format's rules, exact round trips, hostile files, and the commands."""

import json
import os
import struct

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT, run_command, slug
from purenn import Dense, Network, protobuf as pb
from purenn import onnx as ponnx
from purenn.core import activations
from purenn.core.errors import ModelFileError

DATA = os.path.join(ROOT, "tests", "portable", "data")
INT64 = st.integers(-2 ** 63, 2 ** 63 - 1)


# -- the wire format ----------------------------------------------------------------

@given(st.integers(0, 2 ** 64 - 1))
def test_varint_is_seven_bits_a_byte_low_first(v):
    b = pb.encode_varint(v)
    assert len(b) == max(1, (v.bit_length() + 6) // 7)
    assert all(x & 0x80 for x in b[:-1]) and not b[-1] & 0x80
    assert sum((x & 0x7F) << (7 * i) for i, x in enumerate(b)) == v
    assert pb.read_varint(b, 0, len(b)) == (v, len(b))


@given(INT64)
def test_negative_int64_is_ten_bytes_of_twos_complement(v):
    b = pb.encode_varint(v)
    assert len(b) == 10 if v < 0 else len(b) <= 9
    assert pb.signed(pb.read_varint(b, 0, len(b))[0]) == v


@given(st.lists(st.tuples(st.integers(1, 2 ** 29 - 1),
                          st.one_of(st.integers(0, 2 ** 64 - 1), st.binary(max_size=40),
                                    st.floats(allow_nan=False, width=32)))))
def test_fields_reads_back_what_was_written(items):
    msg = b""
    for number, v in items:
        if isinstance(v, int):
            msg += pb.field_varint(number, v)
        elif isinstance(v, bytes):
            msg += pb.field_bytes(number, v)
        else:
            msg += pb.field_float(number, v)
    msg += pb.key(1, pb.FIXED64) + struct.pack("<d", -2.5)       # a double, last
    got = list(pb.fields(msg, 0, len(msg)))
    number, kind, value = got.pop()
    assert (number, kind) == (1, pb.FIXED64) and pb.floats(msg, kind, value, True) == [-2.5]
    assert [n for n, _, _ in got] == [n for n, _ in items]
    for (number, kind, value), (_, v) in zip(got, items):
        if isinstance(v, int):
            assert (kind, value) == (pb.VARINT, v)
        elif isinstance(v, bytes):
            assert kind == pb.LENGTH and msg[value[0]:value[1]] == v
        else:
            assert kind == pb.FIXED32 and pb.floats(msg, kind, value, False) == [v]


@given(st.lists(INT64, max_size=20), st.lists(st.floats(allow_nan=False), max_size=20))
def test_repeated_numbers_read_packed_and_one_by_one(ints, doubles):
    packed = pb.packed_varints(1, ints)
    n, kind, value = next(pb.fields(packed, 0, len(packed)))
    assert pb.varints(packed, kind, value) == ints
    one_by_one = b"".join([pb.field_varint(1, v) for v in ints])
    assert [x for _, k, v in pb.fields(one_by_one, 0, len(one_by_one))
            for x in pb.varints(one_by_one, k, v)] == ints
    raw = pb.field_bytes(10, struct.pack("<%dd" % len(doubles), *doubles))
    n, kind, value = next(pb.fields(raw, 0, len(raw)))
    assert pb.floats(raw, kind, value, True) == doubles


MALFORMED = [
    ("a key with no value", b"\x08", "truncated"),
    ("an 11-byte varint", b"\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
     "longer than 10 bytes"),
    ("a length past the end", b"\x12\x05ab", "declares 5 bytes, 2 are left"),
    ("a group", b"\x0b", "wire type 3"),
    ("field 0", b"\x00\x01", "numbered 0"),
    ("a fixed64 cut short", b"\x19\x00\x00", "runs past the end"),
    ("a fixed32 cut short", b"\x1d\x00\x00\x00", "runs past the end"),
]


@pytest.mark.parametrize("what, data, words", MALFORMED, ids=[slug(m[0]) for m in MALFORMED])
def test_malformed_wire_data_is_named(what, data, words):
    with pytest.raises(ModelFileError, match=words):
        list(pb.fields(data, 0, len(data)))


def test_reads_stay_inside_their_range():
    # a nested message that claims more than its parent holds
    inner = pb.field_bytes(1, b"x" * 10)
    outer = pb.field_bytes(7, inner[:5]) + b"padding that is not the inner message's"
    _, _, (start, end) = next(pb.fields(outer, 0, len(outer)))
    with pytest.raises(ModelFileError, match="truncated"):
        list(pb.fields(outer, start, end))


# -- networks: exact round trips --------------------------------------------------

ACTS = ["relu", "sigmoid", "tanh", "linear", "leaky_relu", "leaky_relu(0.25)",
        "leaky_relu(1.5)"]


@st.composite
def networks(draw):
    widths = draw(st.lists(st.integers(1, 5), min_size=2, max_size=4))
    layers = []
    for k in range(len(widths) - 1):
        last = k == len(widths) - 2
        act = draw(st.sampled_from(ACTS + (["softmax"] if last and widths[-1] > 1 else [])))
        layers.append(Dense(widths[k], widths[k + 1], act, bias=draw(st.booleans()), seed=0))
    net = Network(layers, seed=draw(st.integers(0, 2 ** 32 - 1)))
    for row in net.parameters():
        for i in range(len(row)):
            row[i] *= draw(st.sampled_from([1.0, 1e-30, 1e30, -1e-300]))
    return net


@given(networks())
def test_float64_files_give_back_every_bit_and_the_metadata(net):
    net.metadata = {"inputs": {"names": ["x%d" % i for i in range(net.n_inputs)]},
                    "deep": [[{"é": None}]], "n": 1.5}
    data = ponnx.dumps(net, "float64")
    back, notes = ponnx.read(data)
    assert notes == [] and back.metadata == net.metadata
    assert repr(back) == repr(net)
    for a, b in zip(net.parameters(), back.parameters()):
        assert [struct.pack("<d", x) for x in a] == [struct.pack("<d", x) for x in b]
    assert ponnx.dumps(back, "float64") == data       # and the same bytes again


@given(networks())
def test_float32_files_hold_the_nearest_float32(net):
    big = [w for row in net.parameters() for w in row if abs(w) >= 3.4028235677973366e38]
    if big:
        with pytest.raises(ValueError, match="does not fit in float32"):
            ponnx.dumps(net)
        return
    back = ponnx.loads(ponnx.dumps(net))
    for a, b in zip(net.parameters(), back.parameters()):
        assert b == [struct.unpack("<f", struct.pack("<f", x))[0] for x in a]


def test_float32_files_refuse_weights_that_round_to_infinity():
    import math
    limit = 3.4028235677973366e38       # halfway between float32's largest and 2**128
    for w, fits in ((limit, False), (math.nextafter(limit, 0.0), True), (-limit, False)):
        net = Network([Dense(1, 1, "linear")], seed=1)
        net.layers[0].weights[0][0] = w
        if fits:
            assert ponnx.loads(ponnx.dumps(net)).layers[0].weights == [[3.4028234663852886e38]]
        else:
            with pytest.raises(ValueError, match="does not fit in float32"):
                ponnx.dumps(net)
        assert ponnx.loads(ponnx.dumps(net, "float64")).layers[0].weights == [[w]]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_weights_that_are_not_finite_are_not_saved(dtype, bad):
    net = Network([Dense(2, 1, "linear")], seed=1)
    net.layers[0].biases[0] = bad
    with pytest.raises(ValueError, match="layer 1: cannot save .*finite numbers only"):
        ponnx.dumps(net, dtype)


def test_errors_start_with_the_file_name():
    with pytest.raises(ModelFileError, match="^model: not an ONNX model"):
        ponnx.loads(b"")
    with pytest.raises(ModelFileError, match="^x.onnx: not an ONNX model"):
        ponnx.read(b"", "x.onnx")


def test_leaky_slopes_written_as_float32_read_back_as_written():
    assert ponnx.shortest_float32(struct.unpack("<f", struct.pack("<f", 0.01))[0]) == 0.01
    assert ponnx.shortest_float32(struct.unpack("<f", struct.pack("<f", 0.3))[0]) == 0.3
    net = Network([Dense(2, 2, "leaky_relu(0.3)"), Dense(2, 1, "linear")], seed=1)
    assert ponnx.loads(ponnx.dumps(net)).layers[0].activation.name == "leaky_relu(0.3)"


def test_an_activation_without_an_onnx_operator_is_refused():
    class Cube(activations.Elementwise):
        name = "cube_test"
        value = "z * z * z"
        derivative = "3.0 * (a ** (2.0 / 3.0))"
    activations.register(Cube)
    try:
        net = Network([Dense(2, 2, "cube_test"), Dense(2, 1, "linear")], seed=1)
        with pytest.raises(ValueError, match="layer 1: activation cube_test has no ONNX"):
            ponnx.dumps(net)
    finally:
        activations.unregister("cube_test")


def test_dtype_is_checked():
    with pytest.raises(ValueError, match="dtype"):
        ponnx.dumps(Network([Dense(1, 1, "linear")]), "float16")


# -- hostile files: only ModelFileError -----------------------------------------------

def samples():
    out = []
    for name in sorted(os.listdir(DATA)):
        if name.endswith(".onnx"):
            with open(os.path.join(DATA, name), "rb") as f:
                out.append(f.read())
    out.append(ponnx.dumps(Network([Dense(3, 4, "tanh"), Dense(4, 2, "softmax")], seed=1)))
    return out


SAMPLES = samples()


@settings(max_examples=400)
@given(st.sampled_from(SAMPLES), st.data())
def test_mutated_files_raise_only_model_file_error(data, draw):
    b = bytearray(data)
    for _ in range(draw.draw(st.integers(1, 6))):
        kind = draw.draw(st.sampled_from(["set", "insert", "delete", "cut"]))
        i = draw.draw(st.integers(0, max(0, len(b) - 1)))
        if kind == "set" and b:
            b[i] = draw.draw(st.integers(0, 255))
        elif kind == "insert":
            b[i:i] = draw.draw(st.binary(min_size=1, max_size=12))
        elif kind == "delete":
            del b[i:i + draw.draw(st.integers(1, 8))]
        else:
            del b[i:]
    try:
        net = ponnx.loads(bytes(b))
    except ModelFileError:
        return
    assert isinstance(net, Network)
    try:                                  # what loads, predicts (or says why it cannot)
        net.predict([[0.5] * net.n_inputs])
    except ValueError as e:
        assert "not finite" in str(e)


def test_every_truncation_of_every_sample_is_refused_or_whole():
    for data in SAMPLES:
        graph_end = [v[1] for n, k, v in pb.fields(data, 0, len(data)) if n == 7][0]
        for n in range(len(data)):
            try:
                ponnx.loads(data[:n])
            except ModelFileError:
                continue
            assert n >= graph_end


def test_huge_declared_sizes_are_refused_without_allocating():
    dims = pb.packed_varints(1, [1 << 40, 1 << 40]) + pb.field_varint(2, 1)
    t = pb.field_bytes(5, dims + pb.field_string(8, "W"))
    model = pb.field_varint(1, 8) + pb.field_bytes(8, pb.field_varint(2, 13)) + \
        pb.field_bytes(7, t)
    with pytest.raises(ModelFileError, match="dimension"):
        ponnx.loads(model)


def _vi(name):
    """A ValueInfoProto: a float tensor called ``name``."""
    return pb.field_string(1, name) + pb.field_bytes(2, pb.field_bytes(1, pb.field_varint(1, 1)))


def test_a_cycle_is_refused():
    def node(i, o, op):
        return pb.field_bytes(1, pb.field_string(1, i) + pb.field_string(2, o) +
                              pb.field_string(3, op.lower()) + pb.field_string(4, op))
    graph = node("b", "a", "Relu") + node("a", "b", "Tanh") + \
        pb.field_bytes(11, _vi("input")) + pb.field_bytes(12, _vi("a"))
    model = pb.field_bytes(8, pb.field_varint(2, 13)) + pb.field_bytes(7, graph)
    with pytest.raises(ModelFileError, match="cycle"):
        ponnx.loads(model)


# -- the commands ------------------------------------------------------------------

def test_export_convert_round_trip_through_the_commands(tmp_path):
    model = str(tmp_path / "m.json")
    net = Network([Dense(3, 4, "tanh"), Dense(4, 2, "softmax")], seed=4)
    net.metadata = {"inputs": {"names": ["a", "b", "c"], "mean": [0.0, 1.0, 2.0],
                               "scale": [1.0, 2.0, 3.0]},
                    "target": {"name": "t", "kind": "classification", "classes": ["x", "y"]}}
    net.save(model)
    status, out, err = run_command("export", model, "-o", str(tmp_path / "m.onnx"),
                                   "--dtype", "float64")
    assert status == 0 and "wrote" in out, err
    status, out, err = run_command("convert", str(tmp_path / "m.onnx"), "-o",
                                   str(tmp_path / "back.json"))
    assert status == 0, err
    assert out.splitlines()[0].endswith("3 inputs -> Dense(4, tanh) -> Dense(2, softmax)")
    with open(model, "rb") as f, open(str(tmp_path / "back.json"), "rb") as g:
        assert f.read() == g.read()
    status, out, err = run_command("info", str(tmp_path / "m.onnx"))
    assert status == 0 and "ONNX model" in out and "classes: x, y" in out
    rows = tmp_path / "rows.csv"
    rows.write_text("a,b,c\n1,2,3\n")
    a = run_command("predict", model, str(rows))
    b = run_command("predict", str(tmp_path / "m.onnx"), str(rows))
    assert a == b and a[0] == 0


@pytest.mark.parametrize("args, status, words", [
    (["convert", "{d}/m.json", "-o", "{d}/x.json"], 2, "reads an ONNX file"),
    (["convert", "{d}/m.onnx", "-o", "{d}/x.onnx"], 2, "use export"),
    (["convert", "{d}/m.onnx"], 2, "needs -o"),
    (["export", "{d}/m.json", "-o", "{d}/x.onnx", "--digits", "3"], 2, "for a .py file"),
    (["export", "{d}/m.json", "-o", "{d}/x.py", "--dtype", "float64"], 2, "for an .onnx"),
    (["export", "{d}/m.json", "-o", "{d}/x.onnx", "--dtype", "half"], 2, "float32 or float64"),
    (["convert", "{d}/garbage.onnx", "-o", "{d}/x.json"], 1, "garbage.onnx: "),
    (["info", "{d}/missing.onnx"], 1, "no such file"),
])
def test_command_errors_are_one_line(tmp_path, args, status, words):
    Network([Dense(2, 1, "sigmoid")], seed=1).save(str(tmp_path / "m.json"))
    with open(str(tmp_path / "m.onnx"), "wb") as f:
        f.write(ponnx.dumps(Network([Dense(2, 1, "sigmoid")], seed=1)))
    with open(str(tmp_path / "garbage.onnx"), "wb") as f:
        f.write(b"\x0a\xff\xff")
    got, out, err = run_command(*[a.format(d=tmp_path) for a in args])
    assert got == status and words in err and err.count("\n") <= 2, err
    assert not os.path.exists(str(tmp_path / "x.json"))


def test_converted_sklearn_model_exports_to_python(tmp_path):
    model = str(tmp_path / "sk.json")
    status, out, err = run_command("convert", os.path.join(DATA, "sklearn_mlp.onnx"),
                                   "-o", model)
    assert status == 0 and "note: output 'label' (int64) left out" in out, err
    status, out, err = run_command("export", model, "-o", str(tmp_path / "sk.py"))
    assert status == 0, err
    with open(os.path.join(DATA, "onnx_expected.json")) as f:
        e = json.load(f)["sklearn_mlp"]
    ns = {"__name__": "sk"}
    with open(str(tmp_path / "sk.py")) as f:
        exec(f.read(), ns)
    for x, want in zip(e["inputs"], e["outputs"]):
        got = ns["predict"](x)
        assert all(abs(g - w) <= 1e-5 * abs(w) + 1e-7 for g, w in zip(got, want))


def test_names_from_the_file_do_not_flood_the_message():
    name = "n" * 100000
    node = pb.field_bytes(1, pb.field_string(1, "input") + pb.field_string(2, name) +
                          pb.field_string(3, name) + pb.field_string(4, "Erf" * 1000))
    graph = node + pb.field_bytes(11, _vi("input")) + pb.field_bytes(12, _vi(name))
    model = pb.field_bytes(8, pb.field_varint(2, 13)) + pb.field_bytes(7, graph)
    with pytest.raises(ModelFileError) as e:
        ponnx.loads(model)
    assert len(str(e.value)) < 700 and "(ErfErf" in str(e.value)


def test_a_converted_model_works_with_draw_and_explain(tmp_path):
    model = str(tmp_path / "sk.json")
    assert run_command("convert", os.path.join(DATA, "sklearn_mlp.onnx"), "-o", model)[0] == 0
    status, out, err = run_command("draw", model, "-o", str(tmp_path / "sk.svg"))
    assert status == 0 and (tmp_path / "sk.svg").read_text().startswith("<svg"), err
    rows = tmp_path / "rows.csv"
    rows.write_text("a,b,c,d,label\n0.5,-1.25,2.0,0.0,2\n")
    status, out, err = run_command("explain", "--model", model, "--data", str(rows))
    assert status == 0 and "δ" in out, err
    status, out, err = run_command("evaluate", model, str(rows))
    assert status == 0 and out.startswith("rows 1\n"), err


# -- files that are wrong in one place: each names what is wrong -------------------

def _model(graph=b"", props=b"", opset=True):
    """A model with one Gemm (input x W0) around ``graph``'s extra fields."""
    w = pb.packed_varints(1, [1, 1]) + pb.field_varint(2, 1) + pb.field_string(8, "W0") + \
        pb.field_bytes(9, struct.pack("<f", 2.0))
    gemm = pb.field_string(1, "input") + pb.field_string(1, "W0") + \
        pb.field_string(2, "output") + pb.field_string(3, "g") + pb.field_string(4, "Gemm")
    body = pb.field_bytes(1, gemm) + pb.field_bytes(5, w) + pb.field_bytes(11, _vi("input")) + \
        pb.field_bytes(12, _vi("output")) + graph
    return (pb.field_bytes(8, pb.field_varint(2, 13)) if opset else b"") + \
        pb.field_bytes(7, body) + props


def _prop(key, value):
    return pb.field_bytes(14, pb.field_string(1, key) + pb.field_bytes(2, value))


def test_the_one_place_model_reads():
    net = ponnx.loads(_model())
    assert net.predict([[3.0]]) == [[6.0]]
    assert net.metadata == {"onnx": {"producer": "", "ir_version": 0, "notes": []}}


WRONG = [
    ("no opset", _model(opset=False), "no default operator set"),
    ("a string that is not UTF-8", _model(props=_prop("k", b"\xff\xfe")), "not UTF-8"),
    ("metadata that is not JSON", _model(props=_prop("purenn.metadata", b"{nope")),
     "metadata_props purenn.metadata"),
    ("metadata that is not an object", _model(props=_prop("purenn.metadata", b"[1, 2]")),
     "purenn.metadata: metadata: expected an object"),
    ("a sparse initializer", _model(pb.field_bytes(15, b"")), "sparse initializer"),
    ("data in another file", _model(pb.field_bytes(5, pb.field_varint(2, 1) +
                                                   pb.field_string(8, "E") +
                                                   pb.field_varint(14, 1))),
     "tensor 'E': its data is in an external file"),
    ("a negative dimension", _model(pb.field_bytes(5, pb.packed_varints(1, [-2]) +
                                                   pb.field_varint(2, 1) +
                                                   pb.field_string(8, "N"))),
     "tensor 'N': dimension -2"),
    ("fewer numbers than the shape", _model(pb.field_bytes(
        5, pb.packed_varints(1, [3]) + pb.field_varint(2, 1) + pb.field_string(8, "S") +
        pb.field_bytes(9, struct.pack("<2f", 1.0, 2.0)))),
     "tensor 'S': its shape [3] needs 3 numbers, it holds 2"),
    ("raw bytes that are not whole floats", _model(pb.field_bytes(
        5, pb.packed_varints(1, [1]) + pb.field_varint(2, 1) + pb.field_string(8, "R") +
        pb.field_bytes(9, b"\x00\x00\x80"))),
     "3 bytes are not a whole number of 4-byte values"),
    ("dims of the wrong wire type", _model(pb.field_bytes(
        5, pb.field_float(1, 1.0) + pb.field_string(8, "D"))),
     "expected whole numbers, got wire type 5"),
    ("floats of the wrong wire type", _model(pb.field_bytes(
        5, pb.field_varint(4, 7) + pb.field_string(8, "F"))),
     "expected float numbers, got wire type 0"),
]


@pytest.mark.parametrize("what, data, words", WRONG, ids=[slug(w[0]) for w in WRONG])
def test_a_file_wrong_in_one_place_says_where(what, data, words):
    with pytest.raises(ModelFileError, match="^model: .*" + words.replace("[", r"\[")
                       .replace("]", r"\]").replace("(", r"\(").replace(")", r"\)")):
        ponnx.loads(data)


def test_doubles_one_key_each_are_read():
    t = pb.packed_varints(1, [2]) + pb.field_varint(2, 11) + pb.field_string(8, "d") + \
        pb.key(10, pb.FIXED64) + struct.pack("<d", 0.1) + \
        pb.key(10, pb.FIXED64) + struct.pack("<d", -3.5)
    got = ponnx.tensor(t, (0, len(t)))
    assert (got.dims, got.dtype, got.values) == ([2], 11, [0.1, -3.5])


def test_load_takes_a_path_or_bytes_and_save_writes_a_file(tmp_path):
    net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=5)
    path = str(tmp_path / "m.onnx")
    ponnx.save(net, path, "float64")
    with open(path, "rb") as f:
        data = f.read()
    assert data == ponnx.dumps(net, "float64")
    assert ponnx.load(path).parameters() == net.parameters()
    assert ponnx.load(data).parameters() == net.parameters()
    assert os.listdir(str(tmp_path)) == ["m.onnx"]          # no temporary file left
    with pytest.raises(ValueError, match="save: expected a file path"):
        ponnx.save(net, "")
    with pytest.raises(ValueError, match="dtype"):
        ponnx.save(net, path, "float16")
    with open(path, "wb") as f:
        f.write(b"\x0a\x01")
    with pytest.raises(ModelFileError, match="^" + path + ": "):
        ponnx.load(path)


def test_save_returns_the_bytes_written(tmp_path):
    net = Network([Dense(2, 1, "sigmoid")], seed=1)
    path = str(tmp_path / "m.onnx")
    assert ponnx.save(net, path) == os.path.getsize(path) == len(ponnx.dumps(net))


def _leaky_model(attribute):
    """input -> Gemm (weight 2) -> LeakyRelu with this AttributeProto -> output."""
    w = pb.packed_varints(1, [1, 1]) + pb.field_varint(2, 1) + pb.field_string(8, "W0") + \
        pb.field_bytes(9, struct.pack("<f", 2.0))
    gemm = pb.field_string(1, "input") + pb.field_string(1, "W0") + \
        pb.field_string(2, "h") + pb.field_string(3, "g") + pb.field_string(4, "Gemm")
    leaky = pb.field_string(1, "h") + pb.field_string(2, "output") + \
        pb.field_string(3, "act") + pb.field_string(4, "LeakyRelu") + pb.field_bytes(5, attribute)
    body = pb.field_bytes(1, gemm) + pb.field_bytes(1, leaky) + pb.field_bytes(5, w) + \
        pb.field_bytes(11, _vi("input")) + pb.field_bytes(12, _vi("output"))
    return pb.field_bytes(8, pb.field_varint(2, 13)) + pb.field_bytes(7, body)


@pytest.mark.parametrize("attribute", [
    pb.field_string(1, "alpha") + pb.field_varint(3, 1) + pb.field_varint(20, 2),     # an int
    pb.field_string(1, "alpha") + pb.field_bytes(4, b"0.2") + pb.field_varint(20, 3),  # text
    pb.field_string(1, "alpha"),                                                      # no value
], ids=["int", "string", "empty"])
def test_a_leaky_relu_alpha_that_is_not_a_float_is_refused(attribute):
    """(Found by the mutation property: such an alpha escaped as struct.error
    or TypeError.)"""
    with pytest.raises(ModelFileError, match="alpha is not a float attribute"):
        ponnx.loads(_leaky_model(attribute))
    good = pb.field_string(1, "alpha") + pb.field_float(2, 0.25) + pb.field_varint(20, 1)
    net = ponnx.loads(_leaky_model(good))
    assert net.layers[0].activation.name == "leaky_relu(0.25)"
    assert net.predict([[-1.0]]) == [[-0.5]]
