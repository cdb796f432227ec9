"""ONNX files on every interpreter: the reader, the writer, and refusals.

The three files in data/ are what real exporters write (see
tools/onnx_fixtures.py); the outputs beside them are onnxruntime's.
"""

import json

from purenn import Network, Dense
from purenn import onnx
from purenn.core.errors import ModelFileError
from checks import all_close, raises


def _data(name):
    try:
        here = __file__
    except NameError:
        here = "tests/portable/test_onnx.py"
    i = here.rfind("/")
    return (here[:i] if i >= 0 else ".") + "/data/" + name


def _expected():
    with open(_data("onnx_expected.json")) as f:
        return json.load(f)


def _check(name, architecture):
    e = _expected()[name]
    net = onnx.load(_data(name + ".onnx"))
    assert repr(net) == architecture, repr(net)
    # float64 files agree to 1e-6 relative (the float32 LeakyRelu alpha is
    # the difference); float32 ones within float32 rounding of onnxruntime's sums
    rel, abs_ = (1e-6, 1e-300) if e["dtype"] == "float64" else (1e-5, 1e-7)
    assert all_close(net.predict(e["inputs"]), e["outputs"], rel, abs_)
    return net


def test_sklearn_classifier_with_its_label_branch():
    net = _check("sklearn_mlp", "Network([Dense(4 -> 6, tanh), Dense(6 -> 3, softmax)])")
    assert net.metadata["target"]["classes"] == ["0", "1", "2"]
    assert "label" in net.metadata["onnx"]["notes"][0]


def test_torch_shaped_gemm_graph():
    _check("torch_like", "Network([Dense(4 -> 5, leaky_relu(0.2)), Dense(5 -> 3, softmax)])")


def test_keras_shaped_matmul_add_graph():
    _check("keras_like", "Network([Dense(4 -> 3, relu), Dense(3 -> 1, sigmoid)])")


def _net():
    return Network([Dense(3, 4, "tanh"), Dense(4, 5, "leaky_relu(0.3)", bias=False),
                    Dense(5, 3, "relu"), Dense(3, 2, "softmax")], seed=2)


def test_float64_round_trip_is_exact():
    net = _net()
    net.metadata = {"inputs": {"names": ["a", "b", "c"]}, "note": "é"}
    back = onnx.loads(onnx.dumps(net, "float64"))
    for a, b in zip(net.layers, back.layers):
        assert a.weights == b.weights and a.biases == b.biases
        assert a.activation.name == b.activation.name and a.has_bias == b.has_bias
    assert back.metadata == net.metadata


def test_float32_keeps_each_weight_rounded_to_float32():
    import struct
    net = _net()
    back = onnx.loads(onnx.dumps(net))
    for a, b in zip(net.layers, back.layers):
        for ra, rb in zip(a.weights, b.weights):
            for wa, wb in zip(ra, rb):
                assert wb == struct.unpack("<f", struct.pack("<f", wa))[0]


def test_truncated_and_corrupt_files_raise_model_file_error():
    from purenn import protobuf
    net = _net()
    data = onnx.dumps(net)
    graph_end = [v[1] for number, kind, v in protobuf.fields(data, 0, len(data))
                 if number == 7][0]
    for n in range(len(data)):
        try:
            back = onnx.loads(data[:n])
        except ModelFileError:
            continue
        # cut after the graph: only metadata_props (written last) are lost
        assert n >= graph_end, n
        assert repr(back) == repr(net)
    assert raises(ModelFileError, onnx.loads, b"\xff" * 20)
    assert raises(ModelFileError, onnx.loads, "not bytes")
    assert raises(ModelFileError, onnx.load, _data("no_such_file.onnx"))
