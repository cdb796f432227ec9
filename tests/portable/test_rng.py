"""The portable generator gives the same stream on every interpreter."""

from purenn.core.rng import Rng


def test_known_stream():
    assert Rng(1).take_u32(4) == [2442144158, 3238099751, 3819917871, 2104621829]
    assert Rng(2 ** 40 + 5).take_u32(2) == [3616982058, 3568987857]
    r = Rng(1)
    assert r.random() == 0.5686059948349658
    assert r.gauss() == -2.0627218114753947


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
    try:
        Rng(1.5)
    except ValueError:
        pass
    else:
        assert False
