"""``python -m service``: the command line, the same as the ``quotes``
console command (see service/cli.py)."""

import sys

from .cli import main

sys.exit(main())
