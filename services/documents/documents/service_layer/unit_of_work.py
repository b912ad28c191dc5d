from __future__ import annotations

from sqlalchemy.orm import Session

from documents.adapters.repository import (
    AgreementRepository,
    AuditRepository,
    DocumentRepository,
    LibraryRepository,
    PeopleRepository,
    RelationsRepository,
)
from portal_kit.uow import UnitOfWork


class DocumentsUnitOfWork(UnitOfWork):
    agreements: AgreementRepository
    audit_log: AuditRepository
    documents: DocumentRepository
    library: LibraryRepository
    people: PeopleRepository
    relations: RelationsRepository

    def open(self, session: Session) -> None:
        self.agreements = AgreementRepository(session)
        self.audit_log = AuditRepository(session)
        self.documents = DocumentRepository(session)
        self.library = LibraryRepository(session)
        self.people = PeopleRepository(session)
        self.relations = RelationsRepository(session)
