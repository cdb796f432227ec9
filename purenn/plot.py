"""Pictures of networks and training, as SVG text (no dependencies).

SVG is plain XML text, so a picture is a string: write it to a ``.svg``
file and open it in any web browser.

* ``network_svg(net)``: the neurons as circles in layers and every
  connection as a line, blue for a positive weight and orange for a negative
  one, thicker and darker the larger ``|w|``; each column is labelled with
  its size and activation, and each neuron is filled by its bias.
* ``curve_svg(history)``: the loss per epoch (and the validation loss and a
  metric such as accuracy, when the history has them), with axes and ticks.
* ``boundary_svg(net, X, Y)``: for a network with 2 inputs, the predicted
  class (and how sure it is) over a grid covering the data, with the
  training points on top.
* ``sparkline(values)``: a one-line picture of a curve for the terminal.

>>> sparkline([4.0, 3.0, 2.0, 1.0, 1.0])
'█▆▃▁▁'
>>> sparkline([3, 2, 1], chars=" .:")
':. '
>>> from purenn import Network, Dense
>>> net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
>>> svg = network_svg(net)
>>> svg.startswith("<svg") and svg.count("<circle") == 6
True
>>> save(svg, "/dev/null")
"""

import math

from .core.metrics import argmax_row
from .core.progress import SPARK_CHARS, sparkline

__all__ = ["network_svg", "curve_svg", "boundary_svg", "sparkline", "save", "nice_ticks",
           "SPARK_CHARS", "POSITIVE", "NEGATIVE", "CLASS_COLOURS"]

#: Blue for positive, orange for negative (the usual playground colours).
POSITIVE = (37, 99, 235)
NEGATIVE = (234, 88, 12)
_GREY = (148, 163, 184)
_INK = "#1f2937"
_MUTED = "#6b7280"
_FONT = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""
#: Fill colours of classes 0, 1, 2, ... in a decision map (cycled).
CLASS_COLOURS = ((234, 88, 12), (37, 99, 235), (22, 163, 74), (147, 51, 234),
                 (219, 39, 119), (202, 138, 4), (8, 145, 178), (100, 116, 139))

# -- SVG helpers -------------------------------------------------------------------

def _esc(text):
    """text for XML: the markup characters escaped, control characters (which
    XML 1.0 does not allow) as ``?``."""
    text = "".join(["?" if ord(c) < 0x20 and c not in "\t\n\r" else c for c in str(text)])
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;")


def _f(v):
    """A coordinate: at most 2 decimals, no trailing zeros."""
    s = "%.2f" % v
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def _rgb(c):
    return "#%02x%02x%02x" % (int(c[0] + 0.5), int(c[1] + 0.5), int(c[2] + 0.5))


def _mix(c, t, base=(255, 255, 255)):
    """Colour c mixed into base: t = 0 gives base, t = 1 gives c."""
    t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
    return (base[0] + (c[0] - base[0]) * t, base[1] + (c[1] - base[1]) * t,
            base[2] + (c[2] - base[2]) * t)


def _text(x, y, s, size=12, anchor="middle", colour=_INK, extra=""):
    return '<text x="%s" y="%s" font-size="%s" text-anchor="%s" fill="%s"%s>%s</text>' % (
        _f(x), _f(y), size, anchor, colour, extra, _esc(s))


def _open(width, height, title):
    return ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
            'viewBox="0 0 %d %d" %s>' % (width, height, width, height, _FONT),
            "<title>%s</title>" % _esc(title),
            '<rect width="100%" height="100%" fill="white"/>']


def _number(v):
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
    start = math.floor(lo / step + 1e-9)
    stop = math.ceil(hi / step - 1e-9)
    ticks = []
    k = start
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


# -- the network diagram -----------------------------------------------------------

def _shown(n, cap):
    """Indices of the neurons drawn for a layer of n (all, or the ends and a gap)."""
    if n <= cap:
        return list(range(n)), None
    head = (cap - 1) // 2
    tail = cap - 1 - head
    return list(range(head)) + list(range(n - tail, n)), head


