"""The command line's one option parser, and what its commands share.

Written without ``argparse`` so that it runs the same on every interpreter
(MicroPython's WebAssembly port has no argparse).  A bad command line raises
:class:`UsageError`; ``python -m purenn`` turns it into one line on stderr
and exit status 2.
"""


class UsageError(ValueError):
    """A command-line argument is missing or malformed."""


def parse(args, spec, n_positional):
    """``(positional, opts)`` from args; spec maps option -> (key, kind, default).

    kind is "flag", "int", "float" or "str"; ``--name=value`` works too.
    ``opts["help"]`` is True when ``-h`` or ``--help`` is among the args
    (then the positional count is not checked).
    """
    opts = {}
    for name in spec:
        key, kind, default = spec[name]
        opts[key] = default
    opts["help"] = False
    positional = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-h", "--help"):
            opts["help"] = True
            i += 1
            continue
        value = None
        if a.startswith("--") and "=" in a:
            a, value = a.split("=", 1)
        if a in spec:
            key, kind, default = spec[a]
            if kind == "flag":
                if value is not None:
                    raise UsageError("%s takes no value" % a)
                opts[key] = True
                i += 1
                continue
            if value is None:
                if i + 1 >= len(args):
                    raise UsageError("%s expects a value" % a)
                value = args[i + 1]
                i += 2
            else:
                i += 1
            opts[key] = _convert(a, kind, value)
        elif a.startswith("-") and len(a) > 1 and not _looks_negative(a):
            raise UsageError("unknown option %r" % a)
        else:
            positional.append(a)
            i += 1
    if opts["help"]:
        return positional, opts
    if len(positional) < n_positional:
        raise UsageError("expected %d file argument%s, got %d"
                         % (n_positional, "s" if n_positional > 1 else "", len(positional)))
    if len(positional) > n_positional:
        raise UsageError("unexpected argument %r" % positional[n_positional])
    return positional, opts


def _looks_negative(a):
    return len(a) > 1 and a[1] in "0123456789."


def _convert(name, kind, text):
    if kind == "str":
        return text
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            raise UsageError("%s expects a whole number, got %r" % (name, text))
    try:
        v = float(text)
    except ValueError:
        raise UsageError("%s expects a number, got %r" % (name, text))
    if v - v != 0.0:
        raise UsageError("%s expects a finite number, got %r" % (name, text))
    return v


def at_least(opts, key, option, minimum):
    """Raise UsageError unless ``opts[key]`` is at least ``minimum``."""
    if opts[key] < minimum:
        raise UsageError("%s must be at least %s, got %s" % (option, minimum, opts[key]))
