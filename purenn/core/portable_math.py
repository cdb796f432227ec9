"""exp, log, tanh, sin and cos from + − × ÷ alone: the same bits on every runtime.

The C libraries behind ``math`` round differently: on WebAssembly
(emscripten's libm, under MicroPython's wasm port and Pyodide)
``math.exp(-9.333705410750902)`` is ``8.839409309452714e-05``, on glibc
``…716e-05``; tanh differs in about 8% of arguments.  A network trained
there drifts apart from the same network trained on CPython.  IEEE-754's
basic operations (+ − × ÷ and sqrt), comparisons, ``int``, ``frexp`` and
``ldexp`` are exact or correctly rounded on every runtime, so functions
built only from them give the same bits everywhere.  These are such
functions: exp and log within 1.1 units in the last place (ulp) of the
true value, tanh within 1.6, sin and cos within 1.6 for |x| ≤ 200 and 2.1
beyond (``tests/test_elementary.py`` checks this against 60-digit decimal
arithmetic; glibc's tanh is within 2), at about ten times the cost of
``math``'s per call.

Every constant is exact on every runtime: integers, ratios of integers
(``1.0 / 6.0``, rounded the same everywhere), or a 53-bit integer
mantissa times a power of two (:func:`_c`), so no decimal literal is parsed
(MicroPython's unix port misreads about 1 decimal in 10,000 by one ulp).
The test file re-derives each of them from exact arithmetic.

**exp(x)**: write ``x = k·ln2/32 + r`` with ``|r| ≤ ln2/64``; then
``eˣ = 2^(k div 32) · 2^((k mod 32)/32) · eʳ``, the middle factor from a
table of 32 values and ``eʳ = 1 + r + r²/2! + … + r⁶/6!`` (the next term
is below 2⁻⁵⁷).  ``k·ln2/32`` is subtracted in two parts (Cody and Waite):
the first has 36 significant bits, so its product with k is exact.

**log(x)**: ``x = m·2ᵉ`` with ``√½ ≤ m < √2`` (``frexp``), ``f = m − 1``,
``s = f/(2 + f)``; then ``ln m = 2 atanh s = 2s + 2s³/3 + 2s⁵/5 + …``,
arranged as ``f − f²/2 + s·(f²/2 + R)`` with ``R = Σₖ 2s²ᵏ/(2k+1)``
(ten terms; |s| ≤ 0.172), plus ``e·ln 2`` in two parts.

**tanh(x)**: for |x| < 1 Lambert's continued fraction
``tanh x = x / (1 + x²/(3 + x²/(5 + …)))`` cut after 23; above,
``1 − 2/(e^2|x| + 1)``; 1 from |x| ≥ 22 on.

**sin(x), cos(x)**: ``x = k·π/2 + r`` (π/2 in three parts of 33, 33 and 53
bits, exact for |x| < 2¹⁹·π/2), then the Taylor series of sin or cos of r
(|r| ≤ π/4) up to r¹⁷ and r¹⁸, chosen and signed by k mod 4.

Special values follow ``math`` on CPython: ``exp`` raises OverflowError
above 709.78 and is 0 below −745.2; ``log`` raises ValueError for x ≤ 0;
NaN gives NaN; ±inf where ``math`` gives it.
"""

import math

_frexp = math.frexp
_ldexp = math.ldexp
_INF = math.inf


def _c(mantissa, exponent):
    """``mantissa · 2^exponent``, exactly (the mantissa has at most 53 bits)."""
    return _ldexp(float(mantissa), exponent)


# -- exp -----------------------------------------------------------------------------

#: 32/ln 2, and ln2/32 as a 36-bit head (exact when multiplied by any k below 2¹⁷)
#: plus the rest.
_INV_LN2_32 = _c(0x171547652B82FE, -47)
_LN2_32_HI = _c(0x162E42FEFA0000, -58)
_LN2_32_LO = _c(0x1CF79ABC9E3B3A, -97)

