"""``python -m coach`` runs the command line."""

import sys

from coach.frontends.cli import main

sys.exit(main())
