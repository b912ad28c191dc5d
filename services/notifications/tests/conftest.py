"""Notifications' tests share the sample values of every template (``notification_samples``)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
