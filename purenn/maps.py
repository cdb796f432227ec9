"""Pictures over the input plane of a 2-input network, as SVG text.

* ``boundary_svg(net, X, Y)``: the predicted class (and how sure it is) over
  the plane, the points on top (misclassified ones crossed out) and a
  legend of the classes;
* ``neuron_maps_svg(net, X)``: what every neuron computes, its activation
  over the plane, as small maps laid out like the network, joined by the
  weights;
* ``Snapshots``: a ``fit`` callback that keeps the decision map at chosen
  epochs, for :func:`purenn.plot.training_svg`.

A map is a grid of cells over the data's box (plus a margin); each cell's
colour is one of a few shades, and all the cells of one shade are one
``<path>``, so a picture stays small.  :mod:`purenn.plot` re-exports these.

>>> from purenn import Network, Dense
>>> net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
>>> X, Y = [[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]], [[0.0], [1.0], [1.0]]
>>> svg = boundary_svg(net, X, Y, resolution=10)
>>> svg.count("<circle")        # the three points
3
>>> maps = neuron_maps_svg(net, X, resolution=8)
>>> maps.count('class="tile"')  # 2 inputs, 3 hidden neurons, 1 output
6
"""

from .core import checks
from .core.metrics import argmax_row
from .explain import sup
from .svg import (CLASS_COLOURS, MUTED, NEGATIVE, POSITIVE, coord, diverging, mix, nice_ticks,
                  number, rgb, start, text, title)

#: Shades of each colour in a map (besides white).
LEVELS = 8


def class_of(y):
    """The class of an output or target row: its argmax, or with one column
    1 if y ≥ 0.5 else 0."""
    if len(y) > 1:
        return argmax_row(y)
    return 1 if y[0] >= 0.5 else 0


def model_names(net, section, key, n):
    """Labels kept in a model's metadata (``("inputs", "names")``,
    ``("target", "classes")``) when there are n of them, else None."""
    md = getattr(net, "metadata", None)
    part = md.get(section) if isinstance(md, dict) else None
    names = part.get(key) if isinstance(part, dict) else None
    if isinstance(names, list) and len(names) == n:
        for t in names:
            if not isinstance(t, str):
                return None
        return [t if len(t) <= 24 else t[:23] + "…" for t in names]
    return None


def _units(net):
    """(mean, scale) of a model's two inputs when it keeps them (the network
    sees (x − mean) / scale), else None."""
    md = getattr(net, "metadata", None)
    part = md.get("inputs") if isinstance(md, dict) else None
    if not isinstance(part, dict):
        return None
    mean, scale = part.get("mean"), part.get("scale")
    for v in (mean, scale):
        if not (isinstance(v, list) and len(v) == 2):
            return None
        for x in v:
            if not isinstance(x, (int, float)) or isinstance(x, bool) or not x - x == 0.0:
                return None
    if scale[0] <= 0 or scale[1] <= 0:
        return None
    return mean, scale


def _quantize(t):
    """t in [0, 1] to one of LEVELS + 1 steps."""
    t = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
    return int(t * LEVELS + 0.5)


def shade(p, K):
    """The colour code of a cell where the network predicts p (K outputs):
    class × (LEVELS + 1) + how sure, from 0 (a coin toss) to LEVELS."""
    if K == 1:
        q = p[0]
        return (1 if q >= 0.5 else 0) * (LEVELS + 1) + _quantize(abs(2.0 * q - 1.0))
    k = argmax_row(p)
    return k * (LEVELS + 1) + _quantize((p[k] - 1.0 / K) / (1.0 - 1.0 / K))


def shade_colour(code):
    """The fill of a shade code: the class's colour, paler when less sure."""
    k, level = code // (LEVELS + 1), code % (LEVELS + 1)
    return rgb(mix(CLASS_COLOURS[k % len(CLASS_COLOURS)], 0.08 + 0.47 * level / LEVELS))


