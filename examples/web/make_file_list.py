"""Write purenn-files.json: the files of purenn/ that the web page copies in.

    python3 examples/web/make_file_list.py           # rewrite the list
    python3 examples/web/make_file_list.py --check   # exit 1 if it is out of date

The list is the whole package as it is on disk (every file under purenn/,
less ``__pycache__`` folders, compiled ``.pyc`` files and the playground
page's own HTML, JavaScript and CSS in purenn/web/), sorted, as paths
relative to the repository: the same list ``python -m purenn playground``
makes when it starts (``purenn.tools.playground.package_files``).  The
loader (purenn/web/purenn-loader.mjs) fetches each one and writes it where
MicroPython's ``import`` looks, so any module and data file of purenn can be
imported in the page, as from a checkout.  ``tests/test_web_page.py`` runs
``--check``.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LIST = os.path.join(HERE, "purenn-files.json")
sys.path.insert(0, ROOT)

from purenn.tools import playground  # noqa: E402


def package_files(root=ROOT):
    """The files of purenn/ under ``root`` that the page copies in, as sorted
    "purenn/..." paths (``purenn.tools.playground.package_files``, the list
    the playground's server makes)."""
    return playground.package_files(root)


def text(paths):
    """The list file's exact text: one path a line, for readable diffs."""
    return "[\n" + ",\n".join("  " + json.dumps(p) for p in paths) + "\n]\n"


def main(args):
    wanted = text(package_files())
    if args == ["--check"]:
        try:
            with open(LIST, encoding="utf-8") as f:
                current = f.read()
        except OSError:
            current = None
        if current != wanted:
            print("%s is out of date: run python3 examples/web/make_file_list.py"
                  % os.path.relpath(LIST, ROOT))
            return 1
        return 0
    if args:
        sys.stderr.write("usage: python3 examples/web/make_file_list.py [--check]\n")
        return 2
    with open(LIST, "w", encoding="utf-8") as f:
        f.write(wanted)
    print("wrote %s: %d files" % (os.path.relpath(LIST, ROOT), len(package_files())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
