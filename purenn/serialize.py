"""Keeping a model: a JSON file format, validated on load, written atomically.

    >>> from purenn import Network, Dense
    >>> net = Network([Dense(3, 4, "sigmoid"), Dense(4, 1, "sigmoid")], seed=1)
    >>> data = to_dict(net)
    >>> data["format"], data["version"], [l["n_outputs"] for l in data["layers"]]
    ('purenn-model', 1, [4, 1])
    >>> from_dict(data).predict([[0, 1, 1]]) == net.predict([[0, 1, 1]])
    True

The format is specified in ``docs/model-format.md``.  In short: one JSON
object ``{"format": "purenn-model", "version": 1, "layers": [...],
"metadata": {...}}``, each layer ``{"type": "dense", "n_inputs",
"n_outputs", "activation", "bias", "weights", "biases"}``.

Writing: keys come in a fixed order, floats are written with ``repr`` (which
reads back to the same float on every interpreter), NaN and infinities are
refused, and the file is written beside the target and renamed over it, so
a crash mid-save never leaves half a model.  The same network always gives
the same bytes on a given interpreter.

Reading: the whole file is checked before anything is built, and every
problem raises :class:`ModelFileError` (a ``ValueError``) whose message says
what is wrong and where, e.g. ``layers[1].weights[2]: expected 4 numbers,
got 3``.  Nothing in a model file is ever executed: it is parsed by ``json``
and only numbers, strings, lists and objects are accepted.
"""

import json
import os

from .errors import is_number as _is_number

FORMAT = "purenn-model"
#: The format version this module writes and the newest it reads.
VERSION = 1
#: Files larger than this are refused before being read (64 MiB).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Most weights plus biases a model may declare, in all its layers.
MAX_PARAMETERS = 16 * 1024 * 1024
#: Most inputs or outputs a single layer may declare.
MAX_WIDTH = 1024 * 1024
#: Most layers a model may have.
MAX_LAYERS = 1000
#: Deepest nesting of lists and objects allowed inside ``metadata``.
MAX_METADATA_DEPTH = 32

_TOP_KEYS = ("format", "version", "layers", "metadata")
_LAYER_KEYS = ("type", "n_inputs", "n_outputs", "activation", "bias", "weights", "biases")


class ModelFileError(ValueError):
    """A model file (or ``from_dict`` data) is not a valid purenn model.

    The message names the place, e.g. ``layers[0].activation: unknown
    activation 'gelu'; expected one of: sigmoid, tanh, ...``.
    """


def _finite(v):
    try:
        v = float(v)
    except (OverflowError, ValueError):
        return False
    return v - v == 0.0  # false for inf and NaN only


def _type(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, (list, tuple)):
        return "a list"
    if isinstance(v, dict):
        return "an object"
    if _is_number(v):
        return "a number"
    return type(v).__name__


def _quote(s):
    """A JSON string literal for s; non-ASCII characters are written as UTF-8.

    (MicroPython's ``json`` reads raw UTF-8 but not ``\\uXXXX`` surrogate
    pairs, so only ``"``, ``\\`` and control characters are escaped.)
    """
    out = []
    start = 0
    for i in range(len(s)):
        c = s[i]
        o = ord(c)
        if c == '"' or c == "\\" or o < 0x20 or o == 0x7F:
            out.append(s[start:i])
            if c == '"':
                out.append('\\"')
            elif c == "\\":
                out.append("\\\\")
            elif c == "\n":
                out.append("\\n")
            elif c == "\t":
                out.append("\\t")
            elif c == "\r":
                out.append("\\r")
            else:
                out.append("\\u%04x" % o)
            start = i + 1
    out.append(s[start:])
    return '"' + "".join(out) + '"'


def _copy(v):
    if isinstance(v, dict):
        d = {}
        for k in v:
            d[k] = _copy(v[k])
        return d
    if isinstance(v, (list, tuple)):
        return [_copy(x) for x in v]
    if isinstance(v, float):
        return float(v)
    return v


def _check_metadata(v, where, depth, error):
    """Raise ``error`` unless v is JSON data with finite numbers and string keys."""
    if depth > MAX_METADATA_DEPTH:
        raise error("%s: nested too deeply (more than %d levels)" % (where, MAX_METADATA_DEPTH))
    if depth == 0 and not isinstance(v, dict):
        raise error("metadata: expected an object, got %s" % _type(v))
    if v is None or isinstance(v, (bool, str)):
        return
    if _is_number(v):
        if isinstance(v, float) and not _finite(v):
            raise error("%s: expected a finite number, got %r" % (where, v))
        return
    if isinstance(v, (list, tuple)):
        for i, x in enumerate(v):
            _check_metadata(x, "%s[%d]" % (where, i), depth + 1, error)
        return
    if isinstance(v, dict):
        for k in sorted([k for k in v if isinstance(k, str)]):
            _check_metadata(v[k], "%s[%s]" % (where, _quote(k)), depth + 1, error)
        for k in v:
            if not isinstance(k, str):
                raise error("%s: keys must be strings, got %r" % (where, k))
        return
    raise error("%s: expected JSON data (number, string, boolean, null, list or object), "
                "got %s" % (where, type(v).__name__))


