"""ONNX files: a network trained elsewhere, run here; a purenn network, run anywhere.

ONNX (onnx.ai) is the interchange format of neural networks: a protobuf
``ModelProto`` whose ``graph`` is a list of operator nodes over named
tensors, with the weights stored beside them as ``initializer`` tensors.
This module reads and writes it with nothing but the standard library: the
wire format is in :mod:`purenn.protobuf`, and only the fields of the
messages below are read (the field numbers are those of ``onnx.proto``)::

    ModelProto      1 ir_version   8 opset_import   2 producer_name
                    3 producer_version   7 graph   14 metadata_props
    GraphProto      1 node   5 initializer   11 input   12 output
    NodeProto       1 input   2 output   3 name   4 op_type   5 attribute   7 domain
    AttributeProto  1 name   20 type   2 f   3 i   4 s   5 t   7 floats   8 ints
                    9 strings
    TensorProto     1 dims   2 data_type   4 float_data   5 int32_data
                    6 string_data   7 int64_data   8 name   9 raw_data
                    10 double_data   13 external_data   14 data_location
    ValueInfoProto  1 name   2 type → TypeProto 1 tensor_type → 1 elem_type,
                    2 shape → 1 dim → 1 dim_value, 2 dim_param

:func:`load` turns a feed-forward graph into a :class:`purenn.Network`.
A layer is an affine map followed by at most one activation:

* ``Gemm(x, B, C)``: ``Y = alpha·x·B' + beta·C`` with ``B' = B`` (transB=0,
  B is inputs × outputs) or ``Bᵀ`` (transB=1, B is outputs × inputs, which
  is purenn's own layout: ``weights[j][i]``); transA must be 0;
* ``MatMul(x, W)``, optionally followed by ``Add(·, b)``: ``Y = x·W + b``;
* then ``Relu``, ``LeakyRelu`` (its ``alpha`` becomes ``leaky_relu(α)``),
  ``Sigmoid``, ``Tanh`` or ``Softmax`` over the last axis; none means
  ``linear``.

``Identity``, ``Dropout`` (at inference it passes its input on), ``Cast``
to float or double, ``Flatten`` and ``Reshape`` to ``[N, -1]`` change no
number and are passed over.  The graph must have one input and one float
output computed from it through a single chain of such nodes.  Two shapes
that exporters write around that chain are recognised and said so in the
``notes``: scikit-learn's label branch (``ArgMax`` … ``label``, beside the
probabilities; its class names become ``metadata["target"]["classes"]``),
its ``ZipMap`` dictionaries (read as the probabilities they are made of),
and its two-class head ``Concat(1 − p, p)`` over one sigmoid output,
imported as the equal two-output softmax over ``[0, z]``.  Anything else —
another operator, a second input, a branch, weights in an external file —
raises :class:`ModelFileError` naming the node, its operator and what is
supported.

:func:`save` writes any network of the built-in activations as opset 16:
one ``Gemm`` (transB=1) per layer and its activation node, the weights in
``raw_data``, float32 (the default) or float64, and the model's metadata
in ``metadata_props`` (``purenn.metadata`` holds all of it as JSON, so a
file saved here and loaded again gives the same model;
``feature_names`` and ``classes`` are there for other tools).

>>> from purenn import Network, Dense
>>> net = Network([Dense(3, 4, "tanh"), Dense(4, 2, "softmax")], seed=1)
>>> back = loads(dumps(net, dtype="float64"))
>>> back.predict([[1.0, 2.0, 3.0]]) == net.predict([[1.0, 2.0, 3.0]])
True
>>> back.metadata == net.metadata
True
>>> net, notes = read(dumps(net))
>>> notes
[]
"""

import json
import struct

from . import protobuf as pb
from .core.errors import ModelFileError

#: The default-domain operator sets this reader knows (7 to 28, onnx 1.23).
OPSETS = (7, 28)
#: The operators a graph may use on its path from input to output.
SUPPORTED = ("Gemm", "MatMul", "Add", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Softmax",
             "Identity", "Dropout", "Cast", "Flatten", "Reshape")