class Plane:
    """The data's box plus a 10% margin, and a ``res × res`` grid over it.

    ``grid()`` is the cell centres, row by row from the top (largest x[1]),
    each row from the left: the order every map's cells are drawn in.
    """

    def __init__(self, X, resolution):
        resolution = checks.positive_int("resolution", resolution)
        if resolution < 2:
            raise ValueError("resolution: expected at least 2, got %d" % resolution)
        X = checks.as_matrix(X, "X", 2)
        if not X:
            raise ValueError("X: a map needs at least one point to cover")
        xs, ys = [p[0] for p in X], [p[1] for p in X]
        padx = 0.1 * (max(xs) - min(xs)) or 1.0
        pady = 0.1 * (max(ys) - min(ys)) or 1.0
        self.xlo, self.xhi = min(xs) - padx, max(xs) + padx
        self.ylo, self.yhi = min(ys) - pady, max(ys) + pady
        self.res = resolution
        self.X = X

    def grid(self):
        res = self.res
        out = []
        for r in range(res):
            yv = self.yhi - (r + 0.5) * (self.yhi - self.ylo) / res
            for c in range(res):
                out.append([self.xlo + (c + 0.5) * (self.xhi - self.xlo) / res, yv])
        return out

    def box(self, size):
        """(width, height) of the plane drawn with its longer side ``size``."""
        span = max(self.xhi - self.xlo, self.yhi - self.ylo)
        return (size * (self.xhi - self.xlo) / span, size * (self.yhi - self.ylo) / span)

    def at(self, p, left, top, w, h):
        """Where the point p of the plane is drawn in the box (left, top, w, h)."""
        return (left + (p[0] - self.xlo) / (self.xhi - self.xlo) * w,
                top + h - (p[1] - self.ylo) / (self.yhi - self.ylo) * h)


def cells(out, codes, palette, res, left, top, w, h, cols=None):
    """A grid of colour codes (``res`` rows of ``cols`` cells, default res, row
    by row from the top) drawn into the box: one ``<path>`` per colour, each
    run of equal cells in a row one stroke a cell wide (``M c r.5 h n``), in
    cell units scaled to the box; ``palette(code)`` is a code's colour."""
    cols = res if cols is None else cols
    order = []
    runs = {}
    for r in range(res):
        c = 0
        while c < cols:
            code = codes[r * cols + c]
            end = c + 1
            while end < cols and codes[r * cols + end] == code:
                end += 1
            if code not in runs:
                runs[code] = []
                order.append(code)
            runs[code].append("M%d %d.5h%d" % (c, r, end - c))
            c = end
    out.append('<g transform="translate(%s %s) scale(%s %s)" shape-rendering="crispEdges" '
               'fill="none" stroke-width="1">' % (coord(left), coord(top), _fine(w / cols),
                                                  _fine(h / res)))
    for code in order:                     # first-seen order: the same on every interpreter
        out.append('<path stroke="%s" d="%s"/>' % (palette(code), "".join(runs[code])))
    out.append("</g>")


def _fine(v):
    """A scale factor: 4 decimals."""
    s = "%.4f" % v
    return s.rstrip("0").rstrip(".")


def _axis_ticks(lo, hi, mean, scale):
    """[(position in the network's units, label)] for one axis: round numbers of
    the model's own units when it keeps them, else of the network's."""
    if mean is None:
        return [(t, number(t)) for t in nice_ticks(lo, hi, 6) if lo <= t <= hi]
    a, b = lo * scale + mean, hi * scale + mean
    return [((t - mean) / scale, number(t)) for t in nice_ticks(a, b, 6) if a <= t <= b]


def axes(out, plane, left, top, w, h, net=None):
    """The frame, ticks and axis names of a map (the model's input names and
    units when it keeps them)."""
    out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#6b7280"/>'
               % (coord(left), coord(top), coord(w), coord(h)))
    names = model_names(net, "inputs", "names", 2) if net is not None else None
    units = _units(net) if net is not None else None
    mean, scale = units if units else ((None, None), (None, None))
    for t, label in _axis_ticks(plane.xlo, plane.xhi, mean[0], scale[0]):
        x = plane.at((t, plane.ylo), left, top, w, h)[0]
        out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#6b7280"/>'
                   % (coord(x), coord(top + h), coord(x), coord(top + h + 5)))
        out.append(text(x, top + h + 19, label, 11, colour=MUTED))
    for t, label in _axis_ticks(plane.ylo, plane.yhi, mean[1], scale[1]):
        y = plane.at((plane.xlo, t), left, top, w, h)[1]
        out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#6b7280"/>'
                   % (coord(left - 5), coord(y), coord(left), coord(y)))
        out.append(text(left - 9, y + 4, label, 11, "end", MUTED))
    out.append(text(left + w / 2.0, top + h + 40, names[0] if names else "x[0]", 12))
    mid = top + h / 2.0
    out.append(text(20, mid, names[1] if names else "x[1]", 12,
                    extra=' transform="rotate(-90 20 %s)"' % coord(mid)))


