"""purenn.onnx against the real tools: onnx, onnxruntime, scikit-learn, skl2onnx.

The graphs torch.onnx.export and tf2onnx write are built here with onnx's
helper API (the frameworks are too big to install for a test); scikit-learn's
are made by skl2onnx itself.  Every comparison with onnxruntime allows only
what rounding explains: ``rounding_bound`` below.
"""

import json
import os
import struct
import warnings

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT, peer, slug

np = peer("numpy")
onnx = peer("onnx")
ort = peer("onnxruntime")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from purenn import Dense, Network  # noqa: E402
from purenn import onnx as ponnx  # noqa: E402
from purenn.core.errors import ModelFileError  # noqa: E402

F32, F64 = TensorProto.FLOAT, TensorProto.DOUBLE
U32, U64 = 2.0 ** -24, 2.0 ** -53


def run_ort(data, X, dtype):
    s = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
    outs = s.run(None, {s.get_inputs()[0].name: np.array(X, dtype=dtype)})
    return [o for o in outs if getattr(o, "dtype", None) in (np.float32, np.float64)][0]


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def rounding_bound(layers, X, u):
    """A bound on how far a network's outputs may move when every sum and
    activation is rounded with unit roundoff u (2⁻²⁴ float32, 2⁻⁵³ float64).

    ``layers``: ``(W, b, activation, alpha)`` with W as outputs × inputs.
    Per layer, forward error analysis of a dot product of n terms:
    ``|Δz| ≤ |W|·e + (n + 2)·u·(|W|·|a| + |b|)``, then through the
    activation's slope (≤ 1, ¼ for sigmoid, max(1, α) for leaky ReLU, twice
    the largest |Δz| times aᵢ for softmax) plus a few units of roundoff of
    its own result; a LeakyRelu's alpha is stored as float32, which adds
    ``|α - f32(α)|·|z|``.
    """
    a = np.abs(np.array(X, dtype=np.float64))
    e = np.zeros_like(a)
    for W, b, act, alpha in layers:
        W = np.array(W, dtype=np.float64)
        bb = np.zeros(W.shape[0]) if b is None else np.array(b, dtype=np.float64)
        n = W.shape[1]
        s = np.abs(a) @ np.abs(W).T + np.abs(bb)
        z = np.zeros_like(s)
        ez = np.abs(e) @ np.abs(W).T + (n + 2) * u * s
        zmax = s                      # |z| ≤ Σ|w||a| + |b|
        if act == "softmax":
            big = ez.max(axis=1, keepdims=True)
            ea, a = 2.0 * big * np.ones_like(z) + 8 * u, np.ones_like(z)
        elif act == "sigmoid":
            ea, a = 0.25 * ez + 4 * u, np.ones_like(z)
        elif act == "tanh":
            ea, a = ez + 4 * u, np.ones_like(z)
        elif act == "leaky_relu":
            ea, a = max(1.0, alpha) * ez + abs(alpha - f32(alpha)) * zmax + 4 * u * zmax, zmax
        else:                         # relu, linear
            ea, a = ez + 4 * u * zmax, zmax
        e = ea
    return e + 1e-37


def assert_agrees(P, O, layers, X, dtype):
    u = U32 if dtype == np.float32 else U64
    bound = 2.0 * rounding_bound(layers, X, u)
    P, O = np.array(P, dtype=np.float64), np.array(O, dtype=np.float64).reshape(len(P), -1)
    rel = 1e-6 if dtype == np.float64 else 0.0
    ok = np.abs(P - O) <= bound + rel * np.abs(O)
    assert ok.all(), (P[~ok], O[~ok], bound[~ok])


# -- graphs as the exporters write them ----------------------------------------------

ACT_OPS = {"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh", "softmax": "Softmax",
           "leaky_relu": "LeakyRelu"}


def tensor(name, array, storage):
    """An initializer, in raw_data or in float_data / double_data."""
    if storage == "raw":
        return numpy_helper.from_array(array, name)
    kind = F64 if array.dtype == np.float64 else F32
    return helper.make_tensor(name, kind, array.shape, array.flatten().tolist())


def act_node(act, alpha, x, y, name, opset):
    if act == "linear":
        return []
    attrs = {"alpha": alpha} if act == "leaky_relu" else \
        {"axis": -1 if opset >= 13 else 1} if act == "softmax" else {}
    return [helper.make_node(ACT_OPS[act], [x], [y], name=name, **attrs)]


