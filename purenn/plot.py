"""Pictures of networks and training, as SVG text (no dependencies).

SVG is plain XML text, so a picture is a string: write it to a ``.svg``
file and open it in any web browser (no JavaScript: hover over a part for
its numbers).  The same input always gives the same bytes.

* ``network_svg(net)``: the neurons as circles in layers and every
  connection as a line, blue for a positive weight and orange for a negative
  one, thicker and darker the larger ``|w|``; each column is labelled with
  its size and activation, and each neuron is filled by its bias.
* ``gradient_svg(net, X, Y, loss=..., learning_rate=...)``: the same
  diagram for one step of gradient descent: each connection coloured by its
  gradient ``∂L/∂w`` and each neuron by ``|δ|``, the values written beside
  the neurons (and on hover), as ``python -m purenn explain`` prints them.
* ``curve_svg(history)``: the loss per epoch (and the validation loss and a
  metric such as accuracy, when the history has them), with the best epoch
  marked; ``log=True`` for a logarithmic loss axis.
* ``boundary_svg(net, X, Y)``: for a network with 2 inputs, the predicted
  class (and how sure it is) over a grid covering the data, the points on
  top with the misclassified ones crossed out, and a legend of the classes.
* ``neuron_maps_svg(net, X)``: for a network with 2 inputs, every neuron's
  activation over the plane, as small maps laid out like the network.
* ``weight_images_svg(net, (8, 8))``: each first-layer neuron's weights as a
  small image, for image inputs (the 8×8 digits).
* ``training_svg(snapshots, history)``: the decision map at chosen epochs
  (``Snapshots``, a ``fit`` callback) and the loss curve, in one picture.
* ``sparkline(values)``: a one-line picture of a curve for the terminal.

``boundary_svg``, ``neuron_maps_svg`` and ``Snapshots`` are written in
:mod:`purenn.maps`, the drawing primitives in :mod:`purenn.svg`.

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

from .core.progress import SPARK_CHARS, sparkline
from .explain import Step, sup
from .maps import (Snapshots, architecture, boundary_svg, cells, class_names, model_names,
                   neuron_maps_svg, points, shade_colour, shown, value_code, value_colour)
from .svg import (CLASS_COLOURS, GREEN, GREY, HALO, INK, MUTED, NEGATIVE, POSITIVE, coord, mix,
                  nice_ticks, number, rgb, save, start, text, title)

__all__ = ["network_svg", "gradient_svg", "curve_svg", "boundary_svg", "neuron_maps_svg",
           "weight_images_svg", "training_svg", "Snapshots", "sparkline", "save", "nice_ticks",
           "SPARK_CHARS", "POSITIVE", "NEGATIVE", "CLASS_COLOURS"]

#: The colour of |δ| in gradient_svg (purple: neither sign).
DELTA_COLOUR = (126, 34, 206)


# -- the network diagram -----------------------------------------------------------

def network_svg(net, title=None, max_neurons=16):
    """The network as an SVG diagram (a string).

    Columns from left to right: the inputs, then each layer.  A line joins
    input i to neuron j for every weight ``w[j][i]``: blue when positive,
    orange when negative, its width and opacity growing with ``|w|``
    relative to the largest weight of the network.  A neuron's fill shows
    its bias in the same colours (white: 0, or no bias).  Layers with more
    than ``max_neurons`` neurons show the first and last few, with a gap.
    Hover over a line or a neuron for its value.
    """
    d = _Diagram(net, max_neurons, notes=False)
    scale = 1e-12
    for l in net.layers:
        for row in l.parameters():
            for w in row:
                scale = max(scale, abs(w))
    if title is None:
        title = architecture(net)
    out = start(d.width, d.height, "network: " + title)
    out.append(text(d.width / 2.0, 28, title, 16, extra=' font-weight="bold"'))
    out.append(text(d.width / 2.0, 48, "%d parameters" % net.parameter_count(), 12,
                    colour=MUTED))
    d.edges(out, [l.weights for l in net.layers], scale,
            lambda k, j, i, w: "w%s[%d][%d] = %.6g" % (sup(k + 1), j, i, w))
    for c in range(len(d.sizes)):
        layer = net.layers[c - 1] if c > 0 else None
        fills = {}
        for i in d.where[c][0]:
            b = layer.biases[i] if layer is not None and layer.biases else None
            fill = "white" if b is None else rgb(mix(POSITIVE if b >= 0 else NEGATIVE,
                                                     0.75 * abs(b) / scale))
            hover = ("input %d" % i) if layer is None else (
                "layer %d, neuron %d%s" % (c, i, "" if b is None else ", bias b%s[%d] = %.6g"
                                           % (sup(c), i, b)))
            fills[i] = ("#f1f5f9" if layer is None else fill, hover, None)
        d.column(out, c, fills)
    d.legend(out, "width ∝ |w|, largest %s; fill: the bias" % number(scale))
    out.append("</svg>")
    return "\n".join(out) + "\n"


class _Diagram:
    """The geometry of the network diagrams: where each column and neuron goes."""

    def __init__(self, net, max_neurons, notes):
        self.layers = layers = net.layers
        self.sizes = sizes = [net.n_inputs] + [l.n_outputs for l in layers]
        cols = len(sizes)
        self.shown = [shown(n, max_neurons) for n in sizes]
        rows = max([len(s[0]) + (1 if s[1] is not None else 0) for s in self.shown])
        self.spacing = 54.0 if rows <= 8 else 27.0
        self.radius = 16.0 if rows <= 8 else 10.0
        self.notes = notes and rows <= 8
        col_gap = 190.0 if cols <= 4 else (150.0 if cols <= 6 else 110.0)
        if self.notes:
            col_gap += 40.0
        self.in_names = model_names(net, "inputs", "names", sizes[0])
        self.out_names = model_names(net, "target", "classes", sizes[-1])
        self.left = left = 70.0 + (7.0 * max([len(t) for t in self.in_names])
                                   if self.in_names else 0.0)
        right = 70.0 + (7.0 * max([len(t) for t in self.out_names]) if self.out_names else 0.0)
        if self.notes:
            right += 60.0
        top, self.bottom = 72.0, 88.0
        width = int(left + right + col_gap * (cols - 1))
        self.width = max(width, int(left + right) + 300)
        self.col_gap = (self.width - left - right) / (cols - 1) if cols > 1 else 0.0
        self.height = int(top + self.bottom + self.spacing * (rows - 1) + 2 * self.radius)
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

    def edges(self, out, values, scale, hover):
        """One line per connection drawn, weakest first: ``values[k][j][i]`` is the
        number of layer k's connection from input i to neuron j."""
        lines = []
        for c in range(len(self.layers)):
            idx_in, pos_in, _ = self.where[c]
            idx_out, pos_out, _ = self.where[c + 1]
            for j in idx_out:
                for i in idx_in:
                    v = values[c][j][i]
                    lines.append((abs(v), len(lines), v, pos_in[i], pos_out[j], c, j, i))
        lines.sort(key=lambda t: (t[0], t[1]))
        out.append('<g stroke-linecap="round">')
        for a, _, v, p, q, k, j, i in lines:
            t = math.sqrt(a / scale) if scale > 0 else 0.0
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s" '
                       'stroke-opacity="%s">%s</line>' % (
                           coord(p[0]), coord(p[1]), coord(q[0]), coord(q[1]),
                           rgb(POSITIVE if v >= 0 else NEGATIVE), coord(0.5 + 5.0 * t * t),
                           coord(0.2 + 0.8 * t), title(hover(k, j, i, v))))
        out.append("</g>")

    def column(self, out, c, fills, mark=None):
        """The neurons of column c (``fills[i] = (fill, hover, note lines)``), their
        names, the gap, and the labels below; neuron ``mark`` is ringed."""
        idx, pos, gap_y = self.where[c]
        x = self.left + self.col_gap * c
        layer = self.layers[c - 1] if c > 0 else None
        last = c == len(self.sizes) - 1
        for i in idx:
            px, py = pos[i]
            fill, hover, note = fills[i]
            stroke = rgb(GREY) if layer is None else "#334155"
            width = "1.5"
            if i == mark:
                stroke, width = INK, "3.5"
            out.append('<circle cx="%s" cy="%s" r="%s" fill="%s" stroke="%s" stroke-width="%s">'
                       '%s</circle>' % (coord(px), coord(py), coord(self.radius), fill, stroke,
                                        width, title(hover)))
            if note and self.notes:
                wide = max([len(line) for line in note])
                out.append('<rect x="%s" y="%s" width="%s" height="%s" rx="3" fill="white" '
                           'fill-opacity="0.85"/>' % (coord(px + self.radius + 2), coord(py - 12),
                                                      coord(6.2 * wide + 6), 12 * len(note) + 3))
                for k, line in enumerate(note):
                    out.append(text(px + self.radius + 5, py - 2 + 12 * k, line, 10, "start",
                                    INK))
        names = self.in_names if c == 0 else (self.out_names if last else None)
        for i in (idx if names else ()):
            px, py = pos[i]
            if c == 0:
                out.append(text(px - self.radius - 6, py + 4, names[i], 12, "end"))
            else:                        # after the notes, when there are any
                note = fills[i][2] if self.notes else None
                shift = 6.2 * max([len(line) for line in note]) + 12 if note else 0.0
                out.append(text(px + self.radius + 6 + shift, py + 4, names[i], 12, "start"))
        if gap_y is not None:
            hidden = self.sizes[c] - len(idx)
            out.append(text(x, gap_y + 4, "⋮ %d more" % hidden, 11, colour=MUTED))
        if layer is None:
            label, sub = "input", "%d" % self.sizes[0]
        else:
            label = "output" if last else "hidden %d" % c
            sub = "%d %s%s" % (layer.n_outputs, layer.activation.name,
                               "" if layer.biases else ", no bias")
        y = self.height - self.bottom
        out.append(text(x, y + 30, label, 13, extra=' font-weight="bold"'))
        out.append(text(x, y + 47, sub, 12, colour=MUTED))

    def legend(self, out, note):
        ly = self.height - 18
        cx = self.width / 2.0
        x0 = cx - 95 - 3.2 * len(note)
        for dx, colour, label in ((0, POSITIVE, "positive"), (85, NEGATIVE, "negative")):
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3"/>'
                       % (coord(x0 + dx), ly - 4, coord(x0 + dx + 22), ly - 4, rgb(colour)))
            out.append(text(x0 + dx + 27, ly, label, 11, "start", MUTED))
        out.append(text(x0 + 174, ly, note, 11, "start", MUTED))


