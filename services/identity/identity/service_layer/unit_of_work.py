from __future__ import annotations

from sqlalchemy.orm import Session

from identity.adapters.repository import OrganisationRepository
from portal_kit.uow import UnitOfWork


class IdentityUnitOfWork(UnitOfWork):
    organisations: OrganisationRepository

    def open(self, session: Session) -> None:
        self.organisations = OrganisationRepository(session, self.track)
