"""Events invitations publishes: none yet. What it reads is in ``portal_contracts``."""
from __future__ import annotations

from portal_kit.events import EventSpec

EVENT_SPECS: dict[type, EventSpec] = {}
