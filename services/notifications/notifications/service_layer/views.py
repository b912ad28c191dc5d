"""Read side: the delivery log as the HTTP API shows it."""
from __future__ import annotations

from notifications.domain.model import Delivery
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork

MAX_LISTED = 100


def deliveries(uow: NotificationsUnitOfWork, recipient: str | None = None) -> list[Delivery]:
    """The newest deliveries first (at most 100), to one recipient if given."""
    with uow:
        return uow.deliveries.latest(recipient, MAX_LISTED)
