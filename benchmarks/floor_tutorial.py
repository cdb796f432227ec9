"""The floor for the tutorial task: 3-4-1 sigmoid, no biases, SSE, learning
rate 1, full batch of 4 samples, 1500 iterations, in pure Python.

``Network.fit`` already runs generated code here (``purenn.core.codegen``):
every weight in a local, every loop over neurons written out.  The floor
goes further where ``fit`` cannot, for this one task:

* the four samples are written out too (no loop over them), and their
  inputs and targets are read into locals once for all 1500 iterations;
* no snapshot of the weights before each step (``fit`` keeps one, to put
  back the weights of the last finite loss if training diverges), no loss
  (``fit`` records it every epoch), no call per epoch (``next_order``,
  ``record``), no check of the loss.

The arithmetic is ``fit``'s, in its order: ``z = 0.0 + x0·w0 + x1·w1 +
x2·w2``, the sigmoid as ``purenn.core.activations.Sigmoid`` writes it,
``δ2 = 2(a − y)·a(1 − a)``, gradients summed over the samples in order from
0.0, then ``w ← w − 1.0·g``; ``check`` raises ``FloorMismatch`` unless the
weights agree with ``Network.fit`` bit for bit.  Tried and slower: skipping
the zero inputs with ``if x:`` tests (three inputs: the tests cost more
than the products they save).  Portable (``exec``).
"""

from math import exp

from floor_digits import FloorMismatch, _bits

_CACHE = {}


def source(n_samples, n_in=3, n_hidden=4):
    """Source of ``train(W1, W2, X, Y, iterations, lr)``: W1 n_hidden rows of
    n_in weights, W2 one row of n_hidden (purenn's layout), changed in place."""
    lines = []

    def e(indent, text):
        lines.append("    " * indent + text)

    sig = "1.0 / (1.0 + exp(-z)) if z >= 0.0 else (ez := exp(z)) / (1.0 + ez)"
    w = [["w%d_%d" % (j, i) for i in range(n_in)] for j in range(n_hidden)]
    v = ["v%d" % j for j in range(n_hidden)]
    e(0, "def train(W1, W2, X, Y, iterations, lr):")
    for j in range(n_hidden):
        e(1, "%s, = W1[%d]" % (", ".join(w[j]), j))
    e(1, "%s, = W2[0]" % ", ".join(v))
    for n in range(n_samples):
        e(1, "%s, = X[%d]" % (", ".join("x%d_%d" % (n, i) for i in range(n_in)), n))
        e(1, "y%d, = Y[%d]" % (n, n))
    e(1, "for it in range(iterations):")
    for n in range(n_samples):
        op = "=" if n == 0 else "+="
        start = "0.0 + " if n == 0 else ""
        for j in range(n_hidden):
            e(2, "z = 0.0 + %s" % " + ".join("x%d_%d * %s" % (n, i, w[j][i])
                                            for i in range(n_in)))
            e(2, "h%d = %s" % (j, sig))
        e(2, "z = 0.0 + %s" % " + ".join("h%d * %s" % (j, v[j]) for j in range(n_hidden)))
        e(2, "a = %s" % sig)
        e(2, "d = 2.0 * (a - y%d) * (a * (1.0 - a))" % n)
        for j in range(n_hidden):
            e(2, "gv%d %s %sd * h%d" % (j, op, start, j))
        for j in range(n_hidden):
            e(2, "dh = (0.0 + d * %s) * (h%d * (1.0 - h%d))" % (v[j], j, j))
            for i in range(n_in):
                e(2, "g%s %s %sdh * x%d_%d" % (w[j][i], op, start, n, i))
    for j in range(n_hidden):
        for i in range(n_in):
            e(2, "%s = %s - lr * g%s" % (w[j][i], w[j][i], w[j][i]))
        e(2, "%s = %s - lr * gv%d" % (v[j], v[j], j))
    for j in range(n_hidden):
        e(1, "W1[%d][:] = [%s]" % (j, ", ".join(w[j])))
    e(1, "W2[0][:] = [%s]" % ", ".join(v))
    return "\n".join(lines) + "\n"


def train(W1, W2, X, Y, iterations=1500, lr=1.0):
    """Train ``W1`` (4×3) and ``W2`` (1×4), rows as purenn stores them, in place."""
    fn = _CACHE.get(len(X))
    if fn is None:
        ns = {"exp": exp}
        exec(source(len(X)), ns)
        fn = _CACHE[len(X)] = ns["train"]
    fn(W1, W2, X, Y, iterations, lr)


def check(got, want):
    """Raise FloorMismatch unless the weight matrices ``got`` and ``want``
    (lists of matrices) agree bit for bit."""
    for A, B in zip(got, want):
        for ra, rb in zip(A, B):
            if _bits(ra) != _bits(rb):
                raise FloorMismatch("tutorial floor: row %r, Network.fit gives %r" % (ra, rb))
