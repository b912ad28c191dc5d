from __future__ import annotations

from sqlalchemy.orm import Session

from documents.adapters.repository import (
    AgreementRepository,
    DocumentRepository,
    LibraryRepository,
    RelationsRepository,
)
from portal_kit.uow import UnitOfWork


class DocumentsUnitOfWork(UnitOfWork):
    agreements: AgreementRepository
    documents: DocumentRepository
    library: LibraryRepository
    relations: RelationsRepository

    def open(self, session: Session) -> None:
        self.agreements = AgreementRepository(session)
        self.documents = DocumentRepository(session)
        self.library = LibraryRepository(session)
        self.relations = RelationsRepository(session)
