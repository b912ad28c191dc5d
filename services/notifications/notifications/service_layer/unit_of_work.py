from __future__ import annotations

from sqlalchemy.orm import Session

from notifications.adapters.repository import (
    ContactRepository,
    DeliveryRepository,
    DigestRepository,
    PreferenceRepository,
    SignatoryRepository,
)
from portal_kit.uow import UnitOfWork


class NotificationsUnitOfWork(UnitOfWork):
    deliveries: DeliveryRepository
    contacts: ContactRepository
    signatories: SignatoryRepository
    preferences: PreferenceRepository
    digests: DigestRepository

    def open(self, session: Session) -> None:
        self.deliveries = DeliveryRepository(session, self.track)
        self.contacts = ContactRepository(session)
        self.signatories = SignatoryRepository(session)
        self.preferences = PreferenceRepository(session)
        self.digests = DigestRepository(session)
