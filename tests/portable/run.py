"""Run the portable test suite on any interpreter: CPython, PyPy, MicroPython.

    python3 tests/portable/run.py [WORD ...]
    pypy3 tests/portable/run.py
    micropython -X heapsize=64m tests/portable/run.py

Every ``test_*`` function of every ``test_*.py`` file beside this one is
called in sorted order (only those whose name contains one of the WORDs, if
given).  Each failure is printed with its name; the last line is
``N passed, N failed`` and the exit status is 1 if anything failed.
"""

import gc
import os
import sys


def _here():
    f = __file__
    i = f.rfind("/")
    return f[:i] if i >= 0 else "."


def main(words):
    here = _here()
    root = here + "/../.."
    sys.path.insert(0, root)
    sys.path.insert(0, here)
    passed = 0
    failed = 0
    for fname in sorted(os.listdir(here)):
        if not (fname.startswith("test_") and fname.endswith(".py")):
            continue
        mod = __import__(fname[:-3])
        for name in sorted(dir(mod)):
            if not name.startswith("test_"):
                continue
            full = fname[:-3] + "." + name
            if words and not [w for w in words if w in full]:
                continue
            try:
                getattr(mod, name)()
                passed += 1
            except Exception as e:  # report every failure and keep going
                failed += 1
                print("FAIL %s: %s: %s" % (full, type(e).__name__, e))
            gc.collect()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