def graph_of(layers, style, dtype, storage="raw", opset=17, extras=False):
    """An ONNX model of ``layers`` (see rounding_bound) in ``style``:
    ``"torch"`` (Gemm, transB=1), ``"keras"`` (MatMul then Add), or
    ``"gemm"`` (Gemm, transB=0, alpha 0.5 and beta 2 with the weights scaled
    to match).  ``extras`` puts Flatten first and Dropout / Identity between."""
    elem = F64 if dtype == np.float64 else F32
    nodes, inits = [], []
    x = "input"
    if extras:
        nodes.append(helper.make_node("Flatten", [x], ["flat"], axis=1, name="flatten"))
        x = "flat"
    for k, (W, b, act, alpha) in enumerate(layers):
        W = np.array(W, dtype=dtype)
        if b is None and style != "keras" and opset < 11:
            b = [0.0] * len(W)          # Gemm's C is optional from opset 11
        z = "z%d" % k
        if style == "torch":
            inits.append(tensor("W%d" % k, W, storage))
            ins = [x, "W%d" % k] + (["b%d" % k] if b is not None else [])
            nodes.append(helper.make_node("Gemm", ins, [z], transB=1, name="/%d/Gemm" % k))
        elif style == "gemm":
            inits.append(tensor("W%d" % k, (W.T * 2).astype(dtype), storage))
            ins = [x, "W%d" % k] + (["b%d" % k] if b is not None else [])
            nodes.append(helper.make_node("Gemm", ins, [z], alpha=0.5, beta=2.0 if b is not None
                                          else 1.0, name="gemm%d" % k))
        else:
            inits.append(tensor("W%d" % k, np.ascontiguousarray(W.T), storage))
            m = z if b is None else "m%d" % k
            nodes.append(helper.make_node("MatMul", [x, "W%d" % k], [m],
                                          name="dense%d/MatMul" % k))
            if b is not None:
                nodes.append(helper.make_node("Add", [m, "b%d" % k], [z],
                                              name="dense%d/BiasAdd" % k))
        if b is not None:
            bias = np.array(b, dtype=dtype) * (0.5 if style == "gemm" else 1.0)
            inits.append(tensor("b%d" % k, bias, storage))
        a = "a%d" % k
        acts = act_node(act, alpha, z, a, "act%d" % k, opset)
        nodes.extend(acts)
        x = a if acts else z
        if extras:
            op = "Dropout" if k % 2 == 0 else "Identity"
            nodes.append(helper.make_node(op, [x], ["p%d" % k], name="%s%d" % (op.lower(), k)))
            x = "p%d" % k
    nodes.append(helper.make_node("Identity", [x], ["output"], name="out"))
    n_in = len(layers[0][0][0])
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("input", elem,
                                                                          ["N", n_in])],
                              [helper.make_tensor_value_info("output", elem, ["N", None])],
                              inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                              ir_version=8 if opset >= 15 else 7)
    onnx.checker.check_model(model)
    return model.SerializeToString()


@st.composite
def networks(draw):
    """Random layers ``(W, b, activation, alpha)`` and input rows with
    ordinary, large, tiny and zero values."""
    widths = draw(st.lists(st.integers(1, 6), min_size=2, max_size=4))
    weight = st.floats(-3.0, 3.0, allow_nan=False, width=32)
    layers = []
    for k in range(len(widths) - 1):
        n_in, n_out = widths[k], widths[k + 1]
        last = k == len(widths) - 2
        acts = ["relu", "leaky_relu", "sigmoid", "tanh", "linear"] + \
            (["softmax"] if last and n_out > 1 else [])
        act = draw(st.sampled_from(acts))
        alpha = draw(st.sampled_from([0.01, 0.2, 0.5, 1.7]))
        W = [[draw(weight) for _ in range(n_in)] for _ in range(n_out)]
        b = draw(st.one_of(st.none(), st.lists(weight, min_size=n_out, max_size=n_out)))
        layers.append((W, b, act, alpha))
    scale = st.sampled_from([1.0, 1e-30, 1e-6, 1e3, 1e4])
    value = st.builds(lambda v, s: v * s, st.floats(-1.0, 1.0, width=32), scale)
    X = draw(st.lists(st.lists(value, min_size=widths[0], max_size=widths[0]),
                      min_size=1, max_size=4))
    return layers, X


def rounded(layers, dtype):
    """The layers as the file holds them (weights rounded to float32 for a float32 file)."""
    if dtype == np.float64:
        return layers
    r = lambda row: [f32(v) for v in row]  # noqa: E731
    return [([r(w) for w in W], None if b is None else r(b), act, alpha)
            for W, b, act, alpha in layers]


