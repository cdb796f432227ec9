"""The training loop behind :meth:`purenn.Network.fit`: one loop, run by an engine.

``fit`` checks its arguments, picks an *engine* and loops over epochs; the
engine runs them.  What happens between epochs (validation, metrics, early
stopping, callbacks, checkpoints, progress) is ``purenn.core.watch``, loaded
only when one of those options is asked for, so every engine has them.

An engine has two methods::

    engine.run(X, Y, count, next_order, batch_size, record, stop)
    engine.restore()

``run`` trains for ``count`` epochs: each epoch takes ``next_order()``, the
order of the samples, and goes through the batches ``order[lo:lo +
batch_size]``, stepping after each; when ``batch_size`` is None or at least
the number of rows, ``next_order()`` gives None and each epoch is one batch
of every row in row order.  After each epoch it calls ``record(loss)``.  It returns None when it ran them all, or
``(why, loss, epoch, batch)`` (epoch and batch counted from 1 within the
call) when it ended early:

* ``("loss", loss, e, b)``: the loss of that batch was not finite;
* ``("weights", None, e, b)``: that batch's step made a weight that is not
  finite (checked after every step: the next loss does not always show it,
  since ReLU turns a NaN into 0);

both after putting back the weights that produced the last finite loss,
which are finite; or ``("stop", None, e, b)`` when it found ``stop[0]``
true after that batch's step (batch 0: after the epoch's last batch and
``record``).  ``restore`` puts the last good weights back.  There are three
engines, giving the same numbers to the last bit (:func:`choose_engine`
picks one per interpreter):

* :class:`GenericEngine`: the layers' own ``forward``/``backward`` and any
  optimizer;
* ``purenn.core.codegen.CompiledEngine``: Python written for the network's
  exact sizes (plain SGD only), skipping products with an input of 0.0;
* ``purenn.core.loops.LoopEngine``: index loops one sample at a time, for
  any size and optimizer, skipping products with a factor of 0.0.

The history of a run is kept in ``purenn.core.history.Series``.

Kept out of ``network.py`` so that a network loaded only to predict does
not compile it: on MicroPython compiled code lives in the (small) heap.
"""

import math
import sys

from . import backprop, checks
from .history import HISTORY, Series, diverged

#: ``fit(compiled=None)`` generates code for networks up to this many
#: parameters, on CPython (see ``Network.fit``).
AUTO_COMPILE_PARAMETERS = 4096

#: ``fit(compiled=None)`` generates code for networks up to this many
#: parameters on MicroPython (its compiler refuses a loop body of more than
#: about 16 KB of bytecode: 2-12-12-1 compiles, 2-16-16-1 does not; a network
#: that does not compile trains through ``purenn.core.loops``).
MICROPYTHON_COMPILE_PARAMETERS = 200

#: ``fit(compiled=None)`` generates code for networks up to this many
#: parameters on PyPy: none, since its JIT takes long to compile a function
#: written out weight by weight (3-4-1 for 100 epochs: 3.3× slower than
#: the loops; 2-16-16-1 for 20 epochs: 37× slower; it pays only for long
#: runs of the smallest networks: 3-4-1 for 1500 epochs, 1.7× faster).
PYPY_COMPILE_PARAMETERS = 0

#: Free heap that MicroPython needs for fit to compile an engine's code.
ENGINE_HEAP = 256 * 1024

#: The running interpreter, as ``sys.implementation.name`` has it.
INTERPRETER = sys.implementation.name

