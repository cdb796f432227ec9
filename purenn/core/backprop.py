"""The backward pass and the objective: what training asks of a network.

For layers ℓ = 1 … L, the forward pass keeps ``(Aˡ⁻¹, Zˡ, Aˡ)`` per layer
(``Network.forward``).  The backward pass starts from the output's
``δᴸ = ∂L/∂Zᴸ`` (``loss.output_delta``: fused with the output activation
where that is exact and stable) and goes down:

    ∂L/∂Wˡ = δˡᵀ·Aˡ⁻¹      ∂L/∂bˡ = Σₙ δˡ[n]      (``Dense.backward``)
    δˡ⁻¹ = (δˡ·Wˡ) ⊙ fˡ⁻¹'(Zˡ⁻¹)                   (the activation's ``backward``)

``checked_gradients`` returns exactly the gradient of ``checked_loss``; the
``Network`` methods of the same names (``loss``, ``gradients``, ``backward``,
``objective``...) call these functions, kept here so that a network loaded
only to predict does not compile them.
"""

from array import array

from . import checks
from .losses import get as get_loss


def objective(net, loss, Z, A, Y, l2=0.0):
    """The loss of outputs A (pre-activations Z) against targets Y, plus
    ``l2·Σθ²`` when ``l2`` > 0.  ``loss`` is a loss object (``purenn.core.losses``)."""
    value = loss.objective(net.layers[-1].activation, Z, A, Y)
    if l2:
        value += l2 * squared_parameters(net)
    return value


def squared_parameters(net):
    """``Σ θ²`` over every parameter, in the order of ``Network.parameters``."""
    s = 0.0
    for row in net.parameters():
        for w in row:
            s += w * w
    return s


def backward(net, cache, loss, Y, l2=0.0, trace=None):
    """The backward pass: ``[(dW, db)]`` per layer, from a ``forward`` cache
    and targets Y (checked floats), for a loss object.

    With ``l2`` the penalty's gradient ``2·l2·θ`` is added to each.  If
    ``trace`` is a list it receives, per layer k, the pair ``(δ, dX)``:
    ``δ = ∂L/∂Zᵏ`` and ``dX = ∂L/∂Aᵏ⁻¹`` (None for the first layer), so
    the intermediate values can be shown (``purenn.explain``).
    """
    last = net.layers[-1]
    delta = loss.output_delta(last.activation, cache[-1][2], Y)
    grads = [None] * len(net.layers)
    if trace is not None:
        trace[:] = [None] * len(net.layers)
    for k in range(len(net.layers) - 1, -1, -1):
        layer = net.layers[k]
        dW, db, dX = layer.backward(cache[k][0], delta, need_input_grad=k > 0)
        if l2:
            c = 2.0 * l2
            dW = [[g + c * w for g, w in zip(gr, wr)] for gr, wr in zip(dW, layer.weights)]
            db = [g + c * b for g, b in zip(db, layer.biases)]
        grads[k] = (dW, db)
        if trace is not None:
            trace[k] = (delta, dX)
        if k > 0:
            delta = net.layers[k - 1].activation.backward(cache[k - 1][2], dX)
    return grads


def gradient_rows(net, grads):
    """The rows of ``grads`` (``[(dW, db)]`` per layer, as ``backward``
    returns) in the order of ``Network.parameters``, for an optimizer's ``step``."""
    out = []
    for layer, (dW, db) in zip(net.layers, grads):
        out.extend(dW)
        if layer.has_bias:
            out.append(db)
    return out


def copy_parameters(net, into=None):
    """A copy of every parameter row (see ``Network.parameters``); with ``into``,
    a copy made earlier is overwritten in place instead of making a new one."""
    if into is None:
        return [row[:] for row in net.parameters()]
    for row, saved in zip(net.parameters(), into):
        saved[:] = row
    return into


def snapshot(rows, into=None):
    """The values of ``rows`` (a network's ``parameters()``, or lists shaped
    and ordered like them), in one array of doubles (8 bytes a value, where a
    list of row copies keeps 32 on CPython); with ``into``, an earlier
    snapshot is overwritten in place."""
    if into is None:
        into = array("d")
        for row in rows:
            into.extend(array("d", row))
        return into
    lo = 0
    for row in rows:
        hi = lo + len(row)
        into[lo:hi] = array("d", row)
        lo = hi
    return into


def put_back(net, saved):
    """Put the values of a :func:`snapshot` back into the parameters, in place."""
    lo = 0
    for row in net.parameters():
        hi = lo + len(row)
        row[:] = list(saved[lo:hi])      # (MicroPython assigns only lists and tuples to slices)
        lo = hi


def set_parameters(net, saved):
    """Put back the values of a ``copy_parameters`` copy, in place."""
    for row, values in zip(net.parameters(), saved):
        row[:] = values


def checked_loss(net, X, Y, loss="mse", l2=0.0):
    """The objective ``fit`` minimises, for inputs X and targets Y.

    With ``l2 > 0`` it is ``loss + l2·Σ θ²`` over every weight and bias.
    Raises ``ValueError`` rather than return a value that is not finite.
    """
    lossobj, X, Y, l2 = _checked(net, X, Y, loss, l2)
    _, Z, A = net.forward(X)[-1]
    value = objective(net, lossobj, Z, A, Y, l2)
    if value - value != 0.0:
        raise ValueError("loss: the %s of these outputs is not finite (%r): the inputs or "
                         "weights are too large" % (lossobj.name, value))
    return value


def checked_gradients(net, X, Y, loss="mse", l2=0.0):
    """``[(dW, db), ...]`` per layer: the exact gradient of ``loss(X, Y, loss, l2)``.

    ``dW`` has the shape of the layer's weights and ``db`` of its biases
    (``[]`` for a layer without biases).  Raises ``ValueError`` rather than
    return a gradient that is not finite.
    """
    lossobj, X, Y, l2 = _checked(net, X, Y, loss, l2)
    grads = backward(net, net.forward(X), lossobj, Y, l2)
    if checks.first_not_finite(gradient_rows(net, grads)) >= 0:
        raise ValueError("gradients: a gradient of the %s is not finite: the inputs or "
                         "weights are too large" % lossobj.name)
    return grads


def _checked(net, X, Y, loss, l2):
    lossobj = get_loss(loss)
    l2 = checks.penalty(l2)
    X = checks.as_matrix(X, "X", net.n_inputs)
    Y = checks.as_targets(Y, "Y", len(X), net.n_outputs, lossobj)
    return lossobj, X, Y, l2
