"""Paper evidence: documents' ``document.*`` events as competencies keeps them (one row per
document, its state and links; no file name, description or content)."""
from __future__ import annotations

from sqlalchemy import Column, Index, String, Table

from competencies.adapters.orm import mapper_registry, metadata
from competencies.domain.paper_evidence import EvidenceDocument
from portal_kit.db import UtcDateTime

ID = 36
PERSON = 200

evidence_documents = Table(
    "evidence_documents", metadata,
    Column("document_id", String(ID), primary_key=True),
    Column("enrolment_id", String(ID), nullable=False),
    Column("trainee_id", String(PERSON), nullable=False),
    Column("state", String(30), nullable=False),
    Column("changed_at", UtcDateTime(), nullable=False),
    Column("kind", String(40)),
    Column("curriculum_item", String(100)),
    Column("attestation", String(100)),
    Column("decided_by", String(PERSON)),
    Column("decided_at", UtcDateTime()),
    Index("ix_evidence_documents_enrolment", "enrolment_id", "state"),
)


def start_evidence_mappers() -> None:
    """Map the evidence projection, once per process."""
    if getattr(EvidenceDocument, "__mapper__", None) is None:
        mapper_registry.map_imperatively(EvidenceDocument, evidence_documents)
