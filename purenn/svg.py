"""The pieces every SVG picture of purenn is written with.

A picture is a list of lines of SVG text joined at the end; these helpers
write the parts (a document's start, a text label, a coordinate, a colour)
the same way every time, so the same input gives the same bytes.  Nothing
here knows about networks: :mod:`purenn.plot` and :mod:`purenn.maps` draw
with them.

>>> coord(2.0), coord(1.005), coord(-0.001)
('2', '1', '0')
>>> rgb(mix(POSITIVE, 0.5))
'#92b1f5'
>>> diverging(-1.0, 2.0) == mix(NEGATIVE, 0.5)
True
>>> number(0.25), number(12345.0), number(0.0001)
('0.25', '1.2e+04', '1.0e-04')
"""

import math

#: Blue for positive, orange for negative (the usual playground colours).
POSITIVE = (37, 99, 235)
NEGATIVE = (234, 88, 12)
GREY = (148, 163, 184)
GREEN = (22, 163, 74)
INK = "#1f2937"
MUTED = "#6b7280"
FONT = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""
#: A label's white outline, so that it reads over lines and curves.
HALO = ' stroke="white" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
#: Fill colours of classes 0, 1, 2, ... in a decision map (cycled).
CLASS_COLOURS = ((234, 88, 12), (37, 99, 235), (22, 163, 74), (147, 51, 234),
                 (219, 39, 119), (202, 138, 4), (8, 145, 178), (100, 116, 139))


def escape(text):
    """text for XML: the markup characters escaped, control characters (which
    XML 1.0 does not allow) as ``?``."""
    text = "".join(["?" if ord(c) < 0x20 and c not in "\t\n\r" else c for c in str(text)])
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;")


def coord(v):
    """A coordinate: at most 2 decimals, no trailing zeros."""
    s = "%.2f" % v
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def rgb(c):
    """``#rrggbb`` of an (r, g, b) triple of numbers from 0 to 255."""
    return "#%02x%02x%02x" % (int(c[0] + 0.5), int(c[1] + 0.5), int(c[2] + 0.5))


def mix(c, t, base=(255, 255, 255)):
    """Colour c mixed into base: t = 0 gives base, t = 1 gives c (t is clamped)."""
    t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
    return (base[0] + (c[0] - base[0]) * t, base[1] + (c[1] - base[1]) * t,
            base[2] + (c[2] - base[2]) * t)


def diverging(v, scale):
    """Blue for v > 0, orange for v < 0, white at 0, full colour at |v| ≥ scale."""
    if not scale > 0.0:
        return (255.0, 255.0, 255.0)
    return mix(POSITIVE if v >= 0.0 else NEGATIVE, abs(v) / scale)


def text(x, y, s, size=12, anchor="middle", colour=INK, extra=""):
    """A ``<text>`` element; s is escaped."""
    return '<text x="%s" y="%s" font-size="%s" text-anchor="%s" fill="%s"%s>%s</text>' % (
        coord(x), coord(y), size, anchor, colour, extra, escape(s))


def start(width, height, title):
    """The first lines of a picture: the ``<svg>`` element, its title, a white page."""
    return ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
            'viewBox="0 0 %d %d" %s>' % (width, height, width, height, FONT),
            "<title>%s</title>" % escape(title),
            '<rect width="100%" height="100%" fill="white"/>']


def title(s):
    """A ``<title>`` child: what a browser shows when the pointer rests on its parent."""
    return "<title>%s</title>" % escape(s)


def number(v):
    """A tick or legend label: short and exact enough."""
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1e4 or a < 1e-3:
        return "%.1e" % v
    s = "%.4f" % v
    s = s.rstrip("0").rstrip(".")
    return s


def nice_ticks(lo, hi, count=5):
    """About ``count`` round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10ᵏ).

    >>> nice_ticks(0.0, 1.0)
    [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    >>> nice_ticks(0.013, 1.54)
    [0.0, 0.5, 1.0, 1.5, 2.0]
    """
    if not hi > lo:
        hi = lo + 1.0
    raw = (hi - lo) / count
    p = 10.0 ** math.floor(math.log10(raw))
    step = p
    for m in (1.0, 2.0, 5.0, 10.0):
        step = m * p
        if step >= raw:
            break
    start_ = math.floor(lo / step + 1e-9)
    stop = math.ceil(hi / step - 1e-9)
    ticks = []
    k = start_
    while k <= stop:
        v = k * step
        # round off binary noise: 0.30000000000000004 -> 0.3
        v = float("%.12g" % v)
        ticks.append(v)
        k += 1
    return ticks


def save(svg, path):
    """Write an SVG string to ``path`` (UTF-8)."""
    f = open(path, "w", encoding="utf-8")
    try:
        f.write(svg)
    finally:
        f.close()
