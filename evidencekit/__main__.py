"""`python -m evidencekit` runs the command line (or the app, with no arguments)."""

import sys

from evidencekit.cli import main

sys.exit(main())