def network_svg(net, title=None, max_neurons=16):
    """The network as an SVG diagram (a string).

    Columns from left to right: the inputs, then each layer.  A line joins
    input i to neuron j for every weight ``w[j][i]``: blue when positive,
    orange when negative, its width and opacity growing with ``|w|``
    relative to the largest weight of the network.  A neuron's fill shows
    its bias in the same colours (white: 0, or no bias).  Layers with more
    than ``max_neurons`` neurons show the first and last few, with a gap.
    """
    d = _Diagram(net, max_neurons)
    if title is None:
        title = "%d inputs → %s" % (net.n_inputs, " → ".join(
            ["%d %s" % (l.n_outputs, l.activation.name) for l in net.layers]))
    out = _open(d.width, d.height, "network: " + title)
    out.append(_text(d.width / 2.0, 28, title, 16, extra=' font-weight="bold"'))
    out.append(_text(d.width / 2.0, 48, "%d parameters" % net.parameter_count(), 12,
                     colour=_MUTED))
    d.edges(out)        # first, so that the circles cover their ends
    for c in range(len(d.sizes)):
        d.column(c, out)
    d.legend(out)
    out.append("</svg>")
    return "\n".join(out) + "\n"


class _Diagram:
    """The geometry of ``network_svg``: where each column and neuron goes."""

    def __init__(self, net, max_neurons):
        self.layers = layers = net.layers
        self.sizes = sizes = [net.n_inputs] + [l.n_outputs for l in layers]
        cols = len(sizes)
        self.shown = [_shown(n, max_neurons) for n in sizes]
        rows = max([len(s[0]) + (1 if s[1] is not None else 0) for s in self.shown])
        self.spacing = 54.0 if rows <= 8 else 27.0
        self.radius = 16.0 if rows <= 8 else 10.0
        col_gap = 190.0 if cols <= 4 else (150.0 if cols <= 6 else 110.0)
        self.in_names = _names(net, "inputs", "names", sizes[0])
        self.out_names = _names(net, "target", "classes", sizes[-1])
        self.left = left = 70.0 + (7.0 * max([len(t) for t in self.in_names])
                                   if self.in_names else 0.0)
        right = 70.0 + (7.0 * max([len(t) for t in self.out_names]) if self.out_names else 0.0)
        top, self.bottom = 72.0, 88.0
        width = int(left + right + col_gap * (cols - 1))
        self.width = max(width, int(left + right) + 300)
        self.col_gap = (self.width - left - right) / (cols - 1) if cols > 1 else 0.0
        self.height = int(top + self.bottom + self.spacing * (rows - 1) + 2 * self.radius)
        biggest = 0.0
        for l in layers:
            for row in l.parameters():
                for w in row:
                    if abs(w) > biggest:
                        biggest = abs(w)
        self.scale = max(biggest, 1e-12)
        self.mid = top + self.radius + self.spacing * (rows - 1) / 2.0
        self.where = [self.positions(c) for c in range(cols)]

    def positions(self, c):
        """``(indices shown, {index: (x, y)}, y of the gap or None)`` of column c."""
        idx, gap = self.shown[c]
        slots = len(idx) + (1 if gap is not None else 0)
        y0 = self.mid - self.spacing * (slots - 1) / 2.0
        x = self.left + self.col_gap * c
        pos = {}
        s = 0
        gap_y = None
        for i in idx:
            if gap is not None and i >= gap and gap_y is None:
                gap_y = y0 + self.spacing * s
                s += 1
            pos[i] = (x, y0 + self.spacing * s)
            s += 1
        return idx, pos, gap_y

    def edges(self, out):
        """One line per weight drawn, weakest first."""
        lines = []
        for c, layer in enumerate(self.layers):
            idx_in, pos_in, _ = self.where[c]
            idx_out, pos_out, _ = self.where[c + 1]
            for j in idx_out:
                for i in idx_in:
                    w = layer.weights[j][i]
                    lines.append((abs(w), len(lines), w, pos_in[i], pos_out[j]))
        lines.sort(key=lambda t: (t[0], t[1]))
        out.append('<g stroke-linecap="round">')
        for a, _, w, p, q in lines:
            t = math.sqrt(a / self.scale)
            colour = POSITIVE if w >= 0 else NEGATIVE
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s" '
                       'stroke-opacity="%s"/>' % (_f(p[0]), _f(p[1]), _f(q[0]), _f(q[1]),
                                                  _rgb(colour), _f(0.5 + 5.0 * t * t),
                                                  _f(0.2 + 0.8 * t)))
        out.append("</g>")

    def column(self, c, out):
        """The neurons of column c, their names, the gap, and the labels below."""
        idx, pos, gap_y = self.where[c]
        x = self.left + self.col_gap * c
        layer = self.layers[c - 1] if c > 0 else None
        last = c == len(self.sizes) - 1
        for i in idx:
            px, py = pos[i]
            if layer is None:
                fill = "#f1f5f9"
                stroke = _rgb(_GREY)
            elif layer.biases:
                b = layer.biases[i]
                fill = _rgb(_mix(POSITIVE if b >= 0 else NEGATIVE, 0.75 * abs(b) / self.scale))
                stroke = "#334155"
            else:
                fill = "white"
                stroke = "#334155"
            out.append('<circle cx="%s" cy="%s" r="%s" fill="%s" stroke="%s" '
                       'stroke-width="1.5"/>' % (_f(px), _f(py), _f(self.radius), fill, stroke))
        names = self.in_names if c == 0 else (self.out_names if last else None)
        for i in (idx if names else ()):
            px, py = pos[i]
            if c == 0:
                out.append(_text(px - self.radius - 6, py + 4, names[i], 12, "end"))
            else:
                out.append(_text(px + self.radius + 6, py + 4, names[i], 12, "start"))
        if gap_y is not None:
            hidden = self.sizes[c] - len(idx)
            out.append(_text(x, gap_y + 4, "⋮ %d more" % hidden, 11, colour=_MUTED))
        if layer is None:
            label, sub = "input", "%d" % self.sizes[0]
        else:
            label = "output" if last else "hidden %d" % c
            sub = "%d %s%s" % (layer.n_outputs, layer.activation.name,
                               "" if layer.biases else ", no bias")
        y = self.height - self.bottom
        out.append(_text(x, y + 30, label, 13, extra=' font-weight="bold"'))
        out.append(_text(x, y + 47, sub, 12, colour=_MUTED))

    def legend(self, out):
        ly = self.height - 18
        cx = self.width / 2.0
        for x0, colour, label in ((cx - 190, POSITIVE, "positive"),
                                  (cx - 105, NEGATIVE, "negative")):
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3"/>'
                       % (_f(x0), ly - 4, _f(x0 + 22), ly - 4, _rgb(colour)))
            out.append(_text(x0 + 27, ly, label, 11, "start", _MUTED))
        out.append(_text(cx - 16, ly, "width ∝ |w|, largest %s" % _number(self.scale), 11,
                         "start", _MUTED))


