"""Small assertion helpers shared by the portable tests (no pytest needed)."""


def close(a, b, rel=1e-12, abs_=1e-12):
    """True when the numbers a and b agree within ``abs_ + rel·max(|a|, |b|)``."""
    return abs(a - b) <= abs_ + rel * max(abs(a), abs(b))


def all_close(A, B, rel=1e-12, abs_=1e-12):
    """Elementwise ``close`` for equal-shaped matrices (or vectors)."""
    if len(A) != len(B):
        return False
    for a, b in zip(A, B):
        if isinstance(a, list):
            if not all_close(a, b, rel, abs_):
                return False
        elif not close(a, b, rel, abs_):
            return False
    return True


def raises(exc_type, fn, *args, **kwargs):
    """True when ``fn(*args, **kwargs)`` raises ``exc_type`` (or a subclass)."""
    try:
        fn(*args, **kwargs)
    except exc_type:
        return True
    return False


def numeric_derivative(f, x, h=1e-6):
    """Central difference ``(f(x + h) − f(x − h)) / 2h``."""
    return (f(x + h) - f(x - h)) / (2.0 * h)


def forced_fit(make, fallback, net, X, Y, kw):
    """``(repr of the history or the error's message, the bits of every
    parameter)`` of ``net.fit(X, Y, **kw)`` trained by the engine
    ``make(net, loss, optimizer, l2, X)`` in place of fit's own choice
    (``fallback``, called alike, when make gives None; the result is then
    None).  ``make`` None: fit's own choice."""
    import struct
    from purenn import TrainingDiverged
    from purenn.core import training
    before = training.choose_engine
    made = []

    def choose(n, loss, opt, l2, compiled, exact=True, rows=None, full=False):
        if make is None:
            return before(n, loss, opt, l2, compiled, exact, rows, full)
        made.append(make(n, loss, opt, l2, rows))
        return made[-1] or fallback(n, loss, opt, l2, rows)
    training.choose_engine = choose
    try:
        try:
            result = repr(net.fit(X, Y, **kw))
        except TrainingDiverged as e:
            result = str(e)
    finally:
        training.choose_engine = before
    if made and made[-1] is None:
        return None
    return result, [struct.pack("<d", v) for row in net.parameters() for v in row]