# -- the decision map -------------------------------------------------------------

def class_names(net, K, classes=None):
    """The names of the classes a network with K outputs tells apart: given,
    kept in the model, or ``class 0``, ``class 1``, ..."""
    n = 2 if K == 1 else K
    if classes is not None:
        names = [str(c) for c in classes]
        if len(names) != n:
            raise ValueError("classes: expected %d names, got %d" % (n, len(names)))
        return names
    return model_names(net, "target", "classes", n) or ["class %d" % k for k in range(n)]


def boundary_svg(net, X, Y=None, resolution=80, title=None, size=480, classes=None):
    """The decision map of a 2-input classifier, with the points (X, Y) on top.

    Each cell of a ``resolution × resolution`` grid over the data (plus a
    margin) is coloured by the class the network predicts there, paler
    where it is less sure: with one sigmoid output, orange for class 0 and
    blue for class 1, from white at p = 0.5 to full colour at p = 0 or 1;
    with several outputs, the colour of the argmax class with the strength
    of its probability.  The dark line is the decision boundary.  Points are
    drawn in their true class's colour; a point the network gets wrong is
    crossed out.  The legend names the classes (``classes``, or the names a
    model trained by ``python -m purenn train`` keeps).
    """
    if net.n_inputs != 2:
        raise ValueError("boundary_svg: expected a network with 2 inputs, got %d"
                         % net.n_inputs)
    plane = Plane(X, resolution)
    X = plane.X
    labels = None
    if Y is not None:
        labels = [class_of(y if isinstance(y, (list, tuple)) else [y]) for y in Y]
        if len(labels) != len(X):
            raise ValueError("Y: expected %d rows (one per point), got %d"
                             % (len(X), len(labels)))
    names = class_names(net, net.n_outputs, classes)
    pw, ph = plane.box(size)
    left, top = 64.0, 56.0
    width = int(left + pw + 24)
    height = int(legend([], names, left, top + ph + 70, pw, Y is not None) + 10)
    if title is None:
        title = "decision map: %s" % architecture(net)
    out = start(width, height, title)
    out.append(text(left + pw / 2.0, 30, title, 15, extra=' font-weight="bold"'))
    P = net.predict(plane.grid())
    K = net.n_outputs
    cells(out, [shade(p, K) for p in P], shade_colour, resolution, left, top, pw, ph)
    _boundary_line(out, P, K, resolution, left, top, pw, ph)
    predicted = [class_of(p) for p in net.predict(X)]
    right = points(out, plane, X, labels, predicted, names, (left, top, pw, ph))
    axes(out, plane, left, top, pw, ph, net)
    y = top + ph + 62
    if labels is not None:
        out.append(text(left + pw / 2.0, y, "%d points, %d classified right (%.1f%%); shade = "
                        "certainty" % (len(X), right, 100.0 * right / len(X)), 12,
                        colour=MUTED))
    legend(out, names, left, y + 8, pw, labels is not None)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _boundary_line(out, P, K, res, left, top, pw, ph):
    cw, ch = pw / res, ph / res
    if K == 1:
        segs = _contour([p[0] - 0.5 for p in P], res, left + cw / 2.0, top + ch / 2.0, cw, ch)
    else:
        segs = _class_edges([class_of(p) for p in P], res, left, top, cw, ch)
    if segs:
        out.append('<path d="%s" stroke="#111827" stroke-width="1.6" stroke-opacity="0.7" '
                   'fill="none" stroke-linejoin="round"/>' % " ".join(segs))


