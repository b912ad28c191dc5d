from __future__ import annotations

from sqlalchemy.orm import Session

from notifications.adapters.repository import DeliveryRepository
from portal_kit.uow import UnitOfWork


class NotificationsUnitOfWork(UnitOfWork):
    deliveries: DeliveryRepository

    def open(self, session: Session) -> None:
        self.deliveries = DeliveryRepository(session, self.track)
