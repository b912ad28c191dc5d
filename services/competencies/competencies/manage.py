"""``python -m competencies.manage``: see ``competencies.entrypoints.cli``."""
import sys

from competencies.entrypoints.cli import main

if __name__ == "__main__":
    sys.exit(main())
