"""The portable elementary functions: their constants, their accuracy, their
special values, and the switch that makes all of purenn use them.

Accuracy is measured against 60-digit decimal arithmetic (``decimal``), a
reference that shares no code with ``purenn.core.portable_math``.  Identity
across runtimes is checked by the portable suite
(``tests/portable/test_portable_math.py``, whose data file is checked
here to be current) and by CI (``tests/portable/same_bits.py``
on every runtime).
"""

import math
import struct
from decimal import Decimal, getcontext
from fractions import Fraction

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from purenn.core import elementary
from purenn.core import portable_math as pm

getcontext().prec = 60
LN2 = Decimal(2).ln()
# π from Machin's formula, 60 digits: π/4 = 4·atan(1/5) − atan(1/239)


def _atan_inv(n):
    s, k = Decimal(0), 0
    while True:
        t = Decimal((-1) ** k) / ((2 * k + 1) * Decimal(n) ** (2 * k + 1))
        if abs(t) < Decimal("1e-70"):
            return s
        s += t
        k += 1


PI = 16 * _atan_inv(5) - 4 * _atan_inv(239)


def nearest(d):
    """The double nearest to the Decimal d (float(Fraction) rounds correctly)."""
    return float(Fraction(d))


def rounded_to_bits(d, bits):
    """d rounded to a number of ``bits`` significant bits (as a Fraction)."""
    f = Fraction(d)
    e = math.frexp(float(f))[1]
    scale = Fraction(2) ** (bits - e)
    return Fraction(round(f * scale)) / scale


def significant_bits(x):
    m = Fraction(x)
    n = 0
    while m.denominator != 1:
        m *= 2
    v = abs(m.numerator)
    while v and v % 2 == 0:
        v //= 2
    while v:
        v //= 2
        n += 1
    return n


def ulps(value, exact):
    """|value − exact| in units of the last place of the double nearest exact."""
    ref = nearest(exact)
    m, e = math.frexp(abs(ref)) if ref else (0.5, -1021)
    unit = Fraction(2) ** max(e - 53, -1074)
    return float(abs(Fraction(value) - Fraction(exact)) / unit)


# -- the constants, re-derived from exact arithmetic ---------------------------------

def test_the_exp_table_holds_the_nearest_doubles_to_2_to_the_j_over_32():
    for j in range(32):
        assert pm._POW2[j] == nearest(Decimal(2) ** (Decimal(j) / 32)), j


def test_ln2_over_32_is_split_into_an_exact_36_bit_head_and_its_rest():
    head = rounded_to_bits(LN2 / 32, 36)
    assert Fraction(pm._LN2_32_HI) == head
    assert significant_bits(pm._LN2_32_HI) <= 36
    assert pm._LN2_32_LO == nearest(LN2 / 32 - Decimal(head.numerator) / head.denominator)
    assert pm._INV_LN2_32 == nearest(32 / LN2)
    # k·head is exact for every k the reduction can produce (|k| ≤ 34,420)
    assert significant_bits(pm._LN2_32_HI) + 16 <= 53


def test_ln2_is_split_into_a_42_bit_head_and_its_rest():
    head = rounded_to_bits(LN2, 42)
    assert Fraction(pm._LN2_HI) == head
    assert pm._LN2_LO == nearest(LN2 - Decimal(head.numerator) / head.denominator)
    assert significant_bits(pm._LN2_HI) + 11 <= 53      # e·head exact for |e| ≤ 1075


def test_half_pi_is_split_into_two_33_bit_heads_and_the_rest():
    half = PI / 2
    p1 = rounded_to_bits(half, 33)
    p2 = rounded_to_bits(half - Decimal(p1.numerator) / p1.denominator, 33)
    assert Fraction(pm._PIO2_1) == p1 and Fraction(pm._PIO2_2) == p2
    rest = half - Decimal(p1.numerator) / p1.denominator - Decimal(p2.numerator) / p2.denominator
    assert pm._PIO2_3 == nearest(rest)
    assert pm._INV_PIO2 == nearest(2 / PI)


def test_the_series_coefficients_are_the_rounded_ratios():
    for k in range(19):
        assert pm._INV_FACT[k] == 1.0 / math.factorial(k)
    assert pm._L == [2.0 / (2 * k + 1) for k in range(1, 11)]
    assert pm._EXP_MAX == 1024 * nearest(LN2)


# -- accuracy against decimal arithmetic ---------------------------------------------

def d_tanh(x):
    x = Decimal(x)
    if abs(x) < Decimal("1e-12"):
        return x - x ** 3 / 3 + 2 * x ** 5 / 15
    e = (2 * x).exp()
    return (e - 1) / (e + 1)


def _taylor(x, t, k):
    s = Decimal(0)
    while abs(t) > Decimal("1e-75"):
        s += t
        t = -t * x * x / ((k + 1) * (k + 2))
        k += 2
    return s