def points(out, plane, X, labels, predicted, names, box, radius=4.5, hover=True):
    """The data points in their class's colour (a cross over each one the network
    gets wrong); returns how many are right.  With ``hover`` each point is a
    ``<circle class="point">`` with its values on hover; without, the points
    of each colour are one ``<path>`` of small circles (for small maps)."""
    right = 0
    left, top, w, h = box
    order, dots, crosses = [], {}, []
    for n, p in enumerate(X):
        x, y = plane.at(p, left, top, w, h)
        k = labels[n] if labels is not None else None
        colour = CLASS_COLOURS[k % len(CLASS_COLOURS)] if k is not None else (55, 65, 81)
        wrong = k is not None and predicted[n] != k
        if k is not None and not wrong:
            right += 1
        if wrong:
            crosses.append((x, y))
        if not hover:
            if colour not in dots:
                dots[colour] = []
                order.append(colour)
            dots[colour].append("M%s %sh0" % (coord(x), coord(y)))
            continue
        note = "x = (%s, %s): %s, predicted %s" % (
            "%.4g" % p[0], "%.4g" % p[1], names[k] if k is not None and k < len(names) else "?",
            names[predicted[n]] if predicted[n] < len(names) else predicted[n])
        out.append('<circle class="point" cx="%s" cy="%s" r="%s" fill="%s" stroke="%s" '
                   'stroke-width="1.2">%s</circle>' % (
                       coord(x), coord(y), coord(radius), rgb(colour),
                       rgb(mix(colour, 0.55, (0, 0, 0))), title(note)))
    for colour in order:          # each dot a round cap on a dark one a little wider
        d = "".join(dots[colour])
        out.append('<path stroke="%s" stroke-width="%s" stroke-linecap="round" d="%s"/>' % (
            rgb(mix(colour, 0.55, (0, 0, 0))), coord(2 * radius + 1.0), d))
        out.append('<path stroke="%s" stroke-width="%s" stroke-linecap="round" d="%s"/>' % (
            rgb(colour), coord(2 * radius), d))
    d, t = 1.2 * radius + 1.0, coord(2.4 * radius + 2.0)
    for x, y in crosses:
        out.append('<path class="wrong" d="M%s %sl%s %sm0 -%sl-%s %s" stroke="#111827" '
                   'stroke-width="%s" stroke-linecap="round"/>' % (
                       coord(x - d), coord(y - d), t, t, t, t, t, coord(0.4 * radius + 0.4)))
    return right


def legend(out, names, left, top, width, crosses=True):
    """A row (or rows) of class swatches with their names, and the cross's meaning."""
    items = [(rgb(CLASS_COLOURS[k % len(CLASS_COLOURS)]), names[k]) for k in range(len(names))]
    x, y = left, top + 12
    for colour, name in items + ([(None, "")] if crosses else []):
        label = "wrong (crossed out)" if colour is None else name
        step = 34 + 7 * len(label)
        if x + step > left + width and x > left:
            x, y = left, y + 20
        if colour is None:
            out.append('<path d="M%s %sl8 8m0 -8l-8 8" stroke="#111827" stroke-width="2" '
                       'stroke-linecap="round"/>' % (coord(x + 2), coord(y - 8)))
        else:
            out.append('<rect x="%s" y="%s" width="12" height="12" rx="2" fill="%s"/>'
                       % (coord(x), coord(y - 10), colour))
        out.append(text(x + 17, y, label, 12, "start"))
        x += step
    return y + 8


def _class_edges(cls, res, left, top, cw, ch):
    """Path pieces along the cell edges where the predicted class changes."""
    segs = []
    for r in range(res):
        for c in range(res):
            k = cls[r * res + c]
            if c + 1 < res and cls[r * res + c + 1] != k:
                x = left + (c + 1) * cw
                segs.append("M%s %sV%s" % (coord(x), coord(top + r * ch), coord(top + (r + 1) * ch)))
            if r + 1 < res and cls[(r + 1) * res + c] != k:
                y = top + (r + 1) * ch
                segs.append("M%s %sH%s" % (coord(left + c * cw), coord(y),
                                           coord(left + (c + 1) * cw)))
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
                segs.append("M%s %sL%s %s" % (coord(pts[k][0]), coord(pts[k][1]),
                                               coord(pts[k + 1][0]), coord(pts[k + 1][1])))
    return segs


