"""Python source written by purenn: the lines and the formulas put into them.

The engines that generate code (``purenn.core.codegen`` for small networks,
``purenn.core.loops`` for any size) write their functions with an
:class:`Emitter` and put each activation's and loss's expressions into them
with :func:`substitute`, so that every formula is still written once, in
``purenn.core.activations`` and ``purenn.core.losses``.
"""

from .activations import Softmax

#: Terms per line in long sums, so that no expression nests too deeply for
#: MicroPython's parser (the order of additions is unchanged by the split).
CHUNK = 16


class Emitter:
    """Lines of source: ``em(indent, text)`` appends one; ``em.shift`` indents
    everything emitted after it further."""

    def __init__(self):
        self.lines = []
        self.shift = 0

    def __call__(self, indent, text):
        self.lines.append("    " * (indent + self.shift) + text)

    def chain(self, indent, target, terms, start=None):
        """``target = t0 + t1 + ...`` (after ``start`` if given), split into
        lines of CHUNK terms that add in the same left-to-right order."""
        first = True
        if start is not None:
            terms = [start] + list(terms)
        for k in range(0, len(terms), CHUNK):
            part = " + ".join(terms[k:k + CHUNK])
            if first:
                self(indent, "%s = %s" % (target, part))
                first = False
            else:
                self(indent, "%s = %s + %s" % (target, target, part))

    def text(self):
        return "\n".join(self.lines) + "\n"


def substitute(expr, names):
    """``expr`` with each whole identifier that is a key of ``names`` replaced.

    >>> substitute("g * (a * (1.0 - a))", {"a": "a1_0", "g": "e2_0"})
    'e2_0 * (a1_0 * (1.0 - a1_0))'
    >>> substitute("tanh(z) + 1e-5 * z", {"z": "z2_3", "a": "x"})
    'tanh(z2_3) + 1e-5 * z2_3'

    Numbers such as ``1e-5`` and names that merely contain a key (``tanh``
    holds an ``a``) are kept.
    """
    out = []
    i = 0
    n = len(expr)
    while i < n:
        c = expr[i]
        if c.isalpha() or c == "_":
            j = i + 1
            while j < n and (expr[j].isalpha() or expr[j].isdigit() or expr[j] == "_"):
                j += 1
            word = expr[i:j]
            out.append(names.get(word, word))
            i = j
        elif c.isdigit() or (c == "." and i + 1 < n and expr[i + 1].isdigit()):
            j = i + 1
            while j < n and (expr[j].isdigit() or expr[j] == "."):
                j += 1
            if j < n and expr[j] in "eE":
                j += 1
                if j < n and expr[j] in "+-":
                    j += 1
                while j < n and expr[j].isdigit():
                    j += 1
            out.append(expr[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


#: Softmax and its fused cross-entropy's ``lse`` and ``t``, written out for
#: a row ``%(z)s`` (``%(a)s`` the outputs, ``%(R)s`` their indices):
#: ``Softmax.forward_source``, ``losses.logsumexp`` and ``losses.rowsum``
#: restated, the same operations in the same order (one exp per output
#: serves both the softmax and lse, as both add the same terms from 0.0).
SOFTMAX_LINES = ((0, "mx = max(%(z)s)"), (0, "sm = 0.0"), (0, "for k in %(R)s:"),
                 (1, "v = exp(%(z)s[k] - mx)"), (1, "%(a)s[k] = v"), (1, "sm += v"),
                 (0, "for k in %(R)s:"), (1, "%(a)s[k] = %(a)s[k] / sm"),
                 (0, "lse = mx + log(sm)"), (0, "t = 0.0"), (0, "for k in %(R)s:"),
                 (1, "t += y[k]"))


def softmax_inline(act, loss):
    """:data:`SOFTMAX_LINES` when ``act`` is the built-in softmax with its
    own formula and ``loss`` the fused cross-entropy whose setups are
    ``logsumexp(zrow)`` and ``rowsum(yrow)``; else None (the functions are called)."""
    if type(act) is Softmax and act.forward_source == Softmax.forward_source and \
            loss.is_fused(act) and loss.fused_setup == ("lse", "logsumexp(zrow)") and \
            loss.delta_setup == ("t", "rowsum(yrow)"):
        return SOFTMAX_LINES
    return None