FLOAT, INT32, INT64, STRING, DOUBLE = 1, 6, 7, 8, 11
_TYPE_NAMES = {1: "float", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32",
               7: "int64", 8: "string", 9: "bool", 10: "float16", 11: "double",
               12: "uint32", 13: "uint64", 16: "bfloat16"}
#: Most numbers one tensor may hold (as many as a model file may).
MAX_ELEMENTS = 16 * 1024 * 1024


def type_name(code):
    return _TYPE_NAMES.get(code, "type %d" % code)


# -- the messages ------------------------------------------------------------------

class Tensor:
    """A tensor of the file: ``name``, ``dims``, ``dtype`` (ONNX code) and
    ``values`` (a flat list, row-major), or None for a type not read here."""

    def __init__(self, name, dims, dtype, values):
        self.name, self.dims, self.dtype, self.values = name, dims, dtype, values


class Node:
    """A node: ``op``, ``name``, ``domain``, ``inputs``, ``outputs`` (tensor
    names) and ``attrs`` (name → number, list, text or :class:`Tensor`)."""

    def __init__(self):
        self.op = self.name = self.domain = ""
        self.inputs, self.outputs, self.attrs = [], [], {}

    def label(self):
        """How an error names the node: ``node 'dense/MatMul' (MatMul)``."""
        op = short(self.op)[1:-1]
        return "node %s (%s)" % (short(self.name), op) if self.name else "a %s node" % op


def short(name):
    """``repr`` of a name from the file, cut to 60 characters for messages."""
    return repr(name if len(name) <= 60 else name[:60] + "...")


class Model:
    """What :func:`parse` reads: ``ir_version``, ``opsets`` (domain → version),
    ``producer`` and ``producer_version``, ``metadata`` (key → text), and
    the graph's ``nodes``, ``initializers`` (name → :class:`Tensor`),
    ``inputs`` and ``outputs`` (``(name, element type, dims)``, a dim being
    an int, a name or None)."""

    def __init__(self):
        self.ir_version = 0
        self.opsets, self.metadata = {}, {}
        self.producer = self.producer_version = ""
        self.nodes, self.initializers, self.inputs, self.outputs = [], {}, [], []


def _entry(buf, span):
    """``(key, value)`` of a StringStringEntryProto."""
    k = v = ""
    for number, kind, value in pb.fields(buf, span[0], span[1]):
        if number == 1 and kind == pb.LENGTH:
            k = pb.text(buf, value)
        elif number == 2 and kind == pb.LENGTH:
            v = pb.text(buf, value)
    return k, v


def parse(data):
    """A :class:`Model` from the bytes of an ONNX file; ModelFileError if they are not one."""
    if not isinstance(data, (bytes, bytearray)):
        raise ModelFileError("expected the bytes of an ONNX file, got %s" % type(data).__name__)
    m = Model()
    graph = None
    for number, kind, value in pb.fields(data, 0, len(data)):
        if number == 1 and kind == pb.VARINT:
            m.ir_version = value
        elif number == 2 and kind == pb.LENGTH:
            m.producer = pb.text(data, value)
        elif number == 3 and kind == pb.LENGTH:
            m.producer_version = pb.text(data, value)
        elif number == 8 and kind == pb.LENGTH:
            domain, version = _entry_opset(data, value)
            m.opsets[domain] = version
        elif number == 7 and kind == pb.LENGTH:
            graph = value
        elif number == 14 and kind == pb.LENGTH:
            k, v = _entry(data, value)
            m.metadata[k] = v
    if graph is None:
        raise ModelFileError("not an ONNX model: it has no graph")
    _graph(data, graph, m)
    return m


def _entry_opset(buf, span):
    domain, version = "", 0
    for number, kind, value in pb.fields(buf, span[0], span[1]):
        if number == 1 and kind == pb.LENGTH:
            domain = pb.text(buf, value)
        elif number == 2 and kind == pb.VARINT:
            version = pb.signed(value)
    return domain, version