#: 2^(j/32) for j = 0 … 31, each the nearest double.
_POW2 = [_c(m, -52) for m in (
    0x10000000000000, 0x1059B0D3158574, 0x10B5586CF9890F, 0x111301D0125B51,
    0x1172B83C7D517B, 0x11D4873168B9AA, 0x12387A6E756238, 0x129E9DF51FDEE1,
    0x1306FE0A31B715, 0x1371A7373AA9CB, 0x13DEA64C123422, 0x144E086061892D,
    0x14BFDAD5362A27, 0x15342B569D4F82, 0x15AB07DD485429, 0x16247EB03A5585,
    0x16A09E667F3BCD, 0x171F75E8EC5F74, 0x17A11473EB0187, 0x182589994CCE13,
    0x18ACE5422AA0DB, 0x193737B0CDC5E5, 0x19C49182A3F090, 0x1A5503B23E255D,
    0x1AE89F995AD3AD, 0x1B7F76F2FB5E47, 0x1C199BDD85529C, 0x1CB720DCEF9069,
    0x1D5818DCFBA487, 0x1DFC97337B9B5F, 0x1EA4AFA2A490DA, 0x1F50765B6E4540)]

#: 1/k! for k = 0 … 18, each a correctly rounded division.
_INV_FACT = [1.0]
_f = 1.0
for _k in range(1, 19):
    _f *= _k            # exact: 18! < 2⁵³
    _INV_FACT.append(1.0 / _f)
del _f, _k
_E2, _E3, _E4, _E5, _E6 = _INV_FACT[2:7]

#: Where exp overflows (above 1024·ln 2, rounded: ln of the largest double)
#: and below which it is 0 (ln of half the smallest subnormal is −745.13).
_EXP_MAX = _c(0x162E42FEFA39EF, -43)
_EXP_MIN = -745.25


def exp(x):
    """``eˣ``, the same bits on every runtime (within 1.1 ulp)."""
    if not x <= _EXP_MAX:
        if x != x or x == _INF:
            return x
        raise OverflowError("math range error")
    if x < _EXP_MIN:
        return 0.0
    t = x * _INV_LN2_32
    k = int(t + 0.5) if t >= 0.0 else -int(0.5 - t)     # the nearest integer
    r = (x - k * _LN2_32_HI) - k * _LN2_32_LO
    p = r * (1.0 + r * (0.5 + r * (_E3 + r * (_E4 + r * (_E5 + r * _E6)))))
    s = _POW2[k & 31]
    v = _ldexp(s + s * p, k >> 5)
    if v == _INF:       # just below the threshold, rounded up (MicroPython's ldexp gives inf)
        raise OverflowError("math range error")
    return v


# -- log -------------------------------------------------------------------------------

#: ln 2 as a 42-bit head (exact when multiplied by any exponent) plus the rest.
_LN2_HI = _c(0x162E42FEFA3800, -53)
_LN2_LO = _c(0x1EF35793C76730, -97)
_SQRT_HALF = math.sqrt(0.5)         # sqrt is correctly rounded everywhere
#: 2/(2k+1) for k = 1 … 10: the series of 2·atanh(s) after its first term.
_L = [2.0 / (2 * k + 1) for k in range(1, 11)]
_L1, _L2, _L3, _L4, _L5, _L6, _L7, _L8, _L9, _L10 = _L


def log(x):
    """``ln x`` for x > 0, the same bits on every runtime (within 1.1 ulp)."""
    if not x > 0.0:
        if x != x:
            return x
        raise ValueError("math domain error")
    if x == _INF:
        return x
    m, e = _frexp(x)                # x = m·2ᵉ, ½ ≤ m < 1
    if m < _SQRT_HALF:
        m += m
        e -= 1
    f = m - 1.0                     # exact: √½ ≤ m < √2
    s = f / (2.0 + f)
    z = s * s
    R = z * (_L1 + z * (_L2 + z * (_L3 + z * (_L4 + z * (_L5 + z * (
        _L6 + z * (_L7 + z * (_L8 + z * (_L9 + z * _L10)))))))))
    hf = 0.5 * f * f
    return e * _LN2_HI + (f - (hf - (s * (hf + R) + e * _LN2_LO)))


