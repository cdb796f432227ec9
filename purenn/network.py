"""A network: layers applied one after another, trained by backpropagation.

Forward pass, for layers ℓ = 1 … L with ``A⁰ = X`` (one sample per row):

    Zˡ = Aˡ⁻¹·Wˡᵀ + bˡ        Aˡ = fˡ(Zˡ)

and the prediction is ``Aᴸ``.  Backward pass, from ``δᴸ = ∂L/∂Zᴸ``:

    ∂L/∂Wˡ = δˡᵀ·Aˡ⁻¹      ∂L/∂bˡ = Σₙ δˡ[n]
    δˡ⁻¹ = (δˡ·Wˡ) ⊙ fˡ⁻¹'(Zˡ⁻¹)

``gradients()`` returns exactly the gradient of ``loss()``; ``fit()`` steps
down it.

>>> from purenn import Dense
>>> net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
>>> net
Network([Dense(2 -> 3, tanh), Dense(3 -> 1, sigmoid)])
>>> [len(row) for row in net.predict([[0.0, 1.0], [1.0, 0.0]])]
[1, 1]
"""

import math
import sys

from . import rng as _rng
from .errors import ShapeError, is_number as _is_number


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite during ``fit``: lower the learning rate."""


_NUMBER_TYPES = frozenset((int, float))
_ROW_TYPES = frozenset((list, tuple))


def _bad_entry(name, n, row):
    """The ValueError for the first entry of ``row`` that is not a finite number."""
    for i, v in enumerate(row):
        if not _is_number(v):
            return ValueError("%s[%d][%d]: expected a number, got %s"
                              % (name, n, i, type(v).__name__))
        try:
            f = float(v)
        except (OverflowError, ValueError):
            f = math.inf
        if f - f != 0.0:  # true for inf and NaN only
            return ValueError("%s[%d][%d]: expected a finite number, got %s"
                              % (name, n, i, _short(v)))
    return None


def _plain_finite(values):
    """True when every value is an int or float (not bool) and their sum is
    finite: then none is NaN or ±inf.  (A sum that overflows says False, and
    the caller looks at the values one by one.)"""
    if not _NUMBER_TYPES.issuperset(map(type, values)):
        return False
    try:
        s = float(sum(values))
    except OverflowError:
        return False
    return s - s == 0.0


def _as_matrix(data, name, width=None):
    """Validate ``data`` as a non-empty matrix of finite numbers; return a float copy.

    ``width`` (if given) is the number of columns required.  The common case
    (rows of plain ints and floats) is checked at C speed: the types with
    set tests, finiteness with one ``sum`` (NaN and ±inf make it non-finite;
    finite numbers whose sum overflows are then checked entry by entry).
    """
    if not isinstance(data, (list, tuple)):
        raise ShapeError("%s: expected a list of rows, got %s" % (name, type(data).__name__))
    if not data:
        raise ShapeError("%s: expected at least one row, got an empty list" % name)
    # Narrow rows: all at once first (a few C-level passes); anything unusual
    # falls through to the row-by-row check below, which names the culprit.
    if _ROW_TYPES.issuperset(map(type, data)):
        w = len(data[0]) if width is None else width
        if 0 < w <= 8 and set(map(len, data)) == {w}:
            if _plain_finite([v for row in data for v in row]):
                return [list(map(float, row)) for row in data]
    out = []
    for n, row in enumerate(data):
        if not isinstance(row, (list, tuple)):
            raise ShapeError("%s[%d]: expected a row (a list of numbers), got %s"
                             % (name, n, type(row).__name__))
        if width is None:
            width = len(row)
            if width == 0:
                raise ShapeError("%s[0]: expected at least one number, got an empty row" % name)
        elif len(row) != width:
            raise ShapeError("%s[%d]: expected %d numbers, got %d" % (name, n, width, len(row)))
        if _plain_finite(row):
            out.append(list(map(float, row)))
            continue
        err = _bad_entry(name, n, row)    # the slow path names the culprit
        if err is not None:
            raise err
        out.append([float(v) for v in row])
    return out


def _as_targets(Y, name, rows, width, lossobj=None):
    """Targets as a matrix of finite numbers, checked against the loss.

    A flat list of numbers is one column; for ``categorical_crossentropy``
    with several outputs a flat list of ints is read as class labels and
    one-hot encoded.  Binary and categorical cross-entropy need targets in
    [0, 1]; hinge needs −1 or +1.
    """
    loss = lossobj.name if lossobj is not None else None
    if isinstance(Y, (list, tuple)) and Y and _is_number(Y[0]):
        if loss == "categorical_crossentropy" and width > 1:
            Y = _labels_one_hot(Y, name, width)
        else:
            Y = [[v] if _is_number(v) else v for v in Y]
    Y = _as_matrix(Y, name, width)
    if len(Y) != rows:
        raise ShapeError("%s: expected %d rows (one per sample of X), got %d"
                         % (name, rows, len(Y)))
    if loss in ("binary_crossentropy", "categorical_crossentropy"):
        for n, row in enumerate(Y):
            for k, v in enumerate(row):
                if not (0.0 <= v <= 1.0):
                    raise ValueError("%s[%d][%d]: %s needs targets in [0, 1], got %r"
                                     % (name, n, k, loss, v))
    elif loss == "hinge":
        for n, row in enumerate(Y):
            for k, v in enumerate(row):
                if v != 1.0 and v != -1.0:
                    raise ValueError("%s[%d][%d]: hinge needs targets -1 or +1, got %r"
                                     % (name, n, k, v))
    return Y


def _labels_one_hot(labels, name, width):
    out = []
    for n, c in enumerate(labels):
        if not isinstance(c, int) or isinstance(c, bool):
            raise ValueError("%s[%d]: expected a class label (an int) or a one-hot row, got %r"
                             % (name, n, _short(c)))
        if not 0 <= c < width:
            raise ValueError("%s[%d]: class label %d is out of range for %d outputs (0 to %d)"
                             % (name, n, c, width, width - 1))
        row = [0.0] * width
        row[c] = 1.0
        out.append(row)
    return out


def _short(v):
    """``repr(v)``, cut to 40 characters for error messages."""
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _positive_int(name, v, allow_none=False):
    if v is None and allow_none:
        return v
    if not isinstance(v, int) or isinstance(v, bool) or v < 1:
        raise ValueError("%s: expected a positive int, got %r" % (name, v))
    return v


#: ``fit(compiled=None)`` generates code for networks up to this size.
AUTO_COMPILE_PARAMETERS = 1024

_AUTO_COMPILE = sys.implementation.name == "cpython"


def _get_loss(name):
    # imported here, so that loading a model to predict does not compile the losses
    from .losses import get
    return get(name)


def _l2(v):
    if not _is_number(v) or not (0.0 <= v < math.inf):
        raise ValueError("l2: expected a finite number >= 0, got %r" % (v,))
    return float(v)


class Network:
    """``Network(layers, seed=None)``: a stack of layers.

    Consecutive layers must fit: ``layers[k].n_outputs == layers[k+1].n_inputs``.
    With ``seed`` the weights of every layer are drawn afresh from
    ``Rng(seed)`` (layer by layer, row by row), so the same seed makes the
    same network on every interpreter; with ``seed=None`` the layers keep the
    weights they have.
    """

    def __init__(self, layers, seed=None):
        if not isinstance(layers, (list, tuple)):
            raise ValueError("Network: expected a list of Dense layers, got %s"
                             % type(layers).__name__)
        layers = list(layers)
        if not layers:
            raise ValueError("Network: expected at least one layer")
        from .layers import Dense
        for k, layer in enumerate(layers):
            if not isinstance(layer, Dense):
                raise ValueError("Network: layers[%d] is %s, expected a Dense layer"
                                 % (k, type(layer).__name__))
        for k in range(len(layers) - 1):
            if layers[k].n_outputs != layers[k + 1].n_inputs:
                raise ShapeError("Network: layers[%d] has %d outputs but layers[%d] has %d inputs"
                                 % (k, layers[k].n_outputs, k + 1, layers[k + 1].n_inputs))
        self.layers = layers
        #: Free-form information kept with the model (saved by ``save``).
        self.metadata = {}
        self._compiled = None
        if seed is not None:
            g = _rng.Rng(seed)
            for layer in layers:
                layer.initialize(g)

    @property
    def n_inputs(self):
        return self.layers[0].n_inputs

    @property
    def n_outputs(self):
        return self.layers[-1].n_outputs

    def parameter_count(self):
        n = 0
        for layer in self.layers:
            n += layer.parameter_count()
        return n

    def __repr__(self):
        return "Network([%s])" % ", ".join([repr(l) for l in self.layers])

    # -- the computation, on validated float matrices ----------------------

    def _forward(self, X):
        """Forward pass keeping what backprop needs: ``[(input, Z, A)]`` per layer."""
        cache = []
        A = X
        for layer in self.layers:
            Z, out = layer.forward(A)
            cache.append((A, Z, out))
            A = out
        return cache

    def _objective(self, lossobj, Z, A, Y, l2=0.0):
        if lossobj.fused_with == self.layers[-1].activation.name:
            value = lossobj.fused_value(Z, Y)
        else:
            value = lossobj.value(A, Y)
        if l2:
            value += l2 * self._squared_parameters()
        return value

    def _squared_parameters(self):
        """``Σ θ²`` over every weight and bias, in layer, row, column order."""
        s = 0.0
        for layer in self.layers:
            for row in layer.weights:
                for w in row:
                    s += w * w
            for b in layer.biases:
                s += b * b
        return s

    def _backward(self, cache, lossobj, Y, l2=0.0):
        """``[(dW, db)]`` per layer, from a forward cache and targets Y.

        With ``l2`` the penalty's gradient ``2·l2·θ`` is added to each.
        """
        last = self.layers[-1]
        _, Z, A = cache[-1]
        if lossobj.fused_with == last.activation.name:
            delta = lossobj.fused_delta(A, Y)
        else:
            delta = last.activation.backward(A, lossobj.grad(A, Y))
        grads = [None] * len(self.layers)
        for k in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[k]
            X_in = cache[k][0]
            dW, db, dX = layer.backward(X_in, delta, need_input_grad=k > 0)
            if l2:
                c = 2.0 * l2
                dW = [[g + c * w for g, w in zip(gr, wr)] for gr, wr in zip(dW, layer.weights)]
                db = [g + c * b for g, b in zip(db, layer.biases)]
            grads[k] = (dW, db)
            if k > 0:
                below = self.layers[k - 1]
                delta = below.activation.backward(cache[k - 1][2], dX)
        return grads

    # -- the public API ------------------------------------------------------

    def compile(self):
        """Generate and compile Python source specialised to this network.

        Afterwards ``predict`` and ``fit`` (with plain SGD) run that code:
        the same arithmetic in the same order, so the same results to the
        last bit, several times faster for small networks.  The source can
        be read with ``net.compile().source("mse")``.  If the layers'
        sizes or activations change, the generic path is used again.
        Returns the :class:`purenn.compiler.Compiled` object.
        """
        from .compiler import Compiled
        self._compiled = Compiled(self)
        return self._compiled

    def _active_compiled(self):
        c = self._compiled
        return c if c is not None and c.matches(self) else None

    def predict(self, X):
        """The network's outputs for a batch X (one sample per row): a list of rows."""
        A = _as_matrix(X, "X", self.n_inputs)
        comp = self._active_compiled()
        if comp is not None:
            return comp.predict(self, A)
        for layer in self.layers:
            A = layer.forward(A)[1]
        return A

    def loss(self, X, Y, loss="mse", l2=0.0):
        """The objective ``fit`` minimises, for inputs X and targets Y.

        With ``l2 > 0`` it is ``loss + l2·Σ θ²`` over every weight and bias.
        """
        lossobj = _get_loss(loss)
        l2 = _l2(l2)
        X = _as_matrix(X, "X", self.n_inputs)
        Y = _as_targets(Y, "Y", len(X), self.n_outputs, lossobj)
        _, Z, A = self._forward(X)[-1]
        return self._objective(lossobj, Z, A, Y, l2)

    def gradients(self, X, Y, loss="mse", l2=0.0):
        """``[(dW, db), ...]`` per layer: the exact gradient of ``loss(X, Y, loss, l2)``.

        ``dW`` has the shape of the layer's weights and ``db`` of its biases
        (``[]`` for a layer without biases).
        """
        lossobj = _get_loss(loss)
        l2 = _l2(l2)
        X = _as_matrix(X, "X", self.n_inputs)
        Y = _as_targets(Y, "Y", len(X), self.n_outputs, lossobj)
        return self._backward(self._forward(X), lossobj, Y, l2)

    # -- keeping a model -------------------------------------------------------

    def to_dict(self):
        """The model as plain data (see ``purenn.serialize``)."""
        from .serialize import to_dict
        return to_dict(self)

    @classmethod
    def from_dict(cls, data):
        """A network from ``to_dict`` data, validated first."""
        from .serialize import from_dict
        return from_dict(data)

    def save(self, path):
        """Write the model to ``path`` as JSON, atomically (see ``purenn.serialize``)."""
        if not isinstance(path, str) or not path:
            raise ValueError("save: expected a file path, got %s" % _short(path))
        from .serialize import save
        save(self, path)

    def fit(self, X, Y, epochs=1, learning_rate=0.01, loss="mse", batch_size=None,
            optimizer="sgd", seed=None, verbose=0, l2=0.0, validation_data=None,
            metrics=(), patience=None, callbacks=(), checkpoint=None, checkpoint_every=1,
            compiled=None):
        """Train by gradient descent; return the history, a dict of lists.

        Each epoch visits every sample once: in one full batch (the default,
        ``batch_size=None``), or in mini-batches of ``batch_size`` samples in
        an order shuffled by ``Rng(seed)`` (the module's default generator
        when ``seed`` is None).  ``history["loss"][e]`` is the loss of epoch
        e, measured on each batch before its update and combined like the
        loss itself (summed for ``sse``, averaged over samples otherwise), so
        with full batches it equals ``loss(X, Y)`` before that epoch's step.

        ``optimizer`` is ``"sgd"``, ``"adam"`` (both with ``learning_rate``)
        or an optimizer object (which has its own rate).  With ``l2 > 0`` the
        objective is ``loss + l2·Σ θ²`` (all weights and biases), and its
        gradient ``2·l2·θ`` joins each step.

        ``validation_data=(Xv, Yv)`` adds ``history["val_loss"]``, the same
        objective on those samples after each epoch.  ``metrics=["accuracy"]``
        adds ``history["accuracy"]`` (and ``"val_accuracy"``), measured with
        the weights at the end of each epoch (see ``purenn.data.accuracy``).
        ``patience=k`` stops when the validation loss has not improved for k
        epochs and restores the weights of the best epoch
        (``history["best_epoch"]``, counted from 1).  Each function in
        ``callbacks`` is called as ``f(epoch, logs)`` after every epoch
        (epoch from 1, logs the epoch's values); returning True stops
        training.  ``verbose=1`` shows progress (see ``purenn.progress``)
        and, at the end, the loss per epoch as a one-line sparkline.

        ``compiled`` chooses how plain SGD runs: ``True`` through code
        generated for this network (see :meth:`compile`), ``False`` through
        the generic layers, ``None`` (default) generated code for small
        networks (up to ``AUTO_COMPILE_PARAMETERS`` parameters) on CPython,
        where it is several times faster, and the generic layers
        otherwise (larger networks are limited by the products either way,
        PyPy's JIT runs the generic layers about as fast, and MicroPython
        keeps its heap for data).  Both give the same numbers
        to the last bit.

        ``checkpoint="model.json"`` saves the model there every
        ``checkpoint_every`` epochs and at the end, atomically (a crash
        never leaves a half-written file), with ``metadata["epochs_trained"]``
        counting the epochs so far; ``purenn.load`` it to resume.

        Raises :class:`TrainingDiverged` if the loss stops being finite
        (NaN or ±inf); the weights are then put back to those that produced
        the last finite loss, so the network still predicts.
        """
        from .training import fit
        return fit(self, X, Y, epochs, learning_rate, loss, batch_size, optimizer, seed, verbose,
                   l2, validation_data, metrics, patience, callbacks, checkpoint,
                   checkpoint_every, compiled)

    def _snapshot(self):
        return [([r[:] for r in l.weights], l.biases[:]) for l in self.layers]

    def _restore(self, snapshot):
        for layer, (W, b) in zip(self.layers, snapshot):
            for row, saved in zip(layer.weights, W):
                row[:] = saved
            layer.biases[:] = b

    def predict_classes(self, X):
        """Predicted classes: the argmax for several outputs, else 1 if the
        output is ≥ 0.5 (sigmoid head) and 0 otherwise (see ``purenn.data.classes``)."""
        from .data import classes
        return classes(self.predict(X))