def _graph(buf, span, m):
    for number, kind, value in pb.fields(buf, span[0], span[1]):
        if kind != pb.LENGTH:
            continue
        if number == 1:
            m.nodes.append(_node(buf, value))
        elif number == 5:
            t = tensor(buf, value)
            m.initializers[t.name] = t
        elif number == 11:
            m.inputs.append(_value_info(buf, value))
        elif number == 12:
            m.outputs.append(_value_info(buf, value))
        elif number == 15:
            raise ModelFileError("the graph has a sparse initializer, which this reader "
                                 "does not read")


def _node(buf, span):
    n = Node()
    for number, kind, value in pb.fields(buf, span[0], span[1]):
        if kind != pb.LENGTH:
            continue
        if number == 1:
            n.inputs.append(pb.text(buf, value))
        elif number == 2:
            n.outputs.append(pb.text(buf, value))
        elif number == 3:
            n.name = pb.text(buf, value)
        elif number == 4:
            n.op = pb.text(buf, value)
        elif number == 7:
            n.domain = pb.text(buf, value)
        elif number == 5:
            name, v = _attribute(buf, value)
            n.attrs[name] = v
    return n


def _attribute(buf, span):
    """``(name, value)``: a number, a list, text, a Tensor, or None (a graph...)."""
    name, value, listed, atype = "", None, [], 0
    for number, kind, v in pb.fields(buf, span[0], span[1]):
        if number == 1 and kind == pb.LENGTH:
            name = pb.text(buf, v)
        elif number == 20 and kind == pb.VARINT:
            atype = v
        elif number == 2:
            value = pb.floats(buf, kind, v, False)[0]
        elif number == 3 and kind == pb.VARINT:
            value = pb.signed(v)
        elif number == 4 and kind == pb.LENGTH:
            value = pb.text(buf, v)
        elif number == 5 and kind == pb.LENGTH:
            value = tensor(buf, v)
        elif number == 7:
            listed.extend(pb.floats(buf, kind, v, False))
        elif number == 8:
            listed.extend(pb.varints(buf, kind, v))
        elif number == 9 and kind == pb.LENGTH:
            listed.append(pb.text(buf, v))
    if atype in (6, 7, 8) or (value is None and listed):   # FLOATS, INTS, STRINGS
        value = listed
    return name, value


def _value_info(buf, span):
    """``(name, element type, dims)`` of a graph input or output."""
    name, elem, dims = "", 0, None
    for number, kind, value in pb.fields(buf, span[0], span[1]):
        if number == 1 and kind == pb.LENGTH:
            name = pb.text(buf, value)
        elif number == 2 and kind == pb.LENGTH:
            for n2, k2, v2 in pb.fields(buf, value[0], value[1]):
                if n2 == 1 and k2 == pb.LENGTH:          # TypeProto.tensor_type
                    elem, dims = _tensor_type(buf, v2)
    return name, elem, dims


def _tensor_type(buf, span):
    elem, dims = 0, None
    for number, kind, value in pb.fields(buf, span[0], span[1]):
        if number == 1 and kind == pb.VARINT:
            elem = value
        elif number == 2 and kind == pb.LENGTH:
            dims = []
            for n2, k2, v2 in pb.fields(buf, value[0], value[1]):
                if n2 == 1 and k2 == pb.LENGTH:
                    dims.append(_dimension(buf, v2))
    return elem, dims


def _dimension(buf, span):
    d = None
    for number, kind, value in pb.fields(buf, span[0], span[1]):
        if number == 1 and kind == pb.VARINT:
            d = pb.signed(value)
        elif number == 2 and kind == pb.LENGTH:
            d = pb.text(buf, value)
    return d


BOOL = 9
_RAW = {FLOAT: "f", DOUBLE: "d", INT64: "q", INT32: "i", BOOL: "B"}