# -- what each neuron computes ------------------------------------------------------

def architecture(net):
    """The network in a few words, for titles: ``2 inputs → 8 tanh → 1 sigmoid``."""
    return "%d inputs → %s" % (net.n_inputs, " → ".join(
        ["%d %s" % (l.n_outputs, l.activation.name) for l in net.layers]))


def shown(n, cap):
    """Indices of the neurons drawn for a layer of n (all, or the ends and a gap)."""
    if n <= cap:
        return list(range(n)), None
    head = (cap - 1) // 2
    tail = cap - 1 - head
    return list(range(head)) + list(range(n - tail, n)), head


def value_range(name, values):
    """(low, high) of the colour scale of an activation's maps: its range when
    bounded (sigmoid and softmax 0 to 1, tanh −1 to 1), else symmetric about
    0 to the largest |value| drawn."""
    if name in ("sigmoid", "softmax"):
        return 0.0, 1.0
    if name == "tanh":
        return -1.0, 1.0
    big = 0.0
    for v in values:
        if abs(v) > big:
            big = abs(v)
    big = big or 1.0
    return -big, big


def value_code(v, lo, hi):
    """The shade code of an activation value: orange below the middle of
    [lo, hi], blue above, stronger further out (LEVELS steps each way)."""
    mid, half = (lo + hi) / 2.0, (hi - lo) / 2.0
    t = (v - mid) / half
    return LEVELS + (_quantize(t) if t >= 0.0 else -_quantize(-t))


def value_colour(code):
    """The fill of a value code (see :func:`value_code`)."""
    return rgb(diverging(float(code - LEVELS), float(LEVELS)))


def neuron_maps_svg(net, X, Y=None, resolution=24, title=None, max_neurons=12, tile=None,
                    classes=None):
    """What every neuron of a 2-input network computes, as small maps laid out
    like the network (a column per layer), in the style of TensorFlow
    Playground.

    Each map is the neuron's activation over the plane the data (X) covers:
    blue where it is high, orange where low, white in the middle of its
    range (0.5 for sigmoid and softmax, 0 otherwise; see
    :func:`value_range`).  The first column maps the two inputs themselves.
    Lines join the maps, one per weight, blue positive and orange negative,
    wider the larger.  The points (coloured by class when Y is given) are
    drawn on the output maps.  Hover over a map for its neuron's bias and
    range.  Layers with more than ``max_neurons`` neurons show their first
    and last ones.
    """
    if net.n_inputs != 2:
        raise ValueError("neuron_maps_svg: expected a network with 2 inputs, got %d"
                         % net.n_inputs)
    if max_neurons < 3:
        raise ValueError("max_neurons: expected at least 3, got %r" % (max_neurons,))
    plane = Plane(X, resolution)
    grid = plane.grid()
    cache = net.forward(grid)
    lay = _Layout(net, plane, max_neurons, tile)
    if title is None:
        title = "what each neuron computes: %s" % architecture(net)
    out = start(lay.width, lay.height, title)
    out.append(text(lay.width / 2.0, 30, title, 15, extra=' font-weight="bold"'))
    lay.edges(out)
    columns = [[[row[i] for row in grid] for i in range(2)]]
    for k in range(len(net.layers)):
        A = cache[k][2]
        columns.append([[row[j] for row in A] for j in lay.shown[k + 1][0]])
    labels = None
    if Y is not None:
        labels = [class_of(y if isinstance(y, (list, tuple)) else [y]) for y in Y]
    for c, maps in enumerate(columns):
        lay.column(out, c, maps, labels)
    out.append(text(lay.width / 2.0, lay.height - 14, "colour: blue high, orange low, white "
                    "mid-range (under each column); lines: weights, blue +, orange −",
                    11, colour=MUTED))
    out.append("</svg>")
    return "\n".join(out) + "\n"


