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

:func:`read` takes a file's bytes (refusing oversized files unread),
:func:`parse` turns text into data, and :func:`validate` checks that data
completely, decoding the numbers as it goes; ``purenn.load`` does all
three and builds the network.  Every problem raises
:class:`ModelFileError` (a ``ValueError``) whose message says what is
wrong and where, e.g. ``layers[1].weights[2]: expected 4 numbers, got 3``.
Nothing in a model file is ever executed.  Writing is in
``purenn.core.modelwrite``, kept apart so that loading a model on a small
device does not compile the writer.
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


def _fail(msg):
    raise ModelFileError(msg)


def kind(v):
    """What a JSON value is, for messages: "a string", "a list", "null"..."""
    if v is None:
        return "null"
    for t, name in ((bool, "a boolean"), (str, "a string"), ((list, tuple), "a list"),
                    (dict, "an object")):
        if isinstance(v, t):
            return name
    return "a number" if is_number(v) else type(v).__name__


def show(v):
    """A short spelling of a JSON value, for messages (strings quoted as in JSON)."""
    if isinstance(v, str):
        return json.dumps(v if len(v) <= 40 else v[:40] + "...")
    if v is None or isinstance(v, bool):
        return json.dumps(v)
    return repr(v) if is_number(v) else kind(v)


def _fields(d, where, keys, optional=()):
    """Unknown fields first (sorted), then missing ones (in ``keys`` order)."""
    for key in sorted([k for k in d if k not in keys]):
        _fail("%s: unknown field %s (expected: %s)" % (where, show(key), ", ".join(keys)))
    for key in keys:
        if key not in d and key not in optional:
            _fail("%s: missing field %s" % (where, show(key)))


