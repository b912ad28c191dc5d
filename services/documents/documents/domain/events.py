"""What happened to documents, as the domain records it (published through the outbox)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class DocumentUploaded:
    document_id: str
    trainee_id: str
    enrolment_id: str
    organisation_id: str
    kind: str
    media_type: str
    size: int
    sha256: str
    curriculum_item: str | None
    attestation: str | None
    confirmers: list[str]
    uploaded_at: datetime


@dataclass(frozen=True)
class DocumentConfirmed:
    document_id: str
    trainee_id: str
    enrolment_id: str
    organisation_id: str
    kind: str
    sha256: str
    curriculum_item: str | None
    attestation: str | None
    confirmed_by: str
    confirmed_at: datetime


@dataclass(frozen=True)
class DocumentRejected:
    document_id: str
    trainee_id: str
    enrolment_id: str
    organisation_id: str
    kind: str
    reason: str
    rejected_by: str
    rejected_at: datetime


@dataclass(frozen=True)
class DocumentWithdrawn:
    document_id: str
    trainee_id: str
    enrolment_id: str
    organisation_id: str
    withdrawn_at: datetime


@dataclass(frozen=True)
class DocumentErased:
    document_id: str
    trainee_id: str
    enrolment_id: str
    organisation_id: str
    grounds: str
    erased_by: str
    erased_at: datetime