# -- tanh ------------------------------------------------------------------------------

_TINY = _c(1, -28)      # below this tanh x is x to the last bit


def tanh(x):
    """``tanh x``, the same bits on every runtime (within 1.6 ulp)."""
    a = -x if x < 0.0 else x
    if a < 1.0:
        if a < _TINY:
            return x
        z = a * a
        t = a / (1.0 + z / (3.0 + z / (5.0 + z / (7.0 + z / (9.0 + z / (11.0 + z / (
            13.0 + z / (15.0 + z / (17.0 + z / (19.0 + z / (21.0 + z / 23.0)))))))))))
    elif a < 22.0:
        t = 1.0 - 2.0 / (exp(a + a) + 1.0)
    elif a == a:
        t = 1.0
    else:
        return x                    # NaN
    return -t if x < 0.0 else t


# -- sin, cos ----------------------------------------------------------------------------

#: 2/π, and π/2 in three parts: 33 bits, 33 bits, the rest.
_INV_PIO2 = _c(0x145F306DC9C883, -53)
_PIO2_1 = _c(0x1921FB54400000, -52)
_PIO2_2 = _c(0x10B4611A600000, -86)
_PIO2_3 = _c(0x13198A2E037073, -121)
#: Largest |x| reduced exactly (k·π/2 with k below 2¹⁹).
_TRIG_MAX = _c(1, 19) * _PIO2_1

_S = [(-1.0 if k % 4 == 3 else 1.0) * _INV_FACT[k] for k in range(3, 18, 2)]
_C = [(-1.0 if k % 4 == 2 else 1.0) * _INV_FACT[k] for k in range(4, 19, 2)]


def _sin_r(r):
    """sin r for |r| ≤ π/4: r − r³/3! + r⁵/5! − … + r¹⁷/17!."""
    z = r * r
    s = _S[7]
    for k in (6, 5, 4, 3, 2, 1, 0):
        s = _S[k] + z * s
    return r + r * z * s


def _cos_r(r):
    """cos r for |r| ≤ π/4: 1 − r²/2! + r⁴/4! − … + r¹⁸/18!."""
    z = r * r
    c = _C[7]
    for k in (6, 5, 4, 3, 2, 1, 0):
        c = _C[k] + z * c
    return 1.0 - 0.5 * z + z * z * c


def _quadrant(x, name):
    """``(k mod 4, r)`` with ``x = k·π/2 + r``, |r| ≤ π/4."""
    if not -_TRIG_MAX <= x <= _TRIG_MAX:
        raise ValueError("%s: expected |x| <= %r (the range these portable functions "
                         "reduce exactly), got %r" % (name, _TRIG_MAX, x))
    t = x * _INV_PIO2
    k = int(t + 0.5) if t >= 0.0 else -int(0.5 - t)
    return k & 3, ((x - k * _PIO2_1) - k * _PIO2_2) - k * _PIO2_3


def sin(x):
    """``sin x`` for |x| ≤ 2¹⁹·π/2, the same bits on every runtime (within 2.1 ulp)."""
    if x != x or -_TINY < x < _TINY:      # sin x is x to the last bit there (and −0 stays −0)
        return x
    q, r = _quadrant(x, "sin")
    if q == 0:
        return _sin_r(r)
    if q == 1:
        return _cos_r(r)
    if q == 2:
        return -_sin_r(r)
    return -_cos_r(r)


def cos(x):
    """``cos x`` for |x| ≤ 2¹⁹·π/2, the same bits on every runtime (within 2.1 ulp)."""
    if x != x:
        return x
    q, r = _quadrant(x, "cos")
    if q == 0:
        return _cos_r(r)
    if q == 1:
        return -_sin_r(r)
    if q == 2:
        return -_cos_r(r)
    return _sin_r(r)
