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
from competencies.adapters.repository_evidence import EvidenceRepository
from competencies.adapters.repository_signoff import SignOffRepository
from portal_kit.uow import UnitOfWork


class CompetenciesUnitOfWork(UnitOfWork):
    agreements: AgreementRepository
    curricula: CurriculumRepository
    enrolments: EnrolmentRepository
    openings: OpeningRepository
    known: KnownRepository
    reads: ReadLog
    sign_offs: SignOffRepository
    evidence: EvidenceRepository

    def open(self, session: Session) -> None:
        self.agreements = AgreementRepository(session)
        self.curricula = CurriculumRepository(session)
        self.enrolments = EnrolmentRepository(session)
        self.openings = OpeningRepository(session)
        self.known = KnownRepository(session)
        self.reads = ReadLog(session)
        self.sign_offs = SignOffRepository(session)
        self.evidence = EvidenceRepository(session)
