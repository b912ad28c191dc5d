"""Messages other services ask for by command (``portal_contracts.notification_commands``):
the invitation, its reminder and the vejleder's access mail, sent for invitations.

The command says where to send (the address only delivers the link: an invitation is
bound to whoever accepts it) and, if known, the language; a recipient who is already a
person in the portal gets their own language from their profile when the command names
none. Each command id is applied once (inbox), like an event.
"""
from __future__ import annotations

from typing import Any

from notifications.domain.model import Origin
from notifications.domain.recipients import Recipient, language_for
from notifications.domain.unsubscribe import UnsubscribeLinks
from notifications.service_layer.notify import Renderer, notify
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from portal_contracts import read
from portal_contracts.notification_commands import (
    SendInvitationReminderV1,
    SendInvitationV1,
    SendVejlederAccessV1,
)
from portal_kit.clock import Clock
from portal_kit.inbox import idempotent


@idempotent("notifications.send_invitation")
def send_invitation(event: dict[str, Any], uow: NotificationsUnitOfWork, renderer: Renderer,
                    links: UnsubscribeLinks, clock: Clock) -> None:
    _invitation(uow, renderer, links, clock, event, read(SendInvitationV1, event), "invitation")


@idempotent("notifications.send_invitation_reminder")
def send_invitation_reminder(event: dict[str, Any], uow: NotificationsUnitOfWork,
                             renderer: Renderer, links: UnsubscribeLinks, clock: Clock) -> None:
    _invitation(uow, renderer, links, clock, event, read(SendInvitationReminderV1, event),
                "invitation_reminder")


@idempotent("notifications.send_vejleder_access")
def send_vejleder_access(event: dict[str, Any], uow: NotificationsUnitOfWork,
                         renderer: Renderer, links: UnsubscribeLinks, clock: Clock) -> None:
    data = read(SendVejlederAccessV1, event)
    values = {"tutor_name": data["tutor_name"], "practice": data["practice_name"],
              "valid_from": data["valid_from"], "valid_to": data["valid_to"],
              "trainee_names": data["trainee_names"], "link": data["link"]}
    notify(uow, renderer, links, "vejleder_access", _recipient(uow, data), values,
           Origin(event["id"], data["organisation_id"]), clock.now())


def _invitation(uow: NotificationsUnitOfWork, renderer: Renderer, links: UnsubscribeLinks,
                clock: Clock, event: dict[str, Any], data: dict[str, Any],
                template: str) -> None:
    values = {"trainee_name": data["trainee_name"], "role": data["role"],
              "organisation": data["organisation_name"], "link": data["link"],
              "expires_at": data["expires_at"]}
    notify(uow, renderer, links, template, _recipient(uow, data), values,
           Origin(event["id"], data["organisation_id"]), clock.now())


def _recipient(uow: NotificationsUnitOfWork, data: dict[str, Any]) -> Recipient:
    given = data["recipient"]
    known = uow.contacts.get(given["person_id"])
    language = given["language"] or (known.language if known else None)
    recipient = Recipient.address(given["email"], data["country"], name=given["name"] or (
        known.name if known else ""), language=language_for(language, data["country"]),
        mobile=given["mobile"], person_id=given["person_id"])
    return recipient
