"""The web front end's tests find their shared helpers (the fake identity) beside them."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