# -- the numbers ------------------------------------------------------------------------

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
    chars = (8 * n + 2) // 3 * 4
    if len(text) != chars:
        _fail("%s: expected the base64 text of %d numbers (%d characters), got %d characters"
              % (where, n, chars, len(text)))
    try:
        b = text.encode()
        raw = a2b_base64(b)
        if b2a_base64(raw)[:-1] != b:
            raw = b""
    except Exception:   # binascii.Error, ValueError, or Exception on the WebAssembly port
        raw = b""
    if len(raw) != 8 * n:
        _fail("%s: not valid base64 text (RFC 4648, with padding)" % where)
    out = list(struct.unpack("<%dd" % n, raw))
    for i, v in enumerate(out):
        if v - v != 0.0:
            at = "[%d]" % i if width is None else "[%d][%d]" % (i // width, i % width)
            _fail("%s%s: expected a finite number, got %r" % (where, at, v))
    return out


def _numbers(v, where, n, version):
    """v as n finite floats: a list of n numbers, or (version 2) their base64 text."""
    if isinstance(v, str) and version > 1:
        return decode_floats(v, n, where)
    if not isinstance(v, list):
        _fail("%s: expected a list of %d numbers%s, got %s"
              % (where, n, " or their base64 text" if version > 1 else "", kind(v)))
    if len(v) != n:
        _fail("%s: expected %d numbers, got %d" % (where, n, len(v)))
    out = []
    for i, x in enumerate(v):
        if not is_number(x):
            _fail("%s[%d]: expected a number, got %s" % (where, i, kind(x)))
        try:
            x = float(x)
        except OverflowError:       # an int beyond the floats
            x = 1e999
        if x - x != 0.0:
            _fail("%s[%d]: expected a finite number, got %s" % (where, i, show(v[i])))
        out.append(x)
    return out


def _weights(W, where, n_in, n_out, version):
    """A layer's weights: ``n_out`` rows of ``n_in`` floats."""
    if isinstance(W, str) and version > 1:
        flat = decode_floats(W, n_in * n_out, where, n_in)
        return [flat[j * n_in:(j + 1) * n_in] for j in range(n_out)]
    if not isinstance(W, list):
        _fail("%s: expected a list of %d rows%s, got %s"
              % (where, n_out, " or their base64 text" if version > 1 else "", kind(W)))
    if len(W) != n_out:
        _fail("%s: expected %d rows (one per output), got %d" % (where, n_out, len(W)))
    return [_numbers(row, "%s[%d]" % (where, j), n_in, 1) for j, row in enumerate(W)]


# -- the structure ------------------------------------------------------------------------

def validate(data):
    """Check ``to_dict``-style data completely; return ``[(spec, weights, biases)]``
    per layer, spec being ``(n_inputs, n_outputs, activation name, has bias)``.

    Raises :class:`ModelFileError` at the first problem found.  Shapes are
    checked first, so that absurd declared sizes are refused before any
    weight is looked at.
    """
    if not isinstance(data, dict):
        _fail("expected a JSON object at the top level, got %s" % kind(data))
    _fields(data, "the top level", TOP_KEYS, ("metadata",))
    if data["format"] != FORMAT:
        _fail("format: expected %s, got %s" % (show(FORMAT), show(data["format"])))
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        _fail("version: expected a whole number, got %s" % kind(version))
    if version > VERSION:
        _fail("version: this file has format version %d; this purenn reads versions 1 to %d "
              "(upgrade purenn)" % (version, VERSION))
    if version < 1:
        _fail("version: expected 1 or %d, got %d" % (VERSION, version))
    layers = data["layers"]
    if not isinstance(layers, list) or not 1 <= len(layers) <= MAX_LAYERS:
        _fail("layers: expected a list of 1 to %d layers, got %s"
              % (MAX_LAYERS, "%d" % len(layers) if isinstance(layers, list) else kind(layers)))
    specs = _specs(layers)
    out = []
    for k, layer in enumerate(layers):
        n_in, n_out, act, bias = specs[k]
        where = "layers[%d]" % k
        W = _weights(layer["weights"], where + ".weights", n_in, n_out, version)
        B = layer["biases"]
        if bias:
            B = _numbers(B, where + ".biases", n_out, version)
        elif B != [] and B != "":
            _fail("%s.biases: expected [] for a layer with \"bias\": false, got %s"
                  % (where, show(B)))
        out.append((specs[k], W, B if bias else []))
    check_metadata(data.get("metadata", {}), "metadata", 0, ModelFileError)
    return out


def _whole(layer, where, name):
    v = layer[name]
    if not isinstance(v, int) or isinstance(v, bool):
        _fail("%s.%s: expected a whole number, got %s" % (where, name, kind(v)))
    if not 1 <= v <= MAX_WIDTH:
        _fail("%s.%s: expected a number from 1 to %d, got %d" % (where, name, MAX_WIDTH, v))
    return v


def _specs(layers):
    """``(n_inputs, n_outputs, activation, bias)`` of every layer, checked."""
    from .activations import get, known
    total = 0
    specs = []
    for k, layer in enumerate(layers):
        where = "layers[%d]" % k
        if not isinstance(layer, dict):
            _fail("%s: expected an object, got %s" % (where, kind(layer)))
        _fields(layer, where, LAYER_KEYS)
        if layer["type"] != "dense":
            _fail("%s.type: unknown layer type %s; expected \"dense\""
                  % (where, show(layer["type"])))
        n_in = _whole(layer, where, "n_inputs")
        n_out = _whole(layer, where, "n_outputs")
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
                  % (where, show(act), ", ".join(known())))
        if not isinstance(layer["bias"], bool):
            _fail("%s.bias: expected true or false, got %s" % (where, kind(layer["bias"])))
        if n_out == 1 and not activation.elementwise:
            _fail("%s: %s over a single output is always 1; a model file cannot hold it"
                  % (where, act))
        specs.append((n_in, n_out, act, layer["bias"]))
    return specs