def d_sin_cos(x):
    x = Decimal(x)
    k = (x / (PI / 2)).to_integral_value()
    r = x - k * PI / 2
    s, c = _taylor(r, r, 1), _taylor(r, Decimal(1), 0)
    return [(s, c), (c, -s), (-s, -c), (-c, s)][int(k) % 4]


floats = st.floats(allow_nan=False, allow_infinity=False)


@given(st.one_of(st.floats(-745.0, 709.7), st.floats(-1.0, 1.0), st.floats(-1e-300, 1e-300)))
@example(-9.333705410750902)       # where WebAssembly's libm and glibc differ
@example(0.6525736543796576)
def test_exp_is_within_1_1_ulp(x):
    assert ulps(pm.exp(x), Decimal(x).exp()) <= 1.1


@given(st.one_of(st.floats(min_value=5e-324, max_value=1.7e308), st.floats(0.5, 2.0),
                 st.floats(1 - 1e-6, 1 + 1e-6)))
@example(1.6101212730220933)
def test_log_is_within_1_1_ulp(x):
    if x == 1.0:
        assert pm.log(x) == 0.0
    else:
        assert ulps(pm.log(x), Decimal(x).ln()) <= 1.1


@given(st.one_of(st.floats(-25.0, 25.0), st.floats(-1.2, 1.2), st.floats(-1e-6, 1e-6)))
@example(-0.5300335513587515)
@example(0.9999999999999999)
def test_tanh_is_within_1_6_ulp(x):
    assert ulps(pm.tanh(x), d_tanh(x)) <= 1.6


@given(st.one_of(st.floats(-200.0, 200.0), st.floats(-1.0, 1.0)))
@example(-60.48118229327337)
@example(math.pi / 2)
def test_sin_and_cos_are_within_1_6_ulp(x):
    s, c = d_sin_cos(x)
    assume(abs(s) > Decimal("1e-30") and abs(c) > Decimal("1e-30"))
    assert ulps(pm.sin(x), s) <= 1.6
    assert ulps(pm.cos(x), c) <= 1.6


@given(st.floats(-8e5, 8e5))
@example(408350.748046875)
def test_far_from_zero_sin_and_cos_are_within_2_1_ulp(x):
    """(Reducing x by k·π/2 rounds twice for large k, adding up to half an ulp.)"""
    s, c = d_sin_cos(x)
    assume(abs(s) > Decimal("1e-30") and abs(c) > Decimal("1e-30"))
    assert ulps(pm.sin(x), s) <= 2.1
    assert ulps(pm.cos(x), c) <= 2.1


def test_a_coefficient_off_by_a_little_is_noticed():
    # the accuracy bound is tight enough to catch a wrong constant: the same
    # evaluation with 1/5! replaced by 1/121 misses by far more than 1.1 ulp
    saved = pm._E5
    try:
        pm._E5 = 1.0 / 121.0
        worst = max(ulps(pm.exp(x), Decimal(x).exp()) for x in (0.01, 0.0105, -0.0107, 5.01))
    finally:
        pm._E5 = saved
    assert worst > 2.0


# -- special values ------------------------------------------------------------------------

def dot(u, v):
    s = 0.0
    for a, b in zip(u, v):
        s += a * b
    return s


def same(a, b):
    return struct.pack("<d", a) == struct.pack("<d", b) or (a != a and b != b)


@pytest.mark.parametrize("name", ["exp", "log", "tanh", "sin", "cos"])
@pytest.mark.parametrize("x", [0.0, -0.0, 1.0, -1.0, 1e-310, -1e-310, 5e-324, math.nan, math.inf,
                               -math.inf, 1e300, -1e300, 709.78, 709.7827128933841, -745.2,
                               -745.1, -708.5, 22.0, -22.0, 21.99, 1e6, -1e6, 2.0 ** -30])
def test_special_values_behave_as_in_math(name, x):
    """The same result as CPython's math (to 1.6 ulp), or the same exception type;
    outside the range sin and cos reduce exactly they raise ValueError."""
    mine, ref = getattr(pm, name), getattr(math, name)
    try:
        want = ref(x)
    except (OverflowError, ValueError) as e:
        with pytest.raises(type(e)):
            mine(x)
        return
    if name in ("sin", "cos") and abs(x) > pm._TRIG_MAX:
        with pytest.raises(ValueError):
            mine(x)
        return
    got = mine(x)
    if want != want or want in (0.0, math.inf, -math.inf) or got == want:
        assert same(got, want), (got, want)
    else:
        assert abs(got - want) <= 2 * abs(math.ulp(want)), (got, want)


def test_exp_overflows_exactly_where_math_exp_does():
    top = math.log(1.7976931348623157e308)
    assert pm.exp(top) == math.exp(top)
    for x in (math.nextafter(top, math.inf), 710.0, 1e300):
        with pytest.raises(OverflowError):
            math.exp(x)
        with pytest.raises(OverflowError):
            pm.exp(x)


@given(floats)
def test_tanh_is_odd_and_bounded(x):
    assert same(pm.tanh(-x), -pm.tanh(x))
    assert -1.0 <= pm.tanh(x) <= 1.0


