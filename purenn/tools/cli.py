"""The command line: ``python -m purenn [options]`` or ``python -m purenn COMMAND``.

With no command it runs the tutorial; the data commands live in
``purenn.tools.commands`` and ``purenn.tools.train`` and the help text in
``purenn.tools.usage``, loaded only when asked for (on MicroPython every
module's code lives in the heap).
"""

import sys


#: The option that switches purenn to its portable elementary functions.
PORTABLE_MATH = "--portable-math"


#: The data commands (each loaded on demand).
COMMANDS = ("train", "predict", "evaluate", "info", "export", "convert", "explain", "draw",
            "playground")

_TUTORIAL_SPEC = {
    "--iterations": ("iterations", "int", 1500),
    "--seed": ("seed", "int", 1),
    "--weights": ("weights", "flag", False),
}


def parse_tutorial_args(args):
    """Options of the tutorial as a dict; raises UsageError."""
    from .options import at_least, parse
    _, opts = parse(args, _TUTORIAL_SPEC, 0)
    at_least(opts, "iterations", "--iterations", 0)
    at_least(opts, "seed", "--seed", 0)
    return opts


def run_tutorial(opts, out=None):
    """Train the tutorial network and write its table (and weights) to ``out``."""
    from .. import tutorial
    write = (out or sys.stdout).write
    nn = tutorial.train(opts["iterations"], opts["seed"])
    for line in tutorial.table(nn):
        write(line + "\n")
    if opts["weights"]:
        for name, W in (("weights1", nn.weights1), ("weights2", nn.weights2)):
            for i, row in enumerate(W):
                for j, w in enumerate(row):
                    write("%s[%d][%d] = %r\n" % (name, i, j, w))
    return 0


class Output:
    """stdout that a reader may close: once a write fails because the pipe or
    the stream is closed (``train ... | head``, ``>&-``), further output is
    dropped and the command carries on, so that a model being trained is
    still saved."""

    def __init__(self, stream):
        self.stream = stream
        self.closed = stream is None

    def write(self, text):
        if self.closed:
            return
        try:
            self.stream.write(text)
        except (OSError, ValueError, AttributeError):   # EPIPE, a closed file, no stdout
            self.closed = True
            _quiet_exit()

    def flush(self):
        self.write("")
        if not self.closed:
            try:
                self.stream.flush()
            except (OSError, ValueError, AttributeError):
                self.closed = True
                _quiet_exit()

    def isatty(self):
        try:
            return not self.closed and self.stream.isatty()
        except (OSError, ValueError, AttributeError):
            return False


def _quiet_exit():
    # the interpreter flushes stdout once more at exit: point it at nothing
    try:
        import os
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except Exception:  # no os.dup2 (MicroPython), or no stdout at all
        pass


def main(argv=None):
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    if argv is None:
        argv = sys.argv[1:]
    out = Output(sys.stdout)
    try:
        sys.stdout = out            # print() and fit(verbose=1) go through it too
    except (AttributeError, TypeError):
        pass
    try:
        return _main(argv, out)
    finally:
        if sys.stdout is out:
            sys.stdout = out.stream if out.stream is not None else out


def _main(argv, out):
    argv = list(argv)
    if PORTABLE_MATH in argv:       # anywhere: for the tutorial and every command
        from ..core.elementary import use_portable_math
        argv = [a for a in argv if a != PORTABLE_MATH]
        use_portable_math(True)
    if argv == ["--version"]:
        from .. import __version__
        out.write("purenn %s\n" % __version__)
        return 0
    if argv and argv[0] in COMMANDS:
        from .commands import run
        return run(argv[0], argv[1:], out)
    if not argv:        # the tutorial as it is (the options' parser is not needed)
        opts = {}
        for key, _, default in _TUTORIAL_SPEC.values():
            opts[key] = default
        return run_tutorial(opts, out)
    from .options import UsageError
    try:
        opts = parse_tutorial_args(list(argv))
    except UsageError as e:
        sys.stderr.write("purenn: error: %s\n(try: python -m purenn --help)\n" % e)
        return 2
    if opts["help"]:
        from .usage import USAGE
        out.write(USAGE)
        return 0
    return run_tutorial(opts, out)


def console():
    """Entry point of the ``purenn`` console script."""
    sys.exit(main(sys.argv[1:]))
