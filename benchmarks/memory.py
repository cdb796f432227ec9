"""Memory of ``Network.fit`` and the cost of its checkpoints (CPython).

``fit_growth(batches)``: a 784-128-10 network (ReLU, softmax) on 2,000
samples of 784 inputs (made up here, half of them zero: the sizes matter,
not the values), batches of 32.  ``tracemalloc`` records the peak of the
memory allocated by Python during ``fit`` above what was allocated before
it, for the first ``batches`` batches of the epoch (``fit(stop=...)``
ends training after them).  Every batch allocates the same (the gradients,
the new weight rows, the snapshot of the last good weights), so the peak of
the first two batches is that of the whole epoch (checked once: the peak of
a whole epoch was 0.7% above that of its first two batches; the epoch took
eight minutes under ``tracemalloc``, which traces every float made).  It is
compared with the bytes of the weights (their float objects and row lists)
and of one batch of inputs, and split into the validated copy of the data
that ``fit`` makes first (``checks.as_matrix``, measured alone) and the rest.

``checkpoint_cost(rounds)``: a small network (2-16-16-1, 200 moons, batches
of 16, 20 epochs) trained with ``checkpoint=`` (the default policy: saved
when 60 s have passed since the last save, and at the end, only that last
save flushed to the disk) against the same training with a callback that
does nothing (so both run the loop that stops between epochs), in paired
rounds.
"""

import gc
import os
import tempfile

import timing
from purenn import Network, Dense, datasets
from purenn.core import checks

SAMPLES = 2000
SIZES = (784, 128, 10)
BATCH = 32


class StopAfter(list):
    """A ``fit(stop=...)`` list that reads true from its ``k``-th reading on
    (fit reads it once before the first epoch and once after every batch)."""

    def __init__(self, batches):
        list.__init__(self, [False])
        self.left = batches + 1

    def __getitem__(self, i):
        self.left -= 1
        return self.left <= 0


def data(n=SAMPLES, width=SIZES[0], classes=SIZES[-1]):
    X = [[((i * 7 + k * 13) % 17) / 16.0 if (i + k) % 2 else 0.0 for k in range(width)]
         for i in range(n)]
    Y = [[1.0 if j == i % classes else 0.0 for j in range(classes)] for i in range(n)]
    return X, Y


def _traced(fn):
    """(bytes still allocated after ``fn()``, peak above the start, result)."""
    import tracemalloc
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        out = fn()
        now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return now - start, peak - start, out


def fit_growth(batches=2):
    """A dict of byte counts: ``weights``, ``batch``, ``input_copy``, ``peak``
    (growth during fit), ``parameters`` (how many), ``batches`` (timed).

    The network is made while ``tracemalloc`` traces, in the same session as
    ``fit``: each step replaces the weights' float objects, and the old ones
    are freed; objects made before tracing began would show as growth when
    replaced (their frees are not seen), overstating the peak by a copy of
    the weights."""
    import tracemalloc
    X, Y = data()
    kept, _, net = _traced(lambda: Network([Dense(SIZES[0], SIZES[1], "relu"),
                                            Dense(SIZES[1], SIZES[2], "softmax")], seed=1))
    weights = kept          # the float objects and the row lists of every parameter
    batch, _, _ = _traced(lambda: [[v + 0.0 for v in x] for x in X[:BATCH]])  # own floats
    _, copy_peak, _ = _traced(lambda: checks.as_matrix(X, "X", SIZES[0]))
    gc.collect()
    tracemalloc.start()
    try:
        net = Network([Dense(SIZES[0], SIZES[1], "relu"), Dense(SIZES[1], SIZES[2], "softmax")],
                      seed=1)
        gc.collect()
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        history = net.fit(X, Y, epochs=1, batch_size=BATCH, loss="categorical_crossentropy",
                          learning_rate=0.1, seed=1, stop=StopAfter(batches))
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
    if history.get("stopped") != [1, batches]:
        raise RuntimeError("fit_growth: expected to stop after batch %d, history says %r"
                           % (batches, history.get("stopped")))
    return {"weights": weights, "batch": batch, "input_copy": copy_peak, "peak": peak,
            "parameters": net.parameter_count(), "batches": batches}


def checkpoint_cost(rounds=5, epochs=20):
    """``(seconds per epoch without, seconds per epoch with a checkpoint)``:
    medians of paired rounds, and the median of the per-round differences."""
    X, Y = datasets.moons(200, seed=1)
    start = Network([Dense(2, 16, "relu"), Dense(16, 16, "relu"), Dense(16, 1, "sigmoid")],
                    seed=1)
    folder = tempfile.mkdtemp(prefix="purenn-bench-")
    path = os.path.join(folder, "model.json")

    def train(**kw):
        net = Network([Dense(2, 16, "relu"), Dense(16, 16, "relu"), Dense(16, 1, "sigmoid")])
        net.set_parameters(start.copy_parameters())
        net.fit(X, Y, epochs=epochs, batch_size=16, learning_rate=0.1, seed=2,
                loss="binary_crossentropy", **kw)

    try:
        times = timing.paired([("callback", lambda: train(callbacks=[lambda e, logs: None])),
                               ("checkpoint", lambda: train(checkpoint=path))], rounds, 1)
    finally:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)
    plain = timing.median(times["callback"]) / epochs
    extra = timing.median([b - a for a, b in zip(times["callback"], times["checkpoint"])]) / epochs
    return plain, extra