def tensor(buf, span):
    """A :class:`Tensor` from a TensorProto; its numbers are read for float,
    double, int32, int64, bool (as 0 and 1) and string tensors."""
    name, dims, dtype, raw, external = "", [], 0, None, False
    listed, strings = [], []
    for number, kind, value in pb.fields(buf, span[0], span[1]):
        if number == 1:
            dims.extend(pb.varints(buf, kind, value))
        elif number == 2 and kind == pb.VARINT:
            dtype = value
        elif number == 8 and kind == pb.LENGTH:
            name = pb.text(buf, value)
        elif number == 9 and kind == pb.LENGTH:
            raw = value
        elif number == 4:
            listed.extend(pb.floats(buf, kind, value, False))
        elif number == 10:
            listed.extend(pb.floats(buf, kind, value, True))
        elif number in (5, 7):
            listed.extend(pb.varints(buf, kind, value))
        elif number == 6 and kind == pb.LENGTH:
            strings.append(pb.text(buf, value))
        elif number == 13 or (number == 14 and kind == pb.VARINT and value == 1):
            external = True
    if external:
        raise ModelFileError("tensor %s: its data is in an external file; save the model "
                             "with its weights inside (onnx.save_model(m, path, "
                             "save_as_external_data=False))" % short(name))
    count = 1
    for d in dims:
        if d < 0 or d > MAX_ELEMENTS:
            raise ModelFileError("tensor %s: dimension %d" % (short(name), d))
        count *= d
    if count > MAX_ELEMENTS:
        raise ModelFileError("tensor %s: %d numbers, more than the %d allowed"
                             % (short(name), count, MAX_ELEMENTS))
    if dtype == STRING:
        values = strings
    elif dtype not in _RAW:
        values = None
    else:
        values = pb.unpack(buf, raw, _RAW[dtype]) if raw is not None else listed
    if values is not None and len(values) != count:
        raise ModelFileError("tensor %s: its shape %s needs %d numbers, it holds %d"
                             % (short(name), dims, count, len(values)))
    return Tensor(name, dims, dtype, values)


# -- from a graph to a network ---------------------------------------------------------

_ACTIVATIONS = {"Relu": "relu", "Sigmoid": "sigmoid", "Tanh": "tanh", "Softmax": "softmax",
                "LeakyRelu": "leaky_relu"}
_PASSED = ("Identity", "Dropout", "Cast", "Flatten", "Reshape")


def _float32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def shortest_float32(v):
    """The shortest decimal that float32 rounds to the same value as ``v``
    (an attribute written as 0.01 is stored as 0.0099999998; this gives 0.01 back)."""
    target = _float32(v)
    for digits in range(1, 10):
        t = float(("%." + str(digits) + "g") % v)
        if _float32(t) == target:
            return t
    return v


def _constant(node):
    """The Tensor a Constant node produces (None for a kind not read here)."""
    a = node.attrs
    if isinstance(a.get("value"), Tensor):
        return a["value"]
    for key, dtype in (("value_float", FLOAT), ("value_floats", FLOAT),
                       ("value_int", INT64), ("value_ints", INT64)):
        if key in a:
            v = a[key]
            if isinstance(v, list):
                return Tensor(node.outputs[0], [len(v)], dtype, v)
            return Tensor(node.outputs[0], [], dtype, [v])
    return None


class _Layer:
    """A layer being read: its rows of weights, biases (None: none yet),
    activation name (None: none yet, which ends as linear)."""

    def __init__(self, weights):
        self.weights, self.biases, self.activation = weights, None, None