class _Layout:
    """Where each map of ``neuron_maps_svg`` goes."""

    def __init__(self, net, plane, cap, tile):
        self.net, self.plane = net, plane
        self.layers = net.layers
        sizes = [2] + [l.n_outputs for l in net.layers]
        self.shown = [shown(n, cap) for n in sizes]
        rows = max([len(s[0]) + (1 if s[1] is not None else 0) for s in self.shown])
        self.gap = 12.0 if rows <= 8 else 8.0
        w, h = plane.box(1.0)
        if tile:
            self.tw, self.th = plane.box(tile)
        else:                # about 460 pixels of maps down the tallest column
            self.th = min(90.0, 460.0 / rows - self.gap)
            self.tw = min(self.th * w / h, 130.0)
            self.th = self.tw * h / w
        self.col_gap = 110.0
        n_last = len(self.shown[-1][0])
        self.big = 1.8 if n_last <= 2 else (1.4 if n_last == 3 else 1.0)   # the output maps
        self.last = len(sizes) - 1
        self.names = class_names(net, net.n_outputs) if net.n_outputs > 1 else None
        self.in_names = model_names(net, "inputs", "names", 2)
        right = 40.0 + (7.0 * max([len(t) for t in self.names]) if self.names else 0.0)
        span = self.big * self.tw + (self.tw + self.col_gap) * (len(sizes) - 1)
        self.width = max(int(span + 40.0 + right), 660)
        self.left = (self.width - right + 40.0 - span) / 2.0
        self.top = 64.0
        self.height = int(self.top + rows * (self.th + self.gap) + 84)
        self.mid = self.top + rows * (self.th + self.gap) / 2.0
        self.where = [self.slots(c) for c in range(len(sizes))]

    def size(self, c):
        """(width, height) of the maps of column c (the output's may be larger)."""
        k = self.big if c == self.last else 1.0
        return self.tw * k, self.th * k

    def slots(self, c):
        """{neuron: (left, top) of its map} and the y of the gap, for column c."""
        idx, gap = self.shown[c]
        tw, th = self.size(c)
        n = len(idx) + (1 if gap is not None else 0)
        y0 = self.mid - n * (th + self.gap) / 2.0 + self.gap / 2.0
        x = self.left + c * (self.tw + self.col_gap)
        pos, s, gap_y = {}, 0, None
        for i in idx:
            if gap is not None and i >= gap and gap_y is None:
                gap_y = y0 + s * (th + self.gap) + th / 2.0
                s += 1
            pos[i] = (x, y0 + s * (th + self.gap))
            s += 1
        return pos, gap_y

    def edges(self, out):
        """One line per weight between maps drawn, weakest first."""
        biggest = 1e-12
        for l in self.layers:
            for row in l.weights:
                for w in row:
                    biggest = max(biggest, abs(w))
        lines = []
        for c, layer in enumerate(self.layers):
            src, dst = self.where[c][0], self.where[c + 1][0]
            for j in self.shown[c + 1][0]:
                for i in self.shown[c][0]:
                    w = layer.weights[j][i]
                    lines.append((abs(w), len(lines), w, src[i], dst[j], c))
        lines.sort(key=lambda t: (t[0], t[1]))
        out.append('<g stroke-linecap="round">')
        for a, _, w, p, q, c in lines:
            t = (a / biggest) ** 0.5
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s" '
                       'stroke-opacity="%s"/>' % (
                           coord(p[0] + self.tw), coord(p[1] + self.th / 2.0), coord(q[0]),
                           coord(q[1] + self.size(c + 1)[1] / 2.0),
                           rgb(POSITIVE if w >= 0 else NEGATIVE),
                           coord(0.4 + 3.6 * t * t), coord(0.15 + 0.75 * t)))
        out.append("</g>")

    def column(self, out, c, maps, labels):
        """Column c: its maps, each with a hover title, the gap, and the labels below."""
        pos, gap_y = self.where[c]
        idx = self.shown[c][0]
        tw, th = self.size(c)
        layer = self.layers[c - 1] if c > 0 else None
        name = layer.activation.name if layer else "input"
        values = []
        for m in maps:
            values.extend(m)
        lo, hi = value_range(name, values)
        last = c == self.last
        for i, m in zip(idx, maps):
            x, y = pos[i]
            out.append('<g class="tile">' + title(self._hover(c, i, m, layer)))
            cells(out, [value_code(v, lo, hi) for v in m], value_colour, self.plane.res,
                  x, y, tw, th)
            if last:             # the points, without crosses: a map is no prediction
                points(out, self.plane, self.plane.X, labels, labels or [0] * len(self.plane.X),
                       [], (x, y, tw, th), 1.7, hover=False)
            out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="none" '
                       'stroke="#9ca3af"/></g>' % (coord(x), coord(y), coord(tw), coord(th)))
            if last and self.names:
                out.append(text(x + tw + 6, y + th / 2.0 + 4, self.names[i], 11, "start"))
        x = self.left + c * (self.tw + self.col_gap) + tw / 2.0
        if gap_y is not None:
            out.append(text(x, gap_y + 4, "⋮ %d more" % (len(self.layers[c - 1].weights)
                                                          - len(idx)), 11, colour=MUTED))
        head = "input" if c == 0 else ("output" if last else "hidden %d" % c)
        sub = ", ".join(self.in_names or ["x[0]", "x[1]"]) if c == 0 else \
            "%d %s" % (layer.n_outputs, name)
        y = self.height - 70
        out.append(text(x, y, head, 12, extra=' font-weight="bold"'))
        out.append(text(x, y + 15, sub, 11, colour=MUTED))
        out.append(text(x, y + 30, "%s … %s" % (number(lo), number(hi)), 11, colour=MUTED))

    def _hover(self, c, i, m, layer):
        lo, hi = min(m), max(m)
        if layer is None:
            name = self.in_names[i] if self.in_names else "x[%d]" % i
            return "input %s: from %.4g to %.4g (as the network sees it)" % (name, lo, hi)
        b = (", bias b%s[%d] = %.4g" % (sup(c), i, layer.biases[i])) if layer.biases else ""
        return "layer %d, neuron %d (%s): a from %.4g to %.4g%s" % (
            c, i, layer.activation.name, lo, hi, b)


