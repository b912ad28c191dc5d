"""Competencies' tables (and the kit's outbox, inbox and audit log) and the model's mapping."""
from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
)
from sqlalchemy.orm import registry, relationship

from competencies.domain.model import OrganisationAgreement
from competencies.domain.programmes import Enrolment, Placement
from competencies.domain.projections import Membership, Organisation, Person, Relationship
from competencies.domain.visibility import AccessOpening
from portal_kit.audit_log import audit_table
from portal_kit.db import UtcDateTime, kit_tables

metadata = MetaData()
mapper_registry = registry(metadata=metadata)
outbox, inbox = kit_tables(metadata)
audit = audit_table(metadata)
ID = 36

organisation_agreements = Table(
    "organisation_agreements", metadata,
    Column("organisation_id", String(ID), primary_key=True),
    Column("organisation_name", String(200), nullable=False),
    Column("agreement_version", Integer, nullable=False),
    Column("in_force", Boolean, nullable=False),
    Column("changed_at", UtcDateTime(), nullable=False),
)

curriculum_versions = Table(
    "curriculum_versions", metadata,
    Column("curriculum", String(60), primary_key=True),
    Column("version", String(40), primary_key=True),
    Column("programme", String(200), nullable=False),
    Column("country", String(2), nullable=False),
    Column("language", String(5), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("previous_version", String(40)),
    Column("item_count", Integer, nullable=False),
    Column("checksum", String(64), nullable=False),
    Column("document", Text, nullable=False),
    Column("loaded_at", UtcDateTime(), nullable=False),
)

curriculum_items = Table(
    "curriculum_items", metadata,
    Column("curriculum", String(60), primary_key=True),
    Column("version", String(40), primary_key=True),
    Column("code", String(40), primary_key=True),
    Column("group_code", String(60), nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("title", String(300), nullable=False),
    Column("wording", String(20), nullable=False),
    Column("replaces", JSON, nullable=False),
    Column("stricter", Boolean, nullable=False),
)

organisations = Table(
    "organisations", metadata,
    Column("organisation_id", String(ID), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("country", String(2), nullable=False),
    Column("agreement_holder_id", String(ID), index=True),
)

memberships = Table(
    "memberships", metadata,
    Column("person_id", String(ID), primary_key=True),
    Column("organisation_id", String(ID), primary_key=True),
    Column("role", String(40), primary_key=True),
    Column("agreement_holder_id", String(ID), nullable=False),
    Column("since", UtcDateTime(), nullable=False),
    Column("withdrawn_at", UtcDateTime()),
    Index("ix_memberships_organisation_role", "organisation_id", "role"),
)

people = Table(
    "people", metadata,
    Column("person_id", String(ID), primary_key=True),
    Column("given_name", String(200), nullable=False),
    Column("family_name", String(200), nullable=False),
)

relationships = Table(
    "relationships", metadata,
    Column("relationship_id", String(ID), primary_key=True),
    Column("trainee_id", String(ID), nullable=False, index=True),
    Column("person_id", String(ID), nullable=False, index=True),
    Column("role", String(40), nullable=False),
    Column("organisation_id", String(ID), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),
    Column("version", Integer, nullable=False),
    Column("ended", Boolean, nullable=False),
)

enrolments = Table(
    "enrolments", metadata,
    Column("enrolment_id", String(ID), primary_key=True),
    Column("trainee_id", String(ID), nullable=False, index=True),
    Column("curriculum", String(60), nullable=False),
    Column("curriculum_version", String(40), nullable=False),
    Column("programme", String(200), nullable=False),
    Column("country", String(2), nullable=False),
    Column("agreement_holder_id", String(ID), nullable=False, index=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date),
    Column("enrolled_at", UtcDateTime(), nullable=False),
    Column("enrolled_by", String(200), nullable=False),
    Column("cancelled_at", UtcDateTime()),
    Column("cancelled_by", String(200)),
    Column("cancel_reason", Text),
)

placements = Table(
    "placements", metadata,
    Column("placement_id", String(ID), primary_key=True),
    Column("enrolment_id", String(ID), ForeignKey("enrolments.enrolment_id"),
           nullable=False, index=True),
    Column("trainee_id", String(ID), nullable=False, index=True),
    Column("place_id", String(ID), nullable=False, index=True),
    Column("agreement_holder_id", String(ID), nullable=False),
    Column("element", String(60), nullable=False),
    Column("element_kind", String(30), nullable=False),
    Column("plan", JSON, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("tutor_id", String(ID), index=True),
    Column("tutor_since", UtcDateTime()),
    Column("cancelled_at", UtcDateTime()),
    Column("cancelled_by", String(200)),
    Column("cancel_reason", Text),
)

access_openings = Table(
    "access_openings", metadata,
    Column("opening_id", String(ID), primary_key=True),
    Column("trainee_id", String(ID), nullable=False),
    Column("place_id", String(ID), nullable=False, index=True),
    Column("agreement_holder_id", String(ID), nullable=False),
    Column("opened_from", Date, nullable=False),
    Column("opened_until", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("opened_at", UtcDateTime(), nullable=False),
    Column("opened_by", String(200), nullable=False),
    Index("ix_access_openings_trainee_place", "trainee_id", "place_id"),
)

record_reads = Table(
    "record_reads", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trainee_id", String(ID), nullable=False),
    Column("reader_id", String(200), nullable=False),
    Column("read_as", String(30), nullable=False),
    Column("place_id", String(ID)),
    Column("opening_id", String(ID)),
    Column("at", UtcDateTime(), nullable=False),
    Index("ix_record_reads_trainee_at", "trainee_id", "at"),
)


def _fresh_records(target: Any, _context: Any) -> None:
    """Loaded aggregates start with nothing recorded (``__init__`` is not run on load)."""
    target.events, target.audit = [], []


def start_mappers() -> None:
    """Map the model onto the tables, once per process."""
    if getattr(OrganisationAgreement, "__mapper__", None) is not None:
        return
    mapper_registry.map_imperatively(OrganisationAgreement, organisation_agreements)
    mapper_registry.map_imperatively(Placement, placements)
    mapper_registry.map_imperatively(Enrolment, enrolments, properties={
        "placements": relationship(Placement, lazy="selectin", order_by=placements.c.starts_on,
                                   cascade="all, delete-orphan")})
    mapper_registry.map_imperatively(AccessOpening, access_openings)
    mapper_registry.map_imperatively(Organisation, organisations)
    mapper_registry.map_imperatively(Membership, memberships)
    mapper_registry.map_imperatively(Person, people)
    mapper_registry.map_imperatively(Relationship, relationships)
    for aggregate in (Enrolment, AccessOpening):
        event.listen(aggregate, "load", _fresh_records)