class Converter:
    """Reads one :class:`Model`'s graph as a stack of layers (see the module's docstring)."""

    def __init__(self, model):
        self.m = model
        self.notes = []
        self.consts = dict(model.initializers)
        self.producers = {}
        for node in model.nodes:
            if node.op == "Constant" and node.outputs:
                self.consts[node.outputs[0]] = _constant(node)
            for out in node.outputs:
                if out in self.producers:
                    raise ModelFileError("the graph is malformed: tensor %r is computed by "
                                         "two nodes" % out)
                self.producers[out] = node
        self.layers = []
        self.inner = None        # the dims after the batch one, when known
        self.two_class = False
        self.opset = self._opset()

    def _opset(self):
        versions = [v for d, v in self.m.opsets.items() if d in ("", "ai.onnx")]
        if not versions:
            raise ModelFileError("the model imports no default operator set (opset_import)")
        v = versions[0]
        if not OPSETS[0] <= v <= OPSETS[1]:
            raise ModelFileError("the model uses operator set %d; this reader knows %d to %d"
                                 % (v, OPSETS[0], OPSETS[1]))
        return v

    def const(self, name, node, what):
        t = self.consts.get(name)
        if t is None or t.values is None:
            raise ModelFileError("%s: its %s %r must be a constant (an initializer) of "
                                 "numbers" % (node.label(), what, name))
        return t

    # -- which tensors --------------------------------------------------------------

    def source(self):
        """The graph's one input: ``(name, dims)``."""
        real = [i for i in self.m.inputs if i[0] not in self.consts]
        if len(real) != 1:
            raise ModelFileError("the graph has %d inputs (%s); a purenn network takes one"
                                 % (len(real), ", ".join([repr(i[0]) for i in real])))
        name, elem, dims = real[0]
        if elem not in (FLOAT, DOUBLE):
            raise ModelFileError("input %r holds %s numbers; purenn reads float or double "
                                 "inputs" % (name, type_name(elem)))
        return name, dims

    def target(self):
        """The tensor the network computes: the graph's one float output."""
        outs = self.m.outputs
        chosen = [o[0] for o in outs if o[1] in (FLOAT, DOUBLE)]
        if len(chosen) > 1:
            raise ModelFileError("the graph has %d float outputs (%s); a purenn network "
                                 "computes one" % (len(chosen), ", ".join(map(repr, chosen))))
        if not chosen:
            for o in outs:
                node = self.producers.get(o[0])
                if node is not None and node.op == "ZipMap" and node.inputs:
                    self.notes.append("output %r (ZipMap: a dictionary per row) read as the "
                                      "probabilities it is made of, %r" % (o[0], node.inputs[0]))
                    chosen = [node.inputs[0]]
                    break
        if not chosen:
            raise ModelFileError("the graph has no float tensor output")
        for o in outs:
            if o[0] != chosen[0] and not (self.producers.get(o[0]) and
                                          self.producers[o[0]].op == "ZipMap"):
                self.notes.append("output %r (%s) left out: purenn computes %r; the predicted "
                                  "class is its largest entry" % (o[0], type_name(o[1]), chosen[0])
                                  if o[1] in (INT64, STRING) else
                                  "output %r (%s) left out" % (o[0], type_name(o[1])))
        return chosen[0]

    def path(self, start, end):
        """The nodes from tensor ``start`` to tensor ``end``, in order, checked to
        be one chain (each node's one computed input is the one before)."""
        out = []
        t = end
        while t != start:
            node = self.producers.get(t)
            if node is None:
                raise ModelFileError("tensor %r is %s" % (t, "a constant, not computed from "
                                     "the input" if t in self.consts else
                                     "computed by no node and is not the graph's input"))
            if len(out) > len(self.m.nodes):
                raise ModelFileError("the graph is malformed: it has a cycle")
            if node.outputs[0] != t:
                raise ModelFileError("%s: the network uses its output %r, not its first"
                                     % (node.label(), t))
            data = [x for x in node.inputs if x and x not in self.consts]
            if node.op == "Concat" and self._two_class(node, data):
                data = [node.inputs[1]]
            elif len(data) != 1:
                raise ModelFileError(
                    "%s combines %d computed tensors (%s): a branch; purenn reads a chain "
                    "of layers" % (node.label(), len(data), ", ".join(map(repr, data)))
                    if data else "%s computes from constants alone" % node.label())
            out.append(node)
            t = data[0]
        out.reverse()
        return out

    def _two_class(self, node, data):
        """Concat(1 − p, p) over a sigmoid's one output: scikit-learn's two-class head."""
        if len(node.inputs) != 2 or node.attrs.get("axis") not in (1, -1) or len(data) != 2:
            return False
        sub = self.producers.get(node.inputs[0])
        p = self.producers.get(node.inputs[1])
        if sub is None or sub.op != "Sub" or len(sub.inputs) != 2 or \
                sub.inputs[1] != node.inputs[1] or p is None or p.op != "Sigmoid":
            return False
        one = self.consts.get(sub.inputs[0])
        if one is None or one.values != [1.0]:
            return False
        self.two_class = True
        self.notes.append("%s: the two-class probabilities [1 - p, p] of one sigmoid output, "
                          "read as the equal two-output softmax over [0, z]" % node.label())
        return True

    # -- the nodes, in order ------------------------------------------------------------

    def network(self):
        """``(Network, notes)``."""
        start, dims = self.source()
        if dims is not None:
            if len(dims) < 2:
                raise ModelFileError("input %r has shape %s; purenn takes rows: "
                                     "[N, inputs]" % (start, dims))
            self.inner = [d if isinstance(d, int) and d > 0 else None for d in dims[1:]]
        for node in self.path(start, self.target()):
            if node.domain not in ("", "ai.onnx"):
                raise ModelFileError("%s is from domain %r; supported: the default domain's %s"
                                     % (node.label(), node.domain, ", ".join(SUPPORTED)))
            if node.op in ("Gemm", "MatMul"):
                self.affine(node)
            elif node.op == "Add":
                self.add(node)
            elif node.op in _ACTIVATIONS:
                self.activation(node)
            elif node.op in _PASSED:
                self.passed(node)
            elif node.op != "Concat":       # Concat: only the two-class head gets here
                raise ModelFileError("%s is not supported; supported: %s"
                                     % (node.label(), ", ".join(SUPPORTED)))
        return self.build()

    def width(self, node):
        """The input width of the next affine map (None when no shape says)."""
        if self.inner is not None and len(self.inner) != 1:
            raise ModelFileError("%s: its input has shape [N, %s]; purenn's layers take rows "
                                 "(Flatten or Reshape to [N, -1] first)"
                                 % (node.label(), ", ".join([str(d) for d in self.inner])))
        return self.inner[0] if self.inner else None

    def affine(self, node):
        if not node.inputs or node.inputs[0] in self.consts or len(node.inputs) < 2:
            raise ModelFileError("%s: purenn reads x·W with x the computed input first"
                                 % node.label())
        B = self.const(node.inputs[1], node, "weight")
        a = node.attrs
        transB = a.get("transB", 0) if node.op == "Gemm" else 0
        if node.op == "Gemm" and a.get("transA", 0):
            raise ModelFileError("%s: transA=1 transposes the input rows; supported: transA=0"
                                 % node.label())
        if len(B.dims) != 2:
            raise ModelFileError("%s: weight %r has shape %s; expected a matrix"
                                 % (node.label(), B.name, B.dims))
        n_out, n_in = B.dims if transB else (B.dims[1], B.dims[0])
        width = self.width(node)
        if width is not None and width != n_in:
            raise ModelFileError("%s: weight %r takes %d inputs, the tensor before it has %d"
                                 % (node.label(), B.name, n_in, width))
        v = _finite(B, node)
        alpha = a.get("alpha", 1.0) if node.op == "Gemm" else 1.0
        if transB:
            W = [v[j * n_in:(j + 1) * n_in] for j in range(n_out)]
        else:
            W = [v[j::n_out] for j in range(n_out)]
        if alpha != 1.0:
            W = [[alpha * w for w in row] for row in W]
        layer = _Layer(W)
        self.layers.append(layer)
        self.inner = [n_out]
        if node.op == "Gemm" and len(node.inputs) > 2 and node.inputs[2]:
            C = self.const(node.inputs[2], node, "bias")
            layer.biases = _bias(C, n_out, node, a.get("beta", 1.0))

    def add(self, node):
        b = [x for x in node.inputs if x in self.consts]
        layer = self.layers[-1] if self.layers else None
        if layer is None or layer.activation is not None or len(b) != 1:
            raise ModelFileError("%s: supported as the bias of a Gemm or MatMul (added before "
                                 "the activation)" % node.label())
        bias = _bias(self.const(b[0], node, "bias"), len(layer.weights), node, 1.0)
        layer.biases = bias if layer.biases is None else \
            [u + w for u, w in zip(layer.biases, bias)]

    def activation(self, node):
        layer = self.layers[-1] if self.layers else None
        if layer is None or layer.activation is not None:
            raise ModelFileError("%s follows no Gemm or MatMul: a purenn layer is one affine "
                                 "map and one activation" % node.label())
        name = _ACTIVATIONS[node.op]
        if node.op == "Softmax":
            axis = node.attrs.get("axis", 1 if self.opset < 13 else -1)
            if axis not in (1, -1):
                raise ModelFileError("%s: axis %r; supported: the last axis (1 or -1)"
                                     % (node.label(), axis))
        elif node.op == "LeakyRelu":
            alpha = node.attrs.get("alpha", 0.01)
            if not isinstance(alpha, float):    # an attribute of another type
                raise ModelFileError("%s: alpha is not a float attribute; supported: "
                                     "a float alpha >= 0" % node.label())
            alpha = shortest_float32(alpha)
            if alpha < 0.0 or alpha - alpha != 0.0:
                raise ModelFileError("%s: alpha %r; supported: alpha >= 0"
                                     % (node.label(), alpha))
            name = "relu" if alpha == 0.0 else "leaky_relu" if alpha == 0.01 \
                else "leaky_relu(%r)" % alpha
        layer.activation = name

    def passed(self, node):
        a = node.attrs
        if node.op == "Cast" and a.get("to") not in (FLOAT, DOUBLE):
            raise ModelFileError("%s: to %s; supported: casts to float or double"
                                 % (node.label(), type_name(a.get("to", 0))))
        if node.op == "Dropout" and len(node.inputs) > 2 and node.inputs[2]:
            mode = self.const(node.inputs[2], node, "training_mode")
            if mode.values and mode.values[0]:
                raise ModelFileError("%s: training_mode is true; supported: inference"
                                     % node.label())
        if node.op == "Flatten":
            axis = a.get("axis", 1)
            if axis != 1 and not (self.inner is not None and axis == -len(self.inner)):
                raise ModelFileError("%s: axis %r; supported: axis 1 (keep the rows)"
                                     % (node.label(), axis))
            self.flatten(node)
        elif node.op == "Reshape":
            shape = self.const(node.inputs[1] if len(node.inputs) > 1 else "", node, "shape")
            s = shape.values
            width = self.flatten(node)
            if len(s) != 2 or s[0] not in (0, -1) or s == [-1, -1] or \
                    (s[1] != -1 and (s[1] < 1 or width not in (None, s[1]))):
                raise ModelFileError("%s: to shape %s; supported: [N, -1] (0 or -1 for N, or "
                                     "the row's width for -1)" % (node.label(), s))
            if s[1] != -1:
                self.inner = [s[1]]

    def flatten(self, node):
        """Make the rows flat; returns their width (None if unknown)."""
        if self.inner is None:
            return None
        n = 1
        for d in self.inner:
            if d is None:
                self.inner = [None]
                return None
            n *= d
        self.inner = [n]
        return n

    def build(self):
        from .core.layers import Dense
        from .core.network import Network
        if not self.layers:
            raise ModelFileError("the graph has no Gemm or MatMul: no layer to read")
        last = self.layers[-1]
        if self.two_class:
            if last.activation != "sigmoid" or len(last.weights) != 1:
                raise ModelFileError("the two-class head needs one sigmoid output")
            last.weights = [[0.0] * len(last.weights[0]), last.weights[0]]
            if last.biases is not None:
                last.biases = [0.0, last.biases[0]]
            last.activation = "softmax"
        dense = []
        for k, l in enumerate(self.layers):
            try:
                dense.append(Dense.from_weights(l.weights, l.biases, l.activation or "linear"))
            except ValueError as e:
                raise ModelFileError("layer %d: %s" % (k + 1, e))
        return Network(dense), self.notes