# -- training over time --------------------------------------------------------------

class Snapshots:
    """A ``fit`` callback that keeps the decision map at chosen epochs.

    ``Snapshots(net, X, Y, epochs=(0, 10, 50, 200))`` takes the map of the
    network as it is now (epoch 0) if 0 is among the epochs; pass it to
    ``fit(callbacks=[snaps])`` and it takes one after each chosen epoch.
    Each frame keeps the epoch, the map (one shade code a cell, in a
    bytearray), the accuracy on (X, Y) and, given ``loss``, the loss there.
    :func:`purenn.plot.training_svg` draws them.
    """

    def __init__(self, net, X, Y, epochs, resolution=40, loss=None):
        if net.n_inputs != 2:
            raise ValueError("Snapshots: expected a network with 2 inputs, got %d"
                             % net.n_inputs)
        self.net, self.loss = net, loss
        self.plane = Plane(X, resolution)
        self.X = self.plane.X
        if len(Y) != len(self.X):
            raise ValueError("Y: expected %d rows (one per point), got %d" % (len(self.X), len(Y)))
        self.Y = Y
        self.labels = [class_of(y if isinstance(y, (list, tuple)) else [y]) for y in Y]
        self.epochs = []
        for e in epochs:
            if not isinstance(e, int) or isinstance(e, bool) or e < 0:
                raise ValueError("epochs: expected whole numbers >= 0, got %r" % (e,))
            if e not in self.epochs:
                self.epochs.append(e)
        self.epochs.sort()
        self.frames = []
        if 0 in self.epochs:
            self.take(0)

    def take(self, epoch):
        """Keep the network's map now, as the frame of ``epoch``."""
        K = self.net.n_outputs
        codes = bytearray([shade(p, K) for p in self.net.predict(self.plane.grid())])
        predicted = [class_of(p) for p in self.net.predict(self.X)]
        right = 0
        for a, b in zip(predicted, self.labels):
            if a == b:
                right += 1
        loss = self.net.loss(self.X, self.Y, loss=self.loss) if self.loss else None
        self.frames.append((epoch, codes, right / len(self.X), loss, predicted))

    def __call__(self, epoch, logs):
        if epoch in self.epochs:
            self.take(epoch)
        return False
