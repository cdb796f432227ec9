"""Put the repository root on sys.path, so examples run from a checkout."""

import sys

#: The folder of the examples.
HERE = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
sys.path.insert(0, HERE + "/..")