def _finite(t, node):
    """The numbers of a weight or bias tensor: float or double, and finite."""
    if t.dtype not in (FLOAT, DOUBLE):
        raise ModelFileError("%s: tensor %s holds %s numbers; weights and biases are float "
                             "or double" % (node.label(), short(t.name), type_name(t.dtype)))
    for x in t.values:
        if x - x != 0.0:
            raise ModelFileError("%s: tensor %s holds %r; a network's weights must be finite"
                                 % (node.label(), short(t.name), x))
    return t.values


def _bias(t, n, node, scale):
    """A bias tensor as n numbers: shape [n], [1, n], or one number for all."""
    v = _finite(t, node)
    dims = [d for d in t.dims if d != 1]
    if len(v) == 1:
        v = v * n
    elif dims != [n]:
        raise ModelFileError("%s: bias %r has shape %s; expected %d numbers"
                             % (node.label(), t.name, t.dims, n))
    return [scale * b for b in v]


# -- the public functions ---------------------------------------------------------------

def read(data, name="model"):
    """``(network, notes)`` from the bytes of an ONNX file: the network, and
    what the conversion passed over or changed, as sentences."""
    try:
        model = parse(data)
        net, notes = Converter(model).network()
    except ModelFileError as e:
        text = str(e)          # names come from the file: keep the message short
        raise ModelFileError("%s: %s" % (name, text if len(text) <= 600 else
                                         text[:600] + "..."))
    net.metadata = _metadata(model, net, notes, name)
    return net, notes


