"""Candidate idioms for the matrix product C = A·B (A n×k, B k×m), lists of lists.

``IDIOMS`` lists those this interpreter has; the benchmark times each against
``purenn.matrix.matmul`` and reports ns per multiply-add (n·k·m of them).
All add the products in order k = 0, 1, ... from 0.0.  Portable.
"""

try:
    from operator import mul
except ImportError:  # MicroPython
    mul = None


def naive(A, B):
    """The textbook triple loop, ``A[i][k] * B[k][j]``."""
    n, k, m = len(A), len(B), len(B[0])
    C = []
    for i in range(n):
        row = []
        for j in range(m):
            s = 0.0
            for p in range(k):
                s += A[i][p] * B[p][j]
            row.append(s)
        C.append(row)
    return C


def hoisted(A, B):
    """i-p-j order with rows in locals: row i of C accumulates A[i][p]·(row p of B)."""
    cols = range(len(B[0]))
    C = []
    for a in A:
        c = [0.0] * len(cols)
        for ap, bp in zip(a, B):
            for j in cols:
                c[j] += ap * bp[j]
        C.append(c)
    return C


def map_bt(A, B):
    """``sum(map(mul, row, col))`` with Bᵀ built once (the inner loop runs in C)."""
    Bt = list(zip(*B))
    return [[sum(map(mul, a, c), 0.0) for c in Bt] for a in A]


def zip_genexpr(A, B):
    """``sum(x * y for x, y in zip(row, col))`` with Bᵀ built once."""
    Bt = list(zip(*B))
    return [[sum((x * y for x, y in zip(a, c)), 0.0) for c in Bt] for a in A]


_UNROLLED = {}


def unrolled(A, B):
    """One comprehension with the k products of each dot written out, Bᵀ built once:
    ``[[0.0 + a[0] * b[0] + a[1] * b[1] + ... for b in Bt] for a in A]``, made with
    ``eval`` once per k (CPython: no call or loop per product)."""
    k = len(B)
    f = _UNROLLED.get(k)
    if f is None:
        terms = "".join([" + a[%d] * b[%d]" % (i, i) for i in range(k)])
        f = _UNROLLED[k] = eval("lambda A, Bt: [[0.0%s for b in Bt] for a in A]" % terms)
    return f(A, list(zip(*B)))


IDIOMS = [("naive", naive), ("hoisted i-p-j", hoisted), ("zip genexpr", zip_genexpr)]
if mul is not None:
    IDIOMS.append(("sum(map(mul)) Bt", map_bt))
    IDIOMS.append(("unrolled", unrolled))

SIZES = [(4, 3, 4), (32, 64, 32), (128, 128, 128)]


def operands(n, k, m, seed=1):
    from purenn.core.rng import Rng
    g = Rng(seed)
    A = [[g.uniform(-1.0, 1.0) for _ in range(k)] for _ in range(n)]
    B = [[g.uniform(-1.0, 1.0) for _ in range(m)] for _ in range(k)]
    return A, B


def repeated(fn, A, B, reps):
    """A zero-argument callable running ``fn(A, B)`` reps times."""
    def run():
        for _ in range(reps):
            fn(A, B)
    return run


def bench(n, k, m, target_macs, rounds, extra=()):
    """``(ns per multiply-add {name: median}, best idiom name)`` for one size."""
    from purenn import matrix
    import timing
    A, B = operands(n, k, m)
    macs = n * k * m
    reps = max(1, target_macs // macs)
    cands = [("purenn matmul", repeated(matrix.matmul, A, B, reps))]
    for name, fn in list(IDIOMS) + list(extra):
        cands.append((name, repeated(fn, A, B, reps)))
    times = timing.paired(cands, rounds)
    ns = {}
    for name, ts in times.items():
        ns[name] = timing.median(ts) * 1e9 / (reps * macs)
    best = None
    for name, _ in IDIOMS:
        if best is None or ns[name] < ns[best]:
            best = name
    return ns, best, times
