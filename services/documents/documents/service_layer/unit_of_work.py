from __future__ import annotations

from sqlalchemy.orm import Session

from documents.adapters.repository import AgreementRepository
from portal_kit.uow import UnitOfWork


class DocumentsUnitOfWork(UnitOfWork):
    agreements: AgreementRepository

    def open(self, session: Session) -> None:
        self.agreements = AgreementRepository(session)
