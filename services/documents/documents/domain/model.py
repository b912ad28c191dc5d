"""Paper evidence: a trainee's scanned document, confirmed (or rejected) by their approver.

Trainees scan and upload course certificates and time attestations received on
paper; the tutor (or the approver the relationships entitle) confirms that the
documentation is correct, since the system cannot verify a scan's content. A
confirmed document is a record and does not change; an unconfirmed one (awaiting
or rejected) may be withdrawn by the trainee, which removes its bytes. On a
lawful request, or when its kind's retention period has passed, a document is
erased: bytes, name and description go, the audit log says what, by whom, why.

Evidence may be uploaded for an organisation's trainees only while the
organisation's data-processing agreement (databehandleravtale) is in force
(``OrganisationAgreement``, this service's record of identity's events).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from documents.domain import events
from documents.domain import exceptions as e
from documents.domain.access import Enrolment
from portal_contracts.agreements import AgreementRecord
from portal_kit.audit import AuditEntry


class OrganisationAgreement(AgreementRecord):
    """This service's own record of identity's agreement (see portal_contracts.agreements)."""

    @property
    def may_accept_uploads(self) -> bool:
        """Evidence may be uploaded for the organisation's trainees only while in force."""
        return self.in_force


class DocumentKind(str, Enum):
    COURSE_CERTIFICATE = "course_certificate"
    TIME_ATTESTATION = "time_attestation"
    OTHER = "other"


class DocumentState(str, Enum):
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    ERASED = "erased"


class ErasureGrounds(str, Enum):
    LAWFUL_REQUEST = "lawful_request"
    RETENTION = "retention"


@dataclass(frozen=True)
class StoredFile:
    """Bytes as received, recognised and stored: where, what type, how large, their digest."""

    storage_key: str
    filename: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Link:
    """What the document supports: a curriculum item's code or an attestation's id."""

    curriculum_item: str | None = None
    attestation: str | None = None


@dataclass(eq=False)
class Document:
    id: str
    trainee_id: str
    enrolment_id: str
    organisation_id: str
    kind: DocumentKind
    description: str
    filename: str | None
    media_type: str
    size: int
    sha256: str
    storage_key: str | None
    curriculum_item: str | None
    attestation: str | None
    uploaded_at: datetime
    state: DocumentState = DocumentState.AWAITING_CONFIRMATION
    decided_by: str | None = None
    decided_at: datetime | None = None
    rejection_reason: str | None = None
    ended_at: datetime | None = None
    events: list[Any] = field(default_factory=list, repr=False)
    audit: list[AuditEntry] = field(default_factory=list, repr=False)
    trainee_name: str | None = field(default=None, repr=False)  # shown, not stored here

    @classmethod
    def upload(cls, *, trainee_id: str, enrolment: Enrolment, kind: DocumentKind,
               description: str, stored: StoredFile, link: Link, confirmers: list[str],
               at: datetime) -> Document:
        document = cls(str(uuid.uuid4()), trainee_id, enrolment.enrolment_id,
                       enrolment.agreement_holder_id, kind, description, stored.filename,
                       stored.media_type, stored.size, stored.sha256, stored.storage_key,
                       link.curriculum_item, link.attestation, at)
        document.events.append(events.DocumentUploaded(
            document.id, trainee_id, document.enrolment_id, document.organisation_id,
            kind.value, stored.media_type, stored.size, stored.sha256, link.curriculum_item,
            link.attestation, confirmers, at))
        return document

    def confirm(self, actor: str, at: datetime) -> None:
        self._decidable_by(actor)
        self.state, self.decided_by, self.decided_at = DocumentState.CONFIRMED, actor, at
        self.events.append(events.DocumentConfirmed(
            self.id, self.trainee_id, self.enrolment_id, self.organisation_id, self.kind.value,
            self.sha256, self.curriculum_item, self.attestation, actor, at))
        self._audit("document.confirmed", actor, DocumentState.AWAITING_CONFIRMATION)

    def reject(self, actor: str, reason: str, at: datetime) -> None:
        self._decidable_by(actor)
        self.state, self.decided_by, self.decided_at = DocumentState.REJECTED, actor, at
        self.rejection_reason = reason
        self.events.append(events.DocumentRejected(
            self.id, self.trainee_id, self.enrolment_id, self.organisation_id, self.kind.value,
            reason, actor, at))
        self._audit("document.rejected", actor, DocumentState.AWAITING_CONFIRMATION, reason)

    def withdraw(self, actor: str, at: datetime) -> str | None:
        """The trainee takes an unconfirmed document back; returns the key of its bytes."""
        if actor != self.trainee_id:
            raise e.NotYourDocument("Only the trainee who uploaded a document may withdraw it.")
        self._still_kept()
        if self.state is DocumentState.CONFIRMED:
            raise e.DocumentImmutable("A confirmed document cannot be withdrawn.")
        previous, key = self.state, self._drop_bytes(DocumentState.WITHDRAWN, at)
        self.events.append(events.DocumentWithdrawn(
            self.id, self.trainee_id, self.enrolment_id, self.organisation_id, at))
        self._audit("document.withdrawn", actor, previous)
        return key

    def erase(self, actor: str, grounds: ErasureGrounds, reason: str, at: datetime,
              reference: str | None = None) -> str | None:
        """Erase on a lawful request or at the end of retention; returns the key of its bytes.

        The audit entry says what went (kind, type, size, digest, when uploaded), not the
        file's name or description, which go with it."""
        if self.state is DocumentState.ERASED:
            raise e.DocumentGone("This document was erased already.")
        previous, key = self.state, self._drop_bytes(DocumentState.ERASED, at)
        self.filename, self.description = None, ""
        self.events.append(events.DocumentErased(
            self.id, self.trainee_id, self.enrolment_id, self.organisation_id, grounds.value,
            actor, at))
        detail = {"grounds": grounds.value, "kind": self.kind.value, "size": self.size,
                  "media_type": self.media_type, "sha256": self.sha256,
                  "uploaded_at": self.uploaded_at.isoformat()}
        if reference:
            detail["request_reference"] = reference
        self._audit("document.erased", actor, previous, reason, detail)
        return key

    def _decidable_by(self, actor: str) -> None:
        if actor == self.trainee_id:
            raise e.OwnUpload("Nobody confirms or rejects their own upload.")
        self._still_kept()
        if self.state is DocumentState.CONFIRMED:
            raise e.DocumentImmutable("A confirmed document is a record; it stays as it is.")
        if self.state is not DocumentState.AWAITING_CONFIRMATION:
            raise e.AlreadyDecided(f"This document was {self.state.value} already.")

    def _still_kept(self) -> None:
        if self.state in (DocumentState.WITHDRAWN, DocumentState.ERASED):
            raise e.DocumentGone(f"This document was {self.state.value}.")

    def _drop_bytes(self, state: DocumentState, at: datetime) -> str | None:
        key, self.storage_key = self.storage_key, None
        self.state, self.ended_at = state, at
        return key

    def _audit(self, action: str, actor: str, from_state: DocumentState,
               reason: str | None = None, detail: dict[str, Any] | None = None) -> None:
        self.audit.append(AuditEntry(
            actor=actor, action=action, subject_type="document", subject_id=self.id,
            trainee_id=self.trainee_id, organisation_id=self.organisation_id,
            from_state=from_state.value, to_state=self.state.value, reason=reason,
            detail=detail or {}))
