"""The training loop behind :meth:`purenn.Network.fit`.

Kept out of ``network.py`` so that a network loaded only to predict does
not compile it: on MicroPython compiled code lives in the (small) heap.
"""

import math

from . import network as _network
from . import rng as _rng
from .network import (TrainingDiverged, _as_matrix, _as_targets, _get_loss,
                      _is_number, _l2, _positive_int, _short)


def fit(net, X, Y, epochs=1, learning_rate=0.01, loss="mse", batch_size=None,
        optimizer="sgd", seed=None, verbose=0, l2=0.0, validation_data=None,
        metrics=(), patience=None, callbacks=(), checkpoint=None, checkpoint_every=1,
        compiled=None):
    """``net.fit(...)``: see :meth:`purenn.Network.fit` for every option."""
    lossobj = _get_loss(loss)
    l2 = _l2(l2)
    X = _as_matrix(X, "X", net.n_inputs)
    Y = _as_targets(Y, "Y", len(X), net.n_outputs, lossobj)
    epochs = _positive_int("epochs", epochs)
    batch_size = _positive_int("batch_size", batch_size, allow_none=True)
    if not _is_number(learning_rate) or not (0.0 < learning_rate < math.inf):
        raise ValueError("learning_rate: expected a finite number > 0, got %r"
                         % (learning_rate,))
    from . import optimizers as _optimizers
    opt = _optimizers.get(optimizer, learning_rate)
    if validation_data is not None:
        if not isinstance(validation_data, (list, tuple)) or len(validation_data) != 2:
            raise ValueError("validation_data: expected a pair (X, Y)")
        Xv = _as_matrix(validation_data[0], "validation X", net.n_inputs)
        Yv = _as_targets(validation_data[1], "validation Y", len(Xv), net.n_outputs, lossobj)
    if metrics is None:
        metrics = []
    if not isinstance(metrics, (list, tuple)):
        raise ValueError("metrics: expected a list of names such as ['accuracy'], got %s"
                         % _short(metrics))
    metrics = list(metrics)
    for m in metrics:
        if m != "accuracy":
            raise ValueError("metrics: unknown metric %s; expected 'accuracy'" % _short(m))
    if patience is not None:
        patience = _positive_int("patience", patience)
        if validation_data is None:
            raise ValueError("patience: early stopping needs validation_data")
    if callbacks is None:
        callbacks = []
    if not isinstance(callbacks, (list, tuple)):
        raise ValueError("callbacks: expected a list of functions f(epoch, logs), got %s"
                         % _short(callbacks))
    callbacks = list(callbacks)
    for i, f in enumerate(callbacks):
        if not callable(f):
            raise ValueError("callbacks[%d]: expected a function f(epoch, logs), got %s"
                             % (i, _short(f)))
    if checkpoint is not None:
        if not isinstance(checkpoint, str) or not checkpoint:
            raise ValueError("checkpoint: expected a file path, got %r" % (checkpoint,))
        checkpoint_every = _positive_int("checkpoint_every", checkpoint_every)
        from .savemodel import save as _save
        if not isinstance(net.metadata, dict):
            raise ValueError("checkpoint: network.metadata must be a dict, got %s"
                             % type(net.metadata).__name__)
        trained_before = net.metadata.get("epochs_trained", 0)
        if not isinstance(trained_before, int) or isinstance(trained_before, bool) \
                or trained_before < 0:
            raise ValueError("checkpoint: metadata['epochs_trained'] must be an int >= 0, "
                             "got %s" % _short(trained_before))
    n = len(X)
    full = batch_size is None or batch_size >= n
    if not full:
        gen = _rng.Rng(seed) if seed is not None else _rng.default()
    plain_sgd = type(opt) is _optimizers.SGD and opt.plain()
    comp = net._active_compiled() if compiled is not False else None
    if comp is None and plain_sgd and (compiled or (
            compiled is None and _network._AUTO_COMPILE
            and net.parameter_count() <= _network.AUTO_COMPILE_PARAMETERS)):
        comp = net.compile()
    if comp is not None and plain_sgd:
        run_epoch = comp.epoch_function(lossobj.name, l2)
        W = [layer.weights for layer in net.layers]
        B = [layer.biases for layer in net.layers]
        PW = [[r[:] for r in w] for w in W]     # the last good weights
        PB = [b[:] for b in B]
    else:
        run_epoch = None
    good = [None]
    history = {"loss": []}
    losses = history["loss"]
    per_epoch = (verbose or validation_data is not None or metrics or callbacks
                 or checkpoint is not None)
    if run_epoch is not None and full and not per_epoch:
        # all epochs in one call of the generated code
        total, e, bad = run_epoch(W, B, PW, PB, X, Y, None, batch_size, opt.learning_rate,
                                  l2, epochs, losses)
        if bad:
            _diverged(total, e, None)
        return history
    for m in metrics:
        history[m] = []
    if validation_data is not None:
        history["val_loss"] = []
        for m in metrics:
            history["val_" + m] = []
    progress = None
    if verbose:
        from .progress import Progress
        progress = Progress(epochs)
    best = None
    try:
        for epoch in range(1, epochs + 1):
            order = None if full else gen.permutation(n)
            if run_epoch is not None:
                total, _, bad = run_epoch(W, B, PW, PB, X, Y, order, batch_size,
                                          opt.learning_rate, l2, 1, losses)
                if not bad:
                    total = losses[-1]
            else:
                total, bad = _epoch(net, X, Y, order, batch_size, lossobj, l2, opt, good)
                if bad and good[0] is not None:
                    net._restore(good[0])
                if not bad:
                    losses.append(total)
            if bad:
                _diverged(total, epoch, None if full else bad)
            logs = {"loss": total}
            if metrics:
                _measure(net, metrics, X, Y, "", logs)
            if validation_data is not None:
                cache = net._forward(Xv)
                _, Z, A = cache[-1]
                logs["val_loss"] = net._objective(lossobj, Z, A, Yv, l2)
                _measure(net, metrics, Xv, Yv, "val_", logs, A)
            for key in logs:
                if key != "loss":
                    history[key].append(logs[key])
            stop = False
            if patience is not None:
                if best is None or logs["val_loss"] < best[0]:
                    best = (logs["val_loss"], epoch, net._snapshot())
                elif epoch - best[1] >= patience:
                    stop = True
            for f in callbacks:
                if f(epoch, logs):
                    stop = True
            if checkpoint is not None and (stop or epoch == epochs
                                           or epoch % checkpoint_every == 0):
                net.metadata["epochs_trained"] = trained_before + epoch
                _save(net, checkpoint)
            if progress is not None:
                progress.update(epoch, logs)
            if stop:
                break
    finally:
        if progress is not None:
            progress.close()
    if progress is not None and losses:
        from .plot import sparkline
        progress.stream.write("loss %s  %.4g -> %.4g\n"
                              % (sparkline(losses, 40), losses[0], losses[-1]))
    if best is not None:
        net._restore(best[2])
        history["best_epoch"] = best[1]
        if checkpoint is not None:
            _save(net, checkpoint)
    return history


