"""Writing model files: ``to_dict``, ``dumps`` and ``save``.

Writing: keys come in a fixed order, weights and biases as the base64 text
of their IEEE-754 bytes (:func:`encode_floats`: every interpreter reads back
the same bits), other floats with ``repr``, NaN and infinities are
refused, and the file is written beside the target and renamed over it, so
a crash mid-save never leaves half a model.  The same network gives the
same bytes on every interpreter (unless its metadata holds floats, which
MicroPython may spell differently).  What is written is checked with the
reader's own ``validate`` first: a saved model always loads.

Kept apart from the reader (``purenn.core.modelfile``) so that loading a
model on a small device does not compile the writer.
"""

import os
import struct

from .errors import ModelFileError
from .modelfile import (FORMAT, LAYER_KEYS, MAX_METADATA_DEPTH, TOP_KEYS, VERSION,
                        base64_functions, check_metadata, copy_data, validate)

# Writing order of the known keys; any other key (inside metadata) follows
# them, sorted.
_RANK = {}
for _i, _k in enumerate(TOP_KEYS + LAYER_KEYS):
    _RANK[_k] = _i


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


def _finite(v, where):
    """v as a float; ValueError unless it is a finite number (JSON has no NaN
    or infinity, and a model file holds none in its bytes either)."""
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        raise ValueError("%s: cannot save %r: expected a number" % (where, v))
    v = float(v)
    if v - v != 0.0:
        raise ValueError("%s: cannot save %r: a model file holds finite numbers only"
                         % (where, v))
    return v


def encode_floats(values):
    """The base64 text (RFC 4648, with padding) of the floats' IEEE-754 bytes,
    little-endian, in order: what ``modelfile.decode_floats`` reads back."""
    b2a_base64 = base64_functions()[1]
    return b2a_base64(struct.pack("<%dd" % len(values), *values))[:-1].decode()


def _ordered_keys(d):
    return sorted(d, key=lambda k: (_RANK.get(k, 999), k))


def _write(value, out, where, depth, indent):
    """Append the JSON text of ``value`` to the list ``out``.

    ``indent`` is the indentation of the current line, or None to write
    everything on one line (used for rows of numbers).
    """
    if depth > MAX_METADATA_DEPTH + 3:
        raise ValueError("%s: nested too deeply (more than %d levels)"
                         % (where, MAX_METADATA_DEPTH))
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(quote(value))
    elif isinstance(value, int):
        out.append("%d" % value)
    elif isinstance(value, float):
        out.append(repr(_finite(value, where)))
    elif isinstance(value, (list, tuple)):
        flat = indent is None or not [v for v in value if isinstance(v, (list, tuple, dict))]
        if flat:
            out.append("[")
            for i, v in enumerate(value):
                if i:
                    out.append(", ")
                _write(v, out, "%s[%d]" % (where, i), depth + 1, None)
            out.append("]")
        else:
            inner = indent + "  "
            out.append("[")
            for i, v in enumerate(value):
                out.append(",\n" + inner if i else "\n" + inner)
                _write(v, out, "%s[%d]" % (where, i), depth + 1, inner)
            out.append("\n" + indent + "]")
    elif isinstance(value, dict):
        for k in value:
            if not isinstance(k, str):
                raise ValueError("%s: keys must be strings, got %r" % (where, k))
        # the model's own objects in their documented order; metadata sorted
        keys = sorted(value) if where.startswith("metadata") else _ordered_keys(value)
        if not keys:
            out.append("{}")
            return
        inner = None if indent is None else indent + "  "
        out.append("{")
        for i, k in enumerate(keys):
            if inner is None:
                if i:
                    out.append(", ")
            else:
                out.append((",\n" if i else "\n") + inner)
            out.append(quote(k))
            out.append(": ")
            _write(value[k], out, "%s.%s" % (where, k) if where else k, depth + 1, inner)
        out.append("}" if inner is None else "\n" + indent + "}")
    else:
        raise ValueError("%s: cannot save a %s; a model file holds only numbers, strings, "
                         "booleans, null, lists and objects" % (where, type(value).__name__))


def json_text(value):
    """``value`` (JSON-like data) as compact JSON text, on one line, in the
    writer's key order; used to show metadata values."""
    out = []
    _write(value, out, "", 0, None)
    return "".join(out)


def dumps(data):
    """The JSON text of ``to_dict`` data: fixed key order; from version 2 on,
    each layer's weights and biases as :func:`encode_floats` text (version 1:
    one row of numbers per line)."""
    if isinstance(data, dict) and isinstance(data.get("version"), int) and data["version"] >= 2 \
            and isinstance(data.get("layers"), list):
        data = _encoded(data)
    out = []
    _write(data, out, "", 0, "")
    out.append("\n")
    return "".join(out)


