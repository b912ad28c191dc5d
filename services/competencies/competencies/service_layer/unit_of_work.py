from __future__ import annotations

from sqlalchemy.orm import Session

from competencies.adapters.repository import AgreementRepository
from portal_kit.uow import UnitOfWork


class CompetenciesUnitOfWork(UnitOfWork):
    agreements: AgreementRepository

    def open(self, session: Session) -> None:
        self.agreements = AgreementRepository(session)
