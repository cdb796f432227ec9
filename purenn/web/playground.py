"""What the playground page computes: a network trained on a 2-D data set,
and what it looks like after each epoch.

The page (``python -m purenn playground``) runs this module on MicroPython's
WebAssembly port; it is ordinary purenn code and runs the same on CPython,
where it is tested.  With ``purenn.use_portable_math(True)``, as the page
sets it, the numbers are the same to the last bit on every runtime.

The page's state is its *hash*, the part of its URL after ``#``::

    #dataset=moons&hidden=4,2&activation=tanh&rate=0.3&seed=1&train=50

``key=value`` entries joined by ``&``, in any order, each key at most once,
every one optional (the default is in brackets):

==========  ==================================================  ===========
dataset     ``xor``, ``circles``, ``moons`` or ``spirals``      [circles]
hidden      neurons of each hidden layer, 1 to 8 each, joined   [4,2]
            by commas, at most 6 layers; empty for none
activation  of the hidden layers: ``tanh``, ``relu``,           [tanh]
            ``leaky_relu``, ``sigmoid`` or ``linear``
rate        the learning rate η: a decimal number above 0 and   [0.3]
            at most 10 (``0.03``, ``1e-3``)
seed        0 to 999999: draws the data's noise and the first   [1]
            weights
train       0 to 10000: the epochs to train when the page opens [0]
==========  ==================================================  ===========

Anything else (an unknown key, a key given twice, a value outside these)
is refused with a :class:`HashError` that says which entry and what it
should be; the page shows that message.  :func:`format_hash` writes the
entries in the order above, so ``format_hash(parse_hash(h)) == h`` for a
hash written that way, and ``parse_hash(format_hash(s)) == s``.

Training is plain gradient descent on the whole data set at once (one
step per epoch): binary cross-entropy on one sigmoid output for two
classes, categorical cross-entropy on softmax for the three spirals.  The
network is compiled (``Network.compile()``), so each epoch runs the code
that :attr:`Session.source` holds, the Python the page shows beside the
pictures.

>>> s = parse_hash("#dataset=moons&train=5")
>>> s["dataset"], s["hidden"], s["train"]
('moons', [4, 2], 5)
>>> format_hash(s)
'dataset=moons&hidden=4,2&activation=tanh&rate=0.3&seed=1&train=5'
>>> parse_hash("seed=-1")
Traceback (most recent call last):
  ...
purenn.web.playground.HashError: seed: expected a whole number from 0 to 999999, got '-1'
"""

import json
from array import array

from .. import datasets
from ..core.errors import TrainingDiverged
from ..core.layers import Dense
from ..core.metrics import classes
from ..core.network import Network
from ..core.rng import Rng
from ..explain import explain_step
from ..maps import boundary_svg, class_of, neuron_maps_svg
from ..plot import curve_svg
from ..svg import MUTED, start, text

#: The entries of the hash, in the order :func:`format_hash` writes them.
KEYS = ("dataset", "hidden", "activation", "rate", "seed", "train")
DATASETS = ("xor", "circles", "moons", "spirals")
ACTIVATIONS = ("tanh", "relu", "leaky_relu", "sigmoid", "linear")
#: The learning rates the page offers in its menu (the hash takes any other).
RATES = ("0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10")
MAX_LAYERS = 6
MAX_NEURONS = 8
MAX_SEED = 999999
MAX_RATE = 10.0
#: The most epochs a session trains (the loss curve keeps one value each).
MAX_EPOCHS = 10000
DEFAULTS = {"dataset": "circles", "hidden": [4, 2], "activation": "tanh", "rate": "0.3",
            "seed": 1, "train": 0}

#: Points of each data set (spirals: this many in all, a third per arm).
POINTS = 120
#: Cells across the decision map and across each neuron's map: at most
#: these, fewer for larger networks, so that each map costs about the
#: same (cells × parameters at most the budget), and drawing them all after
#: a step takes a fraction of a second on MicroPython's WebAssembly port.
BOUNDARY_RESOLUTION = (16, 40, 160000)
NEURON_RESOLUTION = (10, 16, 40000)