@given(st.floats(-700.0, 700.0))
def test_log_inverts_exp_within_a_few_ulps(x):
    y = pm.log(pm.exp(x))
    assert abs(y - x) <= 4 * math.ulp(max(abs(x), 1.0))


# -- the switch ----------------------------------------------------------------------------

@pytest.fixture
def portable():
    was = elementary.use_portable_math(True)
    yield
    elementary.use_portable_math(was)


def test_the_switch_changes_every_function_and_reports_the_previous_setting():
    was = elementary.use_portable_math(True)
    try:
        for name in elementary.NAMES:
            assert getattr(elementary, name) is getattr(pm, name)
            assert elementary.NS[name] is getattr(pm, name)
        assert elementary.use_portable_math(False) is True
        for name in elementary.NAMES:
            assert getattr(elementary, name) is getattr(math, name)
            assert elementary.NS[name] is getattr(math, name)
        assert elementary.use_portable_math(False) is False
    finally:
        elementary.use_portable_math(was)


X_HARD = [-9.333705410750902, -0.7113, 0.3, 2.5, -14.2, 0.0]


def test_activations_made_before_the_switch_follow_it(portable):
    from purenn.core import activations
    sig, tanh, soft = (activations.get(n) for n in ("sigmoid", "tanh", "softmax"))
    for x in X_HARD:
        want = 1.0 / (1.0 + pm.exp(-x)) if x >= 0 else pm.exp(x) / (1.0 + pm.exp(x))
        assert same(sig.f(x), want) and same(sig.forward([[x]])[0][0], want)
        assert same(tanh.f(x), pm.tanh(x)) and same(tanh.forward([[x]])[0][0], pm.tanh(x))
    row = [X_HARD[0], X_HARD[2], X_HARD[3]]
    e = [pm.exp(v - max(row)) for v in row]
    s = e[0] + e[1] + e[2]
    assert soft.forward([row])[0] == [v / s for v in e]


def test_losses_and_compiled_code_follow_the_switch():
    from purenn import Dense, Network
    from purenn.core import losses
    net = Network([Dense(2, 3, "tanh"), Dense(3, 2, "softmax")], seed=3)
    code = net.compile()
    X = [[0.3, -9.333705410750902], [1.5, 0.25]]
    Y = [[1.0, 0.0], [0.0, 1.0]]
    lse = losses.logsumexp([2.0, -1.0, 0.5])
    before = (net.predict(X), net.loss(X, Y, "categorical_crossentropy"), lse)
    was = elementary.use_portable_math(True)
    try:
        # by hand, with the portable functions, adding as the kernels do
        def affine(rows, layer):
            return [[dot(r, w) + b for w, b in zip(layer.weights, layer.biases)] for r in rows]

        H = [[pm.tanh(z) for z in row] for row in affine(X, net.layers[0])]
        Z = affine(H, net.layers[1])
        P = []
        for z in Z:
            e = [pm.exp(v - max(z)) for v in z]
            P.append([v / (e[0] + e[1]) for v in e])
        assert code.predict(net, X) == P
        assert net.predict(X) == P and P != before[0]
        assert same(losses.logsumexp([2.0, -1.0, 0.5]),
                    2.0 + pm.log(pm.exp(0.0) + pm.exp(-3.0) + pm.exp(-1.5)))
    finally:
        elementary.use_portable_math(was)
    assert (net.predict(X), net.loss(X, Y, "categorical_crossentropy"),
            losses.logsumexp([2.0, -1.0, 0.5])) == before


def test_the_tutorial_data_sets_and_gauss_follow_the_switch(portable):
    from purenn import datasets, tutorial
    from purenn.core.rng import Rng
    assert same(tutorial.sigmoid([[-9.333705410750902]])[0][0],
                pm.exp(-9.333705410750902) / (1.0 + pm.exp(-9.333705410750902)))
    X, _ = datasets.moons(4, noise=0.0, seed=0)
    t = math.pi * 1 / 1
    assert X[2] == [pm.cos(t), pm.sin(t)]
    g, h = Rng(5), Rng(5)
    u1, u2 = 1.0 - h.random(), h.random()
    r = math.sqrt(-2.0 * pm.log(u1))
    assert same(g.gauss(), r * pm.cos(2.0 * math.pi * u2))
    assert same(g.gauss(), r * pm.sin(2.0 * math.pi * u2))


def test_the_command_line_switch(cli):
    plain = cli("--weights").stdout
    port = cli("--portable-math", "--weights").stdout
    assert port == cli("--weights", "--portable-math").stdout
    assert plain.splitlines()[:5] == port.splitlines()[:5]      # the same table
    assert plain != port                                        # other last bits
    assert "--portable-math" in cli("--help").stdout


def test_the_portable_suites_expected_bits_are_what_cpython_computes():
    import os
    import sys
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "portable")
    sys.path.insert(0, here)
    try:
        import test_portable_math as vectors
    finally:
        sys.path.remove(here)
    with open(os.path.join(here, "data", "portable_math.txt")) as f:
        assert f.read().splitlines() == vectors.lines()
