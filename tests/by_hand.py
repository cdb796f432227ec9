"""Check ``explain``'s text the way a learner would: by hand.

Two things are checked for every line of the text, independently of purenn:

* **the arithmetic**: each ``= expression = number`` chain is evaluated from
  the numbers printed in it (``−`` → ``-``, ``·`` → ``*``, ``²`` → ``**2``,
  ``ln`` → ``log``) and must give the number after it;
* **the numbers**: :func:`reference` computes the forward pass, the loss,
  each ``∂L/∂a``, ``f'(z)``, ``δ = ∂L/∂z`` and every gradient with plain loops
  written from the formulas (activations and losses by name, δ by the chain
  rule with softmax's full Jacobian, never the fused shortcuts), and every
  named value and every factor of every written-out sum must be the
  reference's entry at the indices the text gives it.

So a wrong sign (δ printed as −∂L/∂z), a wrong index (w[j][m] for w[m][j],
another sample's number) or a substitution that does not add up fails.
"""

import math
import re

SUPERS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
          "⁸": "8", "⁹": "9"}


# -- the reference: every number of one step, from the math ------------------------

def activate(name, z_row):
    if name == "softmax":
        m = max(z_row)
        e = [math.exp(z - m) for z in z_row]
        s = sum(e)
        return [v / s for v in e]
    out = []
    for z in z_row:
        if name == "sigmoid":
            out.append(1.0 / (1.0 + math.exp(-z)))
        elif name == "tanh":
            out.append(math.tanh(z))
        elif name == "relu":
            out.append(z if z > 0 else 0.0)
        elif name.startswith("leaky_relu"):
            alpha = float(name[11:-1]) if "(" in name else 0.01
            out.append(z if z > 0 else alpha * z)
        elif name == "linear":
            out.append(z)
        else:
            raise AssertionError("no reference for " + name)
    return out


def _slope(name, z):
    """f'(z), from z."""
    if name == "sigmoid":
        s = 1.0 / (1.0 + math.exp(-z))
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - math.tanh(z) ** 2
    if name == "relu":
        return 1.0 if z > 0 else 0.0
    if name.startswith("leaky_relu"):
        return 1.0 if z > 0 else (float(name[11:-1]) if "(" in name else 0.01)
    if name == "linear":
        return 1.0
    raise AssertionError("no reference for " + name)


def _loss(loss, P, Y):
    """(each sample's share before dividing, the divisor, ∂L/∂P)."""
    N, K = len(P), len(P[0])
    shares, G = [], []
    for p, y in zip(P, Y):
        if loss in ("sse", "mse"):
            shares.append(sum((a - t) ** 2 for a, t in zip(p, y)))
            c = 1.0 if loss == "sse" else 1.0 / (N * K)
            G.append([2.0 * c * (a - t) for a, t in zip(p, y)])
        elif loss == "binary_crossentropy":
            shares.append(sum(-(t * math.log(a) + (1 - t) * math.log(1 - a)) for a, t in zip(p, y)))
            G.append([(-t / a + (1 - t) / (1 - a)) / (N * K) for a, t in zip(p, y)])
        elif loss == "categorical_crossentropy":
            shares.append(-sum(t * math.log(a) for a, t in zip(p, y) if t))
            G.append([-t / (a * N) for a, t in zip(p, y)])
        elif loss == "hinge":
            shares.append(sum(max(0.0, 1 - t * a) for a, t in zip(p, y)))
            G.append([-t / (N * K) if t * a < 1 else 0.0 for a, t in zip(p, y)])
    divisor = {"sse": 1, "mse": N * K, "binary_crossentropy": N * K,
               "categorical_crossentropy": N, "hinge": N * K}[loss]
    return shares, divisor, G


