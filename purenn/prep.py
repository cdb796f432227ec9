"""Input scaling and target encoding kept with a model (used by the command line).

A model trained by ``python -m purenn train`` carries in its ``metadata``:

* ``"inputs"``: ``{"names": [...], "mean": [...], "scale": [...]}``; the
  network sees ``(x[i] - mean[i]) / scale[i]`` for feature i;
* ``"target"``: ``{"name": ..., "kind": "classification", "classes": [...]}``
  (one softmax output per class, in that order), or ``{"name": ...,
  "kind": "regression", "mean": m, "scale": s}`` (one linear output o; the
  prediction is ``o * s + m``).

``spec(net)`` reads and checks them; :mod:`purenn.export` writes the same
formulas into the exported file, so both give the same numbers.

>>> mean, scale = statistics([[1.0, 5.0], [3.0, 5.0]])
>>> mean, scale
([2.0, 5.0], [1.0, 1.0])
>>> standardize([3.0, 6.0], mean, scale)
[1.0, 1.0]
"""

import math

from .core.errors import is_number


def statistics(rows):
    """``(mean, scale)`` per column: the mean and the population standard deviation.

    A column with no spread gets scale 1.0 (so it is only shifted).
    Sums run left to right over the rows, the same on every interpreter.
    """
    n = len(rows)
    width = len(rows[0])
    mean = []
    scale = []
    for i in range(width):
        s = 0.0
        for row in rows:
            s += row[i]
        m = s / n
        q = 0.0
        for row in rows:
            d = row[i] - m
            q += d * d
        sd = math.sqrt(q / n)
        mean.append(m)
        scale.append(sd if sd > 0.0 else 1.0)
    return mean, scale


def standardize(x, mean, scale):
    """``[(x[i] - mean[i]) / scale[i]]``: the exact formula the exported file uses."""
    return [(x[i] - mean[i]) / scale[i] for i in range(len(x))]


def _finite(v, where, nonzero=False):
    """v as a finite float (non-zero if asked): ValueError naming ``where`` otherwise
    (a model file may hold an integer of any size, which no float can)."""
    if is_number(v):
        try:
            f = float(v)
        except OverflowError:
            f = math.inf
        if f - f == 0.0 and not (nonzero and f == 0.0):
            return f
    raise ValueError("%s: expected a finite%s number" % (where, " non-zero" if nonzero else ""))


def _list(v, n, where):
    if not isinstance(v, list) or len(v) != n:
        raise ValueError("%s: expected a list of %d entries" % (where, n))
    return v


def spec(net):
    """The model's input and target description, checked, or None if it has none.

    Returns a dict with ``names``, ``mean``, ``scale`` (lists, one per
    input), ``target`` (name or None), ``kind`` (``"classification"``,
    ``"regression"`` or None), ``classes`` (list or None), ``target_mean``
    and ``target_scale`` (regression only).  Raises ValueError if the
    metadata is present but inconsistent with the network.
    """
    md = net.metadata if isinstance(getattr(net, "metadata", None), dict) else {}
    inputs = md.get("inputs")
    target = md.get("target")
    if inputs is None and target is None:
        return None
    n_in, n_out = net.n_inputs, net.n_outputs
    out = {"names": None, "mean": None, "scale": None, "target": None, "kind": None,
           "classes": None, "target_mean": 0.0, "target_scale": 1.0}
    if inputs is not None:
        if not isinstance(inputs, dict):
            raise ValueError("metadata.inputs: expected an object")
        names = _list(inputs.get("names"), n_in, "metadata.inputs.names")
        for k, v in enumerate(names):
            if not isinstance(v, str):
                raise ValueError("metadata.inputs.names[%d]: expected a string" % k)
        mean = _list(inputs.get("mean"), n_in, "metadata.inputs.mean")
        scale = _list(inputs.get("scale"), n_in, "metadata.inputs.scale")
        out["names"] = list(names)
        out["mean"] = [_finite(v, "metadata.inputs.mean[%d]" % k) for k, v in enumerate(mean)]
        out["scale"] = [_finite(v, "metadata.inputs.scale[%d]" % k, True)
                        for k, v in enumerate(scale)]
    if target is not None:
        if not isinstance(target, dict):
            raise ValueError("metadata.target: expected an object")
        name = target.get("name")
        if name is not None and not isinstance(name, str):
            raise ValueError("metadata.target.name: expected a string")
        kind = target.get("kind")
        out["target"] = name
        if kind == "classification":
            classes = _list(target.get("classes"), n_out, "metadata.target.classes")
            for k, v in enumerate(classes):
                if not isinstance(v, str):
                    raise ValueError("metadata.target.classes[%d]: expected a string" % k)
            out["classes"] = list(classes)
        elif kind == "regression":
            if n_out != 1:
                raise ValueError("metadata.target: a regression model must have 1 output, "
                                 "this one has %d" % n_out)
            out["target_mean"] = _finite(target.get("mean", 0.0), "metadata.target.mean")
            out["target_scale"] = _finite(target.get("scale", 1.0), "metadata.target.scale", True)
        else:
            raise ValueError("metadata.target.kind: expected \"classification\" or "
                             "\"regression\", got %r" % (kind,))
        out["kind"] = kind
    return out