def _names(net, section, key, n):
    """Labels kept in the model's metadata (input names, class names), or None."""
    md = getattr(net, "metadata", None)
    part = md.get(section) if isinstance(md, dict) else None
    names = part.get(key) if isinstance(part, dict) else None
    if isinstance(names, list) and len(names) == n:
        for t in names:
            if not isinstance(t, str):
                return None
        return [t if len(t) <= 24 else t[:23] + "…" for t in names]
    return None


# -- the training curve -------------------------------------------------------------

def _finite(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v - v == 0.0


def curve_svg(history, title="training", metric=None, width=720, height=420):
    """The training curve of a ``fit`` history (a dict of per-epoch lists).

    Draws ``history["loss"]`` and, if present, ``"val_loss"`` against the
    left axis, and one metric (``metric``, default the first of
    ``"val_accuracy"``, ``"accuracy"`` present) against the right axis.
    A plain list is taken as the loss.
    """
    if isinstance(history, (list, tuple)):
        history = {"loss": list(history)}
    series = []
    for key, colour, dash in (("loss", POSITIVE, ""), ("val_loss", NEGATIVE, "6 4")):
        if key in history and history[key]:
            series.append((key, [float(v) for v in history[key]], colour, dash))
    if not series:
        raise ValueError("curve_svg: the history has no loss values")
    if metric is None:
        for key in ("val_accuracy", "accuracy"):
            if key in history and history[key]:
                metric = key
                break
    if metric and metric not in history:
        raise ValueError("curve_svg: the history has no %r; it has: %s"
                         % (metric, ", ".join(sorted(history))))
    mvals = [float(v) for v in history[metric]] if metric else None
    c = _Chart(width, height, series, mvals)
    out = _open(width, height, title)
    out.append(_text(c.left + c.pw / 2.0, 30, title, 16, extra=' font-weight="bold"'))
    c.axes(out)
    legend = []
    for key, vals, colour, dash in series:
        out.append(_polyline([(c.X(e + 1), c.Y(v)) for e, v in enumerate(vals) if _finite(v)],
                             _rgb(colour), dash))
        legend.append((key, colour, dash))
    if mvals:
        c.metric_axis(out, metric, mvals)
        legend.append((metric, _GREEN, ""))
    c.legend(out, legend, history)
    out.append("</svg>")
    return "\n".join(out) + "\n"


_GREEN = (22, 163, 74)


class _Chart:
    """The plot area of ``curve_svg``: epochs across, loss up the left axis."""

    def __init__(self, width, height, series, mvals):
        self.width, self.height = width, height
        self.left, right, self.top, bottom = 72.0, 72.0 if mvals else 28.0, 56.0, 64.0
        self.pw = width - self.left - right
        self.ph = height - self.top - bottom
        epochs = max([len(s[1]) for s in series] + [len(mvals) if mvals else 0])
        allv = [v for s in series for v in s[1] if _finite(v)]
        lo = min(allv + [0.0])
        hi = max(allv + [lo + 1e-12])
        self.yt = nice_ticks(lo, hi)
        self.y0, self.y1 = self.yt[0], self.yt[-1]
        xt = nice_ticks(1.0, float(max(epochs, 2)), 6)
        xt = [t for t in xt if t == int(t)]
        self.x0, self.x1 = 1.0, float(max(epochs, 2))
        self.xt = [t for t in xt if self.x0 <= t <= self.x1] or [1.0]
        self.has_metric = bool(mvals)

    def X(self, e):
        return self.left + (e - self.x0) / (self.x1 - self.x0) * self.pw

    def Y(self, v, a=None, b=None):
        a = self.y0 if a is None else a
        b = self.y1 if b is None else b
        return self.top + self.ph - (v - a) / (b - a) * self.ph

    def axes(self, out):
        """Grid lines, ticks, the frame and the axis names."""
        left, top, pw, ph = self.left, self.top, self.pw, self.ph
        for t in self.yt:
            y = self.Y(t)
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e5e7eb"/>'
                       % (_f(left), _f(y), _f(left + pw), _f(y)))
            out.append(_text(left - 8, y + 4, _number(t), 11, "end", _MUTED))
        for t in self.xt:
            x = self.X(t)
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#9ca3af"/>'
                       % (_f(x), _f(top + ph), _f(x), _f(top + ph + 5)))
            out.append(_text(x, top + ph + 19, "%d" % int(t), 11, colour=_MUTED))
        out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#9ca3af"/>'
                   % (_f(left), _f(top), _f(pw), _f(ph)))
        out.append(_text(left + pw / 2.0, self.height - 18, "epoch", 12))
        out.append(_text(18, top + ph / 2.0, "loss", 12,
                         extra=' transform="rotate(-90 18 %s)"' % _f(top + ph / 2.0)))

    def metric_axis(self, out, metric, mvals):
        """The metric's axis on the right (0 to 1 when it fits) and its curve."""
        mt = nice_ticks(0.0, 1.0) if min(mvals) >= 0.0 and max(mvals) <= 1.0 else \
            nice_ticks(min(mvals), max(mvals))
        m0, m1 = mt[0], mt[-1]
        edge = self.left + self.pw
        for t in mt:
            y = self.Y(t, m0, m1)
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#9ca3af"/>'
                       % (_f(edge), _f(y), _f(edge + 5), _f(y)))
            out.append(_text(edge + 9, y + 4, _number(t), 11, "start", _MUTED))
        rx = self.width - 16
        mid = self.top + self.ph / 2.0
        out.append(_text(rx, mid, metric, 12,
                         extra=' transform="rotate(90 %s %s)"' % (_f(rx), _f(mid))))
        out.append(_polyline([(self.X(e + 1), self.Y(v, m0, m1)) for e, v in enumerate(mvals)
                              if _finite(v)], _rgb(_GREEN), "", 1.6))

    def legend(self, out, legend, history):
        """The legend box, top right inside the plot, with each curve's last value."""
        lw = 28 + 8 * max([len(k) for k, c, d in legend]) + 60
        lx = self.left + self.pw - lw - 10
        ly = self.top + (0.3 * self.ph if self.has_metric else 10)
        out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="white" fill-opacity="0.9" '
                   'stroke="#d1d5db" rx="4"/>' % (_f(lx), _f(ly), _f(lw),
                                                  _f(8 + 18 * len(legend))))
        for k, (key, colour, dash) in enumerate(legend):
            yy = ly + 17 + 18 * k
            vals = history[key]
            last = vals[-1] if vals else 0.0
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"%s/>'
                       % (_f(lx + 8), _f(yy - 4), _f(lx + 30), _f(yy - 4), _rgb(colour),
                          ' stroke-dasharray="%s"' % dash if dash else ""))
            out.append(_text(lx + 36, yy, "%s  %s" % (key, _number(last)), 11, "start"))


