"""Documents' events in: each paper document's state and links (``domain/paper_evidence``).
A decision, withdrawal or erasure may be the last thing a programme that asks for confirmed
paper documents was waiting for: it then completes in the same transaction."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from competencies.domain.paper_evidence import (
    AWAITING,
    CONFIRMED,
    ERASED,
    REJECTED,
    WITHDRAWN,
    EvidenceDocument,
)
from competencies.domain.permissions import Permissions
from competencies.service_layer.signoff_completion import complete_if_done, paper_evidence
from competencies.service_layer.signoff_context import context
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_contracts import documents, read
from portal_kit.clock import Clock
from portal_kit.inbox import idempotent

MOVES = {  # event type: its schema, the state it means, when and by whom
    documents.DOCUMENT_UPLOADED: (documents.DocumentUploadedV1, AWAITING, "uploaded_at", None),
    documents.DOCUMENT_CONFIRMED: (documents.DocumentConfirmedV1, CONFIRMED, "confirmed_at",
                                   "confirmed_by"),
    documents.DOCUMENT_REJECTED: (documents.DocumentRejectedV1, REJECTED, "rejected_at",
                                  "rejected_by"),
    documents.DOCUMENT_WITHDRAWN: (documents.DocumentWithdrawnV1, WITHDRAWN, "withdrawn_at",
                                   None),
    documents.DOCUMENT_ERASED: (documents.DocumentErasedV1, ERASED, "erased_at", None),
}


@idempotent("competencies.record_document")
def record_document(event: dict[str, Any], uow: CompetenciesUnitOfWork, clock: Clock,
                    permissions: Permissions, issuer: Callable[..., Any] | None = None) -> None:
    """Keep the document's state and links; complete the programme if it was the last
    thing missing."""
    schema, state, at, by = MOVES[event["type"]]
    data = read(schema, event)
    found = uow.evidence.get(data["document_id"])
    if found is None:
        found = EvidenceDocument.heard(data["document_id"], data["enrolment_id"],
                                       data["trainee_id"], data[at])
        uow.evidence.add(found)
    found.learn(data.get("kind"), data.get("curriculum_item"), data.get("attestation"))
    found.move(state, data[at], data.get(by) if by else None)
    if state != AWAITING:
        uow.session.flush()
        _complete_if_done(uow, found.enrolment_id, clock, permissions, issuer)


def _complete_if_done(uow: CompetenciesUnitOfWork, enrolment_id: str, clock: Clock,
                      permissions: Permissions, issuer: Callable[..., Any] | None) -> None:
    enrolment = uow.enrolments.get(enrolment_id)
    if enrolment is None or enrolment.cancelled:
        return
    agreement = uow.agreements.get(enrolment.agreement_holder_id)
    if agreement is None or not agreement.may_record_sign_offs:
        return
    ctx = context(uow, enrolment_id, clock, permissions, for_change=False)
    if paper_evidence(uow, ctx).required:
        complete_if_done(uow, ctx, clock, issuer)


EVIDENCE_EVENT_HANDLERS: dict[str, list[Callable[..., Any]]] = {
    event_type: [record_document] for event_type in MOVES}
