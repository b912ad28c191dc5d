"""Identity's published events: each domain event, its CloudEvent type and data schema.

The types and schemas themselves are the public contract in ``portal_contracts.identity``.
"""
from __future__ import annotations

from typing import Any

from identity.domain import events
from portal_contracts import identity as contract
from portal_kit.events import EventSpec


def _organisation(event: Any) -> str:
    return f"organisations/{event.organisation_id}"


EVENT_SPECS = {
    events.OrganisationRegistered: EventSpec(contract.ORGANISATION_REGISTERED,
                                             contract.OrganisationRegisteredV1(), _organisation),
    events.DpaSigned: EventSpec(contract.DPA_SIGNED, contract.DpaSignedV1(), _organisation),
    events.DpaTerminated: EventSpec(contract.DPA_TERMINATED, contract.DpaTerminatedV1(),
                                    _organisation),
}