def _polyline(points, colour, dash, stroke_width=2.2):
    if len(points) == 1:
        x, y = points[0]
        return '<circle cx="%s" cy="%s" r="3" fill="%s"/>' % (_f(x), _f(y), colour)
    return ('<polyline fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"%s '
            'points="%s"/>' % (colour, stroke_width,
                               ' stroke-dasharray="%s"' % dash if dash else "",
                               " ".join(["%s,%s" % (_f(x), _f(y)) for x, y in points])))


# -- the decision boundary ---------------------------------------------------------

def _label(y):
    """The class of a target row: its argmax (one-hot) or 1 if y ≥ 0.5 (one column)."""
    if len(y) > 1:
        return argmax_row(y)
    return 1 if y[0] >= 0.5 else 0


def boundary_svg(net, X, Y=None, resolution=80, title=None, size=480):
    """The decision map of a 2-input classifier, with the points (X, Y) on top.

    Each cell of a ``resolution × resolution`` grid over the data (plus a
    margin) is coloured by the class the network predicts there, paler
    where it is less sure: with one sigmoid output, orange for class 0 and
    blue for class 1, from white at p = 0.5 to full colour at p = 0 or 1;
    with several outputs, the colour of the argmax class with the strength
    of its probability.  The line where the prediction changes class is the
    decision boundary.  Points are drawn in their true class's colour.
    """
    if net.n_inputs != 2:
        raise ValueError("boundary_svg: expected a network with 2 inputs, got %d"
                         % net.n_inputs)
    X = [[float(v) for v in row] for row in X]
    labels = None
    if Y is not None:
        labels = [_label(y if isinstance(y, (list, tuple)) else [y]) for y in Y]
    m = _Map(X, resolution, size)
    if title is None:
        title = "decision map: %d inputs → %s" % (net.n_inputs, " → ".join(
            ["%d %s" % (l.n_outputs, l.activation.name) for l in net.layers]))
    out = _open(m.width, m.height, title)
    out.append(_text(m.left + m.pw / 2.0, 30, title, 15, extra=' font-weight="bold"'))
    m.cells(out, net)
    right_count = m.points(out, X, labels, [_label(p) for p in net.predict(X)])
    m.axes(out)
    if labels is not None:
        out.append(_text(m.left + m.pw / 2.0, m.height - 10,
                         "%d points, %d classified right (%.1f%%); shade = certainty"
                         % (len(X), right_count, 100.0 * right_count / len(X)), 12, colour=_MUTED))
    out.append("</svg>")
    return "\n".join(out) + "\n"