def reference(net, X, Y, loss, rate):
    """Every number of one step, computed here: a dict of lists per layer."""
    W = [[row[:] for row in l.weights] for l in net.layers]
    B = [l.biases[:] for l in net.layers]
    names = [l.activation.name for l in net.layers]
    A, Z = [[[float(v) for v in r] for r in X]], []
    for k in range(len(W)):
        Zk = [[sum(W[k][j][i] * a[i] for i in range(len(a))) + (B[k][j] if B[k] else 0.0)
               for j in range(len(W[k]))] for a in A[-1]]
        Z.append(Zk)
        A.append([activate(names[k], z) for z in Zk])
    shares, divisor, G_out = _loss(loss, A[-1], Y)
    G = [None] * len(W)            # ∂L/∂a of each layer
    D = [None] * len(W)            # δ = ∂L/∂z of each layer
    G[-1] = G_out
    for k in range(len(W) - 1, -1, -1):
        if names[k] == "softmax":
            D[k] = [[sum(g[m] * a[m] * ((1.0 if m == j else 0.0) - a[j]) for m in range(len(a)))
                     for j in range(len(a))] for g, a in zip(G[k], A[k + 1])]
        else:
            D[k] = [[g * _slope(names[k], z) for g, z in zip(gr, zr)]
                    for gr, zr in zip(G[k], Z[k])]
        if k > 0:
            G[k - 1] = [[sum(d[j] * W[k][j][i] for j in range(len(d)))
                         for i in range(len(W[k][0]))] for d in D[k]]
    dW = [[[sum(D[k][n][j] * A[k][n][i] for n in range(len(X))) for i in range(len(W[k][0]))]
           for j in range(len(W[k]))] for k in range(len(W))]
    dB = [[sum(D[k][n][j] for n in range(len(X))) for j in range(len(W[k]))]
          for k in range(len(W))]
    return {"W": W, "B": B, "A": A, "Z": Z, "G": G, "D": D, "dW": dW, "dB": dB,
            "shares": shares, "L": sum(shares) / divisor, "rate": rate, "Y": Y,
            "names": names}


# -- reading the text ------------------------------------------------------------

def plain(s):
    """Superscript digits as ordinary ones: ``w²[0][1]`` -> ``w2[0][1]``."""
    return "".join(SUPERS.get(c, c) for c in s)


def to_python(expr):
    """A printed numeric expression as Python source, or None if it has symbols."""
    e = expr.strip()
    e = re.sub(r"\s+\(.*?(>|<|≤|≥|clipped).*\)$", "", e)      # a remark: (a > 0)
    e = e.replace("−", "-").replace("·", "*").replace("²", "**2")
    e = re.sub(r"ln\(", "log(", e)
    e = re.sub(r"ln ([0-9.e+-]+)", r"log(\1)", e)
    e = e.replace("[", "(").replace("]", ")")
    if re.search(r"[^0-9.e+\-*/(), ]", e.replace("log", "").replace("max", "")):
        return None
    return e


def evaluate(expr):
    src = to_python(expr)
    if src is None:
        return None
    return eval(src, {"log": math.log, "max": max, "__builtins__": {}})


def numbers(expr):
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?", expr.replace("−", "-"))]


def parse(text):
    """``[(part, layer, name, parts)]`` for each equation, and
    ``{(part, layer, name): values}`` for each ``name = [v, ...]`` line.

    part is HEAD, FORWARD, LOSS, BACKWARD or UPDATE; layer counts from 1
    (None before the first layer title); name is the head with superscripts
    made plain and a ``neuron j:`` prefix dropped."""
    eqs, vectors = [], {}
    part, layer, current, vec = "HEAD", None, None, None
    for line in text.splitlines():
        m = re.match(r"(FORWARD|LOSS|BACKWARD|UPDATE)\b", line)
        if m:
            part, layer, current = m.group(1), None, None
        m2 = re.match(r"layer (\d+): ", line)
        if vec is not None:
            vec[1].append(line)
            if line.rstrip().endswith("]"):
                vectors[(part, layer, vec[0])] = [float(v.strip(" ]")) for v in
                                                  " ".join(vec[1]).split(",") if v.strip()]
                vec = None
            continue
        if m2:
            layer, current = int(m2.group(1)), None
            continue
        s = line.strip()
        mv = re.match(r"\s*(.+?) = \[(.*)$", line)
        if mv:
            vec = [plain(mv.group(1)), [mv.group(2).rstrip("]")]]
            if line.rstrip().endswith("]"):
                vectors[(part, layer, vec[0])] = [float(v) for v in vec[1][0].split(",")
                                                  if v.strip()]
                vec = None
            current = None
            continue
        if s.startswith("= ") and current is not None:
            current[3].append(s[2:])
        elif s.startswith("+ ") and current is not None:
            current[3][-1] += " " + s
        elif " = " in line:
            pieces = re.sub(r"^\s*neuron \d+:\s+", "", line).split(" = ")
            m3 = re.match(r"\s*(sample \d+):\s+(.*)$", pieces[0])
            if m3:                                   # sample n:  (a − y)² = share
                pieces[0:1] = [m3.group(1), m3.group(2)]
            current = (part, layer, plain(pieces[0].strip()), [p for p in pieces[1:]])
            eqs.append(current)
        else:
            current = None
    return eqs, vectors


