"""Training by index loops, one sample at a time, skipping exact zeros.

:class:`LoopEngine` is a training engine (see ``purenn.core.training``)
for any stack of Dense layers, any activation and loss, L2 and any
optimizer.  It runs one function written for the network's *kind*
(its depth, activations, biases, loss and optimizer), not for its sizes:
per sample, plain index loops over the neurons and their inputs, with each
activation's and loss's formula put into the loop as an expression
(``purenn.core.source.substitute``), so the source is a few hundred lines
whatever the widths.  This is what PyPy's JIT compiles best, what
MicroPython runs fastest, and what CPython runs fastest for networks too
large for ``purenn.core.codegen``.

**The same numbers as the layers.**  Every sum is added in the order the
generic layers add it (``purenn.core.kernels``): a weighted sum
``0.0 + Σₖ a[k]·w[k]`` in k order, then the bias; a weight gradient
``Σₙ δ[n][j]·a[n][i]`` over the batch in sample order from 0.0 (each
sample adds its product to the running sum); ``∂L/∂a = Σⱼ δ[j]·W[j][i]``
in j order from 0.0; the loss summed entry by entry in the batch's order.
So every weight, loss and error equals ``GenericEngine``'s to the last bit.

**Skipping exact zeros.**  A product whose factor is exactly ±0.0 is not
formed where that leaves the sum unchanged: a sum that starts at +0.0 is
never −0.0, so adding ±0.0 to it changes no bit, and ``0·v`` is ±0.0 for
every *finite* v (``0·inf`` and ``0·nan`` are NaN).  Skipped:

* forward: the products of every input that is 0.0 (the network's inputs,
  and the outputs of the layer below: ReLU units that are off, and any
  other activation that gives exactly 0.0); the partner is a weight;
* the weight gradient ``δ[j]·a[i]``: for an input a[i] that is 0.0 when
  δ[j] is finite (a unit whose δ is not finite forms all its products),
  and for a δ[j] that is 0.0 when every a[i] of the sample's layer below
  is finite (checked per sample and layer: the network's inputs are, since
  ``fit`` checks X; a hidden layer's outputs are checked as they are made);
* ``∂L/∂a[i] = Σⱼ δ[j]·W[j][i]``: the terms with δ[j] = 0.0, and the whole
  sum for a unit below that is a ReLU and off, whose δ is 0.0 whatever the
  sum is (ReLU's backward keeps ``g if a > 0 else 0.0``);
* a bias gradient's ``+ δ[j]`` where δ[j] is 0.0.

Skipping a product with a weight as partner needs the weights finite.
``fit`` starts only from finite weights and ends training at the first
step that makes one not finite, but a callback may change them between
epochs: ``run`` checks them when it starts and, if one is not finite,
forms every product, zeros and all, for that call.  So the results are
the dense computation's, bit for bit, also when training diverges: the
same losses, the same error at the same batch, the same weights put back.
(One thing differs from the layers: the bits of a NaN produced on the way
may have another sign or payload; no NaN reaches a weight or a loss that
``fit`` keeps or reports, and ``repr`` writes every NaN as ``nan``.)

With ``exact=False`` on CPython 3.12 and later, the weighted sums and
``∂L/∂a`` are ``math.sumprod`` of the whole rows (one rounding per dot
product, computed in C): faster, and different from every other
interpreter in the last bits.  Elsewhere ``exact=False`` changes nothing.
"""

import math

from . import backprop, checks
from .activations import Relu
from .elementary import compile_functions
from .optimizers import SGD
from .source import Emitter, softmax_inline, substitute

#: ``math.sumprod`` where the interpreter has it (CPython 3.12 and later), else None.
SUMPROD = getattr(math, "sumprod", None)

#: Generated functions by the kind of network they are for (kept while the
#: interpreter runs: the same kind of network trains without writing them again).
_FUNCTIONS = {}



def accepts(net, loss, optimizer, l2):
    """True when this engine can train ``net``: every activation is an
    expression (``Elementwise``) or a pair of row functions (``RowWise``)."""
    for layer in net.layers:
        act = layer.activation
        if act.elementwise and not (isinstance(getattr(act, "value", None), str)
                                    and isinstance(getattr(act, "delta", None), str)):
            return False
        if not act.elementwise and not isinstance(getattr(act, "forward_source", None), str):
            return False
    return True


