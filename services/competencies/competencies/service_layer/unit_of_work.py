from __future__ import annotations

from sqlalchemy.orm import Session

from competencies.adapters.repository import (
    AgreementRepository,
    CurriculumRepository,
    EnrolmentRepository,
    KnownRepository,
    OpeningRepository,
    ReadLog,
)
from portal_kit.uow import UnitOfWork


class CompetenciesUnitOfWork(UnitOfWork):
    agreements: AgreementRepository
    curricula: CurriculumRepository
    enrolments: EnrolmentRepository
    openings: OpeningRepository
    known: KnownRepository
    reads: ReadLog

    def open(self, session: Session) -> None:
        self.agreements = AgreementRepository(session)
        self.curricula = CurriculumRepository(session)
        self.enrolments = EnrolmentRepository(session)
        self.openings = OpeningRepository(session)
        self.known = KnownRepository(session)
        self.reads = ReadLog(session)
