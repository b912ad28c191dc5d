"""'Awaiting your approval': immediately, or kept for the person's daily digest, as they
chose; and the digest itself, claimed once per person and day in the database."""
from __future__ import annotations

import logging

from notifications.domain import commands
from notifications.domain.digest import AwaitingApproval, digest_day
from notifications.domain.exceptions import UnknownChoice
from notifications.domain.messages import AWAITING_APPROVAL, CHOICES, DAILY_DIGEST
from notifications.domain.model import Origin
from notifications.domain.recipients import Recipient
from notifications.domain.unsubscribe import UnsubscribeLinks
from notifications.service_layer.notify import Renderer, notify
from notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from portal_kit.clock import Clock

log = logging.getLogger(__name__)


def note_awaiting_approval(command: commands.NoteAwaitingApproval,
                           uow: NotificationsUnitOfWork, renderer: Renderer,
                           links: UnsubscribeLinks, clock: Clock) -> None:
    """In a transaction of its own; a message key that was noted before adds nothing."""
    with uow:
        note(uow, renderer, links, clock, command)
        uow.commit()


def note(uow: NotificationsUnitOfWork, renderer: Renderer, links: UnsubscribeLinks,
         clock: Clock, command: commands.NoteAwaitingApproval) -> None:
    """Within the caller's unit of work (an event handler's, with its inbox record)."""
    recipient = _person(uow, command.person_id)
    if uow.preferences.choice(recipient.key, AWAITING_APPROVAL) == DAILY_DIGEST:
        uow.digests.keep(AwaitingApproval(
            command.person_id, command.trainee_name, command.item_title, command.link,
            command.source_event_id, command.source_event_id, command.organisation_id,
            clock.now()))
        return
    values = {"trainee_name": command.trainee_name, "item_title": command.item_title,
              "link": command.link}
    notify(uow, renderer, links, "awaiting_approval", recipient, values,
           Origin(command.source_event_id, command.organisation_id), clock.now())


def send_digests(command: commands.SendDigests, uow: NotificationsUnitOfWork,
                 renderer: Renderer, links: UnsubscribeLinks, clock: Clock,
                 digest_hour: int) -> int:
    """Queue the digest of everyone whose hour has come today; returns how many."""
    queued = 0
    with uow:
        now = clock.now()
        for person_id in uow.digests.people_waiting(command.limit):
            recipient = _person(uow, person_id)
            day = digest_day(now, recipient.time_zone, digest_hour)
            digest_id = uow.digests.claim(person_id, day, now) if day else None
            if digest_id is None:
                continue
            items = uow.digests.take(person_id, digest_id)
            organisations = {item["organisation_id"] for item in items}
            origin = Origin(f"digest:{digest_id}", organisations.pop()
                            if len(organisations) == 1 else None, f"digest:{person_id}:{day}")
            notify(uow, renderer, links, "awaiting_approval_digest", recipient,
                   {"items": items, "link": links.portal_url}, origin, now)
            queued += 1
        uow.commit()
    if queued:
        log.info("queued %s daily digests", queued)
    return queued


def choose_preferences(command: commands.ChoosePreferences, uow: NotificationsUnitOfWork,
                       clock: Clock) -> dict[str, str]:
    for category, choice in command.choices.items():
        if choice not in CHOICES.get(category, ()):
            raise UnknownChoice(f"{category!r} cannot be {choice!r}.", errors={category: [
                f"One of: {', '.join(CHOICES.get(category, ())) or 'no such category'}"]})
    key = f"person:{command.person_id}"
    with uow:
        for category, choice in command.choices.items():
            uow.preferences.choose(key, category, choice, clock.now())
        uow.commit()
    return preferences_of(uow, command.person_id)


def preferences_of(uow: NotificationsUnitOfWork, person_id: str) -> dict[str, str]:
    with uow:
        chosen = uow.preferences.choices(f"person:{person_id}")
    return {category: chosen.get(category, options[0]) for category, options in CHOICES.items()}


def _person(uow: NotificationsUnitOfWork, person_id: str) -> Recipient:
    contact = uow.contacts.get(person_id)
    return Recipient.person(contact) if contact else Recipient.unknown_person(person_id, None)
