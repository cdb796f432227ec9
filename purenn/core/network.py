"""A network: layers applied one after another, trained by backpropagation.

Forward pass, for layers ℓ = 1 … L with ``A⁰ = X`` (one sample per row):

    Zˡ = Aˡ⁻¹·Wˡᵀ + bˡ        Aˡ = fˡ(Zˡ)

and the prediction is ``Aᴸ``.  Backward pass, from ``δᴸ = ∂L/∂Zᴸ``:

    ∂L/∂Wˡ = δˡᵀ·Aˡ⁻¹      ∂L/∂bˡ = Σₙ δˡ[n]
    δˡ⁻¹ = (δˡ·Wˡ) ⊙ fˡ⁻¹'(Zˡ⁻¹)

``gradients()`` returns exactly the gradient of ``loss()`` (the backward
pass is written out in ``purenn.core.backprop``); ``fit()`` steps down it
(``purenn.core.training``).  This module holds what predicting needs;
the methods for training load those modules when first called.

>>> from purenn import Dense
>>> net = Network([Dense(2, 3, "tanh"), Dense(3, 1, "sigmoid")], seed=1)
>>> net
Network([Dense(2 -> 3, tanh), Dense(3 -> 1, sigmoid)])
>>> [len(row) for row in net.predict([[0.0, 1.0], [1.0, 0.0]])]
[1, 1]
"""

