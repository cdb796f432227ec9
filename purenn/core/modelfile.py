"""Reading model files: the JSON format, checked completely before use.

    >>> from purenn import Network, Dense, load
    >>> net = Network([Dense(3, 4, "sigmoid"), Dense(4, 1, "sigmoid")], seed=1)
    >>> data = net.to_dict()
    >>> data["format"], data["version"], [l["n_outputs"] for l in data["layers"]]
    ('purenn-model', 2, [4, 1])
    >>> Network.from_dict(data).predict([[0, 1, 1]]) == net.predict([[0, 1, 1]])
    True

The format is specified in ``docs/model-format.md``.  In short: one JSON
object ``{"format": "purenn-model", "version": 2, "layers": [...],
"metadata": {...}}``, each layer ``{"type": "dense", "n_inputs",
"n_outputs", "activation", "bias", "weights", "biases"}``.  In version 2
files ``weights`` and ``biases`` are base64 text of the numbers' IEEE-754
bytes (little-endian doubles, row after row), which every interpreter
reads back to the same bits; lists of numbers are accepted too, and are
all version 1 has (MicroPython's unix port reads about 1 decimal in
10,000 one unit in the last place off).

This module reads: :func:`read` takes a file's bytes (refusing oversized
files unread), :func:`parse` turns text into data, and :func:`validate`
checks that data completely; ``Network.from_dict`` builds the network from
what ``validate`` returns, and ``purenn.load`` does all three.  Every
problem raises :class:`ModelFileError` (a ``ValueError``) whose message
says what is wrong and where, e.g. ``layers[1].weights[2]: expected 4
numbers, got 3``.  Nothing in a model file is ever executed: it is parsed
by ``json`` and only numbers, strings, lists and objects are accepted.
Writing is in ``purenn.core.modelwrite``, kept apart so that loading a
model on a small device does not compile the writer.
"""

import json
import os
import struct

from .errors import ModelFileError, is_number

FORMAT = "purenn-model"
#: The format version written, and the newest read (version 1 is read too).
VERSION = 2
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

#: The fields of the top-level object and of each layer, in writing order.
TOP_KEYS = ("format", "version", "layers", "metadata")
LAYER_KEYS = ("type", "n_inputs", "n_outputs", "activation", "bias", "weights", "biases")


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
    if is_number(v):
        return "a number"
    return type(v).__name__


def quote(s):
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


def copy_data(v):
    """A deep copy of JSON-like data (dicts, lists, numbers, strings)."""
    if isinstance(v, dict):
        d = {}
        for k in v:
            d[k] = copy_data(v[k])
        return d
    if isinstance(v, (list, tuple)):
        return [copy_data(x) for x in v]
    if isinstance(v, float):
        return float(v)
    return v


def check_metadata(v, where, depth, error):
    """Raise ``error`` unless v is JSON data with finite numbers and string keys
    (``depth`` is the nesting level of v, 0 for the metadata object itself)."""
    if depth > MAX_METADATA_DEPTH:
        raise error("%s: nested too deeply (more than %d levels)" % (where, MAX_METADATA_DEPTH))
    if depth == 0 and not isinstance(v, dict):
        raise error("metadata: expected an object, got %s" % _type(v))
    if isinstance(v, str):
        try:
            v.encode("utf-8")
        except UnicodeError:        # a lone surrogate: no file can hold it
            raise error("%s: a string that is not valid Unicode" % where)
        return
    if v is None or isinstance(v, bool):
        return
    if is_number(v):
        if isinstance(v, float) and not _finite(v):
            raise error("%s: expected a finite number, got %r" % (where, v))
        return
    if isinstance(v, (list, tuple)):
        for i, x in enumerate(v):
            check_metadata(x, "%s[%d]" % (where, i), depth + 1, error)
        return
    if isinstance(v, dict):
        for k in sorted([k for k in v if isinstance(k, str)]):
            check_metadata(v[k], "%s[%s]" % (where, quote(k)), depth + 1, error)
        for k in v:
            if not isinstance(k, str):
                raise error("%s: keys must be strings, got %r" % (where, k))
            check_metadata(k, "%s: a key" % where, depth + 1, error)
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


def base64_functions():
    """``(a2b_base64, b2a_base64)``: ``binascii``'s, or ``purenn.core.b64``'s
    where an interpreter has no ``binascii``."""
    try:
        from binascii import a2b_base64, b2a_base64
    except ImportError:
        from .b64 import a2b_base64, b2a_base64
    return a2b_base64, b2a_base64


