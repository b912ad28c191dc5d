"""Identity's tables (and the kit's outbox and inbox) and how the model maps onto them."""
from __future__ import annotations

from enum import Enum

from sqlalchemy import Column, Integer, MetaData, String, Table, UniqueConstraint, event
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import registry

from identity.domain.model import AgreementStatus, Organisation, OrganisationKind, Party
from portal_kit.db import UtcDateTime, kit_tables

metadata = MetaData()
mapper_registry = registry(metadata=metadata)
outbox, inbox = kit_tables(metadata)


def _enum(enum: type[Enum]) -> SqlEnum:
    return SqlEnum(enum, native_enum=False, length=20, validate_strings=True,
                   values_callable=lambda members: [m.value for m in members])


organisations = Table(
    "organisations", metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", _enum(OrganisationKind), nullable=False),
    Column("country", String(2), nullable=False),
    Column("organisation_number", String(40), nullable=False),
    Column("contact_email", String(320), nullable=False),
    Column("registered_at", UtcDateTime(), nullable=False),
    Column("agreement_status", _enum(AgreementStatus), nullable=False),
    Column("agreement_version", Integer, nullable=False),
    Column("signatory_name", String(200)),
    Column("signed_at", UtcDateTime()),
    Column("terminated_at", UtcDateTime()),
    Column("terminated_by_party", _enum(Party)),
    Column("termination_reason", String(2000)),
    UniqueConstraint("country", "organisation_number", name="uq_organisation_number"),
)


def start_mappers() -> None:
    """Map the model onto the tables, once per process."""
    if getattr(Organisation, "__mapper__", None) is not None:
        return
    mapper_registry.map_imperatively(Organisation, organisations)
    event.listen(Organisation, "load", _fresh_event_list)


def _fresh_event_list(organisation: Organisation, _context: object) -> None:
    organisation.events = []
