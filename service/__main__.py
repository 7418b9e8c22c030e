"""``python -m service``: the command line (see service/cli.py)."""

import sys

from .cli import main

sys.exit(main())
