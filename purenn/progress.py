"""The training progress display of ``fit(verbose=1)``.

On a terminal one line is redrawn in place (``\\r``) at most ten times a
second and after the last epoch::

    epoch 120/500 [####................]  loss 0.2331  accuracy 0.94  3.1s  eta 9.8s

When output is not a terminal (a file, a pipe, a notebook log) each epoch
is printed as a plain line, at most about 20 of them per run plus the last.
"""

import sys

try:
    from time import perf_counter as _clock
except ImportError:  # MicroPython: milliseconds since the first call, wrap-safe
    from time import ticks_ms as _ticks_ms, ticks_diff as _ticks_diff

    _T0 = _ticks_ms()

    def _clock():
        return _ticks_diff(_ticks_ms(), _T0) / 1000.0


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
        self.start = _clock()
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
        now = _clock()
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
