"""Scaling: time per epoch of ``Network.fit`` against hidden width and batch size.

* width W: ``Dense(W, W, relu) → Dense(W, W, linear)``, mse, 64 samples in
  one full batch: 2·W² multiply-adds per sample and pass, so time ~ W².
* samples N: width 32, N samples in one full batch: time ~ N.
* mini-batch size B at N = 512, width 32: the same arithmetic per epoch, so
  any growth at small B is per-batch overhead.

Data are seeded uniform numbers from ``purenn.core.rng.Rng``.  Portable.
"""

from purenn import Network, Dense
from purenn.core.rng import Rng

import timing


def _data(n, w, seed=1):
    g = Rng(seed)
    X = [[g.uniform(-1.0, 1.0) for _ in range(w)] for _ in range(n)]
    Y = [[g.uniform(-1.0, 1.0) for _ in range(w)] for _ in range(n)]
    return X, Y


def epoch_time(width, samples, batch_size=None, rounds=3):
    X, Y = _data(samples, width)
    net = Network([Dense(width, width, "relu"), Dense(width, width, "linear")], seed=1)

    def run():
        net.fit(X, Y, epochs=1, learning_rate=0.001, loss="mse", batch_size=batch_size, seed=1)
    return timing.median(timing.paired([("fit", run)], rounds)["fit"])


def sweep(widths, samples, batches, rounds=3):
    """Three lists of (x, seconds per epoch), and the fitted exponents."""
    by_width = [(w, epoch_time(w, 64, rounds=rounds)) for w in widths]
    by_samples = [(n, epoch_time(32, n, rounds=rounds)) for n in samples]
    by_batch = [(b, epoch_time(32, 512, b, rounds=rounds)) for b in batches]
    big = by_width[len(by_width) // 2:]
    return {
        "width": by_width, "samples": by_samples, "batch": by_batch,
        "p_width": timing.loglog_slope([w for w, _ in by_width], [t for _, t in by_width]),
        "p_width_top": timing.loglog_slope([w for w, _ in big], [t for _, t in big]),
        "p_samples": timing.loglog_slope([n for n, _ in by_samples], [t for _, t in by_samples]),
    }