def _epoch(net, X, Y, order, batch_size, lossobj, l2, opt, good):
    """One epoch of the generic path: ``(total, 0)``, or ``(loss, k)``
    when the loss of batch k (from 1) is not finite (no step taken).

    ``good[0]`` is kept as a snapshot of the weights that produced the
    last finite loss (taken just before each step).
    """
    layers = net.layers
    if order is None:
        cache = net._forward(X)
        _, Z, A = cache[-1]
        total = net._objective(lossobj, Z, A, Y, l2)
        if not (total - total == 0.0):
            return total, 1
        good[0] = net._snapshot()
        opt.step(layers, net._backward(cache, lossobj, Y, l2))
        return total, 0
    n = len(X)
    summed = lossobj.name == "sse"
    total = 0.0
    for b, lo in enumerate(range(0, n, batch_size)):
        idx = order[lo:lo + batch_size]
        Xb = [X[i] for i in idx]
        Yb = [Y[i] for i in idx]
        cache = net._forward(Xb)
        _, Z, A = cache[-1]
        part = net._objective(lossobj, Z, A, Yb, l2)
        if not (part - part == 0.0):
            return part, b + 1
        if not summed:
            total += part * len(idx) / n
        elif l2:
            # sse adds up over batches, but the penalty belongs to the
            # whole epoch once: each batch contributes its share of it
            pen = l2 * net._squared_parameters()
            total += part - pen + pen * len(idx) / n
        else:
            total += part
        good[0] = net._snapshot()
        opt.step(layers, net._backward(cache, lossobj, Yb, l2))
    return total, 0


def _diverged(loss, epoch, batch):
    where = "epoch %d" % epoch if batch is None else "epoch %d, batch %d" % (epoch, batch)
    if epoch == 1 and batch in (None, 1):
        state = "the weights are unchanged (their loss was not finite to begin with)"
    else:
        state = "the weights are back to the last ones with a finite loss"
    raise TrainingDiverged("fit: the loss became %r at %s; %s; try a smaller learning_rate"
                           % (loss, where, state))


def _measure(net, metrics, X, Y, prefix, logs, P=None):
    from .data import accuracy
    if not metrics:
        return
    if P is None:
        comp = net._active_compiled()
        P = comp.predict(net, X) if comp is not None else net._forward(X)[-1][2]
    for m in metrics:
        logs[prefix + m] = accuracy(Y, P)
