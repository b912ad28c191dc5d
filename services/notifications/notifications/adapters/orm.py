"""Notifications' tables and the mapping: the delivery log, its own projection of people
and agreements, preferences, the kit's outbox and inbox."""
from __future__ import annotations

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, Text, event
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import registry
from sqlalchemy.schema import Index, PrimaryKeyConstraint, UniqueConstraint

from notifications.domain.model import Delivery, DeliveryStatus
from notifications.domain.recipients import Contact
from portal_kit.db import UtcDateTime, kit_tables

metadata = MetaData()
mapper_registry = registry(metadata=metadata)
outbox, inbox = kit_tables(metadata)

deliveries = Table(
    "deliveries", metadata,
    Column("id", String(36), primary_key=True),
    Column("channel", String(20), nullable=False),
    Column("recipient_key", String(400), nullable=False),
    Column("address", String(320), nullable=False, index=True),
    Column("recipient_name", String(300), nullable=False),
    Column("person_id", String(100), index=True),
    Column("organisation_id", String(100)),
    Column("template", String(100), nullable=False),
    Column("category", String(50), nullable=False),
    Column("language", String(5), nullable=False),
    Column("subject", String(500), nullable=False),
    Column("body", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("source_event_id", String(200), nullable=False),
    Column("message_key", String(300), nullable=False),
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
    Column("settled_at", UtcDateTime()),
    # One message per event, recipient and channel, even if the inbox were bypassed.
    UniqueConstraint("message_key", "recipient_key", "channel",
                     name="uq_delivery_per_event_recipient_channel"),
    Index("ix_deliveries_due", "status", "next_attempt_at"),
    Index("ix_deliveries_organisation_status", "organisation_id", "status"),
)

contacts = Table(
    "contacts", metadata,
    Column("person_id", String(100), primary_key=True),
    Column("given_name", String(200), nullable=False),
    Column("family_name", String(200), nullable=False),
    Column("email", String(320)),
    Column("mobile", String(32)),
    Column("language", String(5)),
    Column("country", String(2)),
    Column("time_zone", String(64)),
    Column("updated_at", UtcDateTime(), nullable=False),
)

# Who signed each organisation's agreement in force, so a termination reaches them too.
signatories = Table(
    "signatories", metadata,
    Column("organisation_id", String(100), primary_key=True),
    Column("person_id", String(100)),
    Column("agreement_version", Integer, nullable=False),
)

preferences = Table(
    "preferences", metadata,
    Column("recipient_key", String(400), nullable=False),
    Column("category", String(50), nullable=False),
    Column("choice", String(20), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("recipient_key", "category"),
)


def start_mappers() -> None:
    """Map the model onto the tables, once per process."""
    if getattr(Delivery, "__mapper__", None) is not None:
        return
    mapper_registry.map_imperatively(Delivery, deliveries)
    mapper_registry.map_imperatively(Contact, contacts)
    event.listen(Delivery, "load", _fresh_event_list)


def _fresh_event_list(delivery: Delivery, _context: object) -> None:
    delivery.events = []

digest_items = Table(
    "digest_items", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", String(100), nullable=False),
    Column("message_key", String(300), nullable=False),
    Column("source_event_id", String(200), nullable=False),
    Column("organisation_id", String(100)),
    Column("trainee_name", String(300), nullable=False),
    Column("item_title", String(500), nullable=False),
    Column("link", String(2000), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("digest_id", String(36)),
    UniqueConstraint("message_key", "person_id", name="uq_digest_item_per_message"),
    Index("ix_digest_items_waiting", "digest_id", "person_id"),
)

# The claim: one digest per person and local date, whichever replica inserts it first.
digests = Table(
    "digests", metadata,
    Column("id", String(36), primary_key=True),
    Column("person_id", String(100), nullable=False),
    Column("local_date", Date, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("person_id", "local_date", name="uq_digest_per_person_and_day"),
)