def kind(net, loss, l2, sumprod):
    """What the generated function depends on: per layer the activation and
    whether it has biases; the loss; L2 on or off; sumprod on or off."""
    return (tuple([(l.activation.name, l.has_bias) for l in net.layers]), loss.name, bool(l2),
            bool(sumprod))


class Source:
    """The source of ``epochs(eng, X, Y, count, next_order, bs, record, stop, V)``
    for one kind of network (see :func:`kind`); ``V`` is the list of the
    engine's rows and buffers, unpacked into the names :meth:`names` gives."""

    def __init__(self, net, loss, l2, sumprod):
        self.acts = [l.activation for l in net.layers]
        self.bias = [l.has_bias for l in net.layers]
        self.loss = loss
        self.l2 = bool(l2)
        self.sumprod = bool(sumprod)
        self.depth = len(net.layers)

    def names(self):
        """The names of the values ``LoopEngine.values`` holds, in order."""
        out = []
        for l in range(1, self.depth + 1):
            out += ["W%d" % l, "B%d" % l, "G%d" % l, "GB%d" % l, "A%d" % l, "Z%d" % l,
                    "D%d" % l, "P%d" % l, "E%d" % l, "R%d" % l, "ZERO%d" % l]
        return out + ["R0", "ZERO0"]

    def relu(self, l):
        """True when layer l (from 1) is a ReLU layer: its δ is 0.0 where it is off."""
        return 1 <= l <= self.depth and isinstance(self.acts[l - 1], Relu)

    def text(self):
        em = Emitter()
        em(0, "def epochs(eng, X, Y, count, next_order, bs, record, stop, V):")
        em(1, "%s, = V" % ", ".join(self.names()))
        em(1, "N = len(X)")
        em(1, "skip = eng.skip")
        em(1, "dense = not skip")
        em(1, "l2 = eng.l2")
        if self.sumprod:
            em(1, "sumprod = eng.sumprod")
        em(1, "for ep in range(count):")
        em(2, "order = next_order()")
        em(2, "total = 0.0")
        em(2, "batch = 0")
        em(2, "for lo in range(0, N, bs if order is not None else N):")
        em.shift = 1
        self.batch(em, 2)
        em.shift = 0
        em(2, "record(total)")
        em(2, "if stop[0]:")
        em(3, "return 'stop', None, ep + 1, 0")
        em(1, "return None")
        return em.text()

    def batch(self, em, ind):
        loss, fused = self.loss, self.loss.is_fused(self.acts[-1])
        em(ind, "idx = order[lo:lo + bs] if order is not None else range(N)")
        em(ind, "nb = len(idx)")
        em(ind, "batch += 1")
        for l in range(1, self.depth + 1):
            em(ind, "for g in G%d:" % l)
            em(ind + 1, "g[:] = ZERO%d" % (l - 1))
            if self.bias[l - 1]:
                em(ind, "GB%d[:] = ZERO%d" % (l, l))
        factor = loss.delta_factor if fused else loss.factor
        if factor:
            em(ind, "c = %s" % substitute(factor, {"N": "nb", "K": "len(R%d)" % self.depth}))
        em(ind, "L = 0.0")
        em(ind, "for n in idx:")
        em(ind + 1, "x = X[n]")
        # the sample's nonzero inputs, found anew for each sample: kept for
        # the whole data set they would take memory in proportion to it
        em(ind + 1, "nz0 = [k for k in R0 if x[k]] if skip else R0")
        for l in range(1, self.depth + 1):
            self.forward(em, ind + 1, l)
        self.output(em, ind + 1)
        for l in range(self.depth, 0, -1):
            self.backward(em, ind + 1, l)
        total = loss.fused_total if fused else loss.total
        if total != "s":
            em(ind, "L = %s" % substitute(total, {"s": "L", "N": "nb",
                                                  "K": "len(R%d)" % self.depth}))
        if self.l2:
            em(ind, "pen = l2 * eng.squares()")
            em(ind, "L += pen")
        em(ind, "if not (L - L == 0.0):")
        em(ind + 1, "eng.restore()")
        em(ind + 1, "return 'loss', L, ep + 1, batch")
        em(ind, "if order is None:")
        em(ind + 1, "total = L")
        if not loss.summed:
            em(ind, "else:")
            em(ind + 1, "total += L * nb / N")
        elif self.l2:
            em(ind, "else:")
            em(ind + 1, "total += L - pen + pen * nb / N")
        else:
            em(ind, "else:")
            em(ind + 1, "total += L")
        em(ind, "eng.keep()")
        em(ind, "if eng.step():")
        em(ind + 1, "return 'weights', None, ep + 1, batch")
        em(ind, "if stop[0] and lo + nb < N:")
        em(ind + 1, "return 'stop', None, ep + 1, batch")

    def forward(self, em, ind, l):
        """Layer l's weighted sums and activations for sample x; for a hidden
        layer also ``nz{l}``, its nonzero outputs, and ``fin{l}``, whether all
        of them are finite."""
        act, last = self.acts[l - 1], l == self.depth
        below = "x" if l == 1 else "A%d" % (l - 1)
        if not last:
            em(ind, "m = 0")
            em(ind, "fin%d = True" % l)
        em(ind, "for j in R%d:" % l)
        em(ind + 1, "w = W%d[j]" % l)
        if self.sumprod:
            em(ind + 1, "s = sumprod(%s, w)" % below)
        else:
            em(ind + 1, "s = 0.0")
            em(ind + 1, "for k in nz%d:" % (l - 1))
            em(ind + 2, "s += %s[k] * w[k]" % below)
        z = "s + B%d[j]" % l if self.bias[l - 1] else "s"
        if act.elementwise:
            em(ind + 1, "z = %s" % z)
            if last:            # the loss may need z too
                em(ind + 1, "Z%d[j] = z" % l)
                em(ind + 1, "A%d[j] = %s" % (l, substitute(act.value, {"z": "z"})))
                return
            em(ind + 1, "a = %s" % substitute(act.value, {"z": "z"}))
            em(ind + 1, "A%d[j] = a" % l)
        else:
            em(ind + 1, "Z%d[j] = %s" % (l, z))
            if last and softmax_inline(act, self.loss):
                return          # written out with the loss (see output)
            em(ind, "A%d = %s_forward(Z%d)" % (l, act.name, l))
            if last:
                return
            em(ind, "for j in R%d:" % l)
            em(ind + 1, "a = A%d[j]" % l)
        self.nonzero(em, ind + 1, l)
        em(ind, "nz%d = P%d[:m] if skip else R%d" % (l, l, l))

    def nonzero(self, em, ind, l):
        """Unit j's output a: into P{l} if it is not 0.0 (NaN is: kept); fin{l}
        false if it is not finite."""
        em(ind, "if a:")
        em(ind + 1, "P%d[m] = j" % l)
        em(ind + 1, "m += 1")
        em(ind + 1, "if not (a - a == 0.0):")
        em(ind + 2, "fin%d = False" % l)

    def output(self, em, ind):
        """The sample's loss terms, added to L, and the output layer's δ."""
        l, loss = self.depth, self.loss
        act = self.acts[-1]
        em(ind, "y = Y[n]")
        rows = {"zrow": "Z%d" % l, "arow": "A%d" % l, "prow": "A%d" % l, "yrow": "y"}
        if loss.is_fused(act):
            inline = softmax_inline(act, loss)
            if inline:
                for line in inline:
                    em(ind + line[0], line[1] % {"z": "Z%d" % l, "a": "A%d" % l, "R": "R%d" % l})
            elif loss.fused_setup:
                em(ind, "%s = %s" % (loss.fused_setup[0], substitute(loss.fused_setup[1], rows)))
            em(ind, "for k in R%d:" % l)
            em(ind + 1, "L += %s" % substitute(loss.fused_term, {"z": "Z%d[k]" % l,
                                                                 "y": "y[k]"}))
            if loss.delta_setup and not inline:
                em(ind, "%s = %s" % (loss.delta_setup[0], substitute(loss.delta_setup[1], rows)))
            em(ind, "for k in R%d:" % l)
            em(ind + 1, "D%d[k] = %s" % (l, substitute(loss.delta, {"a": "A%d[k]" % l,
                                                                     "y": "y[k]"})))
            return
        em(ind, "for k in R%d:" % l)
        em(ind + 1, "p = A%d[k]" % l)
        em(ind + 1, "L += %s" % substitute(loss.term, {"p": "p", "y": "y[k]"}))
        # the gradient ∂L/∂a goes into E{l}, then δ = f'·g
        em(ind, "for k in R%d:" % l)
        em(ind + 1, "p = A%d[k]" % l)
        em(ind + 1, "E%d[k] = %s" % (l, substitute(loss.gradient, {"p": "p", "y": "y[k]"})))
        self.delta(em, ind, l)

    def delta(self, em, ind, l):
        """``D{l} = f'·E{l}``: layer l's δ from ``E{l} = ∂L/∂A{l}``."""
        act = self.acts[l - 1]
        if act.elementwise:
            em(ind, "for k in R%d:" % l)
            em(ind + 1, "D%d[k] = %s" % (l, substitute(act.delta, {"a": "A%d[k]" % l,
                                                                    "g": "E%d[k]" % l})))
        else:
            em(ind, "D%d = %s_backward(A%d, E%d)" % (l, act.name, l, l))

    def backward(self, em, ind, l):
        """Sample n's gradients of layer l, added to G{l}, GB{l}; for l > 1
        also ``E{l-1} = ∂L/∂A{l-1}`` and the δ of the layer below."""
        act, last = self.acts[l - 1], l == self.depth
        below = "x" if l == 1 else "A%d" % (l - 1)
        # a unit's δ of exactly 0.0 adds nothing when the layer below is finite
        # (its products are 0.0) and the weights are (its terms of E are 0.0)
        cond = "d" if l == 1 else "d or dense or not fin%d" % (l - 1)
        # the units below whose E is needed: the ReLU units that are on, or all
        needed = "nz%d" % (l - 1) if self.relu(l - 1) else "R%d" % (l - 1)
        if l > 1:
            em(ind, "E%d[:] = ZERO%d" % (l - 1, l - 1))
            if self.sumprod:
                em(ind, "WT = eng.transposed(%d)" % l)
        if last or not act.elementwise:
            em(ind, "for j in R%d:" % l)
            em(ind + 1, "d = D%d[j]" % l)
        else:
            # a ReLU unit that is off has δ = 0.0: only those that are on, unless
            # the products of a δ of 0.0 must be formed (see cond)
            units = "R%d" % l
            if self.relu(l):
                units = "nz%d" % l if l == 1 else "(nz%d if fin%d else R%d)" % (l, l - 1, l)
            if self.sumprod and l > 1:      # E below is made from the whole row D
                em(ind, "D%d[:] = ZERO%d" % (l, l))
            em(ind, "for j in %s:" % units)
            em(ind + 1, "d = %s" % substitute(act.delta, {"a": "A%d[j]" % l, "g": "E%d[j]" % l}))
            if self.sumprod and l > 1:
                em(ind + 1, "D%d[j] = d" % l)
        em(ind + 1, "if %s:" % cond)
        i2 = ind + 2
        if self.bias[l - 1]:
            em(i2, "GB%d[j] += d" % l)
        em(i2, "g = G%d[j]" % l)
        separate = l > 1 and not self.sumprod
        if separate:
            em(i2, "w = W%d[j]" % l)
        em(i2, "if d - d == 0.0:")
        em(i2 + 1, "for i in nz%d:" % (l - 1))
        em(i2 + 2, "g[i] += d * %s[i]" % below)
        if separate and needed == "nz%d" % (l - 1):
            em(i2 + 2, "E%d[i] += d * w[i]" % (l - 1))
        em(i2, "else:")
        em(i2 + 1, "for i in R%d:" % (l - 1))
        em(i2 + 2, "g[i] += d * %s[i]" % below)
        if separate:
            if needed == "nz%d" % (l - 1):
                em(i2 + 1, "for i in nz%d:" % (l - 1))
                em(i2 + 2, "E%d[i] += d * w[i]" % (l - 1))
            else:
                em(i2, "for i in R%d:" % (l - 1))
                em(i2 + 1, "E%d[i] += d * w[i]" % (l - 1))
        if l > 1:
            if self.sumprod:
                em(ind, "for i in %s:" % needed)
                em(ind + 1, "E%d[i] = sumprod(D%d, WT[i])" % (l - 1, l))
            if not self.acts[l - 2].elementwise:
                self.delta(em, ind, l - 1)