def decode_floats(text, n, where, width=None):
    """The n doubles whose little-endian IEEE-754 bytes ``text`` holds in
    base64 (RFC 4648, with padding, no line breaks): a list of n finite floats.

    Only the one canonical spelling of those bytes is accepted (what
    ``modelwrite.encode_floats`` writes), so a stray character, a missing
    pad or a wrong length is an error on every interpreter, however lenient
    its ``binascii``."""
    a2b_base64, b2a_base64 = base64_functions()
    size = 8 * n
    if len(text) != (size + 2) // 3 * 4:
        _fail("%s: expected the base64 text of %d numbers (%d characters), got %d characters"
              % (where, n, (size + 2) // 3 * 4, len(text)))
    raw = None
    try:
        b = text.encode()
        raw = a2b_base64(b)
        if b2a_base64(raw)[:-1] != b:
            raw = None
    except Exception:   # binascii.Error, ValueError, or Exception on the WebAssembly port
        raw = None
    if raw is None or len(raw) != size:
        _fail("%s: not valid base64 text (RFC 4648, with padding)" % where)
    out = list(struct.unpack("<%dd" % n, raw))
    for i, v in enumerate(out):
        if v - v != 0.0:
            at = "[%d]" % i if width is None else "[%d][%d]" % (i // width, i % width)
            _fail("%s%s: expected a finite number, got %r" % (where, at, v))
    return out


def _numbers(v, where, n, version):
    """Check that v is a list of n finite numbers (or, in version 2, their
    base64 text); return it as floats."""
    if isinstance(v, str) and version >= 2:
        return decode_floats(v, n, where)
    if not isinstance(v, list):
        _fail("%s: expected a list of %d numbers%s, got %s"
              % (where, n, " or their base64 text" if version >= 2 else "", _type(v)))
    if len(v) != n:
        _fail("%s: expected %d numbers, got %d" % (where, n, len(v)))
    out = []
    for i, x in enumerate(v):
        if not is_number(x):
            _fail("%s[%d]: expected a number, got %s" % (where, i, _type(x)))
        if not _finite(x):
            _fail("%s[%d]: expected a finite number, got %r" % (where, i, x))
        out.append(float(x))
    return out


def validate(data):
    """Check ``to_dict``-style data completely; return ``[(spec, weights, biases)]``
    per layer, spec being ``(n_inputs, n_outputs, activation name, has bias)``.

    Raises :class:`ModelFileError` at the first problem found.  Shapes are
    checked first, so that absurd declared sizes are refused before any
    weight is looked at.
    """
    layers = _top_level(data)
    specs = _layer_specs(layers)
    out = []
    for k, layer in enumerate(layers):
        out.append((specs[k],) + _layer_values(layer, "layers[%d]" % k, specs[k],
                                               data["version"]))
    check_metadata(data.get("metadata", {}), "metadata", 0, ModelFileError)
    return out


def _top_level(data):
    """The ``layers`` list, after checking the fields around it."""
    if not isinstance(data, dict):
        _fail("expected a JSON object at the top level, got %s" % _type(data))
    for key in sorted([k for k in data if k not in TOP_KEYS]):
        _fail("unknown field %s at the top level (expected: %s)"
              % (quote(key), ", ".join(TOP_KEYS)))
    for key in ("format", "version", "layers"):
        if key not in data:
            _fail("missing field %s" % quote(key))
    if data["format"] != FORMAT:
        _fail("format: expected %s, got %s" % (quote(FORMAT), _short(data["format"])))
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        _fail("version: expected a whole number, got %s" % _type(version))
    if not 1 <= version <= VERSION:
        if version > VERSION:
            _fail("version: this file has format version %d; this purenn reads versions 1 "
                  "to %d (upgrade purenn)" % (version, VERSION))
        _fail("version: expected 1 or %d, got %d" % (VERSION, version))
    layers = data["layers"]
    if not isinstance(layers, list):
        _fail("layers: expected a list, got %s" % _type(layers))
    if not layers:
        _fail("layers: expected at least one layer, got an empty list")
    if len(layers) > MAX_LAYERS:
        _fail("layers: at most %d layers are allowed, got %d" % (MAX_LAYERS, len(layers)))
    return layers


def _layer_specs(layers):
    """``(n_inputs, n_outputs, activation, bias)`` of every layer, checked."""
    from .activations import get, known
    total = 0
    specs = []
    for k, layer in enumerate(layers):
        where = "layers[%d]" % k
        if not isinstance(layer, dict):
            _fail("%s: expected an object, got %s" % (where, _type(layer)))
        for key in sorted([key for key in layer if key not in LAYER_KEYS]):
            _fail("%s: unknown field %s (expected: %s)"
                  % (where, quote(key), ", ".join(LAYER_KEYS)))
        for key in LAYER_KEYS:
            if key not in layer:
                _fail("%s: missing field %s" % (where, quote(key)))
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
        try:
            activation = get(act) if isinstance(act, str) and len(act) <= 100 else None
        except ValueError:
            activation = None
        if activation is None:
            _fail("%s.activation: unknown activation %s; expected one of: %s "
                  "(or leaky_relu(alpha), a slope alpha > 0)"
                  % (where, _short(act), ", ".join(known())))
        bias = layer["bias"]
        if not isinstance(bias, bool):
            _fail("%s.bias: expected true or false, got %s" % (where, _type(bias)))
        if n_out == 1 and not activation.elementwise:
            _fail("%s: %s over a single output is always 1; a model file cannot hold it"
                  % (where, act))
        specs.append((n_in, n_out, act, bias))
    return specs


def _layer_values(layer, where, spec, version):
    """``(weights, biases)`` of one layer, as floats, checked against its spec."""
    n_in, n_out, act, bias = spec
    W = layer["weights"]
    if isinstance(W, str) and version >= 2:
        flat = decode_floats(W, n_in * n_out, where + ".weights", n_in)
        weights = [flat[j * n_in:(j + 1) * n_in] for j in range(n_out)]
    else:
        if not isinstance(W, list):
            _fail("%s.weights: expected a list of %d rows%s, got %s"
                  % (where, n_out, " or their base64 text" if version >= 2 else "", _type(W)))
        if len(W) != n_out:
            _fail("%s.weights: expected %d rows (one per output), got %d"
                  % (where, n_out, len(W)))
        weights = []
        for j, row in enumerate(W):
            weights.append(_numbers(row, "%s.weights[%d]" % (where, j), n_in, 1))
    B = layer["biases"]
    if bias:
        return weights, _numbers(B, where + ".biases", n_out, version)
    if B != [] and B != "":
        _fail("%s.biases: expected [] (or \"\") for a layer with \"bias\": false, got %s"
              % (where, _short(B)))
    return weights, []


def _short(v):
    """A short description of a value for an error message."""
    if isinstance(v, str):
        return quote(v if len(v) <= 40 else v[:40] + "...")
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if is_number(v):
        return repr(v)
    return _type(v)


# -- reading files ---------------------------------------------------------------

def _unique_keys(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ModelFileError("not a model file: the key %s appears twice in one object"
                                 % _short(k))
        d[k] = v
    return d


def parse(text, name="model"):
    """The data of a model file's JSON text (str or bytes), not yet validated."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except Exception:  # UnicodeError; its name differs between interpreters
            raise ModelFileError("%s: not a model file: the text is not valid UTF-8" % name)
    if not isinstance(text, str):
        raise ModelFileError("%s: expected the text of a model file, got %s"
                             % (name, _type(text)))
    if not text.strip():
        raise ModelFileError("%s: not a model file: it is empty" % name)
    try:
        try:
            return json.loads(text, object_pairs_hook=_unique_keys)
        except TypeError:   # MicroPython's json has no hook: duplicates go unnoticed there
            return json.loads(text)
    except ModelFileError as e:
        raise ModelFileError("%s: %s" % (name, e))
    except Exception as e:  # JSONDecodeError, ValueError, RecursionError, MemoryError
        raise ModelFileError("%s: not a model file: invalid JSON (%s)"
                             % (name, str(e) or type(e).__name__))


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


def _missing(e):
    """True when the OSError says the file does not exist (ENOENT is 2, or
    44 on the WebAssembly port)."""
    code = e.args[0] if e.args and isinstance(e.args[0], int) else None
    return code in (2, 44)


def read(path):
    """The bytes of the model file at ``path``.

    Raises :class:`ModelFileError` for a missing, unreadable or oversized file
    (an oversized one is refused before it is read).
    """
    if not isinstance(path, str):
        raise ModelFileError("model path: expected a string, got %s" % _type(path))
    if "\0" in path:
        raise ModelFileError("%s: not a file name (it holds a NUL character)" % _short(path))
    try:
        st = os.stat(path)
    except OSError as e:
        raise ModelFileError("%s: %s" % (path, "no such file" if _missing(e)
                                          else "cannot read it (%s)" % e))
    if st[0] & 0o170000 != 0o100000:      # not a regular file: a folder, a pipe, a device
        raise ModelFileError("%s: not a model file: not a regular file" % path)
    size = st[6]
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
    return data