class GenericEngine:
    """Epochs through the layers: ``forward``, the loss, ``backward``, then
    ``optimizer.step`` for each batch."""

    def __init__(self, net, loss, optimizer, l2):
        self.net = net
        self.loss = loss
        self.optimizer = optimizer
        self.l2 = l2
        self.params = net.parameters()      # the rows are changed in place, never replaced
        self.good = None    # a snapshot of the parameters that produced the last finite loss
        # Compile the formulas now, before the first epoch's lists are strewn
        # over the heap: on MicroPython the compiler then finds the contiguous
        # blocks it needs (training XOR 2-8-1 needed 113 KiB of heap, 89 with this).
        for layer in net.layers:
            layer.activation.forward, layer.activation.backward
        loss.objective, loss.output_delta
        fused = loss.is_fused(net.layers[-1].activation)
        getattr(loss, "fused_value" if fused else "value"), \
            getattr(loss, "fused_delta" if fused else "grad")

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
                part = backprop.objective(net, loss, Z, A, Yb, l2)
                if not (part - part == 0.0):
                    self.restore()      # the weights that gave the last finite loss
                    return "loss", part, epoch, b + 1
                if order is None:
                    total = part
                elif not loss.summed:   # a mean over the epoch, weighted by batch size
                    total += part * len(idx) / n
                elif l2:
                    # a summed loss (sse) adds up over batches, but the L2 penalty
                    # belongs to the whole epoch once: each batch adds its share
                    pen = l2 * backprop.squared_parameters(net)
                    total += part - pen + pen * len(idx) / n
                else:
                    total += part
                self.good = backprop.snapshot(net.parameters(), self.good)
                grads = backprop.backward(net, cache, loss, Yb, l2)
                cache = None        # (so that a batch's lists are gone before the next's)
                self.optimizer.step(params, backprop.gradient_rows(net, grads))
                grads = None
                if checks.first_not_finite(params) >= 0:
                    self.restore()
                    return "weights", None, epoch, b + 1
                if stop[0] and lo + len(Yb) < n:
                    return "stop", None, epoch, b + 1       # stopped within the epoch
            record(total)
            if stop[0]:
                return "stop", None, epoch, 0               # stopped at its end
        return None

    def restore(self):
        if self.good is not None:
            backprop.put_back(self.net, self.good)


def choose_engine(net, loss, optimizer, l2, compiled, exact=True, X=None, full=False):
    """The engine for these settings (``X``: the checked inputs, or None;
    ``full``: every batch is all of X, in row order).

    ``compiled=False``: the generic layers.  ``compiled=True``: generated
    code (``purenn.core.codegen``) for plain SGD.  ``compiled=None``: what
    is fastest on this interpreter (:data:`INTERPRETER`): generated code for
    plain SGD on networks of up to :data:`AUTO_COMPILE_PARAMETERS`
    parameters (CPython, MicroPython: see :func:`compile_limit`), and
    ``purenn.core.loops`` otherwise; the generic layers for what neither
    takes.  All of them give the same numbers to the last bit (with
    ``exact=False`` on CPython 3.12+, the loops use ``math.sumprod``)."""
    from .optimizers import SGD
    if compiled is False:
        return GenericEngine(net, loss, optimizer, l2)
    plain = type(optimizer) is SGD and optimizer.plain()
    sumprod = not exact and hasattr(math, "sumprod")    # elsewhere exact=False changes nothing
    if plain and (compiled or (not sumprod and _auto_compile(net))):
        code = net.compiled_code() or net.compile()
        engine = code.engine(net, loss, optimizer.learning_rate, l2, X, full)
        if engine is not None:      # None: too large for this interpreter's compiler
            return engine
    if compiled or roomy():
        from . import loops
        if loops.accepts(net, loss, optimizer, l2):
            return loops.LoopEngine(net, loss, optimizer, l2, exact)
    return GenericEngine(net, loss, optimizer, l2)


def _auto_compile(net):
    """True when ``fit(compiled=None)`` should generate code for ``net``."""
    return net.parameter_count() <= compile_limit() and roomy()


def compile_limit():
    """The most parameters for which ``fit(compiled=None)`` generates code on
    this interpreter: :data:`AUTO_COMPILE_PARAMETERS` on CPython,
    :data:`MICROPYTHON_COMPILE_PARAMETERS` on MicroPython and
    :data:`PYPY_COMPILE_PARAMETERS` on PyPy."""
    return {"cpython": AUTO_COMPILE_PARAMETERS, "pypy": PYPY_COMPILE_PARAMETERS,
            "micropython": MICROPYTHON_COMPILE_PARAMETERS}.get(INTERPRETER, 0)


