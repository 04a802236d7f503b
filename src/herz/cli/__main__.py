"""``python -m herz.cli``: the same as the ``herz`` command."""

import sys

from herz.cli import main

sys.exit(main())
