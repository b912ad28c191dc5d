"""Notifications' tables (the delivery log, the kit's outbox and inbox) and the mapping."""
from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, event
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import registry
from sqlalchemy.schema import Index, UniqueConstraint

from notifications.domain.model import Delivery, DeliveryStatus
from portal_kit.db import UtcDateTime, kit_tables

metadata = MetaData()
mapper_registry = registry(metadata=metadata)
outbox, inbox = kit_tables(metadata)

deliveries = Table(
    "deliveries", metadata,
    Column("id", String(36), primary_key=True),
    Column("channel", String(20), nullable=False),
    Column("recipient", String(320), nullable=False, index=True),
    Column("subject", String(500), nullable=False),
    Column("body", Text, nullable=False),
    Column("template", String(100), nullable=False),
    Column("source_event_id", String(200), nullable=False),
    Column("status", SqlEnum(DeliveryStatus, native_enum=False, length=20,
                             validate_strings=True,
                             values_callable=lambda members: [m.value for m in members]),
           nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("next_attempt_at", UtcDateTime()),
    Column("claimed_at", UtcDateTime()),
    Column("sent_at", UtcDateTime()),
    # One mail per event, template and recipient, even if the inbox were bypassed.
    UniqueConstraint("source_event_id", "template", "recipient",
                     name="uq_delivery_per_event"),
    Index("ix_deliveries_due", "status", "next_attempt_at"),
)


def start_mappers() -> None:
    """Map the model onto the tables, once per process."""
    if getattr(Delivery, "__mapper__", None) is not None:
        return
    mapper_registry.map_imperatively(Delivery, deliveries)
    event.listen(Delivery, "load", _fresh_event_list)


def _fresh_event_list(delivery: Delivery, _context: object) -> None:
    delivery.events = []