# -- gradient flow -------------------------------------------------------------------

def gradient_svg(net, X, Y, loss="mse", learning_rate=0.01, sample=0, neuron=0, title=None,
                 max_neurons=16):
    """One step of gradient descent drawn on the network (``python -m purenn
    explain --svg``): each connection coloured by its gradient ``∂L/∂w`` (blue
    positive, orange negative; wider the larger, relative to the largest)
    and each neuron filled by ``|δ|`` of the chosen sample (darker purple the
    larger), where ``δ = ∂L/∂z``.  Beside each neuron of a small network:
    its activation ``a`` and ``δ``; on hover, every number of the neuron or
    connection, as ``explain`` prints them.  The neuron of each layer that
    ``explain`` writes out (``neuron``) is ringed.
    """
    step = Step(net, X, Y, loss, learning_rate, sample, neuron)
    n = step.n
    d = _Diagram(net, max_neurons, notes=True)
    gscale = 1e-300
    for dW, _ in step.grads:
        for row in dW:
            for g in row:
                gscale = max(gscale, abs(g))
    dscale = 1e-300
    for delta, _ in step.trace:
        for v in delta[n]:
            dscale = max(dscale, abs(v))
    if title is None:
        title = "gradient flow: one step on %s, sample %d" % (architecture(net), n)
    out = start(d.width, d.height, title)
    out.append(text(d.width / 2.0, 28, title, 15, extra=' font-weight="bold"'))
    out.append(text(d.width / 2.0, 48, "loss %s = %.6g, learning rate η = %.6g; δ = ∂L/∂z"
                    % (step.lossobj.name, step.value, step.rate), 12, colour=MUTED))

    def hover(k, j, i, g):
        name = "w%s[%d][%d]" % (sup(k + 1), j, i)
        return "%s = %.6g, ∂L/∂%s = %.6g, after the step %.6g" % (
            name, net.layers[k].weights[j][i], name, g, step.after[k][0][j][i])

    d.edges(out, [g[0] for g in step.grads], gscale, hover)
    x = step.X[n]
    d.column(out, 0, dict([(i, ("#f1f5f9", "x[%d][%d] = %.6g (input %d of sample %d)"
                                 % (n, i, x[i], i, n), ["x %.3g" % x[i]]))
                           for i in d.where[0][0]]))
    for k in range(len(net.layers)):
        d.column(out, k + 1, _gradient_fills(step, k, d.where[k + 1][0], dscale),
                 mark=step.j(k))
    d.legend(out, "∂L/∂w, width ∝ |∂L/∂w| (largest %s); neuron: |δ| (largest %s)"
             % (number(gscale), number(dscale)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _gradient_fills(step, k, idx, dscale):
    """{neuron: (fill by |δ|, hover, note)} of layer k in gradient_svg."""
    n, L = step.n, sup(k + 1)
    layer = step.net.layers[k]
    _, Z, A = step.cache[k]
    delta = step.trace[k][0]
    db = step.grads[k][1]
    fills = {}
    for j in idx:
        dv = delta[n][j]
        at = "%s[%d][%d]" % (L, n, j)
        hover = "layer %d, neuron %d, sample %d: z%s = %.6g, a%s = %.6g, δ%s = ∂L/∂z = %.6g" % (
            k + 1, j, n, at, Z[n][j], at, A[n][j], at, dv)
        if layer.biases:
            hover += "; ∂L/∂b%s[%d] = %.6g" % (L, j, db[j])
        fills[j] = (rgb(mix(DELTA_COLOUR, 0.85 * abs(dv) / dscale)), hover,
                    ["a %.3g" % A[n][j], "δ %.3g" % dv])
    return fills


# -- the training curve -------------------------------------------------------------

def _finite(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v - v == 0.0


def _best_epoch(history, best):
    """(epoch from 1, key) of the marker: ``best`` (an epoch), or history's
    ``best_epoch``, or the lowest validation loss, or the lowest loss."""
    key = "val_loss" if history.get("val_loss") else "loss"
    if best is False:
        return None, key
    if best is None:
        b = history.get("best_epoch")
        if isinstance(b, int) and not isinstance(b, bool):
            best = b
    if best is None:
        vals = history[key]
        best, low = None, None
        for e, v in enumerate(vals):
            if _finite(v) and (low is None or v < low):
                best, low = e + 1, v
    if best is None or not 1 <= best <= len(history[key]):
        return None, key
    return best, key


def curve_svg(history, title="training", metric=None, width=720, height=420, log=False,
              best=None):
    """The training curve of a ``fit`` history (a dict of per-epoch lists).

    Draws ``history["loss"]`` and, if present, ``"val_loss"`` against the
    left axis (``log=True``: a logarithmic axis, for losses that fall by
    orders of magnitude; values ≤ 0 are left out), and one metric
    (``metric``, default the first of ``"val_accuracy"``, ``"accuracy"``
    present) against the right axis.  A dashed line marks the best epoch:
    ``best`` (counted from 1), else the history's ``"best_epoch"`` (what
    ``patience`` kept), else the lowest validation loss, else the lowest
    loss; ``best=False`` draws none.  A plain list is taken as the loss.
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
    c = _Chart(width, height, series, mvals, log=log)
    out = start(width, height, title)
    out.append(text(c.left + c.pw / 2.0, 30, title, 16, extra=' font-weight="bold"'))
    c.axes(out)
    legend = c.curves(out, series)
    if mvals:
        c.metric_axis(out, metric, mvals)
        legend.append((metric, GREEN, ""))
    epoch, key = _best_epoch(history, best)
    if epoch is not None:
        c.marker(out, epoch, key, float(history[key][epoch - 1]))
    c.legend(out, legend, history)
    out.append("</svg>")
    return "\n".join(out) + "\n"


class _Chart:
    """The plot area of the curves: epochs across, loss up the left axis
    (``top`` is where the plot area starts, so a chart can sit under other
    parts of a picture)."""

    def __init__(self, width, height, series, mvals, log=False, top=56.0, bottom=64.0):
        self.width, self.height = width, height
        self.left, right, self.top = 72.0, 72.0 if mvals else 28.0, top
        self.pw = width - self.left - right
        self.ph = height - self.top - bottom
        self.log = log
        epochs = max([len(s[1]) for s in series] + [len(mvals) if mvals else 0])
        allv = [v for s in series for v in s[1] if _finite(v) and (v > 0.0 or not log)]
        if log:
            if not allv:
                raise ValueError("curve_svg: log=True needs some loss above 0")
            self.yt = _log_ticks(min(allv), max(allv))
            self.y0, self.y1 = math.log10(self.yt[0]), math.log10(self.yt[-1])
        else:
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
        if a is None and self.log:
            v = math.log10(v)
        a = self.y0 if a is None else a
        b = self.y1 if b is None else b
        return self.top + self.ph - (v - a) / (b - a) * self.ph

    def drawable(self, v):
        return _finite(v) and (v > 0.0 or not self.log)

    def axes(self, out):
        """Grid lines, ticks, the frame and the axis names."""
        left, top, pw, ph = self.left, self.top, self.pw, self.ph
        for t in self.yt:
            y = self.Y(t)
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e5e7eb"/>'
                       % (coord(left), coord(y), coord(left + pw), coord(y)))
            out.append(text(left - 8, y + 4, number(t), 11, "end", MUTED))
        for t in self.xt:
            x = self.X(t)
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#9ca3af"/>'
                       % (coord(x), coord(top + ph), coord(x), coord(top + ph + 5)))
            out.append(text(x, top + ph + 19, "%d" % int(t), 11, colour=MUTED))
        out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#9ca3af"/>'
                   % (coord(left), coord(top), coord(pw), coord(ph)))
        out.append(text(left + pw / 2.0, top + ph + 40, "epoch", 12))
        name = "loss (log scale)" if self.log else "loss"
        out.append(text(18, top + ph / 2.0, name, 12,
                        extra=' transform="rotate(-90 18 %s)"' % coord(top + ph / 2.0)))

    def curves(self, out, series):
        legend = []
        for key, vals, colour, dash in series:
            out.append(_polyline([(self.X(e + 1), self.Y(v)) for e, v in enumerate(vals)
                                  if self.drawable(v)], rgb(colour), dash))
            legend.append((key, colour, dash))
        return legend

    def metric_axis(self, out, metric, mvals):
        """The metric's axis on the right (0 to 1 when it fits) and its curve."""
        mt = nice_ticks(0.0, 1.0) if min(mvals) >= 0.0 and max(mvals) <= 1.0 else \
            nice_ticks(min(mvals), max(mvals))
        m0, m1 = mt[0], mt[-1]
        edge = self.left + self.pw
        for t in mt:
            y = self.Y(t, m0, m1)
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#9ca3af"/>'
                       % (coord(edge), coord(y), coord(edge + 5), coord(y)))
            out.append(text(edge + 9, y + 4, number(t), 11, "start", MUTED))
        rx = self.width - 16
        mid = self.top + self.ph / 2.0
        out.append(text(rx, mid, metric, 12,
                        extra=' transform="rotate(90 %s %s)"' % (coord(rx), coord(mid))))
        out.append(_polyline([(self.X(e + 1), self.Y(v, m0, m1)) for e, v in enumerate(mvals)
                              if _finite(v)], rgb(GREEN), "", 1.6))

    def marker(self, out, epoch, key, value):
        """The best epoch: a dashed line, a dot on its curve and a label."""
        x = self.X(epoch)
        out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.2" '
                   'stroke-dasharray="4 3"/>' % (coord(x), coord(self.top), coord(x),
                                                 coord(self.top + self.ph), INK))
        label = "best: epoch %d, %s %s" % (epoch, key, number(value))
        if self.drawable(value):
            out.append('<circle cx="%s" cy="%s" r="4" fill="white" stroke="%s" '
                       'stroke-width="2">%s</circle>' % (coord(x), coord(self.Y(value)), INK,
                                                         title(label)))
        right = x > self.left + self.pw * 0.6
        out.append(text(x + (-6 if right else 6), self.top + 14, label, 11,
                        "end" if right else "start", extra=HALO))

    def legend(self, out, legend, history):
        """The legend box, top right inside the plot, with each curve's last value."""
        lw = 28 + 8 * max([len(k) for k, c, d in legend]) + 60
        lx = self.left + self.pw - lw - 10
        ly = self.top + (0.3 * self.ph if self.has_metric else 24)
        out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="white" fill-opacity="0.9" '
                   'stroke="#d1d5db" rx="4"/>' % (coord(lx), coord(ly), coord(lw),
                                                  coord(8 + 18 * len(legend))))
        for k, (key, colour, dash) in enumerate(legend):
            yy = ly + 17 + 18 * k
            vals = history[key]
            last = vals[-1] if vals else 0.0
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"%s/>'
                       % (coord(lx + 8), coord(yy - 4), coord(lx + 30), coord(yy - 4),
                          rgb(colour), ' stroke-dasharray="%s"' % dash if dash else ""))
            out.append(text(lx + 36, yy, "%s  %s" % (key, number(last)), 11, "start"))


