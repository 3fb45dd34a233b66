"""``python -m ganstudio`` is the headless command line."""

import sys

from ganstudio.cli import main

sys.exit(main())
