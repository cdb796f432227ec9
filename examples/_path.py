"""Put the repository root on sys.path, so examples run from a checkout."""

import sys

_here = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
sys.path.insert(0, _here + "/..")
