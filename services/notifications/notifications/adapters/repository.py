from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from notifications.adapters.orm import deliveries
from notifications.domain.model import Delivery, DeliveryStatus, RetryPolicy


class DeliveryRepository:
    """The delivery log; every delivery handed out is tracked so its events reach the outbox."""

    def __init__(self, session: Session, track: Callable[[Any], Any]) -> None:
        self.session = session
        self.track = track

    def add(self, delivery: Delivery) -> None:
        self.session.add(self.track(delivery))

    def get(self, delivery_id: str) -> Delivery | None:
        delivery = self.session.get(Delivery, delivery_id)
        return self.track(delivery) if delivery is not None else None

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
            query = query.where(func.lower(d.recipient) == recipient.lower())
        return list(self.session.scalars(query))
