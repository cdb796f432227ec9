"""A sketch of a training engine that skips zeros, behind ``fit``'s own loop.

``Network.fit`` runs its epochs through an *engine* (``purenn.core.training``):
``run(X, Y, count, next_order, batch_size, record, stop)`` and ``restore()``.
``SkipEngine`` is one, for the networks the digits floor trains (Dense ReLU
then Dense softmax, categorical cross-entropy, plain SGD, no L2): the index
loops of ``floor_digits.epoch_loop_skip`` (per sample; products with a zero
input or a switched-off ReLU unit skipped) wrapped in the contract:

* each batch's loss is ``Network.objective``'s, checked before the step; a
  loss that is not finite puts back the last good weights and returns
  ``(loss, epoch, batch)``;
* the last good weights are copied before every step, as ``GenericEngine``
  does (``restore`` puts them back);
* ``record`` after each epoch, ``stop`` after each step, as there.

Skipping a zero is exact only while the factor it would multiply is finite
(``0·inf`` is NaN).  The engine keeps that true or stops skipping:

* inputs are finite (``fit`` checks X);
* the weights are checked at the start of ``run`` and after every step
  (a ``sum`` per row: NaN or ±inf make it non-finite; a sum that overflows
  is then checked value by value); from the first non-finite weight on,
  every product is formed, zeros and all, as ``fit`` forms them;
* δ2 is finite whenever the batch's loss is (the loss is checked first,
  and a batch with a non-finite loss takes no step);
* δ1 of an active unit is checked before its products with the inputs;
  when it is not finite, that unit's products are all formed.
* δ1 of a switched-off unit is 0.0 whatever the products would give (ReLU's
  backward keeps ``g if a > 0 else 0.0``), so skipping it is always exact.

So ``fit`` gives the same weights, losses and errors to the last bit with
this engine as without, even when training diverges.  ``python3
benchmarks/engine_sketch.py`` (or ``pypy3``, ``micropython -X
heapsize=64m``) checks that on the digits and on diverging runs, then
times one digits epoch both ways.
"""

import sys

if __name__ == "__main__":    # run as a script: purenn is in the folder above
    sys.path.insert(0, (__file__.rpartition("/")[0] or ".") + "/..")

from math import exp, log

from purenn.core import training


def _finite_rows(rows):
    """True when every value of every row is finite."""
    for row in rows:
        s = sum(row)
        if s - s != 0.0:        # NaN or ±inf inside, or a sum that overflowed
            for v in row:
                if v - v != 0.0:
                    return False
    return True


