"""`python -m als_desktop`: the same as the `als-desktop` command."""

import sys

from als_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