def check_metadata(v, where, depth, error):
    """Raise ``error`` unless v is JSON data with finite numbers and string keys
    (``depth`` is the nesting level of v, 0 for the metadata object itself)."""
    if depth > MAX_METADATA_DEPTH:
        raise error("%s: nested too deeply (more than %d levels)" % (where, MAX_METADATA_DEPTH))
    if depth == 0 and not isinstance(v, dict):
        raise error("metadata: expected an object, got %s" % kind(v))
    if isinstance(v, str):
        try:
            v.encode("utf-8")
        except UnicodeError:        # a lone surrogate: no file can hold it
            raise error("%s: a string that is not valid Unicode" % where)
    elif isinstance(v, float):
        if v - v != 0.0:
            raise error("%s: expected a finite number, got %r" % (where, v))
    elif isinstance(v, (list, tuple)):
        for i, x in enumerate(v):
            check_metadata(x, "%s[%d]" % (where, i), depth + 1, error)
    elif isinstance(v, dict):
        for k in sorted([k for k in v if isinstance(k, str)]):
            check_metadata(v[k], "%s[%s]" % (where, show(k)), depth + 1, error)
        for k in v:
            if not isinstance(k, str):
                raise error("%s: keys must be strings, got %r" % (where, k))
            check_metadata(k, "%s: a key" % where, depth + 1, error)
    elif not (v is None or isinstance(v, bool) or is_number(v)):
        raise error("%s: expected JSON data (number, string, boolean, null, list or object), "
                    "got %s" % (where, type(v).__name__))


def copy_data(v):
    """A deep copy of JSON-like data (dicts, lists, numbers, strings)."""
    if isinstance(v, dict):
        d = {}
        for k in v:
            d[k] = copy_data(v[k])
        return d
    if isinstance(v, (list, tuple)):
        return [copy_data(x) for x in v]
    return float(v) if isinstance(v, float) else v


# -- reading files ------------------------------------------------------------------------

def _unique_keys(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ModelFileError("not a model file: the key %s appears twice in one object"
                                 % show(k))
        d[k] = v
    return d


def parse(text, name="model"):
    """The data of a model file's JSON text (str or bytes), not yet validated."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except Exception:  # UnicodeError; its name differs between interpreters
            _fail("%s: not a model file: the text is not valid UTF-8" % name)
    if not isinstance(text, str):
        _fail("%s: expected the text of a model file, got %s" % (name, kind(text)))
    if not text.strip():
        _fail("%s: not a model file: it is empty" % name)
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


def read(path):
    """The bytes of the model file at ``path``.

    Raises :class:`ModelFileError` for a missing, unreadable or oversized file
    (an oversized one is refused before it is read).  A regular file is read
    in one piece (MicroPython allocates what is asked for); one that turns out
    longer than ``os.stat`` said is read on in 64 KiB pieces up to the limit.
    """
    if not isinstance(path, str):
        _fail("model path: expected a string, got %s" % kind(path))
    if "\0" in path:
        _fail("%s: not a file name (it holds a NUL character)" % show(path))
    try:
        st = os.stat(path)
    except OSError as e:
        code = e.args[0] if e.args and isinstance(e.args[0], int) else None
        _fail("%s: %s" % (path, "no such file" if code in (2, 44)      # 44: ENOENT on wasm
                          else "cannot read it (%s)" % e))
    if st[0] & 0o170000 != 0o100000:      # not a regular file: a folder, a pipe, a device
        _fail("%s: not a model file: not a regular file" % path)
    if st[6] > MAX_FILE_BYTES:
        _fail("%s: not a model file: %d bytes is more than the %d-byte limit"
              % (path, st[6], MAX_FILE_BYTES))
    chunks, total, want = [], 0, st[6] + 1
    try:
        f = open(path, "rb")
        try:
            while True:
                n = min(want, MAX_FILE_BYTES + 1 - total)
                b = f.read(n)
                chunks.append(b)
                total += len(b)
                if total > MAX_FILE_BYTES or len(b) < n:
                    break
                want = 65536
        finally:
            f.close()
    except OSError as e:
        _fail("%s: cannot read it (%s)" % (path, e))
    if total > MAX_FILE_BYTES:
        _fail("%s: not a model file: more than the %d-byte limit" % (path, MAX_FILE_BYTES))
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
