"""Write the ONNX files the portable suite reads, and what onnxruntime computes from them.

    python3 tools/onnx_fixtures.py      (needs tests/requirements-peers.txt)

Three small models, each the shape a real exporter writes, into
``tests/portable/data/``:

* ``sklearn_mlp.onnx``: scikit-learn's MLPClassifier (tanh, 4-6-3) on a
  made-up three-class problem, exported by skl2onnx with float32 inputs and
  ``zipmap=False`` (so with its label branch: ArgMax, ArrayFeatureExtractor);
* ``torch_like.onnx``: the graph ``torch.onnx.export`` writes for
  ``nn.Sequential(Flatten, Linear, LeakyReLU(0.2), Dropout, Linear, Softmax)``:
  Gemm with transB=1, float64 weights in raw_data;
* ``keras_like.onnx``: the graph tf2onnx writes for a Keras Sequential of Dense
  layers: MatMul then Add, float32 weights in float_data, Relu, Sigmoid,
  and an Identity on the output;

and ``onnx_expected.json``: for each, the input rows and onnxruntime's outputs
for them.  ``tests/test_onnx_peers.py`` checks that the files and the
outputs written here are still what these tools give.
"""

import json
import os
import sys
import warnings

import numpy as np
import onnx
import onnxruntime
from onnx import helper, numpy_helper, TensorProto

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "portable", "data")

# inputs: ordinary values, large and tiny ones, exact zeros
ROWS = [[0.5, -1.25, 2.0, 0.0], [1e-30, -1e-12, 3e-8, 1.0], [150.0, -80.0, 1e3, -2e3],
        [-0.75, 0.33, -1.5, 0.25]]


def sklearn_mlp():
    from sklearn.neural_network import MLPClassifier
    from skl2onnx import to_onnx
    rng = np.random.RandomState(7)
    X = rng.randn(90, 4)
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] + X[:, 2] > 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = MLPClassifier(hidden_layer_sizes=(6,), activation="tanh", max_iter=300,
                              random_state=0).fit(X, y)
    return to_onnx(model, X[:1].astype(np.float32), options={"zipmap": False}), np.float32


def _init(name, array, raw):
    if raw:
        return numpy_helper.from_array(array, name)
    kind = TensorProto.DOUBLE if array.dtype == np.float64 else TensorProto.FLOAT
    return helper.make_tensor(name, kind, array.shape, array.flatten().tolist())


def torch_like():
    rng = np.random.RandomState(3)
    W1, b1 = rng.randn(5, 4), rng.randn(5)
    W2, b2 = rng.randn(3, 5), rng.randn(3)
    nodes = [helper.make_node("Flatten", ["input"], ["flat"], axis=1, name="/0/Flatten"),
             helper.make_node("Gemm", ["flat", "0.weight", "0.bias"], ["z1"], transB=1,
                              alpha=1.0, beta=1.0, name="/1/Gemm"),
             helper.make_node("LeakyRelu", ["z1"], ["a1"], alpha=0.2, name="/2/LeakyRelu"),
             helper.make_node("Dropout", ["a1"], ["d1"], name="/3/Dropout"),
             helper.make_node("Gemm", ["d1", "4.weight", "4.bias"], ["z2"], transB=1,
                              name="/4/Gemm"),
             helper.make_node("Softmax", ["z2"], ["output"], axis=1, name="/5/Softmax")]
    inits = [_init("0.weight", W1, True), _init("0.bias", b1, True),
             _init("4.weight", W2, True), _init("4.bias", b2, True)]
    D = TensorProto.DOUBLE
    graph = helper.make_graph(nodes, "main_graph", [helper.make_tensor_value_info(
        "input", D, ["batch", 4])], [helper.make_tensor_value_info("output", D, ["batch", 3])],
        inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                             producer_name="pytorch", ir_version=8), np.float64


def keras_like():
    rng = np.random.RandomState(5)
    W1, b1 = rng.randn(4, 3).astype(np.float32), rng.randn(3).astype(np.float32)
    W2, b2 = rng.randn(3, 1).astype(np.float32), rng.randn(1).astype(np.float32)
    nodes = [helper.make_node("MatMul", ["dense_input", "dense/kernel"], ["m1"],
                              name="dense/MatMul"),
             helper.make_node("Add", ["m1", "dense/bias"], ["z1"], name="dense/BiasAdd"),
             helper.make_node("Relu", ["z1"], ["a1"], name="dense/Relu"),
             helper.make_node("MatMul", ["a1", "dense_1/kernel"], ["m2"], name="dense_1/MatMul"),
             helper.make_node("Add", ["m2", "dense_1/bias"], ["z2"], name="dense_1/BiasAdd"),
             helper.make_node("Sigmoid", ["z2"], ["a2"], name="dense_1/Sigmoid"),
             helper.make_node("Identity", ["a2"], ["dense_1"], name="Identity")]
    inits = [_init("dense/kernel", W1, False), _init("dense/bias", b1, False),
             _init("dense_1/kernel", W2, False), _init("dense_1/bias", b2, False)]
    F = TensorProto.FLOAT
    graph = helper.make_graph(nodes, "tf2onnx", [helper.make_tensor_value_info(
        "dense_input", F, ["unk__6", 4])], [helper.make_tensor_value_info("dense_1", F,
                                                                           ["unk__7", 1])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                             producer_name="tf2onnx", ir_version=7), np.float32


MODELS = (("sklearn_mlp", sklearn_mlp), ("torch_like", torch_like), ("keras_like", keras_like))


def outputs(data, dtype, rows=ROWS):
    """onnxruntime's float output for ``rows``, as lists of floats."""
    s = onnxruntime.InferenceSession(data, providers=["CPUExecutionProvider"])
    name = s.get_inputs()[0].name
    out = [o for o in s.run(None, {name: np.array(rows, dtype=dtype)})
           if getattr(o, "dtype", None) in (np.float32, np.float64)]
    return [[float(v) for v in row] for row in out[0]]


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    for name, make in MODELS:
        model, dtype = make()
        onnx.checker.check_model(model, full_check=True)
        data = model.SerializeToString()
        with open(os.path.join(OUT, name + ".onnx"), "wb") as f:
            f.write(data)
        expected[name] = {"dtype": np.dtype(dtype).name, "inputs": ROWS,
                          "outputs": outputs(data, dtype)}
    with open(os.path.join(OUT, "onnx_expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote %s: %s" % (OUT, ", ".join([n for n, _ in MODELS])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