@pytest.mark.parametrize("style", ["torch", "keras", "gemm"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@settings(max_examples=30)
@given(networks(), st.sampled_from(["raw", "listed"]), st.booleans(),
       st.sampled_from([7, 11, 13, 17, 28]))
def test_load_agrees_with_onnxruntime(style, dtype, case, storage, extras, opset):
    layers, X = case
    if opset == 28:
        opset = 22          # the newest onnxruntime 1.31 runs
    if dtype == np.float64 and any(l[2] == "leaky_relu" for l in layers):
        opset = 16          # the one opset where onnxruntime has a double LeakyRelu
    data = graph_of(layers, style, dtype, storage, opset, extras)
    net, notes = ponnx.read(data)
    assert [l.activation.name.split("(")[0] for l in net.layers] == [l[2] for l in layers]
    X = [[float(dtype(v)) for v in row] for row in X]
    assert_agrees(net.predict(X), run_ort(data, X, dtype), rounded(layers, dtype), X, dtype)


def test_the_bound_is_not_loose_enough_to_hide_a_wrong_weight():
    # one weight changed by one part in a thousand is far outside the bound
    layers = [([[0.5, -1.25, 2.0], [1.5, 0.25, -0.75]], [0.1, -0.2], "tanh", 0.01),
              ([[1.0, -2.0]], [0.3], "sigmoid", 0.01)]
    X = [[0.3, -0.7, 1.1], [2.0, 0.5, -1.0]]
    for dtype in (np.float32, np.float64):
        data = graph_of(layers, "torch", dtype)
        O = run_ort(data, X, dtype)
        net = ponnx.loads(data)
        assert_agrees(net.predict(X), O, rounded(layers, dtype), X, dtype)
        net.layers[0].weights[1][2] *= 1.001
        with pytest.raises(AssertionError):
            assert_agrees(net.predict(X), O, rounded(layers, dtype), X, dtype)


def random_network(draw_layers):
    layers, X = draw_layers
    dense = []
    for W, b, act, alpha in layers:
        name = "leaky_relu(%r)" % alpha if act == "leaky_relu" else act
        d = Dense(len(W[0]), len(W), name, bias=b is not None, seed=0)
        d.weights = [list(row) for row in W]
        d.biases = list(b) if b is not None else []
        dense.append(d)
    return Network(dense), X


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@settings(max_examples=40)
@given(networks())
def test_save_then_onnxruntime_agrees_with_predict(dtype, case):
    net, X = random_network(case)
    data = ponnx.dumps(net, "float32" if dtype == np.float32 else "float64")
    onnx.checker.check_model(onnx.load_from_string(data), full_check=True)
    # onnxruntime computes with the file's float32 weights; so does the bound
    X = [[float(dtype(v)) for v in row] for row in X]
    assert_agrees(ponnx.loads(data).predict(X), run_ort(data, X, dtype),
                  rounded(case[0], dtype), X, dtype)
    if dtype == np.float64:
        assert_agrees(net.predict(X), run_ort(data, X, dtype), case[0], X, dtype)


def test_saved_file_names_and_metadata():
    net = Network([Dense(2, 3, "relu"), Dense(3, 2, "softmax")], seed=1)
    net.metadata = {"inputs": {"names": ["x", "y"], "mean": [0.0, 1.0], "scale": [1.0, 2.0]},
                    "target": {"name": "t", "kind": "classification", "classes": ["a", "b"]}}
    m = onnx.load_from_string(ponnx.dumps(net))
    onnx.checker.check_model(m, full_check=True)
    props = dict((p.key, p.value) for p in m.metadata_props)
    assert json.loads(props["feature_names"]) == ["x", "y"]
    assert json.loads(props["classes"]) == ["a", "b"]
    assert json.loads(props["purenn.metadata"]) == net.metadata
    assert [i.name for i in m.graph.input] == ["input"]
    assert [o.name for o in m.graph.output] == ["output"]
    for vi, width in ((m.graph.input[0], 2), (m.graph.output[0], 2)):
        assert vi.type.tensor_type.elem_type == F32
        dims = vi.type.tensor_type.shape.dim
        assert (dims[0].dim_param, dims[1].dim_value) == ("N", width)
    nodes = [(n.op_type, n.name, list(n.input), list(n.output),
              [(a.name, helper.get_attribute_value(a)) for a in n.attribute])
             for n in m.graph.node]
    assert nodes == [("Gemm", "dense1", ["input", "W1", "B1"], ["Z1"], [("transB", 1)]),
                     ("Relu", "relu1", ["Z1"], ["A1"], []),
                     ("Gemm", "dense2", ["A1", "W2", "B2"], ["Z2"], [("transB", 1)]),
                     ("Softmax", "softmax2", ["Z2"], ["output"], [("axis", -1)])]
    assert [(t.name, list(t.dims)) for t in m.graph.initializer] == \
        [("W1", [3, 2]), ("B1", [3]), ("W2", [2, 3]), ("B2", [2])]
    from purenn import __version__
    assert (m.producer_name, m.producer_version) == ("purenn", __version__)
    assert [(o.domain, o.version) for o in m.opset_import] == [("", 16)]
    assert m.ir_version == 8
    net.metadata = {"inputs": ["not", "an", "object"], "target": "neither"}
    m = onnx.load_from_string(ponnx.dumps(net))
    assert [p.key for p in m.metadata_props] == ["purenn.metadata"]


def test_saved_leaky_relu_and_linear_layers():
    net = Network([Dense(2, 3, "leaky_relu(0.2)", bias=False), Dense(3, 1, "linear")], seed=1)
    m = onnx.load_from_string(ponnx.dumps(net, "float64"))
    onnx.checker.check_model(m, full_check=True)
    nodes = [(n.op_type, list(n.input), list(n.output),
              [(a.name, helper.get_attribute_value(a)) for a in n.attribute])
             for n in m.graph.node]
    assert nodes == [("Gemm", ["input", "W1"], ["Z1"], [("transB", 1)]),
                     ("LeakyRelu", ["Z1"], ["A1"], [("alpha", f32(0.2))]),
                     ("Gemm", ["A1", "W2", "B2"], ["output"], [("transB", 1)])]
    assert m.graph.initializer[0].data_type == F64


# -- scikit-learn, through skl2onnx ------------------------------------------------------

def sklearn_models():
    peer("sklearn")
    return peer("skl2onnx")


def test_sklearn_digits_classifier_gives_sklearns_classes():
    skl2onnx = sklearn_models()
    from sklearn.neural_network import MLPClassifier
    from purenn.datasets import digits
    X, Y = digits()
    y = [row.index(1.0) for row in Y]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = MLPClassifier(hidden_layer_sizes=(32,), max_iter=200, random_state=0)
        clf.fit(np.array(X[:1200]), y[:1200])
    held = np.array(X[1200:])
    expected = clf.predict(held)
    proba = clf.predict_proba(held)
    for dtype in (np.float64, np.float32):
        m = skl2onnx.to_onnx(clf, held[:1].astype(dtype), options={"zipmap": False})
        net, notes = ponnx.read(m.SerializeToString())
        assert net.metadata["target"] == {"name": "label", "kind": "classification",
                                          "classes": [str(c) for c in clf.classes_]}
        assert net.metadata["onnx"] == {"producer": "skl2onnx 1.20.0",
                                        "ir_version": m.ir_version, "notes": notes}
        assert notes == ["output 'label' (int64) left out: purenn computes 'probabilities'; "
                         "the predicted class is its largest entry"]
        got = np.array(net.predict_classes(held.tolist()))
        if dtype == np.float64:
            assert (got == expected).all()
            assert np.allclose(net.predict(held.tolist()), proba, rtol=1e-9, atol=1e-15)
        else:
            # float32 weights: the same class wherever sklearn's top two are not a near tie
            top = np.sort(proba, axis=1)
            clear = top[:, -1] - top[:, -2] > 1e-4
            assert (got[clear] == expected[clear]).all() and clear.mean() > 0.95


@pytest.mark.parametrize("activation", ["relu", "tanh", "logistic", "identity"])
def test_sklearn_two_class_and_regression(activation):
    skl2onnx = sklearn_models()
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    rng = np.random.RandomState(1)
    X = rng.randn(80, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = MLPClassifier(hidden_layer_sizes=(4,), activation=activation, max_iter=200,
                            random_state=0).fit(X, np.where(X[:, 0] > 0, "yes", "no"))
        reg = MLPRegressor(hidden_layer_sizes=(5, 3), activation=activation, max_iter=200,
                           random_state=0).fit(X, X[:, 0] - 2 * X[:, 1])
    for zipmap in (False, True):
        m = skl2onnx.to_onnx(clf, X[:1], options={"zipmap": zipmap})
        net, notes = ponnx.read(m.SerializeToString())
        assert net.n_outputs == 2 and net.layers[-1].activation.name == "softmax"
        assert any("[1 - p, p]" in n for n in notes)
        assert any("ZipMap" in n for n in notes) == zipmap
        assert net.metadata["target"]["classes"] == ["no", "yes"]
        assert np.allclose(net.predict(X.tolist()), clf.predict_proba(X), rtol=1e-9,
                           atol=1e-15)
    m = skl2onnx.to_onnx(reg, X[:1])
    net = ponnx.loads(m.SerializeToString())
    assert np.allclose(np.array(net.predict(X.tolist()))[:, 0], reg.predict(X), rtol=1e-9,
                       atol=1e-12)


# -- what is refused --------------------------------------------------------------------

def model(nodes, inits=(), inputs=(("input", F32, ["N", 2]),), outputs=(("output", F32),),
          opset=13):
    g = helper.make_graph(list(nodes), "g",
                          [helper.make_tensor_value_info(n, t, d) for n, t, d in inputs],
                          [helper.make_tensor_value_info(n, t, None) for n, t in outputs],
                          list(inits))
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)],
                             ir_version=7).SerializeToString()