class LoopEngine:
    """``run`` and ``restore`` (see ``purenn.core.training``) through the
    function :class:`Source` writes; the optimizer's ``step`` with the
    gradient rows, or plain SGD in place."""

    def __init__(self, net, loss, optimizer, l2, exact=True):
        self.net = net
        self.loss = loss
        self.optimizer = optimizer
        self.l2 = l2
        self.plain = type(optimizer) is SGD and optimizer.plain()
        self.lr = optimizer.learning_rate if self.plain else None
        self.sumprod = SUMPROD
        sumprod = not exact and SUMPROD is not None
        key = kind(net, loss, l2, sumprod)
        self.fn = _FUNCTIONS.get(key)
        if self.fn is None:
            src = Source(net, loss, l2, sumprod).text()
            self.fn = _FUNCTIONS[key] = compile_functions(src, ("epochs",))[0]
        self.params = net.parameters()
        self.good = None        # a snapshot of the parameters that produced the last finite loss
        self.skip = True
        self.WT = {}
        self.values = self._buffers()

    def _buffers(self):
        out = []
        layers = self.net.layers
        for layer in layers:
            n_in, n_out = layer.n_inputs, layer.n_outputs
            zeros = [0.0] * n_out
            out += [layer.weights, layer.biases, [[0.0] * n_in for _ in range(n_out)],
                    zeros[:], zeros[:], zeros[:], zeros[:], [0] * n_out, zeros[:],
                    list(range(n_out)), zeros]
        return out + [list(range(layers[0].n_inputs)), [0.0] * layers[0].n_inputs]

    def transposed(self, l):
        """Layer l's weights as columns (made once per step, for sumprod)."""
        WT = self.WT.get(l)
        if WT is None:
            WT = self.WT[l] = [list(c) for c in zip(*self.net.layers[l - 1].weights)]
        return WT

    def run(self, X, Y, count, next_order, batch_size, record, stop):
        self.skip = checks.first_not_finite(self.params) < 0
        self.WT = {}
        return self.fn(self, X, Y, count, next_order, batch_size, record, stop, self.values)

    def squares(self):
        """``Σ θ²`` over every parameter (for the L2 penalty)."""
        return backprop.squared_parameters(self.net)

    def keep(self):
        """Keep the parameters before a step (they gave a finite loss), as one
        array of doubles (``backprop.snapshot``)."""
        self.good = backprop.snapshot(self.net.parameters(), self.good)

    def step(self):
        """Step down the gradients; True (after putting the weights back) when
        a parameter is then not finite."""
        self.WT = {}
        if self.plain:
            sgd(self.net, self.values, self.lr, 2.0 * self.l2 if self.l2 else 0.0)
        else:
            self.optimizer.step(self.params, self.gradient_rows())
        if checks.first_not_finite(self.params) >= 0:
            self.restore()
            return True
        return False

    def gradient_rows(self):
        """The gradient rows in the order of ``Network.parameters`` (new lists,
        with ``2·l2·θ`` added as ``backprop.backward`` adds it)."""
        c = 2.0 * self.l2
        rows = []
        for k, layer in enumerate(self.net.layers):
            G, GB = self.values[11 * k + 2], self.values[11 * k + 3]
            for gr, wr in zip(G, layer.weights):
                rows.append([g + c * w for g, w in zip(gr, wr)] if self.l2 else gr[:])
            if layer.has_bias:
                rows.append([g + c * b for g, b in zip(GB, layer.biases)] if self.l2
                            else GB[:])
        return rows

    def restore(self):
        if self.good is not None:
            backprop.put_back(self.net, self.good)


def sgd(net, values, lr, c2):
    """Plain SGD, ``θ ← θ − lr·(g + c2·θ)`` (``θ − lr·g`` when c2 is 0), as
    ``optimizers.SGD`` does it after ``backprop.backward`` adds the L2 term."""
    for k, layer in enumerate(net.layers):
        G, GB = values[11 * k + 2], values[11 * k + 3]
        rows = list(zip(layer.weights, G))
        if layer.has_bias:
            rows.append((layer.biases, GB))
        for w, g in rows:       # in place: faster than a new list everywhere
            if c2:
                for i in range(len(w)):
                    w[i] = w[i] - lr * (g[i] + c2 * w[i])
            else:
                for i in range(len(w)):
                    w[i] = w[i] - lr * g[i]
