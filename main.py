"""Start the ganstudio window; see ``python main.py --help``."""

import sys

from ganstudio.app import main

if __name__ == "__main__":
    sys.exit(main())
