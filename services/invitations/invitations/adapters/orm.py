"""Invitations' tables (and the kit's outbox, inbox and audit log) and the model's mapping."""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
)
from sqlalchemy.orm import registry

from invitations.domain.appointments import Appointment
from invitations.domain.invitations import Invitation
from invitations.domain.model import OrganisationAgreement
from invitations.domain.projections import Organisation, Person, Placement
from invitations.domain.relationships import Relationship
from portal_kit.audit_log import audit_table
from portal_kit.db import UtcDateTime, kit_tables

metadata = MetaData()
mapper_registry = registry(metadata=metadata)
outbox, inbox = kit_tables(metadata)
audit = audit_table(metadata)


def _id(name: str = "id", **kwargs: object) -> Column:
    return Column(name, String(36), primary_key=True, **kwargs)


organisation_agreements = Table(
    "organisation_agreements", metadata,
    Column("organisation_id", String(36), primary_key=True),
    Column("organisation_name", String(200), nullable=False),
    Column("agreement_version", Integer, nullable=False),
    Column("in_force", Boolean, nullable=False),
    Column("changed_at", UtcDateTime(), nullable=False),
)

organisations = Table(
    "organisations", metadata,
    _id("organisation_id"),
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("country", String(2), nullable=False),
    Column("agreement_holder_id", String(36)),
)

people = Table(
    "people", metadata,
    _id("person_id"),
    Column("given_name", String(100), nullable=False),
    Column("family_name", String(100), nullable=False),
    Column("email", String(320)),
    Column("language", String(5)),
    Column("country", String(2)),
    Column("authorisation_id", String(10), index=True),
    Column("hpr_number", String(10)),
    Column("changed_at", UtcDateTime(), nullable=False),
)

placements = Table(
    "placements", metadata,
    _id("placement_id"),
    Column("enrolment_id", String(36), nullable=False, index=True),
    Column("trainee_id", String(36), nullable=False, index=True),
    Column("place_id", String(36), nullable=False, index=True),
    Column("agreement_holder_id", String(36), nullable=False, index=True),
    Column("curriculum", String(40), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("country", String(2)),
    Column("cancelled", Boolean, nullable=False),
)

invitations = Table(
    "invitations", metadata,
    _id(),
    Column("trainee_id", String(36), nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("placement_id", String(36), nullable=False, index=True),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("email", String(320), nullable=False),
    Column("language", String(5)),
    Column("state", String(20), nullable=False),
    Column("link_digest", String(64), nullable=False, unique=True),
    Column("invited_by", String(200), nullable=False),
    Column("invited_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("reminded_at", UtcDateTime()),
    Column("person_id", String(36)),
    Column("settled_at", UtcDateTime()),
    Index("ix_invitations_state_expires_at", "state", "expires_at"),
)

relationships = Table(
    "relationships", metadata,
    _id(),
    Column("trainee_id", String(36), nullable=False, index=True),
    Column("person_id", String(36), nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("place_id", String(36), nullable=False),
    Column("source", String(20), nullable=False),
    Column("source_id", String(36), nullable=False, index=True),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("state", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("granted_at", UtcDateTime(), nullable=False),
    Column("granted_by", String(200), nullable=False),
    Column("placement_id", String(36), index=True),
    Column("ended_at", UtcDateTime()),
    Column("end_reason", String(40)),
)

appointments = Table(
    "appointments", metadata,
    _id(),
    Column("tutor_id", String(36), nullable=False, index=True),
    Column("place_id", String(36), nullable=False, index=True),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("authorisation_id", String(10), nullable=False, index=True),
    Column("given_name", String(100), nullable=False),
    Column("family_name", String(100), nullable=False),
    Column("email", String(320)),
    Column("mobile", String(20)),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("all_trainees", Boolean, nullable=False),
    Column("trainee_ids", JSON, nullable=False),
    Column("send_access_email", Boolean, nullable=False),
    Column("state", String(20), nullable=False),
    Column("appointed_at", UtcDateTime(), nullable=False),
    Column("person_id", String(36), index=True),
    Column("ended_at", UtcDateTime()),
)

signing_keys = Table(
    "signing_keys", metadata,
    Column("kid", String(100), primary_key=True),
    Column("public_jwk", Text, nullable=False),
    Column("first_used_at", UtcDateTime(), nullable=False),
    Column("last_signed_at", UtcDateTime(), nullable=False),
)


def start_mappers() -> None:
    """Map the model onto the tables, once per process."""
    if getattr(OrganisationAgreement, "__mapper__", None) is not None:
        return
    mapper_registry.map_imperatively(OrganisationAgreement, organisation_agreements)
    mapper_registry.map_imperatively(Organisation, organisations)
    mapper_registry.map_imperatively(Person, people)
    mapper_registry.map_imperatively(Placement, placements)
    mapper_registry.map_imperatively(Invitation, invitations)
    mapper_registry.map_imperatively(Relationship, relationships)
    mapper_registry.map_imperatively(Appointment, appointments)
    for aggregate in (Invitation, Relationship, Appointment):
        event.listen(aggregate, "load", _fresh_lists)


def _fresh_lists(aggregate: object, _context: object) -> None:
    aggregate.events = []  # type: ignore[attr-defined]
    aggregate.audit = []  # type: ignore[attr-defined]
