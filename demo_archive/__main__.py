"""``python3 -m demo_archive OUTDIR``: write the demo archive."""

import sys

from .generator import main

sys.exit(main())