def _metadata(model, net, notes, name):
    """The metadata saved by :func:`save` (``purenn.metadata``), or else where
    the model came from, the notes, and its class names when it says them."""
    from .core.modelfile import check_metadata
    own = model.metadata.get("purenn.metadata")
    if own is not None:
        try:
            md = json.loads(own)
            check_metadata(md, "metadata", 0, ModelFileError)
        except ValueError as e:     # (check_metadata wants an object at the top)
            raise ModelFileError("%s: metadata_props purenn.metadata: %s" % (name, e))
        return md
    md = {"onnx": {"producer": (model.producer + " " + model.producer_version).strip(),
                   "ir_version": model.ir_version, "notes": list(notes)}}
    classes = _classes(model)
    if classes is not None and len(classes) == net.n_outputs:
        md["target"] = {"name": "label", "kind": "classification", "classes": classes}
    return md


def _classes(model):
    """The class names an exporter wrote beside the network: the constant an
    ArrayFeatureExtractor picks the label from (skl2onnx's label branch)."""
    for node in model.nodes:
        if node.op == "ArrayFeatureExtractor" and node.inputs and \
                node.inputs[0] in model.initializers:
            values = model.initializers[node.inputs[0]].values
            if values:
                return [v if isinstance(v, str) else "%d" % v for v in values]
    return None


