"""The portable generator: xoshiro128** exactly as its authors define it.

The reference values come from the C reference implementation
(``xoshiro128starstar.c``, Blackman and Vigna, https://prng.di.unimi.it/),
as published with the test data of the 6502 port ``edorfaus/xoshiro-6502``
(``test-rom/testdata.asm``: the state it seeds the reference code with, the
``**`` outputs, and the state after each step).
"""

from purenn.core.rng import Rng
from checks import raises

REFERENCE_STATE = (0x964D4A0C, 0xD40AB895, 0xAD7FDECB, 0x3006F0F0)
REFERENCE_OUTPUTS = (0xF1391922, 0x6FE53806, 0xA5BE2840, 0xF510EE70)
REFERENCE_STATES = (
    (0x72410269, 0xEF382C52, 0x2E43BEC7, 0x62432F20),
    (0xFF3A011B, 0xB33A90FC, 0x2C5A18AE, 0xD81B946B),
    (0x941B058C, 0x605A8949, 0xA641E1B5, 0x0824BB59),
    (0xFC65379C, 0x52006D70, 0x87487639, 0xF1908343),
)


def test_xoshiro128starstar_matches_the_reference_implementation():
    r = Rng.from_state(*REFERENCE_STATE)
    for out, state in zip(REFERENCE_OUTPUTS, REFERENCE_STATES):
        assert r.next_u32() == out
        assert r.state() == list(state)


def test_state_round_trip_continues_the_stream():
    r = Rng(7)
    r.take_u32(5)
    s = Rng.from_state(*r.state())
    assert s.take_u32(10) == r.take_u32(10)
    assert raises(ValueError, Rng.from_state, 0, 0, 0, 0)
    assert raises(ValueError, Rng.from_state, 1, 2, 3, 2 ** 32)


def test_seeding_is_pinned():
    # purenn's own seeding (splitmix32 expansion of the seed into the state):
    # these values were recorded once, so that a change to the seeding, which
    # would change every network made with a seed, cannot go unnoticed
    assert Rng(1).take_u32(4) == [2442144158, 3238099751, 3819917871, 2104621829]
    assert Rng(2 ** 40 + 5).take_u32(2) == [3616982058, 3568987857]
    r = Rng(1)
    assert r.random() == 0.5686059948349658
    assert r.gauss() == -2.0627218114753947


def test_random_is_53_bits_from_two_words():
    # random() = ((w1 >> 5) * 2**26 + (w2 >> 6)) / 2**53
    words = Rng(3).take_u32(2)
    assert Rng(3).random() == ((words[0] >> 5) * 67108864.0 + (words[1] >> 6)) / 9007199254740992.0


def test_ranges_and_shuffle():
    r = Rng(3)
    for _ in range(200):
        u = r.random()
        assert 0.0 <= u < 1.0
        k = r.randbelow(7)
        assert 0 <= k < 7
    p = r.permutation(50)
    assert sorted(p) == list(range(50)) and p != list(range(50))


def test_bad_seed():
    assert raises(ValueError, Rng, 1.5)
