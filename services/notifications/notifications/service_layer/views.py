"""Read side: the delivery log as the HTTP API shows it, and what an unsubscribe link is for."""
from __future__ import annotations

from typing import Any

from notifications.domain.exceptions import InvalidUnsubscribeLink
from notifications.domain.model import Delivery
from notifications.domain.unsubscribe import UnsubscribeLinks
from notifications.service_layer import access
from notifications.service_layer.handlers import UnsubscribeAnswer
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork

MAX_LISTED = 100


def deliveries(uow: NotificationsUnitOfWork, recipient: str | None = None) -> list[Delivery]:
    """The newest deliveries first (at most 100), to one address if given."""
    with uow:
        return uow.deliveries.latest(recipient, MAX_LISTED)


def unsubscribe_link(uow: NotificationsUnitOfWork, links: UnsubscribeLinks,
                     token: str) -> UnsubscribeAnswer:
    """The language of the message a link came with, and whether its kind is mandatory."""
    delivery_id = links.delivery_id(token)
    with uow:
        delivery = uow.deliveries.get(delivery_id)
        if delivery is None:
            raise InvalidUnsubscribeLink("This unsubscribe link is not valid.")
        return UnsubscribeAnswer(delivery.language, not delivery.unsubscribable,
                                 delivery.category)


def notifications_of(uow: NotificationsUnitOfWork, principal: Any,
                     person_id: str) -> list[Delivery]:
    """A person's notifications, newest first, as far as the principal may see them."""
    person_id = principal.subject if person_id == "me" else person_id
    organisations = access.readable_organisations(principal, person_id)
    with uow:
        return uow.deliveries.of_person(person_id, organisations, MAX_LISTED)


def failed_deliveries(uow: NotificationsUnitOfWork, principal: Any,
                      organisation_id: str) -> list[Delivery]:
    """What could not be delivered for an organisation (failed or dead-lettered)."""
    access.require_administrator(principal, organisation_id)
    with uow:
        return uow.deliveries.failed_in(organisation_id, MAX_LISTED)