def _log_ticks(lo, hi):
    """Ticks of a log axis covering [lo, hi]: powers of ten (and 2 and 5 times
    them when it spans under two decades)."""
    a = int(math.floor(math.log10(lo) + 1e-9))
    b = int(math.ceil(math.log10(hi) - 1e-9))
    if b <= a:
        b = a + 1
    steps = (1.0, 2.0, 5.0) if b - a <= 2 else (1.0,)
    ticks = []
    for p in range(a, b + 1):
        for m in steps:
            v = float("%.12g" % (m * 10.0 ** p))
            if v <= 10.0 ** b * 1.0000001:
                ticks.append(v)
    return ticks


def _polyline(points, colour, dash, stroke_width=2.2):
    if not points:
        return ""
    if len(points) == 1:
        x, y = points[0]
        return '<circle cx="%s" cy="%s" r="3" fill="%s"/>' % (coord(x), coord(y), colour)
    return ('<polyline fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"%s '
            'points="%s"/>' % (colour, stroke_width,
                               ' stroke-dasharray="%s"' % dash if dash else "",
                               " ".join(["%s,%s" % (coord(x), coord(y)) for x, y in points])))


# -- weights as images -----------------------------------------------------------------

def weight_images_svg(net, shape, layer=0, columns=8, title=None, classes=None,
                      same_scale=False):
    """Each neuron's weights of one layer as a small image, for image inputs.

    ``shape`` is ``(height, width)`` of the input image (its pixels row by
    row are the layer's inputs: ``height × width`` must be its input
    count).  Weight ``w[j][r·width + c]`` is drawn at row r, column c of
    neuron j's image: blue positive, orange negative, white 0, full colour
    at the image's largest |w| (with ``same_scale``, the layer's largest, so
    that images compare).  Under each image: the neuron, its bias and, when
    the next layer is the output, the output it pushes up most (a class name
    when the model has them).  Hover over an image for its numbers.
    """
    if not (isinstance(shape, (list, tuple)) and len(shape) == 2):
        raise ValueError("shape: expected (height, width), got %r" % (shape,))
    h, w = shape
    for v in (h, w):
        if not isinstance(v, int) or isinstance(v, bool) or v < 1:
            raise ValueError("shape: expected two whole numbers >= 1, got %r" % (shape,))
    if not isinstance(layer, int) or isinstance(layer, bool) or not 0 <= layer < len(net.layers):
        raise ValueError("layer: expected 0 to %d, got %r" % (len(net.layers) - 1, layer))
    lyr = net.layers[layer]
    if h * w != lyr.n_inputs:
        raise ValueError("shape: %d×%d is %d pixels, but layer %d has %d inputs"
                         % (h, w, h * w, layer + 1, lyr.n_inputs))
    if not isinstance(columns, int) or isinstance(columns, bool) or columns < 1:
        raise ValueError("columns: expected a whole number >= 1, got %r" % (columns,))
    scale = 1e-12
    for row in lyr.weights:
        for v in row:
            scale = max(scale, abs(v))
    votes = _votes(net, layer, classes)
    side = 72.0
    tw, th = (side, side * h / w) if w >= h else (side * w / h, side)
    cols = min(columns, lyr.n_outputs)
    rows = (lyr.n_outputs + cols - 1) // cols
    cell_w, cell_h = tw + 22.0, th + (46.0 if votes else 34.0)
    width = int(max(48 + cols * cell_w, 420))
    height = int(84 + rows * cell_h + 44)
    if title is None:
        title = "layer %d's weights as %d×%d images: %s" % (layer + 1, h, w, architecture(net))
    out = start(width, height, title)
    out.append(text(width / 2.0, 30, title, 15, extra=' font-weight="bold"'))
    out.append(text(width / 2.0, 50, "each neuron's %d weights, one pixel per input" % (h * w),
                    12, colour=MUTED))
    for j in range(lyr.n_outputs):
        x = 24 + (j % cols) * cell_w + 11
        y = 68 + (j // cols) * cell_h
        own = scale
        if not same_scale:
            own = 1e-12
            for v in lyr.weights[j]:
                own = max(own, abs(v))
        _weight_image(out, lyr, j, (h, w), own, (x, y, tw, th), votes, layer)
    if same_scale:
        _colour_bar(out, width / 2.0 - 120, height - 30, 240, -scale, scale)
    else:
        _colour_bar(out, width / 2.0 - 120, height - 30, 240, -1.0, 1.0,
                    "weight ÷ the image's largest |w|: orange −, white 0, blue +")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _votes(net, layer, classes):
    """For each neuron of ``layer``: (output it pushes up most, that weight), when
    the next layer is the last; else None."""
    if layer + 2 != len(net.layers):
        return None
    out = net.layers[layer + 1]
    names = class_names(net, out.n_outputs, classes) if out.n_outputs > 1 else None
    votes = []
    for j in range(out.n_inputs):
        best = 0
        for m in range(1, out.n_outputs):
            if out.weights[m][j] > out.weights[best][j]:
                best = m
        votes.append((names[best] if names else "output %d" % best, out.weights[best][j]))
    return votes


def _weight_image(out, lyr, j, shape, scale, box, votes, layer):
    h, w = shape
    x, y, tw, th = box
    row = lyr.weights[j]
    lo, hi = min(row), max(row)
    hover = "neuron %d: weights w%s[%d][i] from %.4g to %.4g (full colour: |w| = %.4g)" % (
        j, sup(layer + 1), j, lo, hi, scale)
    if lyr.biases:
        hover += ", bias %.4g" % lyr.biases[j]
    if votes:
        hover += "; pushes up %s most (weight %.4g)" % votes[j]
    out.append("<g>" + title(hover))
    codes = [value_code(v, -scale, scale) for v in row]
    cells(out, codes, value_colour, h, x, y, tw, th, cols=w)
    out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#9ca3af"/></g>'
               % (coord(x), coord(y), coord(tw), coord(th)))
    cx = x + tw / 2.0
    out.append(text(cx, y + th + 13, "neuron %d" % j, 10, colour=INK))
    if lyr.biases:
        out.append(text(cx, y + th + 25, "b %s" % number(lyr.biases[j]), 10, colour=MUTED))
    if votes:
        out.append(text(cx, y + th + (37 if lyr.biases else 25), "→ %s" % votes[j][0], 10,
                        colour=MUTED))


