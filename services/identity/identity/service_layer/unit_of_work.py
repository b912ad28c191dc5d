from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from identity.adapters.protocol_store import ProtocolStore
from identity.adapters.repository import (
    AgreementTextRepository,
    OrganisationRepository,
    PersonRepository,
)
from identity.schemas.events import companions
from portal_kit.uow import UnitOfWork


class IdentityUnitOfWork(UnitOfWork):
    organisations: OrganisationRepository
    agreement_texts: AgreementTextRepository
    people: PersonRepository
    protocol: ProtocolStore

    def open(self, session: Session) -> None:
        self.organisations = OrganisationRepository(session, self.track)
        self.agreement_texts = AgreementTextRepository(session, self.track)
        self.people = PersonRepository(session, self.track)
        self.protocol = ProtocolStore(session)

    def collect_new_events(self) -> Iterator[Any]:
        """Each event, followed by its deprecated v1 form while consumers move to v2."""
        for event in super().collect_new_events():
            yield event
            yield from companions(event)