# -- the checks --------------------------------------------------------------------

def printed(a, b, rel=2e-5):
    """a (printed with 6 significant digits) stands for b."""
    return abs(a - b) <= rel * max(abs(a), abs(b)) + 1e-12


def arithmetic(eqs):
    """Every ``expression = number`` step adds up; returns how many were checked."""
    checked = 0
    for part, layer, name, parts in eqs:
        for left, right in zip(parts, parts[1:]):
            lv, rv = evaluate(left), evaluate(right)
            if lv is None or rv is None or not numbers(right):
                continue
            scale = max([abs(v) for v in numbers(left)] + [abs(rv), 1e-300])
            assert abs(lv - rv) <= 5e-5 * scale + 1e-10 * scale, \
                (part, layer, name, left, right, lv, rv)
            checked += 1
    return checked


def pairs(expr):
    """The ``u·v`` factors of a written-out sum: [(u, v)]."""
    out = []
    for term in re.split(r" \+ ", expr.strip()):
        u, v = term.split("·")
        out.append((evaluate(u), evaluate(v)))
    return out


def _index(name):
    return [int(v) for v in re.findall(r"\[(\d+)\]", name)]


def check_text(text, net, X, Y, loss, rate, sample, neuron):
    """Check every line of explain's text against :func:`reference`; returns
    the number of values compared."""
    R = reference(net, X, Y, loss, rate)
    eqs, vectors = parse(text)
    count = arithmetic(eqs)
    n, N, Lc = sample, len(X), len(net.layers)
    js = [min(neuron, l.n_outputs - 1) for l in net.layers]
    assert all(printed(a, b) for a, b in zip(vectors[("FORWARD", None, "input x (sample %d)"
                                                      % n)], R["A"][0][n]))
    for k in range(1, Lc + 1):
        for key, table in (("z%d" % k, R["Z"][k - 1]), ("a%d" % k, R["A"][k])):
            got = vectors[("FORWARD", k, "%s (sample %d)" % (key, n))]
            assert len(got) == len(table[n]) and all(map(printed, got, table[n])), key
        got = vectors[("BACKWARD", k, "δ%d (sample %d)" % (k, n))]
        assert all(map(printed, got, R["D"][k - 1][n])), ("δ", k, got, R["D"][k - 1][n])
        count += 3 * len(got)
    for part, layer, name, parts in eqs:
        count += _check_equation(R, part, layer, name, parts, n, js, N)
    assert count > 20
    return count


def _value(parts):
    return evaluate(re.sub(r"\s+\(.*\)$", "", parts[-1]))