class SkipEngine:
    """``fit``'s engine for Dense(relu) → Dense(softmax), categorical
    cross-entropy, plain SGD, no L2 (see :meth:`supports`)."""

    @staticmethod
    def supports(net, loss, optimizer, l2):
        from purenn.core.optimizers import SGD
        layers = net.layers
        return (len(layers) == 2 and layers[0].activation.name == "relu"
                and layers[1].activation.name == "softmax"
                and layers[0].has_bias and layers[1].has_bias
                and loss.name == "categorical_crossentropy" and not l2
                and type(optimizer) is SGD and optimizer.plain())

    def __init__(self, net, loss, optimizer, l2):
        self.net = net
        self.lr = optimizer.learning_rate
        self.good = None        # the weights that produced the last finite loss
        self.exact = False      # every product formed (a weight was not finite)
        self.X = self.NZ = None

    def run(self, X, Y, count, next_order, batch_size, record, stop):
        net, lr = self.net, self.lr
        W1, b1 = net.layers[0].weights, net.layers[0].biases
        W2, b2 = net.layers[1].weights, net.layers[1].biases
        n, nin, nh, nout = len(X), len(W1[0]), len(W1), len(W2)
        hidden, outs, every = range(nh), range(nout), list(range(nin))
        if self.X is not X:     # fit passes the same checked X to every call
            self.X = X
            self.NZ = [[k for k in every if x[k] != 0.0] for x in X]
        if not self.exact and not _finite_rows(net.parameters()):
            self.exact = True
        gW1 = [[0.0] * nin for _ in hidden]
        gW2 = [[0.0] * nh for _ in outs]
        gb1, gb2 = [0.0] * nh, [0.0] * nout
        h, z, t, act = [0.0] * nh, [0.0] * nout, [0.0] * nout, [0] * nh
        for epoch in range(1, count + 1):
            order = next_order()
            total = 0.0
            for b, lo in enumerate(range(0, n, n if order is None else batch_size)):
                idx = range(n) if order is None else order[lo:lo + batch_size]
                m = len(idx)
                c = 1.0 / m
                for g in gW1:
                    g[:] = [0.0] * nin
                for g in gW2:
                    g[:] = [0.0] * nh
                gb1[:] = [0.0] * nh
                gb2[:] = [0.0] * nout
                W2T = [[W2[j][i] for j in outs] for i in hidden]
                exact = self.exact
                L = 0.0
                for s in idx:
                    x, y = X[s], Y[s]
                    nz = every if exact else self.NZ[s]
                    na = 0
                    for j in hidden:                # h = relu(W1·x + b1)
                        w = W1[j]
                        acc = 0.0
                        for k in nz:
                            acc += x[k] * w[k]
                        acc += b1[j]
                        if acc > 0.0:
                            h[j] = acc
                            act[na] = j
                            na += 1
                        else:
                            h[j] = 0.0
                    for j in outs:                  # z = W2·h + b2
                        w = W2[j]
                        acc = 0.0
                        if exact:
                            for i in hidden:
                                acc += h[i] * w[i]
                        else:
                            for q in range(na):
                                i = act[q]
                                acc += h[i] * w[i]
                        z[j] = acc + b2[j]
                    # the loss and δ2 as purenn.core.losses writes them, for any target row
                    mx = max(z)
                    sm = 0.0
                    for j in outs:
                        v = exp(z[j] - mx)
                        t[j] = v
                        sm += v
                    lse = mx + log(sm)
                    ty = 0.0
                    for j in outs:
                        L += y[j] * (lse - z[j]) if y[j] else 0.0
                        ty += y[j]
                    for j in outs:
                        dj = c * (t[j] / sm * ty - y[j])
                        t[j] = dj
                        gb2[j] += dj
                        g = gW2[j]
                        for q in range(na):         # δ2 is finite if the loss is
                            i = act[q]
                            g[i] += dj * h[i]
                    for q in range(na):             # δ1 of the active units only
                        i = act[q]
                        e = 0.0
                        wc = W2T[i]
                        for j in outs:
                            e += t[j] * wc[j]
                        gb1[i] += e
                        g = gW1[i]
                        for k in (nz if e - e == 0.0 else every):
                            g[k] += e * x[k]
                part = L / m
                if not (part - part == 0.0):
                    self.restore()
                    return part, epoch, b + 1
                total = part if order is None else total + part * m / n
                self.good = net.copy_parameters(self.good)
                for W, bias, gW, gb in ((W1, b1, gW1, gb1), (W2, b2, gW2, gb2)):
                    for j in range(len(W)):         # θ ← θ − η·g, as optimizers.SGD
                        w = W[j]
                        g = gW[j]
                        for k in range(len(w)):
                            w[k] = w[k] - lr * g[k]
                        bias[j] = bias[j] - lr * gb[j]
                if not exact and not _finite_rows(net.parameters()):
                    self.exact = True
                if stop[0] and lo + m < n:
                    return None, epoch, b + 1
            record(total)
            if stop[0]:
                return None, epoch, 0
        return None

    def restore(self):
        if self.good is not None:
            self.net.set_parameters(self.good)


def use(engine):
    """Make ``fit`` run ``engine`` where ``engine.supports(...)``; returns a
    function that puts the previous choice back."""
    before = training.choose_engine

    def choose(net, loss, optimizer, l2, compiled, *more):
        if engine.supports(net, loss, optimizer, l2):
            return engine(net, loss, optimizer, l2)
        return before(net, loss, optimizer, l2, compiled, *more)

    training.choose_engine = choose

    def undo():
        training.choose_engine = before
    return undo


# --- the check and the timing ------------------------------------------------------

def _outcome(make, X, Y, **kw):
    """(weights as bits, history or the error's message) of ``make().fit(X, Y, **kw)``."""
    import struct
    net = make()
    try:
        result = net.fit(X, Y, **kw)
    except Exception as e:     # TrainingDiverged and the like: compare what they say
        result = "%s: %s" % (type(e).__name__, e)
    bits = [struct.pack("<d", v) for row in net.parameters() for v in row]
    return bits, repr(result)