def _encoded(data):
    """A copy of ``data`` whose layers hold their weights and biases as
    base64 text (lists of numbers become text; anything else stays)."""
    copy = dict(data)
    copy["layers"] = []
    for k, layer in enumerate(data["layers"]):
        if isinstance(layer, dict):
            layer = dict(layer)
            W, B = layer.get("weights"), layer.get("biases")
            if isinstance(W, list) and not [r for r in W if not isinstance(r, list)]:
                layer["weights"] = encode_floats(
                    [_finite(v, "layers[%d].weights[%d][%d]" % (k, j, i))
                     for j, row in enumerate(W) for i, v in enumerate(row)])
            if isinstance(B, list) and layer.get("bias") is True:
                layer["biases"] = encode_floats(
                    [_finite(v, "layers[%d].biases[%d]" % (k, j)) for j, v in enumerate(B)])
        copy["layers"].append(layer)
    return copy


def to_dict(net):
    """The network as plain data (lists, dicts, numbers, strings), checked.

    Raises ``ValueError`` for a NaN or infinite weight, or metadata that a
    JSON file cannot hold.
    """
    layers = []
    for k, layer in enumerate(net.layers):
        where = "layers[%d]" % k
        weights = []
        for j, row in enumerate(layer.weights):
            weights.append([_finite(w, "%s.weights[%d][%d]" % (where, j, i))
                            for i, w in enumerate(row)])
        biases = [_finite(b, "%s.biases[%d]" % (where, j)) for j, b in enumerate(layer.biases)]
        layers.append({
            "type": "dense",
            "n_inputs": layer.n_inputs,
            "n_outputs": layer.n_outputs,
            "activation": layer.activation.name,
            "bias": bool(layer.has_bias),
            "weights": weights,
            "biases": biases,
        })
    metadata = getattr(net, "metadata", None)
    if metadata is None:
        metadata = {}
    check_metadata(metadata, "metadata", 0, ValueError)
    data = {"format": FORMAT, "version": VERSION, "layers": layers,
            "metadata": copy_data(metadata)}
    try:
        validate(data)   # what is saved must load: shapes, chaining, names
    except ModelFileError as e:
        raise ValueError("cannot save this network: %s" % e)
    return data


def save(net, path, sync=True):
    """Write ``net`` to ``path`` as JSON, atomically (see :func:`write_atomic`)."""
    write_atomic(path, dumps(to_dict(net)).encode("utf-8"), sync)


class AtomicFile:
    """A file that replaces ``path`` whole, or not at all.

    The bytes written go to a new file beside ``path``, created exclusively
    under an unpredictable name (``path.tmp-`` and 16 hex digits; never
    following a link someone planted there). :meth:`commit` flushes it to
    disk where the interpreter can, then renames it over ``path``;
    :meth:`abort` removes it. A crash mid-write leaves the old file (if any)
    intact, and concurrent writers never share a file (the last rename wins;
    readers only ever see a complete file).
    """

    def __init__(self, path):
        self.path = path
        self.tmp, self.file = _new_file(path)

    def write(self, data):
        self.file.write(data)

    def commit(self, sync=True):
        """Put the file in place of ``path`` (on an error: :meth:`abort`, then raise);
        with ``sync``, flushed to the disk first, where the interpreter can."""
        try:
            f = self.file
            f.flush()
            try:
                if sync:
                    os.fsync(f.fileno())
            except (AttributeError, OSError):  # MicroPython has no fsync
                pass
            self.file = None
            f.close()
            os.rename(self.tmp, self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self):
        """Remove the new file; ``path`` stays as it was."""
        if self.file is not None:
            try:
                self.file.close()
            except OSError:
                pass
            self.file = None
        try:
            os.remove(self.tmp)
        except OSError:
            pass


def write_atomic(path, data, sync=True):
    """Write the bytes ``data`` to ``path`` so that it is never half-written
    (see :class:`AtomicFile`); the temporary file is removed on any error.
    ``sync=False`` skips the flush to the disk (``fsync``): the file is then
    safe from a crash of the program, not from one of the machine."""
    out = AtomicFile(path)
    try:
        out.write(data)
    except BaseException:
        out.abort()
        raise
    out.commit(sync)


def _token():
    """16 unpredictable hex digits (from os.urandom, else the clock)."""
    try:
        raw = os.urandom(8)
    except (AttributeError, NotImplementedError, OSError):   # MicroPython on wasm
        import time
        from .rng import Rng
        r = Rng(int(time.time() * 1000003))
        return "%08x%08x" % (r.next_u32(), r.next_u32())
    return "".join(["%02x" % b for b in raw])


def _new_file(path):
    """``(name, file)``: a new file beside ``path``, open for writing bytes."""
    flags = getattr(os, "O_WRONLY", 1) | getattr(os, "O_CREAT", 64) | getattr(os, "O_EXCL", 128) \
        | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = path + ".tmp-" + _token()
        if hasattr(os, "open") and hasattr(os, "fdopen"):
            try:
                fd = os.open(name, flags, 0o666)
            except OSError:
                if _exists(name):       # taken (by chance, or planted): another name
                    continue
                raise
            return name, os.fdopen(fd, "wb")
        # MicroPython has no os.open: check that the name is free, then create it
        if not _exists(name):
            return name, open(name, "wb")
    raise OSError("cannot create a temporary file beside %s" % path)


def _exists(name):
    try:
        os.stat(name)
    except OSError:
        try:                        # a dangling link: stat fails, lstat does not
            os.lstat(name)
        except (AttributeError, OSError):
            return False
    return True
