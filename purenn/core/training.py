"""The training loop behind :meth:`purenn.Network.fit`: one loop, run by an engine.

``fit`` checks its arguments, picks an *engine* and loops over epochs; the
engine runs them.  All the options (validation, metrics, early stopping,
callbacks, checkpoints, progress) live in the loop, so every engine has them.

An engine has two methods::

    engine.run(X, Y, count, next_order, batch_size, record, stop)
    engine.restore()

``run`` trains for ``count`` epochs: each epoch takes ``next_order()``, the
order of the samples (None: one full batch in row order), and goes through
the batches ``order[lo:lo + batch_size]``, stepping after each; after each
epoch it calls ``record(loss)``.  It returns None, or ``(loss, epoch, batch)``
(both counted from 1 within the call) when the loss of a batch is not finite,
after putting back the weights that produced the last finite loss, or
``(None, epoch, batch)`` when it found ``stop[0]`` true after that batch's
step (batch 0: after the epoch's last batch and ``record``).
``restore`` puts those weights back (``fit`` calls it when the last step
left a weight that is not finite).  There are two engines, giving the same
numbers to the last bit:

* :class:`GenericEngine`: the layers' own ``forward``/``backward`` and any
  optimizer;
* ``purenn.core.codegen.CompiledEngine``: Python written for the network's
  exact sizes (plain SGD only), chosen by ``compiled=``.

Kept out of ``network.py`` so that a network loaded only to predict does
not compile it: on MicroPython compiled code lives in the (small) heap.
"""

import sys

from . import checks
from .errors import TrainingDiverged
from .rng import Rng, default as default_rng

#: ``fit(compiled=None)`` generates code for networks up to this many
#: parameters, on CPython (see ``Network.fit``).
AUTO_COMPILE_PARAMETERS = 1024

_AUTO_COMPILE = sys.implementation.name == "cpython"


class GenericEngine:
    """Epochs through the layers: ``forward``, the loss, ``backward``, then
    ``optimizer.step`` for each batch."""

    def __init__(self, net, loss, optimizer, l2):
        self.net = net
        self.loss = loss
        self.optimizer = optimizer
        self.l2 = l2
        self.params = net.parameters()      # the rows are changed in place, never replaced
        self.good = None    # a copy of the parameters that produced the last finite loss

    def run(self, X, Y, count, next_order, batch_size, record, stop):
        # One function for all the epochs and batches, like the generated code:
        # on MicroPython each call of a function with this many locals puts
        # its frame on the heap, and a call per epoch made the tutorial's
        # training a third slower (2 MB heap), three times slower at 64 MB.
        net, loss, l2, params = self.net, self.loss, self.l2, self.params
        n = len(X)
        for epoch in range(1, count + 1):
            order = next_order()
            total = 0.0
            for b, lo in enumerate(range(0, n, n if order is None else batch_size)):
                if order is None:
                    Xb, Yb = X, Y
                else:
                    idx = order[lo:lo + batch_size]
                    Xb, Yb = [X[i] for i in idx], [Y[i] for i in idx]
                cache = net.forward(Xb)
                _, Z, A = cache[-1]
                part = net.objective(loss, Z, A, Yb, l2)
                if not (part - part == 0.0):
                    self.restore()      # the weights that gave the last finite loss
                    return part, epoch, b + 1
                if order is None:
                    total = part
                elif not loss.summed:   # a mean over the epoch, weighted by batch size
                    total += part * len(idx) / n
                elif l2:
                    # a summed loss (sse) adds up over batches, but the L2 penalty
                    # belongs to the whole epoch once: each batch adds its share
                    pen = l2 * net.squared_parameters()
                    total += part - pen + pen * len(idx) / n
                else:
                    total += part
                self.good = net.copy_parameters(self.good)
                grads = net.backward(cache, loss, Yb, l2)
                self.optimizer.step(params, net.gradient_rows(grads))
                if stop[0] and lo + len(Yb) < n:
                    return None, epoch, b + 1       # stopped within the epoch
            record(total)
            if stop[0]:
                return None, epoch, 0               # stopped at its end
        return None

    def restore(self):
        if self.good is not None:
            self.net.set_parameters(self.good)


def choose_engine(net, loss, optimizer, l2, compiled):
    """The engine for these settings: generated code for plain SGD when
    ``compiled`` is True, or None and the network is small on CPython (or
    already compiled); the generic layers otherwise."""
    from .optimizers import SGD
    if type(optimizer) is SGD and optimizer.plain() and compiled is not False:
        code = net.compiled_code()
        if code is None and (compiled or (
                compiled is None and _AUTO_COMPILE
                and net.parameter_count() <= AUTO_COMPILE_PARAMETERS)):
            code = net.compile()
        if code is not None:
            return code.engine(net, loss, optimizer.learning_rate, l2)
    return GenericEngine(net, loss, optimizer, l2)