class HashError(ValueError):
    """An entry of the page's hash that is not one of those it understands."""


# -- the hash --------------------------------------------------------------------------

def _quote(text):
    """text for a message: quoted, cut at 40 characters."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _whole(key, text, top):
    """``text`` as an int 0..top: digits only, no leading zero."""
    if not text or not _digits(text) or (len(text) > 1 and text[0] == "0") \
            or len(text) > len(str(top)) or int(text) > top:
        raise HashError("%s: expected a whole number from 0 to %d, got %s"
                        % (key, top, _quote(text)))
    return int(text)


def _digits(text):
    for c in text:
        if not "0" <= c <= "9":
            return False
    return True


def _is_decimal(text):
    """True for ``D+[.D+][e[+-]D+]`` (D a digit) or ``.D+...``: a plain decimal
    number, as the hash writes one."""
    mant, exp = text, ""
    for e in "eE":
        if e in text:
            mant, exp = text.split(e, 1)
    if exp[:1] in ("+", "-"):
        exp = exp[1:]
    if ("e" in text or "E" in text) and not (exp and _digits(exp)):
        return False
    whole, _, frac = mant.partition(".")
    if "." in mant and not (frac and _digits(frac)):
        return False
    return _digits(whole) and bool(whole or frac)


def _rate(text):
    if len(text) <= 24 and _is_decimal(text):
        v = float(text)
        if 0.0 < v <= MAX_RATE:
            return text
    raise HashError("rate: expected a decimal number above 0 and at most %s (such as 0.3), "
                    "got %s" % ("%g" % MAX_RATE, _quote(text)))


def _hidden(text):
    if text == "":
        return []
    sizes = text.split(",")
    for s in sizes:
        if len(s) != 1 or not "1" <= s <= str(MAX_NEURONS):
            raise HashError("hidden: expected the sizes of the hidden layers, 1 to %d "
                            "neurons each, joined by commas (such as 4,2), got %s"
                            % (MAX_NEURONS, _quote(text)))
    if len(sizes) > MAX_LAYERS:
        raise HashError("hidden: at most %d hidden layers, got %d" % (MAX_LAYERS, len(sizes)))
    return [int(s) for s in sizes]


def _value(key, text):
    """The value of one entry of the hash, checked."""
    if key == "dataset" or key == "activation":
        allowed = DATASETS if key == "dataset" else ACTIVATIONS
        if text not in allowed:
            raise HashError("%s: expected one of %s, got %s"
                            % (key, ", ".join(allowed), _quote(text)))
        return text
    if key == "hidden":
        return _hidden(text)
    if key == "rate":
        return _rate(text)
    return _whole(key, text, MAX_SEED if key == "seed" else MAX_EPOCHS)


def parse_hash(text):
    """The settings in a page's hash (with or without its ``#``), as a dict
    with every key of :data:`KEYS`; raises :class:`HashError`."""
    if not isinstance(text, str):
        raise HashError("the hash: expected text, got %s" % type(text).__name__)
    if text.startswith("#"):
        text = text[1:]
    settings = {}
    for key in KEYS:
        settings[key] = DEFAULTS[key]
    seen = []
    for entry in (text.split("&") if text else []):
        key, eq, value = entry.partition("=")
        if not eq:
            raise HashError("expected key=value entries joined by &, got %s" % _quote(entry))
        if key not in KEYS:
            raise HashError("unknown key %s (the keys are %s)" % (_quote(key), ", ".join(KEYS)))
        if key in seen:
            raise HashError("%s: given twice" % key)
        seen.append(key)
        settings[key] = _value(key, value)
    return settings


def check_settings(settings):
    """A clean copy of a settings dict (as :func:`parse_hash` returns); raises
    :class:`HashError` for a missing key or a value the hash cannot hold."""
    if not isinstance(settings, dict):
        raise HashError("settings: expected a dict, got %s" % type(settings).__name__)
    for key in settings:
        if key not in KEYS:
            raise HashError("unknown key %s (the keys are %s)"
                            % (_quote(str(key)), ", ".join(KEYS)))
    out = {}
    for key in KEYS:
        if key not in settings:
            raise HashError("%s: missing" % key)
        v = settings[key]
        if key == "hidden":
            ok = isinstance(v, (list, tuple)) and _all_ints(v)
            text = ",".join([str(n) for n in v]) if ok else None
        elif key in ("seed", "train"):
            text = str(v) if isinstance(v, int) and not isinstance(v, bool) else None
        else:
            text = v if isinstance(v, str) else None
        if text is None:
            raise HashError("%s: %r is not a value the hash can hold" % (key, v))
        out[key] = _value(key, text)
    return out


def _all_ints(values):
    """True when every value is an int (and not a bool)."""
    for n in values:
        if not isinstance(n, int) or isinstance(n, bool):
            return False
    return True


def format_hash(settings):
    """The hash of ``settings`` (without its ``#``): every key, in the order
    of :data:`KEYS`."""
    s = check_settings(settings)
    parts = []
    for key in KEYS:
        v = s[key]
        if key == "hidden":
            v = ",".join([str(n) for n in v])
        parts.append("%s=%s" % (key, v))
    return "&".join(parts)


# -- the data and the network ----------------------------------------------------------

def xor_points(n=POINTS, seed=0):
    """``n`` points uniform in the square [−1, 1]², kept a tenth away from the
    axes: class 1 where x[0] and x[1] have opposite signs (the exclusive-or
    of ``x[0] > 0`` and ``x[1] > 0``), class 0 where they agree."""
    g = Rng(seed)
    X, Y = [], []
    for _ in range(n):
        p = []
        for _ in range(2):
            v = g.uniform(-0.9, 0.9)
            p.append(v + 0.1 if v >= 0.0 else v - 0.1)
        X.append(p)
        Y.append([1.0 if (p[0] > 0.0) != (p[1] > 0.0) else 0.0])
    return X, Y


def data(settings):
    """``(X, Y)``: the points of the data set the settings name."""
    name, seed = settings["dataset"], settings["seed"]
    if name == "xor":
        return xor_points(POINTS, seed)
    if name == "circles":
        return datasets.circles(POINTS, seed=seed)
    if name == "moons":
        return datasets.moons(POINTS, seed=seed)
    return datasets.spirals(POINTS // 3, classes=3, seed=seed)


def resolution(net, limits):
    """Cells across a map of ``net``: ``(least, most, budget)`` → the most
    whose square times the network's parameter count is within the budget,
    kept between least and most."""
    least, most, budget = limits
    r = most
    while r > least and r * r * net.parameter_count() > budget:
        r -= 1
    return r


def network(settings, n_outputs):
    """The network the settings describe: 2 inputs, the hidden layers, and the
    output (sigmoid for one output, softmax for more), weights from the seed."""
    sizes = [2] + list(settings["hidden"])
    layers = [Dense(sizes[k], sizes[k + 1], settings["activation"])
              for k in range(len(sizes) - 1)]
    layers.append(Dense(sizes[-1], n_outputs, "sigmoid" if n_outputs == 1 else "softmax"))
    return Network(layers, seed=settings["seed"])


# -- a session: one network being trained ------------------------------------------------

class Session:
    """One network in training, as the page holds it.

    ``Session(settings)`` builds the data and the network (epoch 0); then
    :meth:`train` runs epochs and :meth:`view` draws the state.  Keeps:
    ``settings`` (checked), ``X``, ``Y``, ``loss`` (the loss's name),
    ``rate`` (η, a float), ``net``, ``epoch``, ``losses`` (the loss after
    each epoch, ``losses[0]`` before the first), ``source`` (the Python
    each epoch runs: ``Network.compile().source``), ``compiled`` (False
    where the interpreter could not compile that source, ``engine_note``
    says why) and ``diverged`` (None, or what stopped training).
    """

    def __init__(self, settings):
        self.settings = check_settings(settings)
        self.X, self.Y = data(self.settings)
        K = len(self.Y[0])
        self.loss = "binary_crossentropy" if K == 1 else "categorical_crossentropy"
        self.rate = float(self.settings["rate"])
        self.net = network(self.settings, K)
        code = self.net.compile()
        self.source = code.source(self.loss, full=True)      # fit: one batch of every row
        self.compiled = True
        self.engine_note = ""
        try:
            code.epoch_function(self.loss, False, full=True)    # compiled now, kept for fit
        except RuntimeError as e:
            # MicroPython's compiler refuses a function this long ("bytecode
            # overflow"): train a network that is not compiled, through the
            # layers' generic code, which does the same arithmetic in the same order
            self.net = network(self.settings, K)
            self.compiled = False
            self.engine_note = ("This interpreter cannot compile code this long (%s), so "
                                "the epochs run through the layers' generic code, which "
                                "computes the same numbers in the same order." % e)
        self.epoch = 0
        self.losses = array("d", [self.net.loss(self.X, self.Y, loss=self.loss)])
        self.diverged = None

    def train(self, epochs):
        """Train ``epochs`` more epochs (fewer at :data:`MAX_EPOCHS`, none once
        training diverged); returns how many ran.

        When an epoch's loss (or the loss after it) is not finite, training
        ends after the epoch before it: the network and :attr:`losses` are as
        they were then, and :attr:`diverged` says what happened."""
        if not isinstance(epochs, int) or isinstance(epochs, bool) or epochs < 0:
            raise ValueError("epochs: expected a whole number >= 0, got %r" % (epochs,))
        n = min(epochs, MAX_EPOCHS - self.epoch)
        if n <= 0 or self.diverged:
            return 0
        saved = self.net.copy_parameters()
        try:
            new = self._epochs(n)
        except TrainingDiverged:
            # again one epoch at a time, to stop after the last good one
            self.net.set_parameters(saved)
            new = []
            while len(new) < n:
                saved = self.net.copy_parameters(saved)
                try:
                    new.extend(self._epochs(1))
                except TrainingDiverged as e:
                    self.net.set_parameters(saved)
                    self.diverged = ("training diverged in epoch %d (%s); lower the learning "
                                     "rate" % (self.epoch + len(new) + 1, e))
                    break
        for v in new:
            self.losses.append(v)
        self.epoch += len(new)
        return len(new)

    def _epochs(self, n):
        """Run n epochs; the loss after each.  TrainingDiverged when one is not finite."""
        history = self.net.fit(self.X, self.Y, epochs=n, learning_rate=self.rate,
                               loss=self.loss, compiled=self.compiled)
        try:
            after = self.net.loss(self.X, self.Y, loss=self.loss)
        except ValueError as e:          # the weights are finite, their loss is not
            raise TrainingDiverged(str(e))
        # history["loss"][i] is the loss before the step of epoch i: the loss
        # after the epoch before it (the first one, losses[-1], is known)
        return history["loss"][1:] + [after]

    def hash(self):
        """The hash that makes this session again: its settings, with ``train``
        the epochs trained so far."""
        s = dict(self.settings)
        s["train"] = self.epoch
        return format_hash(s)

    def accuracy(self):
        """The share of the points the network classifies right (nan when the
        network's outputs are not finite)."""
        try:
            predicted = classes(self.net.predict(self.X))
        except ValueError:
            return float("nan")
        right = 0
        for p, y in zip(predicted, self.Y):
            if p == class_of(y):
                right += 1
        return right / len(self.X)

    def view(self):
        """The state as the page shows it, a dict: ``epoch``, ``loss`` (the loss
        now, after ``epoch`` epochs), ``accuracy``; the SVG pictures
        ``boundary`` (the decision map), ``neurons`` (each neuron's map) and
        ``curve`` (the loss after each epoch; "" before the first); the text
        ``explain`` (the next step with every number, as ``python -m purenn
        explain`` writes it), ``source``, ``engine_note`` and ``diverged``
        ("" when there is nothing to say)."""
        net, X, Y, e = self.net, self.X, self.Y, self.epoch
        arch = " → ".join(["2"] + [str(l.n_outputs) for l in net.layers])
        curve = ""
        if e > 0:
            curve = curve_svg(list(self.losses[1:e + 1]), width=560, height=300,
                              title="loss after each epoch (%s)" % self.loss, best=False)
        try:
            explain = explain_step(net, X, Y, loss=self.loss, learning_rate=self.rate)
        except ValueError as err:           # weights too large to step from
            explain = "The next step cannot be written out: %s\n" % err
        return {
            "epoch": e, "loss": self.losses[e], "accuracy": self.accuracy(),
            "boundary": _drawn(boundary_svg, net, X, Y,
                               resolution=resolution(net, BOUNDARY_RESOLUTION), size=360,
                               title="decision map, epoch %d" % e),
            "neurons": _drawn(neuron_maps_svg, net, X, Y,
                              resolution=resolution(net, NEURON_RESOLUTION),
                              title="what each neuron computes, epoch %d: %s, %s"
                              % (e, arch, self.settings["activation"])),
            "curve": curve, "explain": explain, "source": self.source,
            "engine_note": self.engine_note, "diverged": self.diverged or "",
        }


def _drawn(draw, *args, **kwargs):
    """``draw(*args, **kwargs)``, or a small picture saying why it cannot be
    drawn (outputs that are not finite, after training diverged)."""
    try:
        return draw(*args, **kwargs)
    except ValueError as e:
        out = start(480, 60, "not drawn")
        out.append(text(240, 34, "cannot draw this: %s" % e, 12, colour=MUTED))
        out.append("</svg>")
        return "\n".join(out) + "\n"


def view_json(view, keys=None):
    """A :meth:`Session.view` (its ``keys``, default all) as JSON text for the
    page, without its floats (``loss`` and ``accuracy``: the page reads those
    as numbers, exactly)."""
    out = {}
    for key in view:
        if (keys is None or key in keys) and not isinstance(view[key], float):
            out[key] = view[key]
    return json.dumps(out)


def choices_json():
    """What the page's menus offer, as JSON text."""
    return json.dumps({"dataset": list(DATASETS), "activation": list(ACTIVATIONS),
                       "rate": list(RATES), "max_layers": MAX_LAYERS,
                       "max_neurons": MAX_NEURONS, "max_epochs": MAX_EPOCHS,
                       "defaults": format_hash(DEFAULTS)})


def open_hash(text):
    """``(Session, canonical hash)`` for a page's hash, or ``(None, message)``
    when the hash is not one :func:`parse_hash` accepts."""
    try:
        settings = parse_hash(text)
    except HashError as e:
        return None, str(e)
    return Session(settings), format_hash(settings)


def run(settings, epochs=None):
    """The page's view (:meth:`Session.view`) of ``settings`` (a dict, or a
    hash as text) after ``epochs`` epochs (default: the settings' ``train``).

    >>> v = run("dataset=xor&hidden=3&train=2")
    >>> v["epoch"], v["boundary"].startswith("<svg"), v["source"].startswith("def epochs(")
    (2, True, True)
    """
    if isinstance(settings, str):
        settings = parse_hash(settings)
    s = Session(settings)
    s.train(s.settings["train"] if epochs is None else epochs)
    return s.view()