def check(cases):
    """Raise AssertionError unless each ``(name, make, X, Y, kw)`` case gives
    the same outcome with ``SkipEngine`` as with fit's own engines."""
    for name, make, X, Y, kw in cases:
        want = _outcome(make, X, Y, **kw)
        undo = use(SkipEngine)
        try:
            got = _outcome(make, X, Y, **kw)
        finally:
            undo()
        if got != want:
            raise AssertionError("SkipEngine differs from fit on %s: %s against %s"
                                 % (name, got[1][:200], want[1][:200]))
        print("same bits:", name, "->", want[1][:70])


def cases():
    import digits
    from purenn import Network, Dense
    from purenn.core.rng import Rng
    X, Y = digits.load()
    W1, b1, W2, b2 = digits.initial_params()

    def digits_net():
        net = digits.make_network()
        net.set_parameters([r[:] for r in W1] + [b1[:]] + [r[:] for r in W2] + [b2[:]])
        return net

    def tiny(w1, w2):
        def make():
            net = Network([Dense(2, len(w1), "relu"), Dense(len(w1), 2, "softmax")])
            net.layers[0].weights = [r[:] for r in w1]
            net.layers[1].weights = [r[:] for r in w2]
            return net
        return make

    # a seed whose shuffled order of 4 samples starts with sample 0
    first = [s for s in range(100) if Rng(s).permutation(4)[0] == 0][0]
    ce = dict(loss="categorical_crossentropy")
    # sample 0 has an input of 1e300: the step after it sends that input's
    # weights to ±inf, and the later samples, where that input is 0, still
    # have finite losses (0·inf = NaN, which relu turns into 0.0)
    Xh = [[1e300, 1.0], [0.0, 1.0], [0.0, 1.0], [0.0, 1.0]]
    Yh = [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]
    W1h = [[1e-300, 0.5], [2e-300, -0.3], [1e-300, 0.2]]
    W2h = [[0.3, -0.2, 0.1], [-0.1, 0.4, 0.2]]
    # δ1 = 1e308 − (−1e308) = inf with finite weights and a finite loss
    Xd = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 1.0]]
    Yd = [[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]
    return [
        ("digits, 2 epochs, batches of 32", digits_net, X, Y,
         dict(epochs=2, batch_size=32, learning_rate=0.1, seed=1, **ce)),
        ("digits, full batch, 3 epochs", digits_net, X[:200], Y[:200],
         dict(epochs=3, learning_rate=0.5, **ce)),
        ("digits, stopped by a callback", digits_net, X[:300], Y[:300],
         dict(epochs=5, batch_size=50, learning_rate=0.1, seed=2,
              callbacks=[lambda e, logs: e == 2], **ce)),
        ("digits, the loss diverges", digits_net, X[:300], Y[:300],
         dict(epochs=2, batch_size=16, learning_rate=1e300, seed=3, **ce)),
        ("weights overflow to inf, later losses finite", tiny(W1h, W2h), Xh, Yh,
         dict(epochs=1, batch_size=1, learning_rate=1e10, seed=first, **ce)),
        ("the same, two epochs", tiny(W1h, W2h), Xh, Yh,
         dict(epochs=2, batch_size=1, learning_rate=1e10, seed=first, **ce)),
        ("an infinite weight from the start", tiny([[float("inf"), 0.5]], [[0.3], [-0.1]]),
         Xd, Yd, dict(epochs=1, batch_size=1, learning_rate=0.1, seed=first, **ce)),
        ("δ1 overflows to inf", tiny([[1e-10, 0.0]], [[1e308], [-1e308]]), Xd, Yd,
         dict(epochs=1, batch_size=1, learning_rate=0.1, seed=first, **ce)),
    ]


def main():
    import digits
    import timing
    check(cases())
    X, Y = digits.load()
    P = digits.initial_params()
    micro = sys.implementation.name == "micropython"

    def skip():
        undo = use(SkipEngine)
        try:
            return digits.epoch_purenn(P, X, Y)
        finally:
            undo()

    times = timing.paired([("fit", lambda: digits.epoch_purenn(P, X, Y)),
                           ("fit with SkipEngine", skip)], 3 if micro else 7, 0 if micro else 2)
    print("%s, digits epoch: fit %.1f ms, with SkipEngine %.1f ms: %.2f× faster" % (
        sys.implementation.name, timing.median(times["fit"]) * 1e3,
        timing.median(times["fit with SkipEngine"]) * 1e3,
        timing.ratio(times, "fit", "fit with SkipEngine")))


if __name__ == "__main__":
    main()
