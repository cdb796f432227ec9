"""``python -m purenn``: run the tutorial (or a command; see ``--help``)."""

import sys

from .tools.cli import main

sys.exit(main(sys.argv[1:]))
