"""Events competencies publishes; their types and schemas are in ``portal_contracts``."""
from __future__ import annotations

from competencies.schemas.signoff_events import SIGNOFF_EVENT_SPECS
from portal_kit.events import EventSpec

EVENT_SPECS: dict[type, EventSpec] = {
    **SIGNOFF_EVENT_SPECS,
}
