"""The command line: ``python -m purenn [options]``.

Written without ``argparse`` so that it runs the same on every interpreter
(MicroPython's WebAssembly port has no argparse).
"""

import sys

USAGE = """usage: python -m purenn [--iterations N] [--seed N] [--weights] [--help]
       python -m purenn COMMAND [arguments] (COMMAND --help describes each)

Train the classic tutorial network (3 inputs, 4 hidden sigmoid neurons,
1 sigmoid output, no biases) by backpropagation on the four rows of the
XOR-like table, with the sum-of-squared-errors loss and learning rate 1,
then print its forecast for each row next to the fact.

options:
  --iterations N   training iterations (default 1500)
  --seed N         seed of the weight initialisation (default 1)
  --weights        also print the trained weights (exact, one per line)
  -h, --help       show this help and exit

commands, for your own data:
  train DATA.csv --target COLUMN ... --out MODEL.json   train and save a model
  predict MODEL.json DATA.csv [--out FILE]              predictions as CSV
  info MODEL.json                                       describe a model file
  export MODEL.json -o PREDICT.py [--digits N]          standalone Python file
  explain [--sample N] [--neuron N] [--model M ...]     one step, all numbers
  draw MODEL.json -o NET.svg                            a picture of the network
"""

#: The data commands (implemented in ``purenn.commands``, loaded on demand).
COMMANDS = ("train", "predict", "info", "export", "explain", "draw")


class UsageError(ValueError):
    """A command-line argument is missing or malformed."""


def _int_option(args, i, name, minimum):
    if i + 1 >= len(args):
        raise UsageError("%s expects a number" % name)
    text = args[i + 1]
    try:
        value = int(text)
    except ValueError:
        raise UsageError("%s expects a whole number, got %r" % (name, text))
    if value < minimum:
        raise UsageError("%s must be at least %d, got %d" % (name, minimum, value))
    return value


def parse_tutorial_args(args):
    """Options of the tutorial command as a dict; raises UsageError."""
    opts = {"iterations": 1500, "seed": 1, "weights": False, "help": False}
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-h", "--help"):
            opts["help"] = True
            i += 1
        elif a == "--weights":
            opts["weights"] = True
            i += 1
        elif a == "--iterations":
            opts["iterations"] = _int_option(args, i, a, 0)
            i += 2
        elif a == "--seed":
            opts["seed"] = _int_option(args, i, a, 0)
            i += 2
        else:
            raise UsageError("unknown argument %r" % a)
    return opts


def run_tutorial(opts, out=None):
    from . import tutorial
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


def main(argv=None):
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] in COMMANDS:
        from .commands import run
        return run(argv[0], argv[1:])
    try:
        opts = parse_tutorial_args(list(argv))
    except UsageError as e:
        sys.stderr.write("purenn: error: %s\n(try: python -m purenn --help)\n" % e)
        return 2
    if opts["help"]:
        sys.stdout.write(USAGE)
        return 0
    return run_tutorial(opts)


def console():
    """Entry point of the ``purenn`` console script."""
    sys.exit(main(sys.argv[1:]))