def loads(data, name="model"):
    """The network in the bytes of an ONNX file (see :func:`read`)."""
    return read(data, name)[0]


def load(path_or_bytes):
    """The network in an ONNX file, given its path or its bytes.

    Raises :class:`ModelFileError` (a ``ValueError``) for a file that is
    missing, unreadable, too large, not ONNX, or a graph this reader does
    not support, saying which node and why.
    """
    if isinstance(path_or_bytes, (bytes, bytearray)):
        return loads(path_or_bytes)
    from .core.modelfile import read as read_file
    return loads(read_file(path_or_bytes), path_or_bytes)


def dumps(net, dtype="float32"):
    """The bytes of an ONNX model computing ``net.predict`` (see :func:`save`)."""
    from .onnxwrite import dumps as write
    return write(net, dtype)


def save(net, path, dtype="float32"):
    """Write ``net`` to ``path`` as an ONNX model, atomically.

    One ``Gemm`` (transB=1: the weights in purenn's own layout) and one
    activation node per layer, opset 16; the weights as float32 (default;
    each rounded to the nearest float32) or float64 (exact); input
    ``"input"`` and output ``"output"``, both ``[N, width]``; the metadata
    in ``metadata_props``.  Raises ``ValueError`` for an activation ONNX has
    no operator for here, a weight that is not finite, or one too large for
    float32.  Returns the number of bytes written.  (The writer is
    :mod:`purenn.onnxwrite`, kept apart so that reading a file on a small
    device does not compile it.)
    """
    from .onnxwrite import save as write
    return write(net, path, dtype)