W = numpy_helper.from_array(np.ones((2, 2), dtype=np.float32), "W")
B = numpy_helper.from_array(np.ones(2, dtype=np.float32), "B")
N = helper.make_node


def two_class_head(activation="Sigmoid", one=1.0, axis=1):
    """skl2onnx's two-class head ``Concat(one − p, p)`` over a 2-output Gemm's
    activation p, with its parts varied (each variation is refused)."""
    return model([N("Gemm", ["input", "W"], ["z"], name="g"),
                  N(activation, ["z"], ["p"], name="act"),
                  N("Sub", ["one", "p"], ["q"], name="sub"),
                  N("Concat", ["q", "p"], ["output"], axis=axis, name="cat")],
                 [W, numpy_helper.from_array(np.array(one, dtype=np.float32), "one")])


REFUSED = [
    ("another op", model([N("Gemm", ["input", "W"], ["z"], name="g"),
                          N("Elu", ["z"], ["output"], name="elu")], [W]),
     ["'elu' (Elu)", "supported: Gemm"]),
    ("a second input", model([N("Add", ["input", "x2"], ["output"], name="a")], [],
                             [("input", F32, ["N", 2]), ("x2", F32, ["N", 2])]),
     ["2 inputs"]),
    ("a branch", model([N("Gemm", ["input", "W"], ["z"], name="g"),
                        N("Relu", ["z"], ["r"], name="r"),
                        N("Add", ["z", "r"], ["output"], name="skip")], [W]),
     ["'skip' (Add)", "branch"]),
    ("transA", model([N("Gemm", ["input", "W"], ["output"], transA=1, name="g")], [W]),
     ["transA"]),
    ("softmax over the batch", model([N("Gemm", ["input", "W"], ["z"], name="g"),
                                      N("Softmax", ["z"], ["output"], axis=0, name="s")], [W]),
     ["'s' (Softmax)", "axis 0"]),
    ("a cast to int", model([N("Gemm", ["input", "W"], ["z"], name="g"),
                             N("Cast", ["z"], ["output"], to=TensorProto.INT64, name="c")], [W]),
     ["'c' (Cast)", "int64"]),
    ("a negative slope", model([N("Gemm", ["input", "W"], ["z"], name="g"),
                                N("LeakyRelu", ["z"], ["output"], alpha=-0.5, name="l")], [W]),
     ["'l' (LeakyRelu)", "alpha"]),
    ("two activations", model([N("Gemm", ["input", "W"], ["z"], name="g"),
                               N("Relu", ["z"], ["r"], name="r1"),
                               N("Sigmoid", ["r"], ["output"], name="s2")], [W]),
     ["'s2' (Sigmoid)", "follows no Gemm"]),
    ("an old opset", model([N("Relu", ["input"], ["output"], name="r")], opset=6),
     ["operator set 6"]),
    ("a reshape of the batch", model([N("Gemm", ["input", "W"], ["z"], name="g"),
                                      N("Reshape", ["z", "shape"], ["output"], name="rs")],
                                     [W, numpy_helper.from_array(np.array([-1, 1]), "shape")]),
     ["'rs' (Reshape)", "[-1, 1]"]),
    ("computed weights", model([N("Relu", ["input"], ["r"], name="r"),
                                N("MatMul", ["input", "r"], ["output"], name="mm")]),
     ["'mm' (MatMul)", "branch"]),
    ("weights that are not a matrix", model([N("MatMul", ["input", "B"], ["output"],
                                               name="mm")], [B]),
     ["'mm' (MatMul)", "shape [2]"]),
    ("dropout in training mode", model(
        [N("Gemm", ["input", "W"], ["z"], name="g"),
         N("Dropout", ["z", "", "train"], ["output"], name="d")],
        [W, numpy_helper.from_array(np.array(True), "train")]),
     ["'d' (Dropout)", "training_mode"]),
    ("a newer opset than known", model([N("Relu", ["input"], ["output"], name="r")],
                                       opset=29), ["operator set 29", "7 to 28"]),
    ("an int64 input", model([N("Relu", ["input"], ["output"], name="r")], [],
                             [("input", TensorProto.INT64, ["N", 2])]), ["int64"]),
    ("an op from another domain", model([N("Gemm", ["input", "W"], ["z"], name="g"),
                                         N("Normalizer", ["z"], ["output"], name="n",
                                           domain="ai.onnx.ml")], [W]),
     ["'n' (Normalizer)", "ai.onnx.ml"]),
    ("a double output from a float file", model(
        [N("Gemm", ["input", "W"], ["a"], name="g"), N("Gemm", ["input", "W"], ["b"], name="h")],
        [W], outputs=(("a", F32), ("b", F32))),
     ["2 float outputs"]),
    ("a concat that is not the two-class head", two_class_head(one=2.0),
     ["'cat' (Concat)", "branch"]),
    ("a two-class head over tanh", two_class_head("Tanh"), ["'cat' (Concat)", "branch"]),
    ("a two-class head along the batch", two_class_head(axis=0),
     ["'cat' (Concat)", "branch"]),
    ("inputs wider than the weights", model([N("MatMul", ["input", "W"], ["output"],
                                               name="mm")], [W], [("input", F32, ["N", 3])]),
     ["'mm' (MatMul)", "takes 2 inputs, the tensor before it has 3"]),
    ("rows that are not flat", model([N("MatMul", ["input", "W"], ["output"], name="mm")],
                                     [W], [("input", F32, ["N", 2, 1])]),
     ["'mm' (MatMul)", "shape [N, 2, 1]", "Flatten"]),
    ("an input of rank 1", model([N("Relu", ["input"], ["output"], name="r")], [],
                                 [("input", F32, [2])]), ["shape [2]"]),
    ("weights first", model([N("MatMul", ["W", "input"], ["output"], name="mm")], [W]),
     ["'mm' (MatMul)", "computed input first"]),
    ("a bias after the activation", model(
        [N("MatMul", ["input", "W"], ["z"], name="mm"), N("Relu", ["z"], ["r"], name="r"),
         N("Add", ["r", "B"], ["output"], name="late")], [W, B]),
     ["'late' (Add)", "before the activation"]),
    ("integer weights", model([N("MatMul", ["input", "Wi"], ["output"], name="mm")],
                              [numpy_helper.from_array(np.ones((2, 2), dtype=np.int64), "Wi")]),
     ["'mm' (MatMul)", "int64 numbers"]),
    ("a reshape without its shape", model([N("Gemm", ["input", "W"], ["z"], name="g"),
                                           N("Reshape", ["z"], ["output"], name="rs")], [W]),
     ["'rs' (Reshape)", "shape"]),
    ("a flatten of the batch", model([N("Flatten", ["input"], ["f"], axis=0, name="fl"),
                                      N("Gemm", ["f", "W"], ["output"], name="g")], [W]),
     ["'fl' (Flatten)", "axis 0"]),
    ("an output computed by no node", model([N("Gemm", ["input", "W"], ["z"], name="g")],
                                            [W]), ["'output' is computed by no node"]),
    ("an output that is a constant", model([], [numpy_helper.from_array(
        np.ones((1, 2), dtype=np.float32), "output")]), ["'output' is a constant"]),
    ("softmax over one output", model(
        [N("Gemm", ["input", "W1"], ["z"], name="g"), N("Softmax", ["z"], ["output"],
                                                       name="s")],
        [numpy_helper.from_array(np.ones((2, 1), dtype=np.float32), "W1")]),
     ["layer 1", "softmax over a single output"]),
    ("a bias of the wrong size", model([N("Gemm", ["input", "W", "B3"], ["output"],
                                          name="g")],
                                       [W, numpy_helper.from_array(np.ones(3, np.float32), "B3")]),
     ["'g' (Gemm)", "bias 'B3' has shape [3]; expected 2 numbers"]),
    ("a two-class head over two sigmoid outputs", two_class_head(),
     ["two-class head needs one sigmoid output"]),
    ("a two-class head of another tensor", model(
        [N("Gemm", ["input", "W1"], ["z"], name="g"), N("Sigmoid", ["z"], ["p"], name="s"),
         N("Relu", ["z"], ["r"], name="r"), N("Sub", ["one", "r"], ["q"], name="sub"),
         N("Concat", ["q", "p"], ["output"], axis=1, name="cat")],
        [numpy_helper.from_array(np.ones((2, 1), dtype=np.float32), "W1"),
         numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one")]),
     ["'cat' (Concat)", "branch"]),
    ("a reshape to [-1, -1]", model([N("Gemm", ["input", "W"], ["z"], name="g"),
                                     N("Reshape", ["z", "shape"], ["output"], name="rs")],
                                    [W, numpy_helper.from_array(np.array([-1, -1]), "shape")]),
     ["'rs' (Reshape)", "[-1, -1]"]),
    ("no layer at all", model([N("Identity", ["input"], ["output"], name="i")]),
     ["no Gemm or MatMul"]),
    ("no float output", model([N("Gemm", ["input", "W"], ["z"], name="g"),
                               N("ArgMax", ["z"], ["output"], name="am")], [W],
                              outputs=(("output", TensorProto.INT64),)),
     ["no float tensor output"]),
    ("a tensor computed twice", model([N("Gemm", ["input", "W"], ["output"], name="g"),
                                       N("Relu", ["input"], ["output"], name="r")], [W]),
     ["'output' is computed by two nodes"]),
    ("a second output of a node", model([N("Gemm", ["input", "W"], ["z"], name="g"),
                                         N("Dropout", ["z"], ["d", "output"], name="d")], [W]),
     ["'d' (Dropout)", "its output 'output', not its first"]),
    ("a weight that is not finite", model([N("Gemm", ["input", "Wn"], ["output"], name="g")],
                                          [numpy_helper.from_array(
                                              np.array([[1.0, np.inf], [0.0, 1.0]],
                                                       dtype=np.float32), "Wn")]),
     ["'g' (Gemm)", "holds inf"]),
]


@pytest.mark.parametrize("what, data, words", REFUSED, ids=[slug(r[0]) for r in REFUSED])
def test_refused_graphs_name_the_node_and_what_is_supported(what, data, words):
    with pytest.raises(ModelFileError) as e:
        ponnx.loads(data)
    for w in words:
        assert w in str(e.value), (w, str(e.value))


def f64(array, name):
    return numpy_helper.from_array(np.array(array, dtype=np.float64), name)


W2 = [[0.5, -1.5], [2.0, 0.25]]
D = TensorProto.DOUBLE
# (what, graph, the architecture purenn reads): each also checked against onnxruntime
ACCEPTED = [
    ("LeakyRelu without alpha is 0.01", model(
        [N("Gemm", ["input", "W", "B"], ["z"], name="g"),
         N("LeakyRelu", ["z"], ["output"], name="l")],
        [f64(W2, "W"), f64([0.1, -0.2], "B")], [("input", D, ["N", 2])], [("output", D)],
        opset=16), "Dense(2 -> 2, leaky_relu)"),
    ("LeakyRelu with alpha 0 is relu", model(
        [N("Gemm", ["input", "W"], ["z"], name="g"),
         N("LeakyRelu", ["z"], ["output"], alpha=0.0, name="l")],
        [f64(W2, "W")], [("input", D, ["N", 2])], [("output", D)], opset=16),
     "Dense(2 -> 2, relu, bias=False)"),
    ("Softmax's default axis before opset 13", model(
        [N("Gemm", ["input", "W"], ["z"], name="g"), N("Softmax", ["z"], ["output"], name="s")],
        [f64(W2, "W")], [("input", D, ["N", 2])], [("output", D)], opset=11),
     "Dense(2 -> 2, softmax, bias=False)"),
    ("Softmax's default axis from opset 13", model(
        [N("Gemm", ["input", "W"], ["z"], name="g"), N("Softmax", ["z"], ["output"], name="s")],
        [f64(W2, "W")], [("input", D, ["N", 2])], [("output", D)], opset=13),
     "Dense(2 -> 2, softmax, bias=False)"),
    ("a bias added after Gemm's own", model(
        [N("Gemm", ["input", "W", "B"], ["z"], name="g"), N("Add", ["C", "z"], ["output"],
                                                            name="a")],
        [f64(W2, "W"), f64([0.1, -0.2], "B"), f64([[1.0, 3.0]], "C")],
        [("input", D, ["N", 2])], [("output", D)]), "Dense(2 -> 2, linear)"),
    ("a scalar bias for every output", model(
        [N("MatMul", ["input", "W"], ["m"], name="mm"), N("Add", ["m", "C"], ["z"], name="a"),
         N("Tanh", ["z"], ["output"], name="t")],
        [f64(W2, "W"), f64(0.75, "C")], [("input", D, ["N", 2])], [("output", D)]),
     "Dense(2 -> 2, tanh)"),
    ("MatMul without a bias", model(
        [N("MatMul", ["input", "W"], ["z"], name="mm"), N("Sigmoid", ["z"], ["output"], name="s")],
        [f64(W2, "W")], [("input", D, [None, 2])], [("output", D)]),
     "Dense(2 -> 2, sigmoid, bias=False)"),
    ("Dropout with ratio and training_mode false, Cast to double", model(
        [N("Gemm", ["input", "W"], ["z"], name="g"), N("Relu", ["z"], ["r"], name="r"),
         N("Dropout", ["r", "ratio", "train"], ["d", "mask"], name="d"),
         N("Cast", ["d"], ["output"], to=D, name="c")],
        [f64(W2, "W"), f64(0.5, "ratio"), numpy_helper.from_array(np.array(False), "train")],
        [("input", D, ["N", 2])], [("output", D)], opset=13),
     "Dense(2 -> 2, relu, bias=False)"),
    ("Flatten's default axis, then a Constant shape for Reshape", model(
        [N("Flatten", ["input"], ["f"], name="fl"),
         N("Constant", [], ["shape"], value=numpy_helper.from_array(np.array([0, -1]), "s"),
           name="k"),
         N("Reshape", ["f", "shape"], ["r"], name="rs"),
         N("Gemm", ["r", "W4"], ["output"], transB=1, name="g")],
        [f64([[0.5, -1.5, 2.0, 0.25]], "W4")], [("input", D, ["N", 2, 2])], [("output", D)]),
     "Dense(4 -> 1, linear, bias=False)"),
    ("a Reshape to the row's own width, shape as value_ints", model(
        [N("Constant", [], ["shape"], value_ints=[-1, 2], name="k"),
         N("Reshape", ["input", "shape"], ["r"], name="rs"),
         N("Gemm", ["r", "W"], ["output"], name="g")],
        [f64(W2, "W")], [("input", D, ["N", 2])], [("output", D)]),
     "Dense(2 -> 2, linear, bias=False)"),
    ("Flatten with a negative axis", model(
        [N("Flatten", ["input"], ["f"], axis=-2, name="fl"),
         N("Gemm", ["f", "W4"], ["output"], transB=1, name="g")],
        [f64([[0.5, -1.5, 2.0, 0.25]], "W4")], [("input", D, ["N", 2, 2])], [("output", D)]),
     "Dense(4 -> 1, linear, bias=False)"),
    ("Dropout with its ratio only", model(
        [N("Gemm", ["input", "W"], ["z"], name="g"),
         N("Dropout", ["z", "ratio"], ["output"], name="d")],
        [f64(W2, "W"), f64(0.25, "ratio")], [("input", D, ["N", 2])], [("output", D)],
        opset=13), "Dense(2 -> 2, linear, bias=False)"),
    ("a bias from a Constant node's value_float", model(
        [N("Constant", [], ["c"], value_float=0.5, name="k"),
         N("MatMul", ["input", "W"], ["m"], name="mm"), N("Add", ["m", "c"], ["output"],
                                                          name="a")],
        [numpy_helper.from_array(np.array(W2, dtype=np.float32), "W")]),
     "Dense(2 -> 2, linear)"),
    ("the two-class head along axis -1", model(
        [N("Gemm", ["input", "W1", "b1"], ["z"], name="g"), N("Sigmoid", ["z"], ["p"], name="s"),
         N("Sub", ["one", "p"], ["q"], name="sub"),
         N("Concat", ["q", "p"], ["output"], axis=-1, name="cat")],
        [f64([[0.5], [-1.5]], "W1"), f64([0.25], "b1"), f64(1.0, "one")],
        [("input", D, ["N", 2])], [("output", D)]), "Dense(2 -> 2, softmax)"),
    ("the newest opset this reader knows", model(
        [N("Gemm", ["input", "W"], ["output"], name="g")],
        [f64(W2, "W")], [("input", D, ["N", 2])], [("output", D)], opset=28),
     "Dense(2 -> 2, linear, bias=False)"),
    ("an input without a shape", model(
        [N("Gemm", ["input", "W"], ["output"], transB=1, name="g")],
        [f64(W2, "W")], [("input", D, None)], [("output", D)]),
     "Dense(2 -> 2, linear, bias=False)"),
]


@pytest.mark.parametrize("what, data, architecture", ACCEPTED, ids=[slug(a[0]) for a in ACCEPTED])
def test_accepted_graphs_agree_with_onnxruntime(what, data, architecture):
    net = ponnx.loads(data)
    assert repr(net) == "Network([%s])" % architecture
    X = [[0.3, -0.7, 1.1, -2.0], [2.0, 0.5, -1.0, 0.125]]
    X = [row[:net.n_inputs] for row in X]
    shape = (2, 2, 2) if "Flatten" in what else (2, net.n_inputs)
    if "newest opset" in what:      # onnxruntime 1.31 runs opsets up to 22
        data = data.replace(b"\x10\x1c", b"\x10\x16")
        assert ponnx.read(data)[0].layers[0].weights == net.layers[0].weights
    dtype = np.float32 if "value_float" in what else np.float64     # (a float32 constant)
    O = run_ort(data, np.array(X).reshape(shape), dtype).reshape(2, -1)
    assert np.allclose(net.predict(X), O, rtol=1e-6 if dtype == np.float64 else 1e-5,
                       atol=1e-300), (net.predict(X), O)


def test_the_reader_reads_what_onnx_writes():
    """Every field the reader takes, against the onnx package's own protobuf."""
    attrs = dict(f=0.25, i=-7, s="same", t=numpy_helper.from_array(np.arange(3.0), "t"),
                 floats=[1.5, -2.0], ints=[3, -4, 2 ** 40], strings=["a", "é"])
    node = N("Custom", ["x", "", "y"], ["z", "w"], name="n1", domain="some.domain", **attrs)
    inits = [numpy_helper.from_array(np.array([[1.5, -2.0]], dtype=np.float32), "f32raw"),
             helper.make_tensor("f32list", F32, [2], [0.1, 1e-30]),
             numpy_helper.from_array(np.array([1e300, -0.0]), "f64raw"),
             helper.make_tensor("f64list", F64, [1, 2], [0.1, 2.5]),
             numpy_helper.from_array(np.array([-1, 2 ** 50], dtype=np.int64), "i64raw"),
             helper.make_tensor("i64list", TensorProto.INT64, [2], [-3, 4]),
             helper.make_tensor("i32list", TensorProto.INT32, [2], [-5, 6]),
             helper.make_tensor("strings", TensorProto.STRING, [2], [b"cat", b"dog"]),
             helper.make_tensor("scalar", F32, [], [3.0])]
    graph = helper.make_graph([node], "g",
                              [helper.make_tensor_value_info("x", F32, ["N", 3, None])],
                              [helper.make_tensor_value_info("z", F64, [5])], inits)
    m = helper.make_model(graph, producer_name="maker", producer_version="1.2",
                          opset_imports=[helper.make_opsetid("", 17),
                                         helper.make_opsetid("ai.onnx.ml", 3)])
    helper.set_model_props(m, {"k1": "v1", "k2": "é"})
    got = ponnx.parse(m.SerializeToString())
    assert (got.ir_version, got.producer, got.producer_version) == (m.ir_version, "maker", "1.2")
    assert got.opsets == {"": 17, "ai.onnx.ml": 3}
    assert got.metadata == {"k1": "v1", "k2": "é"}
    (n,) = got.nodes
    assert (n.op, n.name, n.domain, n.inputs, n.outputs) == \
        ("Custom", "n1", "some.domain", ["x", "", "y"], ["z", "w"])
    t = n.attrs.pop("t")
    assert (t.name, t.dims, t.dtype, t.values) == ("t", [3], F64, [0.0, 1.0, 2.0])
    assert n.attrs == dict(f=0.25, i=-7, s="same", floats=[1.5, -2.0], ints=[3, -4, 2 ** 40],
                           strings=["a", "é"])
    for tp in inits:
        mine = got.initializers[tp.name]
        want = numpy_helper.to_array(tp)
        assert (mine.dims, mine.dtype) == (list(tp.dims), tp.data_type)
        flat = want.flatten().tolist()
        assert mine.values == ([v if isinstance(v, str) else v.decode() for v in flat]
                               if tp.data_type == TensorProto.STRING else flat), tp.name
    assert got.inputs == [("x", F32, ["N", 3, None])]
    assert got.outputs == [("z", F64, [5])]


def test_zipmap_outputs_are_read_as_their_probabilities():
    nodes = [N("Gemm", ["input", "W"], ["z"], name="g"),
             N("Softmax", ["z"], ["probs"], name="s"),
             N("ArgMax", ["probs"], ["label"], axis=1, name="am"),
             N("ZipMap", ["probs"], ["output_probability"], classlabels_int64s=[0, 1],
               name="zm", domain="ai.onnx.ml")]
    maps = helper.make_value_info("output_probability", helper.make_sequence_type_proto(
        helper.make_map_type_proto(TensorProto.INT64, helper.make_tensor_type_proto(F32, []))))
    g = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("input", F32, ["N", 2])],
                          [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
                           maps], [W])
    data = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13),
                                               helper.make_opsetid("ai.onnx.ml", 1)],
                             ir_version=7).SerializeToString()
    net, notes = ponnx.read(data)
    assert repr(net) == "Network([Dense(2 -> 2, softmax, bias=False)])"
    assert notes == ["output 'output_probability' (ZipMap: a dictionary per row) read as the "
                     "probabilities it is made of, 'probs'",
                     "output 'label' (int64) left out: purenn computes 'probs'; the predicted "
                     "class is its largest entry"]
    assert net.predict([[1.0, 2.0]]) == [[0.5, 0.5]]


