"""The protocol-buffer wire format, by hand: what ``purenn.onnx`` reads and writes.

A protobuf message is a sequence of fields, each a *key* then a value.  The
key is a varint ``field_number << 3 | wire_type``; the wire type says how
the value is laid out:

==========  ===============================  ==================================
wire type   value                            used by ONNX for
==========  ===============================  ==================================
0 varint    7 bits per byte, low bits        int32, int64 (negative: 10 bytes,
            first; the high bit says         two's complement), enums, bool
            "more bytes follow"
1 fixed64   8 bytes, little-endian           double
2 length    a varint n, then n bytes         strings, bytes, nested messages,
                                             packed repeated numbers
5 fixed32   4 bytes, little-endian           float
==========  ===============================  ==================================

(3 and 4, the old "groups", are not used by ONNX and are refused.)  A
field may repeat; a repeated number may come one per key or *packed*, all
in one length-delimited value.  A reader skips the fields it does not
know, which is how old readers read new files.

>>> encode_varint(300)
b'\\xac\\x02'
>>> read_varint(b'\\xac\\x02', 0, 2)
(300, 2)
>>> msg = field_string(1, "Relu") + field_varint(2, 7)
>>> [(number, kind, value) for number, kind, value in fields(msg, 0, len(msg))]
[(1, 2, (2, 6)), (2, 0, 7)]

Everything here works on index ranges of one ``bytes`` object (``start``,
``end``), so reading a nested message copies nothing; every read is
checked against its range, so a truncated or corrupt buffer raises
:class:`ModelFileError` and never reads past the end or loops.
"""

import struct

from .core.errors import ModelFileError

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5

_TWO_64 = 1 << 64


def read_varint(buf, pos, end):
    """``(value, next position)`` of the varint at ``buf[pos:end]`` (unsigned)."""
    value = 0
    shift = 0
    while True:
        if pos >= end:
            raise ModelFileError("truncated: a number runs past the end of its message")
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, pos
        shift += 7
        if shift >= 70:
            raise ModelFileError("corrupt: a number longer than 10 bytes")


def signed(value):
    """The int64 that a varint's unsigned value stands for (two's complement)."""
    value &= _TWO_64 - 1
    return value - _TWO_64 if value >= 1 << 63 else value


def fields(buf, start, end):
    """Each field of the message in ``buf[start:end]`` as ``(number, wire type, value)``.

    The value is an int for a varint, ``(start, end)`` of the bytes for a
    length-delimited field, and the position of the 8 or 4 bytes for the
    fixed ones.
    """
    pos = start
    while pos < end:
        key, pos = read_varint(buf, pos, end)
        number, kind = key >> 3, key & 7
        if number == 0:
            raise ModelFileError("corrupt: a field numbered 0")
        if kind == VARINT:
            value, pos = read_varint(buf, pos, end)
        elif kind == LENGTH:
            n, pos = read_varint(buf, pos, end)
            if n > end - pos:
                raise ModelFileError("truncated: field %d declares %d bytes, %d are left"
                                     % (number, n, end - pos))
            value = (pos, pos + n)
            pos += n
        elif kind == FIXED64 or kind == FIXED32:
            size = 8 if kind == FIXED64 else 4
            if size > end - pos:
                raise ModelFileError("truncated: field %d runs past the end" % number)
            value = pos
            pos += size
        else:
            raise ModelFileError("corrupt: field %d has wire type %d, which this reader "
                                 "does not know" % (number, kind))
        yield number, kind, value


def text(buf, span):
    """The UTF-8 string in ``buf`` at ``span`` (a length-delimited value)."""
    try:
        return bytes(buf[span[0]:span[1]]).decode("utf-8")
    except UnicodeError:
        raise ModelFileError("corrupt: a string that is not UTF-8")


def varints(buf, kind, value):
    """The numbers of one occurrence of a repeated varint field (signed ints):
    one number, or all of a packed run."""
    if kind == VARINT:
        return [signed(value)]
    if kind != LENGTH:
        raise ModelFileError("corrupt: expected whole numbers, got wire type %d" % kind)
    out = []
    pos, end = value
    while pos < end:
        v, pos = read_varint(buf, pos, end)
        out.append(signed(v))
    return out


def floats(buf, kind, value, double):
    """The numbers of one occurrence of a repeated float (or ``double``) field."""
    size, fixed, code = (8, FIXED64, "d") if double else (4, FIXED32, "f")
    if kind == fixed:
        return list(struct.unpack("<" + code, bytes(buf[value:value + size])))
    if kind != LENGTH:
        raise ModelFileError("corrupt: expected %s numbers, got wire type %d"
                             % ("double" if double else "float", kind))
    return unpack(buf, value, code)


def unpack(buf, span, code):
    """The little-endian numbers (``struct`` code ``"f"``, ``"d"``, ``"q"``...)
    filling ``buf[span]``; their byte count must divide evenly."""
    start, end = span
    size = struct.calcsize("<" + code)
    if (end - start) % size:
        raise ModelFileError("corrupt: %d bytes are not a whole number of %d-byte values"
                             % (end - start, size))
    n = (end - start) // size
    if not n:
        return []
    return list(struct.unpack("<%d%s" % (n, code), bytes(buf[start:end])))


# -- writing -------------------------------------------------------------------

def encode_varint(value):
    """The varint bytes of a whole number (a negative one as its int64 two's complement)."""
    if value < 0:
        value += _TWO_64
    out = bytearray()
    while True:
        b = value & 0x7F
        value >>= 7
        if value:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(number, kind):
    """A field's key: its number and wire type."""
    return encode_varint(number << 3 | kind)


def field_varint(number, value):
    """A varint field (an int, an enum, a bool)."""
    return key(number, VARINT) + encode_varint(value)


def field_bytes(number, data):
    """A length-delimited field holding ``data`` (bytes: a nested message, packed numbers...)."""
    return key(number, LENGTH) + encode_varint(len(data)) + data


def field_string(number, s):
    """A string field, in UTF-8."""
    return field_bytes(number, s.encode("utf-8"))


def field_float(number, value):
    """A float (fixed32) field."""
    return key(number, FIXED32) + struct.pack("<f", value)


def packed_varints(number, values):
    """A repeated int64 field, packed."""
    return field_bytes(number, b"".join([encode_varint(v) for v in values]))
