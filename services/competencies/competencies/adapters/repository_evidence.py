"""The paper-evidence projection: documents of an enrolment, by id."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from competencies.adapters.orm_evidence import evidence_documents as table
from competencies.domain.paper_evidence import EvidenceDocument


class EvidenceRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, document: EvidenceDocument) -> None:
        self.session.add(document)

    def get(self, document_id: str) -> EvidenceDocument | None:
        """The document, locked until commit: its events apply one after the other."""
        return self.session.get(EvidenceDocument, document_id, with_for_update=True)

    def of_enrolment(self, enrolment_id: str) -> list[EvidenceDocument]:
        return list(self.session.scalars(select(EvidenceDocument).where(
            table.c.enrolment_id == enrolment_id).order_by(table.c.changed_at,
                                                           table.c.document_id)))