def test_initializers_listed_as_inputs_are_not_inputs():
    # IR 3 files list every initializer among the graph's inputs too
    data = model([N("Gemm", ["input", "W", "B"], ["output"], transB=1, name="g")], [W, B],
                 [("input", F32, ["N", 2]), ("W", F32, [2, 2]), ("B", F32, [2])])
    net = ponnx.loads(data)
    assert net.predict([[1.0, 2.0]]) == [[4.0, 4.0]]


def test_external_data_is_refused(tmp_path):
    w = numpy_helper.from_array(np.ones((2, 2), dtype=np.float32), "W")
    m = onnx.load_from_string(model([N("Gemm", ["input", "W"], ["output"], name="g")], [w]))
    onnx.save_model(m, str(tmp_path / "m.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="w.bin", size_threshold=0)
    with pytest.raises(ModelFileError, match="external file"):
        ponnx.load(str(tmp_path / "m.onnx"))


def test_fixtures_are_what_the_tools_write():
    """The portable suite's files (tools/onnx_fixtures.py): the same graphs
    the generator builds now, and onnxruntime's outputs for them as recorded."""
    import sys
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    try:
        import onnx_fixtures
    finally:
        sys.path.pop(0)
    folder = os.path.join(ROOT, "tests", "portable", "data")
    with open(os.path.join(folder, "onnx_expected.json")) as f:
        expected = json.load(f)
    for name, make in onnx_fixtures.MODELS:
        with open(os.path.join(folder, name + ".onnx"), "rb") as f:
            data = f.read()
        e = expected[name]
        assert onnx_fixtures.outputs(data, np.dtype(e["dtype"]).type, e["inputs"]) == \
            e["outputs"]
        if name != "sklearn_mlp":     # training may differ across platforms; the graph not
            assert make()[0].SerializeToString() == data


# -- the README's ONNX section, run as written -------------------------------------------

def readme_commands():
    """``[(command, expected output lines)]`` of the console blocks in the
    README's ONNX section; ``...`` in an output line stands for any text."""
    import re
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    section = text.split("## ONNX:", 1)[1].split("\n## ", 1)[0]
    out = []
    for block in re.findall(r"```console\n(.*?)```", section, re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                out.append((line[2:], []))
            else:
                out[-1][1].append(line)
    return out


def test_the_readme_onnx_section_runs_as_written(tmp_path):
    import re
    import subprocess
    import sys
    from conftest import find_interpreter
    sklearn_models()
    micropython = find_interpreter("PURENN_MICROPYTHON", "micropython")
    os.symlink(os.path.join(ROOT, "examples"), str(tmp_path / "examples"))
    commands = readme_commands()
    assert len(commands) >= 8
    for command, expected in commands:
        shell = re.sub(r"\bmicropython\b", micropython,
                       re.sub(r"\bpython3\b", sys.executable, command))
        r = subprocess.run(["bash", "-o", "pipefail", "-c", shell], cwd=str(tmp_path),
                           capture_output=True, text=True, timeout=600,
                           env=dict(os.environ, PYTHONPATH=ROOT))
        assert r.returncode == 0 or "| head" in command, (command, r.stderr)
        got = r.stdout.splitlines()
        assert len(got) == len(expected), (command, got)
        for g, e in zip(got, expected):
            assert re.fullmatch(re.escape(e).replace(r"\.\.\.", ".*"), g), (command, g, e)
