"""Documents' published events: each domain event, its CloudEvent type and data schema.

The types and schemas themselves are the public contract in ``portal_contracts.documents``;
what documents reads is in ``portal_contracts`` too.
"""
from __future__ import annotations

from typing import Any

from documents.domain import events
from portal_contracts import documents as contract
from portal_kit.events import EventSpec


def _document(event: Any) -> str:
    return f"documents/{event.document_id}"


EVENT_SPECS = {
    events.DocumentUploaded: EventSpec(contract.DOCUMENT_UPLOADED,
                                       contract.DocumentUploadedV1(), _document),
    events.DocumentConfirmed: EventSpec(contract.DOCUMENT_CONFIRMED,
                                        contract.DocumentConfirmedV1(), _document),
    events.DocumentRejected: EventSpec(contract.DOCUMENT_REJECTED,
                                       contract.DocumentRejectedV1(), _document),
    events.DocumentWithdrawn: EventSpec(contract.DOCUMENT_WITHDRAWN,
                                        contract.DocumentWithdrawnV1(), _document),
    events.DocumentErased: EventSpec(contract.DOCUMENT_ERASED, contract.DocumentErasedV1(),
                                     _document),
}
