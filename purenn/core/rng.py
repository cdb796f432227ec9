"""A small seeded random generator that gives the same stream everywhere.

MicroPython's ``random`` produces a different stream from CPython's and has
no ``gauss`` or ``shuffle``, so purenn carries its own generator:
xoshiro128** (Blackman and Vigna, "Scrambled linear pseudorandom number
generators", 2018), written in plain integer arithmetic on 32-bit words.
Every intermediate value of ``next_u32`` stays below 2**44, so on 64-bit
MicroPython (small ints up to 2**62) drawing numbers creates no big
integers and does not fragment the heap; only seeding multiplies two 32-bit
words (four times).  The same seed gives
the same numbers on CPython, PyPy and MicroPython.

>>> r = Rng(1)
>>> [r.next_u32() for _ in range(3)] == Rng(1).take_u32(3)
True
>>> 0.0 <= Rng(7).random() < 1.0
True
"""

import math

from . import elementary

_M32 = 0xFFFFFFFF


def _splitmix32(x):
    """One step of a 32-bit mixing function (used only to expand a seed)."""
    x = (x + 0x9E3779B9) & _M32
    z = x
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) & _M32
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) & _M32
    return x, z ^ (z >> 16)


class Rng:
    """Seeded generator: ``random()``, ``uniform(a, b)``, ``randbelow(n)``,
    ``gauss()``, ``shuffle(list)``.

    The seed is any integer (negative and large ones are reduced modulo
    2**32); ``Rng(s)`` with the same ``s`` always yields the same stream.
    """

    def __init__(self, seed=0):
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise ValueError("Rng: seed must be an int, got %s" % type(seed).__name__)
        x = seed & _M32
        s = []
        for _ in range(4):
            x, z = _splitmix32(x)
            s.append(z)
        if not (s[0] | s[1] | s[2] | s[3]):  # the all-zero state is a fixed point
            s[0] = 1
        self._s = s
        self._spare = None

    @classmethod
    def from_state(cls, s0, s1, s2, s3):
        """A generator whose xoshiro128** state is the four 32-bit words given
        (not all zero), as in the reference implementation's ``s[4]``."""
        words = [s0, s1, s2, s3]
        for w in words:
            if not isinstance(w, int) or isinstance(w, bool) or not 0 <= w <= _M32:
                raise ValueError("Rng.from_state: expected four 32-bit unsigned ints")
        if not (s0 | s1 | s2 | s3):
            raise ValueError("Rng.from_state: the all-zero state never changes")
        r = cls(0)
        r._s = words
        return r

    def state(self):
        """The four 32-bit words of the state (``from_state(*r.state())``
        continues the same stream)."""
        return list(self._s)

    def next_u32(self):
        """The next 32-bit unsigned integer of the stream."""
        s = self._s
        s0 = s[0]
        s1 = s[1]
        s2 = s[2]
        s3 = s[3]
        # result = rotl(s1 * 5, 7) * 9
        r = (s1 * 5) & _M32
        r = (((r << 7) & _M32) | (r >> 25)) * 9 & _M32
        t = (s1 << 9) & _M32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = ((s3 << 11) & _M32) | (s3 >> 21)
        s[0] = s0
        s[1] = s1
        s[2] = s2
        s[3] = s3
        return r

    def take_u32(self, n):
        """A list of the next n 32-bit integers."""
        return [self.next_u32() for _ in range(n)]

    def random(self):
        """A float uniform in [0, 1) with 53 random bits."""
        a = self.next_u32() >> 5   # 27 bits
        b = self.next_u32() >> 6   # 26 bits
        # (a * 2**26 + b) / 2**53, in floats: both parts are exact below 2**53
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)

    def uniform(self, a, b):
        """A float uniform in [a, b)."""
        return a + (b - a) * self.random()

    def randbelow(self, n):
        """An integer uniform in 0 .. n-1 (n at most 2**32), without bias."""
        if not (0 < n <= 0x100000000):
            raise ValueError("randbelow: n must be in 1 .. 2**32, got %r" % (n,))
        # Reject the top sliver of the 32-bit range that does not divide by n.
        limit = 0x100000000 - (0x100000000 % n)
        while True:
            r = self.next_u32()
            if r < limit:
                return r % n

    def gauss(self, mu=0.0, sigma=1.0):
        """A normal deviate (Box-Muller transform; pairs are cached).

        It takes log, sin and cos from ``purenn.core.elementary``: with
        ``purenn.use_portable_math()`` the deviates are the same on every
        runtime, WebAssembly included."""
        if self._spare is not None:
            z = self._spare
            self._spare = None
            return mu + sigma * z
        u1 = 1.0 - self.random()       # in (0, 1]: log(u1) is finite
        u2 = self.random()
        r = math.sqrt(-2.0 * elementary.log(u1))
        t = 2.0 * math.pi * u2
        self._spare = r * elementary.sin(t)
        return mu + sigma * r * elementary.cos(t)

    def shuffle(self, items):
        """Shuffle a list in place (Fisher-Yates)."""
        for i in range(len(items) - 1, 0, -1):
            j = self.randbelow(i + 1)
            items[i], items[j] = items[j], items[i]

    def permutation(self, n):
        """A shuffled ``list(range(n))``."""
        p = list(range(n))
        self.shuffle(p)
        return p


_default = Rng(0)


def seed(s):
    """Reset the module's default generator (used by layers made without a seed)."""
    global _default
    _default = Rng(s)


def default():
    """The module's default generator."""
    return _default
