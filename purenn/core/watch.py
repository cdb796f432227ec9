"""What ``fit`` does between epochs, when asked: validation, metrics, early
stopping, callbacks, checkpoints and progress (see :meth:`purenn.Network.fit`).

``purenn.core.training`` loads this module only when one of these options
is given, so a plain ``fit`` on a small board compiles none of it.
"""

import time

from . import checks
from .history import Series, diverged

#: With ``fit(checkpoint=..., checkpoint_every=None)`` (the default), the
#: model is saved when at least this many seconds have passed since the last
#: save (or the start), and at the end.
CHECKPOINT_SECONDS = 60.0


class Watch:
    """The options of one ``fit`` call that act after each epoch."""

    def __init__(self, net, X, Y, loss, l2, epochs, log, verbose, validation_data, metrics,
                 patience, callbacks, checkpoint, checkpoint_every):
        self.net, self.X, self.Y, self.loss, self.l2 = net, X, Y, loss, l2
        self.epochs = epochs
        self.log = log
        keep_all = log["loss"].keep_all
        self.validation = None
        if validation_data is not None:
            if not isinstance(validation_data, (list, tuple)) or len(validation_data) != 2:
                raise ValueError("validation_data: expected a pair (X, Y)")
            Xv = checks.as_matrix(validation_data[0], "validation X", net.n_inputs)
            self.validation = (Xv, checks.as_targets(validation_data[1], "validation Y",
                                                     len(Xv), net.n_outputs, loss))
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
            self.progress = Progress(epochs)
        for m in self.metrics:
            log[m] = Series(keep_all)
        if self.validation is not None:
            log["val_loss"] = Series(keep_all)
            for m in self.metrics:
                log["val_" + m] = Series(keep_all)
        self.best = None    # (val_loss, epoch, parameters) of the best epoch so far

    def _check_checkpoint(self, path, every):
        if not isinstance(path, str) or not path:
            raise ValueError("checkpoint: expected a file path, got %r" % (path,))
        self.every = checks.positive_int("checkpoint_every", every, allow_none=True)
        self.saved_at = time.time()
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

    def _save(self, epoch, final):
        """Save the checkpoint (flushed to the disk when it is the ``final`` one)."""
        from .modelwrite import save
        if epoch is not None:
            self.net.metadata["epochs_trained"] = self.trained_before + epoch
        save(self.net, self.checkpoint, final)
        self.saved_at = time.time()

    def _due(self, epoch):
        """True when the checkpoint's schedule asks for a save after this epoch."""
        if self.every is not None:
            return epoch % self.every == 0
        return time.time() - self.saved_at >= CHECKPOINT_SECONDS

    def _measure(self, epoch, engine):
        """The values of the epoch that just ended, besides its loss."""
        from .metrics import accuracy
        net, logs = self.net, {}
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
                diverged(value, epoch, None, "the validation loss")
            for m in self.metrics:
                logs["val_" + m] = accuracy(Yv, A)
        return logs

    def after_epoch(self, epoch, engine, stop_flag):
        """Everything between epochs; True when training should stop.
        ``stop_flag`` is fit's ``stop`` list (true: training ends after this epoch)."""
        logs = self._measure(epoch, engine)
        for key in logs:
            self.log[key].append(logs[key])
        logs["loss"] = self.log["loss"].last()
        stop = False
        if self.patience is not None:
            if self.best is None or logs["val_loss"] < self.best[0]:
                self.best = (logs["val_loss"], epoch, self.net.copy_parameters())
            elif epoch - self.best[1] >= self.patience:
                stop = True
        for f in self.callbacks:
            if f(epoch, logs):
                stop = True
        if self.checkpoint is not None:
            final = stop or stop_flag[0] or epoch == self.epochs
            if final or self._due(epoch):
                # the final save of a run that restores its best epoch is the one in finish
                self._save(epoch, final and self.best is None)
        if self.progress is not None:
            self.progress.update(epoch, logs)
        return stop

    def close(self):
        if self.progress is not None:
            self.progress.close()

    def finish(self, history):
        """The summary line, and the best weights put back (with ``patience``)."""
        if self.progress is not None:
            self.progress.summary(history["loss"])
        if self.best is not None:
            self.net.set_parameters(self.best[2])
            history["best_epoch"] = self.best[1]
            if self.checkpoint is not None:
                self._save(None, True)