def _colour_bar(out, x, y, width, lo, hi,
                legend="weight: orange negative, white 0, blue positive"):
    """A bar of the diverging scale from lo (orange) through 0 to hi (blue)."""
    steps = 17
    for k in range(steps):
        v = lo + (hi - lo) * (k + 0.5) / steps
        out.append('<rect x="%s" y="%s" width="%s" height="10" fill="%s"/>' % (
            coord(x + k * width / steps), coord(y), coord(width / steps + 0.3),
            value_colour(value_code(v, lo, hi))))
    out.append(text(x - 6, y + 9, number(lo), 11, "end", MUTED))
    out.append(text(x + width + 6, y + 9, number(hi), 11, "start", MUTED))
    out.append(text(x + width / 2.0, y + 24, legend, 11, colour=MUTED))


# -- training over time ---------------------------------------------------------------

def training_svg(snapshots, history=None, title=None, tile=150.0, columns=6):
    """The decision maps a :class:`Snapshots` kept during ``fit``, side by side
    (small multiples), each with its epoch, accuracy and loss, the points on
    top (misclassified ones crossed out); under them, when ``history`` is
    given, its loss curve with the snapshots' epochs marked."""
    frames = snapshots.frames
    if not frames:
        raise ValueError("training_svg: the snapshots have no frames (was the callback "
                         "passed to fit?)")
    plane = snapshots.plane
    tw, th = plane.box(tile)
    cols = min(columns, len(frames))
    rows = (len(frames) + cols - 1) // cols
    cell_w, cell_h = tw + 18.0, th + 46.0
    width = int(max(40 + cols * cell_w, 560))
    curve_h = 220.0 if history is not None else 0.0
    height = int(70 + rows * cell_h + curve_h + 20)
    net = snapshots.net
    names = class_names(net, net.n_outputs)
    if title is None:
        title = "training over time: %s" % architecture(net)
    out = start(width, height, title)
    out.append(text(width / 2.0, 30, title, 15, extra=' font-weight="bold"'))
    for f, (epoch, codes, acc, loss, predicted) in enumerate(frames):
        x = 20 + (f % cols) * cell_w + 9
        y = 56 + (f // cols) * cell_h
        cells(out, codes, shade_colour, plane.res, x, y, tw, th)
        points(out, plane, plane.X, snapshots.labels, predicted, names, (x, y, tw, th), 2.2,
               hover=False)
        out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#6b7280"/>'
                   % (coord(x), coord(y), coord(tw), coord(th)))
        out.append(text(x + tw / 2.0, y + th + 15, "epoch %d" % epoch, 12,
                        extra=' font-weight="bold"'))
        sub = "%.0f%% right" % (100.0 * acc) + ("" if loss is None else ", loss %s" % number(loss))
        out.append(text(x + tw / 2.0, y + th + 30, sub, 11, colour=MUTED))
    if history is not None:
        _training_curve(out, history, [fr[0] for fr in frames], width,
                        56 + rows * cell_h + 10, curve_h)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _training_curve(out, history, epochs, width, top, h):
    if isinstance(history, (list, tuple)):
        history = {"loss": list(history)}
    vals = [float(v) for v in history.get("loss", [])]
    if not vals:
        raise ValueError("training_svg: the history has no loss values")
    c = _Chart(width, top + h, [("loss", vals, POSITIVE, "")], None, top=top + 10,
               bottom=50.0)
    c.axes(out)
    c.curves(out, [("loss", vals, POSITIVE, "")])
    for e in epochs:
        if 1 <= e <= len(vals):
            x = c.X(e)
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#9ca3af" '
                       'stroke-dasharray="3 3">%s</line>' % (
                           coord(x), coord(c.top), coord(x), coord(c.top + c.ph),
                           title("snapshot after epoch %d" % e)))
