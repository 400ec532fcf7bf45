"""`python -m dcr_components …`: the operator tools' command line (dcr_components.ops.cli)."""

import sys

from .ops.cli import main

if __name__ == "__main__":
    sys.exit(main())