def _fail(msg):
    raise ModelFileError(msg)


def _int_field(layer, where, name):
    v = layer[name]
    if not isinstance(v, int) or isinstance(v, bool):
        _fail("%s.%s: expected a whole number, got %s" % (where, name, _type(v)))
    if v < 1 or v > MAX_WIDTH:
        _fail("%s.%s: expected a number from 1 to %d, got %d" % (where, name, MAX_WIDTH, v))
    return v


def _numbers(v, where, n):
    """Check that v is a list of n finite numbers; return it as floats."""
    if not isinstance(v, list):
        _fail("%s: expected a list of %d numbers, got %s" % (where, n, _type(v)))
    if len(v) != n:
        _fail("%s: expected %d numbers, got %d" % (where, n, len(v)))
    out = []
    for i, x in enumerate(v):
        if not _is_number(x):
            _fail("%s[%d]: expected a number, got %s" % (where, i, _type(x)))
        if not _finite(x):
            _fail("%s[%d]: expected a finite number, got %r" % (where, i, x))
        out.append(float(x))
    return out


def validate(data):
    """Check ``to_dict``-style data completely; return ``[(spec, weights, biases)]``.

    Raises :class:`ModelFileError` at the first problem found.
    """
    from .activations import NAMES as activation_names
    if not isinstance(data, dict):
        _fail("expected a JSON object at the top level, got %s" % _type(data))
    for key in sorted([k for k in data if k not in _TOP_KEYS]):
        _fail("unknown field %s at the top level (expected: %s)"
              % (_quote(key), ", ".join(_TOP_KEYS)))
    for key in ("format", "version", "layers"):
        if key not in data:
            _fail("missing field %s" % _quote(key))
    if data["format"] != FORMAT:
        _fail("format: expected %s, got %s" % (_quote(FORMAT), _short(data["format"])))
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        _fail("version: expected a whole number, got %s" % _type(version))
    if version != VERSION:
        if version > VERSION:
            _fail("version: this file has format version %d; this purenn reads version %d "
                  "(upgrade purenn)" % (version, VERSION))
        _fail("version: expected %d, got %d" % (VERSION, version))
    layers = data["layers"]
    if not isinstance(layers, list):
        _fail("layers: expected a list, got %s" % _type(layers))
    if not layers:
        _fail("layers: expected at least one layer, got an empty list")
    if len(layers) > MAX_LAYERS:
        _fail("layers: at most %d layers are allowed, got %d" % (MAX_LAYERS, len(layers)))
    # Shapes first, so that absurd declared sizes are refused before any
    # weight is looked at.
    total = 0
    specs = []
    for k, layer in enumerate(layers):
        where = "layers[%d]" % k
        if not isinstance(layer, dict):
            _fail("%s: expected an object, got %s" % (where, _type(layer)))
        for key in sorted([key for key in layer if key not in _LAYER_KEYS]):
            _fail("%s: unknown field %s (expected: %s)"
                  % (where, _quote(key), ", ".join(_LAYER_KEYS)))
        for key in _LAYER_KEYS:
            if key not in layer:
                _fail("%s: missing field %s" % (where, _quote(key)))
        if layer["type"] != "dense":
            _fail("%s.type: unknown layer type %s; expected \"dense\""
                  % (where, _short(layer["type"])))
        n_in = _int_field(layer, where, "n_inputs")
        n_out = _int_field(layer, where, "n_outputs")
        if k and n_in != specs[-1][1]:
            _fail("%s.n_inputs: expected %d (the n_outputs of layers[%d]), got %d"
                  % (where, specs[-1][1], k - 1, n_in))
        total += n_in * n_out + n_out
        if total > MAX_PARAMETERS:
            _fail("%s: the model declares more than %d parameters" % (where, MAX_PARAMETERS))
        act = layer["activation"]
        if not isinstance(act, str) or act not in activation_names:
            _fail("%s.activation: unknown activation %s; expected one of: %s"
                  % (where, _short(act), ", ".join(activation_names)))
        bias = layer["bias"]
        if not isinstance(bias, bool):
            _fail("%s.bias: expected true or false, got %s" % (where, _type(bias)))
        specs.append((n_in, n_out, act, bias))
    out = []
    for k, layer in enumerate(layers):
        where = "layers[%d]" % k
        n_in, n_out, act, bias = specs[k]
        W = layer["weights"]
        if not isinstance(W, list):
            _fail("%s.weights: expected a list of %d rows, got %s" % (where, n_out, _type(W)))
        if len(W) != n_out:
            _fail("%s.weights: expected %d rows (one per output), got %d"
                  % (where, n_out, len(W)))
        weights = []
        for j, row in enumerate(W):
            weights.append(_numbers(row, "%s.weights[%d]" % (where, j), n_in))
        B = layer["biases"]
        if bias:
            biases = _numbers(B, where + ".biases", n_out)
        else:
            if B != []:
                _fail("%s.biases: expected [] for a layer with \"bias\": false, got %s"
                      % (where, _short(B)))
            biases = []
        out.append((specs[k], weights, biases))
    metadata = data.get("metadata", {})
    _check_metadata(metadata, "metadata", 0, ModelFileError)
    return out