def fit(net, X, Y, epochs, learning_rate, loss, batch_size, optimizer, seed, verbose, l2,
        validation_data, metrics, patience, callbacks, checkpoint, checkpoint_every, compiled,
        stop=None):
    """``net.fit(...)``: see :meth:`purenn.Network.fit` for every option (and
    their defaults, which live there only)."""
    run = _Run(net, X, Y, epochs, learning_rate, loss, batch_size, optimizer, seed, verbose,
               l2, validation_data, metrics, patience, callbacks, checkpoint, checkpoint_every)
    engine = choose_engine(net, run.loss, run.optimizer, run.l2, compiled)
    n = len(run.X)
    full = run.batch_size is None or run.batch_size >= n
    gen = None if full else (Rng(seed) if seed is not None else default_rng())

    def next_order():
        return None if gen is None else gen.permutation(n)

    if stop is None:
        stop = [False]
    elif not isinstance(stop, list) or not stop:
        raise ValueError("stop: expected a list such as [False], got %s" % checks.short(stop))
    batches = 1 if full else (n + run.batch_size - 1) // run.batch_size    # per epoch
    # with nothing to do between epochs, the engine runs them all in one call
    count = 1 if run.watched else run.epochs
    epoch = 0
    try:
        while epoch < run.epochs:
            if stop[0]:                     # asked to stop between epochs
                run.history["stopped"] = [epoch, batches] if epoch else [0, 0]
                break
            ended = engine.run(run.X, run.Y, count, next_order, run.batch_size,
                               run.history["loss"].append, stop)
            done = count
            if ended is not None:
                value, done, batch = ended
                if value is not None:
                    _diverged(value, epoch + done, None if full else batch)
                # asked to stop: within an epoch, or at its end (batch 0)
                run.history["stopped"] = [epoch + done, batch or batches]
                if batch:               # within an epoch: none to finish
                    _check_weights(net, engine, epoch + done)
                    break
            epoch += done
            _check_weights(net, engine, epoch)
            if run.watched and run.after_epoch(epoch, engine) or "stopped" in run.history:
                break
    finally:
        if run.progress is not None:
            run.progress.close()
    return run.finish()


def _check_weights(net, engine, epoch):
    """TrainingDiverged, after putting back the last good weights, if the last
    step overflowed (no batch after it measured a loss)."""
    if checks.first_not_finite(net.parameters()) >= 0:
        engine.restore()
        _diverged(None, epoch, None, "the weights")


