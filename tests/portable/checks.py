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
