"""``python -m evals`` runs every case set and prints the run folder last."""

import sys

from .run import main

sys.exit(main())