def _short(v):
    """A short description of a value for an error message."""
    if isinstance(v, str):
        return _quote(v if len(v) <= 40 else v[:40] + "...")
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if _is_number(v):
        return repr(v)
    return _type(v)


def from_dict(data):
    """A :class:`~purenn.network.Network` from ``to_dict`` data, validated first.

    Raises :class:`ModelFileError` if anything is wrong; nothing is built
    until everything has been checked.
    """
    checked = validate(data)
    from .layers import Dense
    from .network import Network
    layers = []
    for (n_in, n_out, act, bias), weights, biases in checked:
        # seed=0: the layer's throw-away initial weights come from a private
        # generator, so loading a model leaves purenn's default one alone.
        layer = Dense(n_in, n_out, act, bias=bias, seed=0)
        layer.weights = weights
        layer.biases = biases
        layers.append(layer)
    net = Network(layers)
    net.metadata = _copy(data.get("metadata", {}))
    return net


# -- writing (in purenn.savemodel, loaded on first use) -----------------------

def to_dict(net):
    """The network as plain data (lists, dicts, numbers, strings), checked.

    Raises ``ValueError`` for a NaN or infinite weight, or metadata that a
    JSON file cannot hold.
    """
    from .savemodel import to_dict
    return to_dict(net)


def dumps(data):
    """The JSON text of ``to_dict`` data: fixed key order, exact floats, one row per line."""
    from .savemodel import dumps
    return dumps(data)


def save(net, path):
    """Write ``net`` to ``path`` as JSON, atomically.

    The text goes to ``path + ".tmp"`` first, which is then renamed over
    ``path``: a crash mid-save leaves the old file (if any) intact.
    """
    from .savemodel import save
    save(net, path)


# -- reading files ---------------------------------------------------------------

def loads(text, name="model"):
    """A network from the JSON text of a model file (str or bytes), validated."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except Exception:  # UnicodeError; its name differs between interpreters
            raise ModelFileError("%s: not a model file: the text is not valid UTF-8" % name)
    if not text.strip():
        raise ModelFileError("%s: not a model file: it is empty" % name)
    try:
        data = json.loads(text)
    except Exception as e:  # JSONDecodeError, ValueError, RecursionError, MemoryError
        raise ModelFileError("%s: not a model file: invalid JSON (%s)"
                             % (name, str(e) or type(e).__name__))
    try:
        return from_dict(data)
    except ModelFileError as e:
        raise ModelFileError("%s: %s" % (name, e))


def _read_capped(f, size):
    """The file's bytes, or None past MAX_FILE_BYTES.

    Asks for ``size + 1`` bytes first, so a regular file is read in one
    allocation (MicroPython allocates what is asked for); a file that is
    longer than ``os.stat`` said (a device, a growing file) is read on in
    64 KiB pieces up to the limit.
    """
    chunks = []
    total = 0
    want = size + 1
    while True:
        n = min(want, MAX_FILE_BYTES + 1 - total)
        b = f.read(n)
        chunks.append(b)
        total += len(b)
        if total > MAX_FILE_BYTES:
            return None
        if len(b) < n:
            break
        want = 65536
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def load(path):
    """Read, check and build the network saved at ``path``.

    Raises :class:`ModelFileError` for a missing, unreadable, oversized or
    invalid file.
    """
    if not isinstance(path, str):
        raise ModelFileError("model path: expected a string, got %s" % _type(path))
    try:
        size = os.stat(path)[6]
    except OSError:
        raise ModelFileError("%s: no such file" % path)
    if size > MAX_FILE_BYTES:
        raise ModelFileError("%s: not a model file: %d bytes is more than the %d-byte limit"
                             % (path, size, MAX_FILE_BYTES))
    try:
        f = open(path, "rb")
        try:
            data = _read_capped(f, size)
        finally:
            f.close()
    except OSError as e:
        raise ModelFileError("%s: cannot read it (%s)" % (path, e))
    if data is None:
        raise ModelFileError("%s: not a model file: more than the %d-byte limit"
                             % (path, MAX_FILE_BYTES))
    return loads(data, path)