def roomy():
    """False on a MicroPython heap with less than :data:`ENGINE_HEAP` bytes
    free: there the generic layers train without compiling code (a board
    training XOR in 124 KB of heap); True elsewhere."""
    import gc
    free = getattr(gc, "mem_free", None)
    if free is None or free() >= ENGINE_HEAP:
        return True
    gc.collect()
    return free() >= ENGINE_HEAP


def fit(net, X, Y, epochs, learning_rate, loss, batch_size, optimizer, seed, verbose, l2,
        validation_data, metrics, patience, callbacks, checkpoint, checkpoint_every, compiled,
        stop=None, history="all", exact=True):
    """``net.fit(...)``: see :meth:`purenn.Network.fit` for every option (and
    their defaults, which live there only)."""
    from .losses import get
    from .optimizers import get as get_optimizer
    lossobj = get(loss)
    l2 = checks.penalty(l2)
    X = checks.as_matrix(X, "X", net.n_inputs)
    Y = checks.as_targets(Y, "Y", len(X), net.n_outputs, lossobj)
    epochs = checks.positive_int("epochs", epochs)
    k = checks.first_not_finite(net.parameters())
    if k >= 0:
        raise ValueError("fit: the network's weights must be finite to start from, and "
                         "parameter row %d (in the order of Network.parameters()) is not" % k)
    batch_size = checks.positive_int("batch_size", batch_size, allow_none=True)
    optimizer = get_optimizer(optimizer, checks.rate("learning_rate", learning_rate))
    if history not in HISTORY:
        raise ValueError("history: expected \"all\" or \"last\", got %s" % checks.short(history))
    if stop is None:
        stop = [False]
    elif not isinstance(stop, list) or not stop:
        raise ValueError("stop: expected a list such as [False], got %s" % checks.short(stop))
    log = {"loss": Series(history == "all")}
    watch = None
    if verbose or validation_data is not None or metrics != () or patience is not None \
            or callbacks != () or checkpoint is not None:
        from .watch import Watch
        watch = Watch(net, X, Y, lossobj, l2, epochs, log, verbose, validation_data, metrics,
                      patience, callbacks, checkpoint, checkpoint_every)
    full = batch_size is None or batch_size >= len(X)
    engine = choose_engine(net, lossobj, optimizer, l2, compiled, exact, X, full=full)
    try:
        stopped = _loop(engine, X, Y, epochs, batch_size, full, seed, log, watch, stop)
    finally:
        if watch is not None:
            watch.close()
    out = {}
    for key in log:
        out[key] = log[key].to_list()
    if stopped is not None:
        out["stopped"] = stopped
    if watch is not None:
        watch.finish(out)
    return out


def _loop(engine, X, Y, epochs, batch_size, full, seed, log, watch, stop):
    """The epochs, run by ``engine``; ``[epoch, batch]`` where a stop came, or None."""
    n = len(X)
    gen = None
    if not full:
        from .rng import Rng, default as default_rng
        gen = Rng(seed) if seed is not None else default_rng()

    def next_order():
        return None if gen is None else gen.permutation(n)

    batches = 1 if full else (n + batch_size - 1) // batch_size    # per epoch
    # with nothing to do between epochs, the engine runs them all in one call
    count = 1 if watch is not None else epochs
    record = log["loss"].append
    epoch = 0
    while epoch < epochs:
        if stop[0]:                     # asked to stop between epochs
            return [epoch, batches] if epoch else [0, 0]
        ended = engine.run(X, Y, count, next_order, batch_size, record, stop)
        done = count
        stopped = None
        if ended is not None:
            why, value, done, batch = ended
            if why == "loss":
                diverged(value, epoch + done, None if full else batch)
            if why == "weights":
                diverged(None, epoch + done, None if full else batch, "the weights")
            # asked to stop: within an epoch, or at its end (batch 0)
            stopped = [epoch + done, batch or batches]
            if batch:               # within an epoch: none to finish
                return stopped
        epoch += done
        if watch is not None and watch.after_epoch(epoch, engine, stop) or stopped is not None:
            return stopped
    return None


