"""Writing ONNX files (see :mod:`purenn.onnx`, which reads them and documents both).

Kept apart from the reader so that loading a model on a small device does
not compile the writer.
"""

import struct

from . import protobuf as pb

#: TensorProto element types (onnx.proto): float32 and float64.
FLOAT, DOUBLE = 1, 11

#: The operator set and IR version :func:`save` writes (opset 16 goes with IR 8;
#: it is the one opset where onnxruntime 1.31 runs LeakyRelu on doubles).
WRITE_OPSET, WRITE_IR = 16, 8
_OPS = {"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh", "softmax": "Softmax"}
#: Half-way between float32's largest number and 2**128: from here up, float32 rounds to inf.
_FLOAT32_MAX = 3.4028235677973366e38


def _tensor_bytes(name, dims, values, elem):
    code = "f" if elem == FLOAT else "d"
    step = 4096              # MicroPython's calls take at most 65535 arguments
    raw = b"".join([struct.pack("<%d%s" % (len(values[i:i + step]), code),
                                *values[i:i + step]) for i in range(0, len(values), step)])
    return (pb.packed_varints(1, dims) + pb.field_varint(2, elem) + pb.field_string(8, name)
            + pb.field_bytes(9, raw))


def _value_info_bytes(name, elem, width):
    dims = (pb.field_bytes(1, pb.field_string(2, "N"))
            + pb.field_bytes(1, pb.field_varint(1, width)))
    tensor_type = pb.field_varint(1, elem) + pb.field_bytes(2, dims)
    return pb.field_string(1, name) + pb.field_bytes(2, pb.field_bytes(1, tensor_type))


def _node_bytes(op, inputs, outputs, name, attrs=b""):
    out = b"".join([pb.field_string(1, x) for x in inputs])
    out += b"".join([pb.field_string(2, x) for x in outputs])
    return out + pb.field_string(3, name) + pb.field_string(4, op) + attrs


def _attr_int(name, v):
    return pb.field_bytes(5, pb.field_string(1, name) + pb.field_varint(20, 2)
                          + pb.field_varint(3, v))


def _attr_float(name, v):
    return pb.field_bytes(5, pb.field_string(1, name) + pb.field_varint(20, 1)
                          + pb.field_float(2, v))


def _layer_nodes(k, layer, x, elem, last, output):
    """``(nodes, initializers, output tensor)`` of layer k (from 1): Gemm, activation."""
    from .core.activations import LeakyRelu
    act = layer.activation
    kind = act.name if act.name in _OPS or act.name == "linear" else \
        "leaky_relu" if isinstance(act, LeakyRelu) else None
    if kind is None:
        raise ValueError("layer %d: activation %s has no ONNX operator in purenn's writer "
                         "(supported: relu, leaky_relu, sigmoid, tanh, softmax, linear)"
                         % (k, act.name))
    flat = []
    for j, row in enumerate(layer.weights):
        flat.extend(row)
    for v in flat + list(layer.biases):
        if v - v != 0.0:
            raise ValueError("layer %d: cannot save %r: a model holds finite numbers only"
                             % (k, v))
        if elem == FLOAT and not -_FLOAT32_MAX < v < _FLOAT32_MAX:
            raise ValueError("layer %d: weight %r does not fit in float32; save with "
                             "dtype=\"float64\"" % (k, v))
    inits = [_tensor_bytes("W%d" % k, [layer.n_outputs, layer.n_inputs], flat, elem)]
    inputs = [x, "W%d" % k]
    if layer.has_bias:
        inits.append(_tensor_bytes("B%d" % k, [layer.n_outputs], list(layer.biases), elem))
        inputs.append("B%d" % k)
    z = output if last and kind == "linear" else "Z%d" % k
    nodes = [_node_bytes("Gemm", inputs, [z], "dense%d" % k, _attr_int("transB", 1))]
    if kind == "linear":
        return nodes, inits, z
    a = output if last else "A%d" % k
    attrs = _attr_int("axis", -1) if kind == "softmax" else \
        _attr_float("alpha", act.alpha) if kind == "leaky_relu" else b""
    op = "LeakyRelu" if kind == "leaky_relu" else _OPS[kind]
    nodes.append(_node_bytes(op, [z], [a], "%s%d" % (kind, k), attrs))
    return nodes, inits, a


def dumps(net, dtype="float32", input_name="input", output_name="output"):
    """The bytes of an ONNX model computing ``net.predict`` (see :func:`save`)."""
    from . import __version__
    from .core.modelwrite import json_text
    if dtype not in ("float32", "float64"):
        raise ValueError("dtype: expected \"float32\" or \"float64\", got %r" % (dtype,))
    elem = FLOAT if dtype == "float32" else DOUBLE
    nodes, inits = [], []
    x = input_name
    for k, layer in enumerate(net.layers):
        n, i, x = _layer_nodes(k + 1, layer, x, elem, k == len(net.layers) - 1, output_name)
        nodes.extend(n)
        inits.extend(i)
    graph = b"".join([pb.field_bytes(1, n) for n in nodes]) + pb.field_string(2, "purenn")
    graph += b"".join([pb.field_bytes(5, t) for t in inits])
    graph += pb.field_bytes(11, _value_info_bytes(input_name, elem, net.n_inputs))
    graph += pb.field_bytes(12, _value_info_bytes(output_name, elem, net.n_outputs))
    props = [("purenn.metadata", json_text(net.metadata))]
    md = net.metadata
    names = md.get("inputs", {}).get("names") if isinstance(md.get("inputs"), dict) else None
    classes = md.get("target", {}).get("classes") if isinstance(md.get("target"), dict) else None
    for key, v in (("feature_names", names), ("classes", classes)):
        if isinstance(v, list):
            props.append((key, json_text(v)))
    model = pb.field_varint(1, WRITE_IR) + pb.field_string(2, "purenn") \
        + pb.field_string(3, __version__) \
        + pb.field_bytes(8, pb.field_string(1, "") + pb.field_varint(2, WRITE_OPSET)) \
        + pb.field_bytes(7, graph)
    for k, v in props:
        model += pb.field_bytes(14, pb.field_string(1, k) + pb.field_string(2, v))
    return model


def save(net, path, dtype="float32"):
    """Write ``net`` to ``path`` as an ONNX model, atomically (see ``purenn.onnx.save``);
    return the number of bytes written."""
    from .core.modelwrite import write_atomic
    if not isinstance(path, str) or not path:
        raise ValueError("save: expected a file path, got %r" % (path,))
    data = dumps(net, dtype)
    write_atomic(path, data)
    return len(data)