from . import rows
from .errors import ModelFileError, ShapeError
from .layers import Dense


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
        self._code = None
        if seed is not None:
            from .rng import Rng
            g = Rng(seed)
            for layer in layers:
                layer.initialize(g)

    @property
    def n_inputs(self):
        return self.layers[0].n_inputs

    @property
    def n_outputs(self):
        return self.layers[-1].n_outputs

    def parameters(self):
        """Every parameter, as the lists that hold them: layer by layer, each
        weight row then the biases (see ``Dense.parameters``).  Optimizers,
        the L2 penalty, ``gradcheck`` and saving all walk this one list."""
        out = []
        for layer in self.layers:
            out.extend(layer.parameters())
        return out

    def parameter_count(self):
        n = 0
        for layer in self.layers:
            n += layer.parameter_count()
        return n

    def __repr__(self):
        return "Network([%s])" % ", ".join([repr(l) for l in self.layers])

    # -- the two passes, on checked float matrices ---------------------------

    def forward(self, X):
        """The forward pass over a batch X, keeping what backprop needs:
        ``[(input, Z, A)]`` per layer.

        X must already be a checked matrix of floats (``predict``, ``loss``
        and ``fit`` check theirs with ``purenn.core.checks.as_matrix``).
        """
        cache = []
        A = X
        for layer in self.layers:
            Z, out = layer.forward(A)
            cache.append((A, Z, out))
            A = out
        return cache

    def objective(self, loss, Z, A, Y, l2=0.0):
        """The loss of outputs A (pre-activations Z) against targets Y, plus
        ``l2·Σθ²`` when ``l2`` > 0 (see ``purenn.core.backprop``)."""
        from .backprop import objective
        return objective(self, loss, Z, A, Y, l2)

    def squared_parameters(self):
        """``Σ θ²`` over every parameter, in the order of :meth:`parameters`."""
        from .backprop import squared_parameters
        return squared_parameters(self)

    def backward(self, cache, loss, Y, l2=0.0, trace=None):
        """The backward pass: ``[(dW, db)]`` per layer, from a ``forward`` cache
        (see ``purenn.core.backprop.backward``)."""
        from .backprop import backward
        return backward(self, cache, loss, Y, l2, trace)

    def gradient_rows(self, grads):
        """The rows of ``grads`` in the order of :meth:`parameters`."""
        from .backprop import gradient_rows
        return gradient_rows(self, grads)

    def copy_parameters(self, into=None):
        """A copy of every parameter row (into the copy ``into``, if given)."""
        from .backprop import copy_parameters
        return copy_parameters(self, into)

    def set_parameters(self, saved):
        """Put back the values of a :meth:`copy_parameters` copy, in place."""
        from .backprop import set_parameters
        set_parameters(self, saved)

    # -- the public API: checked arguments ------------------------------------

    def predict(self, X):
        """The network's outputs for a batch X (one sample per row): a list of rows.

        Raises ``ValueError`` rather than return a NaN or an infinity (inputs
        far too large for the weights), naming the row.
        """
        P = self.outputs(rows.as_matrix(X, "X", self.n_inputs))
        n = rows.first_not_finite(P)
        if n >= 0:
            raise ValueError("predict: the output for X[%d] is not finite (%s): the inputs are "
                             "too large for this network" % (n, rows.short(P[n])))
        return P

    def outputs(self, X):
        """``predict`` for a checked batch of floats: the last layer's A, through
        the generated code when there is some (see :meth:`compile`)."""
        code = self.compiled_code()
        if code is not None:
            return code.predict(self, X)
        A = X
        for layer in self.layers:
            A = layer.forward(A)[1]
        return A

    def loss(self, X, Y, loss="mse", l2=0.0):
        """The objective ``fit`` minimises, for inputs X and targets Y: with
        ``l2 > 0``, ``loss + l2·Σ θ²`` over every weight and bias.  Raises
        ``ValueError`` rather than return a value that is not finite."""
        from .backprop import checked_loss
        return checked_loss(self, X, Y, loss, l2)

    def gradients(self, X, Y, loss="mse", l2=0.0):
        """``[(dW, db), ...]`` per layer: the exact gradient of ``loss(X, Y, loss, l2)``,
        each shaped like the layer's weights and biases (``[]`` without biases).
        Raises ``ValueError`` rather than return a gradient that is not finite."""
        from .backprop import checked_gradients
        return checked_gradients(self, X, Y, loss, l2)

    def fit(self, X, Y, epochs=1, learning_rate=0.01, loss="mse", batch_size=None,
            optimizer="sgd", seed=None, verbose=0, l2=0.0, validation_data=None,
            metrics=(), patience=None, callbacks=(), checkpoint=None, checkpoint_every=None,
            compiled=None, stop=None, history="all", exact=True):
        """Train by gradient descent; return the history, a dict of lists.

        Each epoch visits every sample once: in one full batch (the default,
        ``batch_size=None``), or in mini-batches of ``batch_size`` samples in
        an order shuffled by ``Rng(seed)`` (the module's default generator
        when ``seed`` is None).  ``history["loss"][e]`` is the loss of epoch
        e, measured on each batch before its update and combined like the
        loss itself (summed for ``sse``, averaged over samples otherwise), so
        with full batches it equals ``loss(X, Y)`` before that epoch's step.

        ``optimizer`` is ``"sgd"``, ``"adam"`` (both with ``learning_rate``)
        or an optimizer object (which has its own rate; see
        ``purenn.core.optimizers``).  With ``l2 > 0`` the objective is
        ``loss + l2·Σ θ²`` (all weights and biases), and its gradient
        ``2·l2·θ`` joins each step.

        ``validation_data=(Xv, Yv)`` adds ``history["val_loss"]``, the same
        objective on those samples after each epoch.  ``metrics=["accuracy"]``
        adds ``history["accuracy"]`` (and ``"val_accuracy"``), measured with
        the weights at the end of each epoch (see ``purenn.data.accuracy``).
        ``patience=k`` stops when the validation loss has not improved for k
        epochs and restores the weights of the best epoch
        (``history["best_epoch"]``, counted from 1).  Each function in
        ``callbacks`` is called as ``f(epoch, logs)`` after every epoch
        (epoch from 1, logs the epoch's values); returning True stops
        training (a callback may change the weights in place, ``row[:] =
        ...``; training goes on with the lists it started with).
        ``verbose=1`` shows progress (see
        ``purenn.core.progress``) and, at the end, the loss per epoch as a
        one-line sparkline.

        ``compiled`` chooses the engine that runs the epochs
        (``purenn.core.training``): ``False`` the generic layers; ``True``
        code generated for this network (see :meth:`compile`; plain SGD);
        ``None`` (default) the fastest for this interpreter: generated code
        for plain SGD on networks of up to ``training.compile_limit()``
        parameters (4096 on CPython, 200 on MicroPython when 256 KB of heap
        are free, none on PyPy), else index loops over each sample
        (``purenn.core.loops``; any optimizer), and the generic layers on a
        small MicroPython heap.  All give the same numbers to the last bit
        (the skipped products with a factor of exactly 0.0 change none).

        ``exact=False`` lets CPython 3.12 and later compute dot products with
        ``math.sumprod`` (rounded once, in C): faster, but the results then
        differ from every other interpreter's in the last bits.  Where
        ``math.sumprod`` does not exist (other interpreters, older CPythons)
        it changes nothing, so that one script runs everywhere.

        ``checkpoint="model.json"`` saves the model there, atomically, with
        ``metadata["epochs_trained"]`` (``purenn.load`` it to resume): when
        ``watch.CHECKPOINT_SECONDS`` (60) have passed since the last save, or
        every ``checkpoint_every`` epochs, and at the end; only that last
        save is flushed to the disk (``fsync``).

        ``stop``, a list, ends training after the batch under way once
        ``stop[0]`` is true (a signal handler may set it): the weights are
        those after that batch (or the best ones, with ``patience``), the
        history holds the epochs completed, and ``history["stopped"]`` is
        ``[epoch, batch]`` of the last step taken (counted from 1; the
        epoch's last batch when it completed).

        ``history="last"`` keeps only the last epoch's value in each list,
        so that memory does not grow with the epochs (a small board).

        Raises :class:`TrainingDiverged` if the loss stops being finite
        (NaN or ±inf); the weights are then put back to those that produced
        the last finite loss, so the network still predicts.
        """
        from .training import fit
        return fit(self, X, Y, epochs=epochs, learning_rate=learning_rate, loss=loss,
                   batch_size=batch_size, optimizer=optimizer, seed=seed, verbose=verbose,
                   l2=l2, validation_data=validation_data, metrics=metrics, patience=patience,
                   callbacks=callbacks, checkpoint=checkpoint,
                   checkpoint_every=checkpoint_every, compiled=compiled, stop=stop,
                   history=history, exact=exact)

    def predict_classes(self, X):
        """Predicted classes: the argmax for several outputs, else 1 if the
        output is ≥ 0.5 (sigmoid head) and 0 otherwise (see ``purenn.data.classes``)."""
        from .metrics import classes
        return classes(self.predict(X))

    # -- generated code ----------------------------------------------------------

    def compile(self):
        """Generate and compile Python source specialised to this network.

        Afterwards ``predict`` and ``fit`` (with plain SGD) run that code:
        the same arithmetic in the same order, so the same results to the
        last bit, several times faster for small networks.  The source can
        be read with ``net.compile().source("mse", full=True)`` (the code
        for full batches; without ``full=True``, for mini-batches).  If the layers'
        sizes or activations change, the generic path is used again.
        Returns the :class:`purenn.core.codegen.Compiled` object.
        """
        from .codegen import Compiled
        self._code = Compiled(self)
        return self._code

    def compiled_code(self):
        """The code of the last :meth:`compile`, or None when there is none or
        the layers no longer match it."""
        code = self._code
        return code if code is not None and code.matches(self) else None

    # -- keeping a model -----------------------------------------------------------

    def to_dict(self):
        """The model as plain data (see ``purenn.core.modelwrite``)."""
        from .modelwrite import to_dict
        return to_dict(self)

    @classmethod
    def from_dict(cls, data):
        """A network from ``to_dict`` data (or a parsed model file), validated
        first: raises :class:`ModelFileError` if anything is wrong, and nothing
        is built until everything has been checked."""
        from .modelfile import copy_data, validate
        checked = validate(data)
        layers = []
        for (n_in, n_out, act, bias), weights, biases in checked:
            # no random draw: loading a model leaves purenn's default generator alone
            layers.append(Dense.from_weights(weights, biases if bias else None, act))
        net = cls(layers)
        net.metadata = copy_data(data.get("metadata", {}))
        return net

    def save(self, path):
        """Write the model to ``path`` as JSON, atomically (see ``purenn.core.modelwrite``)."""
        if not isinstance(path, str) or not path:
            raise ValueError("save: expected a file path, got %s" % rows.short(path))
        from .modelwrite import save
        save(self, path)


def loads(text, name="model"):
    """A network from the JSON text of a model file (str or bytes), validated."""
    from .modelfile import parse
    data = parse(text, name)
    try:
        return Network.from_dict(data)
    except ModelFileError as e:
        raise ModelFileError("%s: %s" % (name, e))


def load(path):
    """Read, check and build the network saved at ``path``.

    Raises :class:`ModelFileError` for a missing, unreadable, oversized or
    invalid file.
    """
    from .modelfile import read
    return loads(read(path), path)
