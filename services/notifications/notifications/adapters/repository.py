"""Repositories over notifications' tables; every delivery handed out is tracked so its
events reach the outbox."""
from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from notifications.adapters.orm import (
    deliveries,
    digest_items,
    digests,
    preferences,
    signatories,
)
from notifications.domain.digest import AwaitingApproval
from notifications.domain.messages import DEFAULT_CHOICE
from notifications.domain.model import SETTLED_BADLY, Delivery, DeliveryStatus, RetryPolicy
from notifications.domain.recipients import Contact


class DeliveryRepository:
    def __init__(self, session: Session, track: Callable[[Any], Any]) -> None:
        self.session = session
        self.track = track

    def add(self, delivery: Delivery) -> None:
        self.session.add(self.track(delivery))

    def get(self, delivery_id: str) -> Delivery | None:
        delivery = self.session.get(Delivery, delivery_id)
        return self.track(delivery) if delivery is not None else None

    def exists(self, message_key: str, recipient_key: str, channel: str) -> bool:
        d = deliveries.c
        return self.session.execute(select(d.id).where(
            d.message_key == message_key, d.recipient_key == recipient_key,
            d.channel == channel)).first() is not None

    def due(self, now: datetime, policy: RetryPolicy, limit: int) -> list[Delivery]:
        """Deliveries to attempt now, locked; rows another sender holds are skipped."""
        d = deliveries.c
        queued = and_(d.status == DeliveryStatus.QUEUED, d.next_attempt_at <= now)
        abandoned = and_(d.status == DeliveryStatus.SENDING, d.claimed_at <= now - policy.lease)
        query = (select(Delivery).where(or_(queued, abandoned))
                 .order_by(d.next_attempt_at, d.created_at).limit(limit)
                 .with_for_update(skip_locked=True))
        return [self.track(found) for found in self.session.scalars(query)]

    def latest(self, recipient: str | None = None, limit: int = 100) -> list[Delivery]:
        d = deliveries.c
        query = select(Delivery).order_by(d.created_at.desc(), d.id).limit(limit)
        if recipient:
            query = query.where(func.lower(d.address) == recipient.lower())
        return list(self.session.scalars(query))

    def of_person(self, person_id: str, organisation_ids: Collection[str] | None = None,
                  limit: int = 100) -> list[Delivery]:
        """A person's deliveries, newest first; only those concerning ``organisation_ids``."""
        d = deliveries.c
        query = (select(Delivery).where(d.person_id == person_id)
                 .order_by(d.created_at.desc(), d.id).limit(limit))
        if organisation_ids is not None:
            query = query.where(d.organisation_id.in_(list(organisation_ids)))
        return list(self.session.scalars(query))

    def failed_in(self, organisation_id: str, limit: int = 100) -> list[Delivery]:
        """Deliveries concerning the organisation that failed or were dead-lettered."""
        d = deliveries.c
        return list(self.session.scalars(
            select(Delivery).where(d.organisation_id == organisation_id,
                                   d.status.in_(SETTLED_BADLY))
            .order_by(d.settled_at.desc(), d.id).limit(limit)))


class ContactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, person_id: str | None) -> Contact | None:
        return self.session.get(Contact, person_id) if person_id else None

    def add(self, contact: Contact) -> None:
        self.session.add(contact)


class SignatoryRepository:
    """Who signed each organisation's agreement in force (from the dpa.signed events)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, organisation_id: str, person_id: str | None, version: int) -> None:
        s = signatories.c
        known = self.session.execute(select(s.agreement_version).where(
            s.organisation_id == organisation_id)).scalar()
        if known is None:
            self.session.execute(insert(signatories).values(
                organisation_id=organisation_id, person_id=person_id, agreement_version=version))
        elif version >= known:
            self.session.execute(update(signatories).where(s.organisation_id == organisation_id)
                                 .values(person_id=person_id, agreement_version=version))

    def of(self, organisation_id: str, version: int) -> str | None:
        s = signatories.c
        return self.session.execute(select(s.person_id).where(
            s.organisation_id == organisation_id, s.agreement_version == version)).scalar()


class PreferenceRepository:
    """Each recipient's choice per category (immediate, daily digest, off)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def choice(self, recipient_key: str, category: str) -> str:
        p = preferences.c
        found = self.session.execute(select(p.choice).where(
            p.recipient_key == recipient_key, p.category == category)).scalar()
        return str(found) if found else DEFAULT_CHOICE

    def choices(self, recipient_key: str) -> dict[str, str]:
        p = preferences.c
        rows = self.session.execute(select(p.category, p.choice).where(
            p.recipient_key == recipient_key))
        return dict(rows.tuples().all())

    def choose(self, recipient_key: str, category: str, choice: str, at: datetime) -> None:
        p = preferences.c
        changed = self.session.execute(
            update(preferences).where(p.recipient_key == recipient_key, p.category == category)
            .values(choice=choice, updated_at=at))
        if not changed.rowcount:  # type: ignore[attr-defined]
            self.session.execute(insert(preferences).values(
                recipient_key=recipient_key, category=category, choice=choice, updated_at=at))


class DigestRepository:
    """Items kept for daily digests, and the per-person-per-day claim."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def keep(self, item: AwaitingApproval) -> None:
        i = digest_items.c
        if self.session.execute(select(i.id).where(
                i.message_key == item.message_key, i.person_id == item.person_id)).first():
            return
        self.session.execute(insert(digest_items).values(
            person_id=item.person_id, message_key=item.message_key,
            source_event_id=item.source_event_id, organisation_id=item.organisation_id,
            trainee_name=item.trainee_name, item_title=item.item_title, link=item.link,
            created_at=item.created_at))

    def people_waiting(self, limit: int) -> list[str]:
        i = digest_items.c
        return list(self.session.scalars(select(i.person_id).where(i.digest_id.is_(None))
                                         .group_by(i.person_id).order_by(i.person_id)
                                         .limit(limit)))

    def claim(self, person_id: str, day: date, at: datetime) -> str | None:
        """The new digest's id, or None if this person's digest of ``day`` exists already
        (sent earlier, or claimed this moment by another replica)."""
        digest_id = str(uuid4())
        try:
            with self.session.begin_nested():
                self.session.execute(insert(digests).values(
                    id=digest_id, person_id=person_id, local_date=day, created_at=at))
        except IntegrityError:
            return None
        return digest_id

    def take(self, person_id: str, digest_id: str) -> list[dict[str, Any]]:
        """The person's waiting items, now belonging to the digest, oldest first."""
        i = digest_items.c
        rows = self.session.execute(select(i.id, i.trainee_name, i.item_title, i.organisation_id)
                                    .where(i.person_id == person_id, i.digest_id.is_(None))
                                    .order_by(i.created_at, i.id).with_for_update()).all()
        self.session.execute(update(digest_items).where(i.id.in_([r.id for r in rows]))
                             .values(digest_id=digest_id))
        return [{"trainee_name": r.trainee_name, "item_title": r.item_title,
                 "organisation_id": r.organisation_id} for r in rows]
