"""The commands notifications receives (``portal_contracts.notification_commands``), as specs
so that their data schemas are served beside the events' (the CloudEvents dataschema)."""
from __future__ import annotations

from portal_contracts.notification_commands import COMMANDS
from portal_kit.events import EventSpec

COMMAND_SPECS: dict[str, EventSpec] = {
    kind: EventSpec(kind, schema(), lambda command: "") for kind, schema in COMMANDS.items()}