class _Map:
    """The geometry of ``boundary_svg``: the data's box plus a margin, drawn
    in its own aspect ratio, and the grid of cells over it."""

    def __init__(self, X, resolution, size):
        xs = [p[0] for p in X]
        ys = [p[1] for p in X]
        xlo, xhi, ylo, yhi = min(xs), max(xs), min(ys), max(ys)
        padx = 0.1 * (xhi - xlo) or 1.0
        pady = 0.1 * (yhi - ylo) or 1.0
        self.xlo, self.xhi = xlo - padx, xhi + padx
        self.ylo, self.yhi = ylo - pady, yhi + pady
        self.left, self.top, bottom, right = 64.0, 56.0, 56.0, 24.0
        span = max(self.xhi - self.xlo, self.yhi - self.ylo)
        self.pw = size * (self.xhi - self.xlo) / span
        self.ph = size * (self.yhi - self.ylo) / span
        self.width = int(self.left + self.pw + right)
        self.height = int(self.top + self.ph + bottom + 28)
        self.res = resolution

    def px(self, v):
        return self.left + (v - self.xlo) / (self.xhi - self.xlo) * self.pw

    def py(self, v):
        return self.top + self.ph - (v - self.ylo) / (self.yhi - self.ylo) * self.ph

    def cells(self, out, net):
        """The coloured grid (runs of equal cells as one rectangle) and the boundary."""
        res, left, top = self.res, self.left, self.top
        grid = []
        for r in range(res):
            yv = self.yhi - (r + 0.5) * (self.yhi - self.ylo) / res
            for c in range(res):
                grid.append([self.xlo + (c + 0.5) * (self.xhi - self.xlo) / res, yv])
        P = net.predict(grid)
        K = net.n_outputs
        cw = self.pw / res
        ch = self.ph / res
        out.append('<g shape-rendering="crispEdges">')
        for r in range(res):
            y = top + r * ch
            c = 0
            while c < res:
                col = _rgb(_cell_colour(P[r * res + c], K))
                run = c + 1
                while run < res and _rgb(_cell_colour(P[r * res + run], K)) == col:
                    run += 1
                # a little overlap hides the seams between cells
                out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>'
                           % (_f(left + c * cw), _f(y), _f((run - c) * cw + 0.6), _f(ch + 0.6),
                              col))
                c = run
        out.append("</g>")
        if K == 1:
            segs = _contour([p[0] - 0.5 for p in P], res, left + cw / 2.0, top + ch / 2.0, cw, ch)
        else:
            segs = _class_edges([_label(p) for p in P], res, left, top, cw, ch)
        if segs:
            out.append('<path d="%s" stroke="#111827" stroke-width="1.6" stroke-opacity="0.7" '
                       'fill="none" stroke-linejoin="round"/>' % " ".join(segs))

    def points(self, out, X, labels, predicted):
        """The data points in their class's colour; returns how many are predicted right."""
        right_count = 0
        for n, p in enumerate(X):
            k = labels[n] if labels is not None else 0
            colour = CLASS_COLOURS[k % len(CLASS_COLOURS)] if labels is not None \
                else (55, 65, 81)
            if labels is not None and predicted[n] == k:
                right_count += 1
            out.append('<circle cx="%s" cy="%s" r="4.5" fill="%s" stroke="%s" '
                       'stroke-width="1.2"/>' % (_f(self.px(p[0])), _f(self.py(p[1])),
                                                 _rgb(colour),
                                                 _rgb(_mix(colour, 0.55, (0, 0, 0)))))
        return right_count

    def axes(self, out):
        left, top, pw, ph = self.left, self.top, self.pw, self.ph
        out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#6b7280"/>'
                   % (_f(left), _f(top), _f(pw), _f(ph)))
        for t in nice_ticks(self.xlo, self.xhi, 6):
            if self.xlo <= t <= self.xhi:
                x = self.px(t)
                out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#6b7280"/>'
                           % (_f(x), _f(top + ph), _f(x), _f(top + ph + 5)))
                out.append(_text(x, top + ph + 19, _number(t), 11, colour=_MUTED))
        for t in nice_ticks(self.ylo, self.yhi, 6):
            if self.ylo <= t <= self.yhi:
                y = self.py(t)
                out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#6b7280"/>'
                           % (_f(left - 5), _f(y), _f(left), _f(y)))
                out.append(_text(left - 9, y + 4, _number(t), 11, "end", _MUTED))
        out.append(_text(left + pw / 2.0, top + ph + 40, "x[0]", 12))
        out.append(_text(20, top + ph / 2.0, "x[1]", 12,
                         extra=' transform="rotate(-90 20 %s)"' % _f(top + ph / 2.0)))


