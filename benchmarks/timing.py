"""Timing helpers shared by every benchmark; portable (CPython, PyPy, MicroPython).

``paired(candidates, rounds, warmup)`` runs each candidate once per round,
alternating the order from round to round (A B C, C B A, ...), so slow
drifts of a noisy machine hit every candidate alike; a garbage collection
runs before each timed call, outside the timing.  ``ratio(times, a, b)``
is the median over rounds of ``time_a / time_b`` measured in the same round.
"""

import gc
import math

try:
    from time import perf_counter

    def seconds(fn):
        """Wall time of one call ``fn()``, in seconds."""
        t = perf_counter()
        fn()
        return perf_counter() - t
except ImportError:  # MicroPython
    from time import ticks_us, ticks_diff

    def seconds(fn):
        t = ticks_us()
        fn()
        return ticks_diff(ticks_us(), t) * 1e-6


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


def paired(candidates, rounds=5, warmup=1):
    """``{name: [seconds per round]}`` for ``candidates = [(name, fn), ...]``."""
    for _ in range(warmup):
        for _, fn in candidates:
            fn()
    times = {}
    for name, _ in candidates:
        times[name] = []
    for r in range(rounds):
        order = candidates if r % 2 == 0 else candidates[::-1]
        for name, fn in order:
            gc.collect()
            times[name].append(seconds(fn))
    return times


def ratio(times, a, b):
    """Median over rounds of ``times[a][r] / times[b][r]``."""
    return median([x / y for x, y in zip(times[a], times[b])])


def loglog_slope(xs, ys):
    """Least-squares slope of log(y) against log(x): the exponent p in y ~ x^p."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx = sum(lx) / len(lx)
    my = sum(ly) / len(ly)
    num = 0.0
    den = 0.0
    for a, b in zip(lx, ly):
        num += (a - mx) * (b - my)
        den += (a - mx) * (a - mx)
    return num / den
