"""The training progress display of ``fit(verbose=1)``, and the sparkline.

On a terminal one line is redrawn in place (``\\r``) at most ten times a
second and after the last epoch::

    epoch 120/500 [####................]  loss 0.2331  accuracy 0.94  3.1s  eta 9.8s

When output is not a terminal (a file, a pipe, a notebook log) each epoch
is printed as a plain line, at most about 20 of them per run plus the last.
At the end ``fit(verbose=1)`` draws the loss per epoch as a one-line
:func:`sparkline`.  This is the one module of the core that writes text,
and it writes only to the stream it is given (``sys.stdout`` by default).

>>> sparkline([4.0, 3.0, 2.0, 1.0, 1.0])
'█▆▃▁▁'
>>> sparkline([3, 2, 1], chars=" .:")
':. '
"""

import sys

try:
    from time import perf_counter as clock
except ImportError:  # MicroPython: milliseconds since the first call, wrap-safe
    from time import ticks_ms as _ticks_ms, ticks_diff as _ticks_diff

    _T0 = _ticks_ms()

    def clock():
        """Seconds since an arbitrary start, as a float."""
        return _ticks_diff(_ticks_ms(), _T0) / 1000.0


SPARK_CHARS = "▁▂▃▄▅▆▇█"


def sparkline(values, width=60, chars=SPARK_CHARS):
    """A curve as one line of block characters, lowest value to highest.

    More than ``width`` values are averaged in ``width`` equal groups.
    ``chars`` are the levels from lowest to highest (``" .:-=+*#"`` for a
    plain-ASCII terminal).  Non-finite values are drawn as ``"?"``.
    """
    vals = [float(v) for v in values]
    if not vals:
        return ""
    if len(vals) > width:
        groups = []
        for g in range(width):
            lo = g * len(vals) // width
            hi = (g + 1) * len(vals) // width
            s = 0.0
            for v in vals[lo:hi]:
                s += v
            groups.append(s / (hi - lo))
        vals = groups
    finite = [v for v in vals if v - v == 0.0]
    if not finite:
        return "?" * len(vals)
    lo, hi = min(finite), max(finite)
    top = len(chars) - 1
    out = []
    for v in vals:
        if v - v != 0.0:
            out.append("?")
        elif hi == lo:
            out.append(chars[top // 2])
        else:
            out.append(chars[int((v - lo) / (hi - lo) * top + 0.5)])
    return "".join(out)


def _is_terminal(stream):
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def _seconds(s):
    if s < 60.0:
        return "%.1fs" % s
    return "%dm%02ds" % (int(s // 60), int(s % 60))


class Progress:
    """``Progress(epochs, stream=sys.stdout)``; call ``update(epoch, logs)``
    after each epoch (epoch counted from 1) and ``close()`` at the end."""

    WIDTH = 20

    def __init__(self, epochs, stream=None):
        self.epochs = epochs
        self.stream = stream or sys.stdout
        self.tty = _is_terminal(self.stream)
        self.start = clock()
        self.last_draw = -1.0
        self.every = max(1, epochs // 20)
        self.line = ""

    def text(self, epoch, logs, elapsed):
        done = self.WIDTH * epoch // self.epochs
        bar = "#" * done + "." * (self.WIDTH - done)
        parts = ["epoch %d/%d [%s]" % (epoch, self.epochs, bar)]
        keys = sorted(logs, key=lambda k: (k.startswith("val_"), k not in ("loss", "val_loss"), k))
        for key in keys:
            parts.append("%s %.4g" % (key, logs[key]))
        remaining = elapsed / epoch * (self.epochs - epoch)
        parts.append(_seconds(elapsed))
        if epoch < self.epochs:
            parts.append("eta " + _seconds(remaining))
        return "  ".join(parts)

    def update(self, epoch, logs):
        now = clock()
        last = epoch == self.epochs
        if self.tty:
            if last or now - self.last_draw >= 0.1:
                line = self.text(epoch, logs, now - self.start)
                pad = " " * max(0, len(self.line) - len(line))
                self.stream.write("\r" + line + pad)
                self.line = line
                self.last_draw = now
        elif last or epoch % self.every == 0 or epoch == 1:
            self.stream.write(self.text(epoch, logs, now - self.start) + "\n")

    def close(self):
        if self.tty and self.line:
            self.stream.write("\n")
            self.line = ""

    def summary(self, losses):
        """Write the loss per epoch as a sparkline with its first and last values."""
        if losses:
            self.stream.write("loss %s  %.4g -> %.4g\n"
                              % (sparkline(losses, 40), losses[0], losses[-1]))