def _cell_colour(p, K):
    """A grid cell's colour for the prediction p of a network with K outputs."""
    if K == 1:
        q = p[0]
        return _mix(CLASS_COLOURS[1] if q >= 0.5 else CLASS_COLOURS[0], 0.5 * abs(2.0 * q - 1.0))
    k = _label(p)
    return _mix(CLASS_COLOURS[k % len(CLASS_COLOURS)],
                0.15 + 0.35 * (p[k] - 1.0 / K) / (1.0 - 1.0 / K))


def _class_edges(cls, res, left, top, cw, ch):
    """Path pieces along the cell edges where the predicted class changes."""
    segs = []
    for r in range(res):
        for c in range(res):
            k = cls[r * res + c]
            if c + 1 < res and cls[r * res + c + 1] != k:
                x = left + (c + 1) * cw
                segs.append("M%s %sV%s" % (_f(x), _f(top + r * ch), _f(top + (r + 1) * ch)))
            if r + 1 < res and cls[(r + 1) * res + c] != k:
                y = top + (r + 1) * ch
                segs.append("M%s %sH%s" % (_f(left + c * cw), _f(y), _f(left + (c + 1) * cw)))
    return segs


def _contour(v, res, x0, y0, dx, dy):
    """Path pieces of the line v = 0 through a res × res grid of values
    (marching squares, with linear interpolation along each square's sides)."""
    segs = []
    for r in range(res - 1):
        for c in range(res - 1):
            # corners in order round the square: top-left, top-right,
            # bottom-right, bottom-left
            corners = ((c, r), (c + 1, r), (c + 1, r + 1), (c, r + 1))
            vals = [v[rr * res + cc] for cc, rr in corners]
            pts = []
            for e in range(4):
                a, b = vals[e], vals[(e + 1) % 4]
                if (a < 0.0) != (b < 0.0):
                    t = a / (a - b)
                    (ca, ra), (cb, rb) = corners[e], corners[(e + 1) % 4]
                    pts.append((x0 + (ca + (cb - ca) * t) * dx, y0 + (ra + (rb - ra) * t) * dy))
            for k in range(0, len(pts) - 1, 2):
                segs.append("M%s %sL%s %s" % (_f(pts[k][0]), _f(pts[k][1]),
                                               _f(pts[k + 1][0]), _f(pts[k + 1][1])))
    return segs