def _check_equation(R, part, layer, name, parts, n, js, N):
    """Compare one equation's value (and its written-out factors) with R."""
    k = layer
    if k is None:                  # the part's heading, before its first layer
        return 0
    idx = _index(name)
    if part == "FORWARD" and re.match(r"z\d+\[", name):
        assert idx == [n, js[k - 1]], name
        j = idx[1]
        assert printed(_value(parts), R["Z"][k - 1][n][j]), name
        terms = re.split(r" \+ ", parts[1].strip())
        if R["B"][k - 1]:
            assert printed(evaluate(terms.pop()), R["B"][k - 1][j]), name
        factors = pairs(" + ".join(terms))
        assert len(factors) == len(R["W"][k - 1][j]), name
        for i, (w, x) in enumerate(factors):
            assert printed(w, R["W"][k - 1][j][i]) and printed(x, R["A"][k - 1][n][i]), \
                (name, i, w, x)
        return 1 + 2 * len(factors)
    if part == "FORWARD" and re.match(r"a\d+\[", name):
        assert idx == [n, js[k - 1]]
        j = idx[1]
        assert printed(_value(parts), R["A"][k][n][j]), name
        z_row = R["Z"][k - 1][n]
        m = re.match(r"([a-z_]+)\((-?[0-9.e+-]+)\)$", parts[0])
        if m:                                  # f(z) with z put in
            assert m.group(1) == R["names"][k - 1] and printed(float(m.group(2)), z_row[j])
        elif R["names"][k - 1] == "softmax":   # e^{z[j]} / Σₖ e^{z[k]}, written out
            shift = max(z_row) if "− m" in parts[0] else 0.0
            e = numbers(parts[-2])
            assert printed(e[0], math.exp(z_row[j] - shift))
            assert all(map(printed, e[1:], [math.exp(z - shift) for z in z_row]))
        return 1
    if part == "LOSS" and name.startswith("sample "):
        m = int(name.split()[1])
        assert printed(_value(parts), R["shares"][m]), (name, parts, R["shares"][m])
        return 1
    if part == "LOSS" and name == "L":
        assert printed(_value(parts), R["L"]), (parts, R["L"])
        return 1
    if part == "BACKWARD":
        return _check_backward(R, k, name, parts, n, js, N)
    if part == "UPDATE":
        j = idx[0]
        old, g = parts[0].split(" − ")
        eta, g = g.split("·", 1)
        if name.startswith("w"):
            want_old, want_g = R["W"][k - 1][j][idx[1]], R["dW"][k - 1][j][idx[1]]
        else:
            want_old, want_g = R["B"][k - 1][j], R["dB"][k - 1][j]
        assert j == js[k - 1] and printed(evaluate(old), want_old) and printed(evaluate(g), want_g)
        assert printed(float(eta), R["rate"])
        assert printed(_value(parts), want_old - R["rate"] * want_g), name
        return 3
    return 0


def _check_backward(R, k, name, parts, n, js, N):
    idx = _index(name)
    j = js[k - 1]
    if name.startswith("∂L/∂a"):
        assert idx == [n, j], name
        assert printed(_value(parts), R["G"][k - 1][n][j]), (name, parts, R["G"][k - 1][n][j])
        if k < len(R["W"]):           # Σₘ δ^{k+1}[n][m]·w^{k+1}[m][j]
            factors = pairs(parts[1])
            assert len(factors) == len(R["W"][k])
            for m, (d, w) in enumerate(factors):
                assert printed(d, R["D"][k][n][m]) and printed(w, R["W"][k][m][j]), (name, m)
        return 1
    if name.startswith("f'(z"):
        assert idx == [n, j]
        want = _slope(R["names"][k - 1], R["Z"][k - 1][n][j])
        assert printed(_value(parts), want), (name, parts, want)
        return 1
    if name.startswith("δ"):
        assert idx == [n, j]
        assert printed(_value(parts), R["D"][k - 1][n][j]), (name, parts, R["D"][k - 1][n][j])
        return 1
    if name.startswith("s"):                  # softmax: Σₖ ∂L/∂a[k]·a[k]
        factors = pairs(parts[1])
        for m, (g, a) in enumerate(factors):
            assert printed(g, R["G"][k - 1][n][m]) and printed(a, R["A"][k][n][m])
        return 1
    if name.startswith("∂L/∂w"):
        jj, i = idx
        assert jj == j
        assert printed(_value(parts), R["dW"][k - 1][j][i]), (name, parts)
        if len(parts) > 2:
            factors = pairs(parts[1])
            assert len(factors) == N
            for m, (d, x) in enumerate(factors):
                assert printed(d, R["D"][k - 1][m][j]) and printed(x, R["A"][k - 1][m][i]), \
                    (name, m)
        return 1
    if name.startswith("∂L/∂b"):
        assert idx == [j]
        assert printed(_value(parts), R["dB"][k - 1][j]), name
        return 1
    return 0