class _Run:
    """One call of ``fit``: its checked settings, the history, and what
    happens after each epoch."""

    def __init__(self, net, X, Y, epochs, learning_rate, loss, batch_size, optimizer, seed,
                 verbose, l2, validation_data, metrics, patience, callbacks, checkpoint,
                 checkpoint_every):
        from .losses import get
        from .optimizers import get as get_optimizer
        self.net = net
        self.loss = get(loss)
        self.l2 = checks.penalty(l2)
        self.X = checks.as_matrix(X, "X", net.n_inputs)
        self.Y = checks.as_targets(Y, "Y", len(self.X), net.n_outputs, self.loss)
        self.epochs = checks.positive_int("epochs", epochs)
        self.batch_size = checks.positive_int("batch_size", batch_size, allow_none=True)
        self.optimizer = get_optimizer(optimizer, checks.rate("learning_rate", learning_rate))
        self.validation = None
        if validation_data is not None:
            if not isinstance(validation_data, (list, tuple)) or len(validation_data) != 2:
                raise ValueError("validation_data: expected a pair (X, Y)")
            Xv = checks.as_matrix(validation_data[0], "validation X", net.n_inputs)
            self.validation = (Xv, checks.as_targets(validation_data[1], "validation Y",
                                                     len(Xv), net.n_outputs, self.loss))
        self.metrics = checks.listing("metrics", metrics, "names such as ['accuracy']")
        for m in self.metrics:
            if m != "accuracy":
                raise ValueError("metrics: unknown metric %s; expected 'accuracy'"
                                 % checks.short(m))
        self.patience = None
        if patience is not None:
            self.patience = checks.positive_int("patience", patience)
            if self.validation is None:
                raise ValueError("patience: early stopping needs validation_data")
        self.callbacks = checks.listing("callbacks", callbacks, "functions f(epoch, logs)")
        for i, f in enumerate(self.callbacks):
            if not callable(f):
                raise ValueError("callbacks[%d]: expected a function f(epoch, logs), got %s"
                                 % (i, checks.short(f)))
        self.checkpoint = None
        if checkpoint is not None:
            self._check_checkpoint(checkpoint, checkpoint_every)
        self.progress = None
        if verbose:
            from .progress import Progress
            self.progress = Progress(self.epochs)
        self.watched = bool(verbose or self.validation or self.metrics or self.callbacks
                            or checkpoint is not None)
        self.history = {"loss": []}
        for m in self.metrics:
            self.history[m] = []
        if self.validation is not None:
            self.history["val_loss"] = []
            for m in self.metrics:
                self.history["val_" + m] = []
        self.best = None    # (val_loss, epoch, parameters) of the best epoch so far

    def _check_checkpoint(self, path, every):
        if not isinstance(path, str) or not path:
            raise ValueError("checkpoint: expected a file path, got %r" % (path,))
        self.every = checks.positive_int("checkpoint_every", every)
        md = self.net.metadata
        if not isinstance(md, dict):
            raise ValueError("checkpoint: network.metadata must be a dict, got %s"
                             % type(md).__name__)
        before = md.get("epochs_trained", 0)
        if not isinstance(before, int) or isinstance(before, bool) or before < 0:
            raise ValueError("checkpoint: metadata['epochs_trained'] must be an int >= 0, "
                             "got %s" % checks.short(before))
        # what a save would refuse is refused now, before any epoch changes the weights
        import os
        from .modelwrite import to_dict
        try:
            to_dict(self.net)
        except ValueError as e:
            raise ValueError("checkpoint: %s" % e)
        folder = path[:path.rfind("/")] if "/" in path else "."
        try:
            os.stat(folder or "/")
        except OSError:
            raise ValueError("checkpoint: the folder of %s does not exist" % path)
        self.checkpoint = path
        self.trained_before = before

    def _save(self, epoch):
        from .modelwrite import save
        if epoch is not None:
            self.net.metadata["epochs_trained"] = self.trained_before + epoch
        save(self.net, self.checkpoint)

    def after_epoch(self, epoch, engine):
        """Everything between epochs; True when training should stop."""
        from .metrics import accuracy
        net = self.net
        logs = {"loss": self.history["loss"][-1]}
        if self.metrics:
            P = net.outputs(self.X)
            for m in self.metrics:
                logs[m] = accuracy(self.Y, P)
        if self.validation is not None:
            Xv, Yv = self.validation
            _, Z, A = net.forward(Xv)[-1]
            logs["val_loss"] = value = net.objective(self.loss, Z, A, Yv, self.l2)
            if value - value != 0.0:
                engine.restore()
                _diverged(value, epoch, None, "the validation loss")
            for m in self.metrics:
                logs["val_" + m] = accuracy(Yv, A)
        for key in logs:
            if key != "loss":
                self.history[key].append(logs[key])
        stop = False
        if self.patience is not None:
            if self.best is None or logs["val_loss"] < self.best[0]:
                self.best = (logs["val_loss"], epoch, net.copy_parameters())
            elif epoch - self.best[1] >= self.patience:
                stop = True
        for f in self.callbacks:
            if f(epoch, logs):
                stop = True
        if self.checkpoint is not None and (stop or epoch == self.epochs
                                            or epoch % self.every == 0):
            self._save(epoch)
        if self.progress is not None:
            self.progress.update(epoch, logs)
        return stop

    def finish(self):
        """The history, after the summary line and restoring the best weights."""
        if self.progress is not None:
            self.progress.summary(self.history["loss"])
        if self.best is not None:
            self.net.set_parameters(self.best[2])
            self.history["best_epoch"] = self.best[1]
            if self.checkpoint is not None:
                self._save(None)
        return self.history


def _diverged(loss, epoch, batch, what="the loss"):
    """Raise TrainingDiverged: ``what`` stopped being finite (``loss`` its
    value) at this epoch and batch (None: a full batch, or after the epoch)."""
    where = "epoch %d" % epoch if batch is None else "epoch %d, batch %d" % (epoch, batch)
    if what != "the loss":
        state = "the weights are back to the last ones with a finite loss"
        event = "%s stopped being finite after %s" % (what, where)
    else:
        event = "the loss became %r at %s" % (loss, where)
        if epoch == 1 and batch in (None, 1):
            state = "the weights are unchanged (their loss was not finite to begin with)"
        else:
            state = "the weights are back to the last ones with a finite loss"
    raise TrainingDiverged("fit: %s; %s; try a smaller learning_rate" % (event, state),
                           epoch, batch, loss)
