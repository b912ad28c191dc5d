"""Sign-off tables and their mapping: records, activities, recommendations, delegations,
completions, the trainees' professional identifiers and the credential keys.

A record's ``version`` is SQLAlchemy's version counter: an UPDATE only applies to the
version it was read at, so of two approvers acting at once one wins and the other gets a
conflict, never a second record (the domain counts the version up itself).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    event,
    func,
)
from sqlalchemy.orm import relationship

from competencies.adapters.orm import mapper_registry, metadata
from competencies.domain.completion import ProgrammeCompletion
from competencies.domain.signoff import Activity, Recommendation, SignOff, State
from competencies.domain.signoff_delegation import Delegation
from portal_kit.db import UtcDateTime

ID = 36
PERSON = 200

sign_offs = Table(
    "sign_offs", metadata,
    Column("id", String(ID), primary_key=True),
    Column("enrolment_id", String(ID), nullable=False),
    Column("trainee_id", String(PERSON), nullable=False, index=True),
    Column("agreement_holder_id", String(ID), nullable=False),
    Column("curriculum", String(100), nullable=False),
    Column("curriculum_version", String(40), nullable=False),
    Column("code", String(100), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("placement_id", String(ID)),
    Column("title", String(500), nullable=False),
    Column("state", Enum(State, native_enum=False, length=30, name="sign_off_state",
                         values_callable=lambda states: [s.value for s in states]),
           nullable=False),
    Column("version", Integer, nullable=False),
    Column("approver_id", String(PERSON)),
    Column("submitted_at", UtcDateTime()),
    Column("decided_at", UtcDateTime()),
    Column("decided_by", String(PERSON)),
    Column("decided_role", String(40)),
    Column("on_behalf_of", String(PERSON)),
    Column("comment", Text),
    Index("ix_sign_offs_queue", "state", "approver_id", "submitted_at"),
    Index("ix_sign_offs_holder", "agreement_holder_id", "state", "submitted_at"),
)

# One record per unit of sign-off of an enrolment's curriculum version (and placement).
Index("uq_sign_offs_unit", sign_offs.c.enrolment_id, sign_offs.c.curriculum_version,
      sign_offs.c.code, func.coalesce(sign_offs.c.placement_id, ""), unique=True)

sign_off_activities = Table(
    "sign_off_activities", metadata,
    Column("id", String(ID), primary_key=True),
    Column("sign_off_id", String(ID), ForeignKey("sign_offs.id"), nullable=False, index=True),
    Column("title", String(500), nullable=False),
    Column("performed_on", Date, nullable=False),
    Column("logged_at", UtcDateTime(), nullable=False),
    Column("confirmed_by", String(PERSON)),
    Column("confirmed_at", UtcDateTime()),
    Column("carried_from", String(ID)),
)

sign_off_recommendations = Table(
    "sign_off_recommendations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sign_off_id", String(ID), ForeignKey("sign_offs.id"), nullable=False, index=True),
    Column("by", String(PERSON), nullable=False),
    Column("role", String(40), nullable=False),
    Column("comment", Text),
    Column("at", UtcDateTime(), nullable=False),
)

delegations = Table(
    "delegations", metadata,
    Column("id", String(ID), primary_key=True),
    Column("leader_id", String(PERSON), nullable=False, index=True),
    Column("delegate_id", String(PERSON), nullable=False, index=True),
    Column("organisation_id", String(ID), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=False),
    Column("granted_at", UtcDateTime(), nullable=False),
    Column("ended_at", UtcDateTime()),
)

programme_completions = Table(
    "programme_completions", metadata,
    Column("enrolment_id", String(ID), primary_key=True),
    Column("trainee_id", String(PERSON), nullable=False, index=True),
    Column("credential_id", String(100), nullable=False, unique=True),
    Column("completed_at", UtcDateTime(), nullable=False),
    Column("record", JSON, nullable=False),
    Column("credential", Text),
    Column("credential_kid", String(100)),
)

trainee_identifiers = Table(
    "trainee_identifiers", metadata,
    Column("person_id", String(PERSON), primary_key=True),
    Column("name", String(400), nullable=False),
    Column("hpr_number", String(20)),
    Column("authorisation_id", String(40)),
    Column("language", String(5)),
)

credential_keys = Table(
    "credential_keys", metadata,
    Column("kid", String(100), primary_key=True),
    Column("public_jwk", JSON, nullable=False),
    Column("first_used_at", UtcDateTime(), nullable=False),
    Column("last_used_at", UtcDateTime(), nullable=False),
)


def _fresh_records(target: Any, _context: Any) -> None:
    """A loaded aggregate starts with nothing new to publish or audit."""
    target.events, target.audit = [], []


def start_signoff_mappers() -> None:
    """Map the sign-off model onto its tables, once per process."""
    if getattr(SignOff, "__mapper__", None) is not None:
        return
    mapper_registry.map_imperatively(Activity, sign_off_activities)
    mapper_registry.map_imperatively(Recommendation, sign_off_recommendations)
    mapper_registry.map_imperatively(SignOff, sign_offs, properties={
        "activities": relationship(Activity, order_by=sign_off_activities.c.logged_at,
                                   cascade="all, delete-orphan", lazy="selectin"),
        "recommendations": relationship(Recommendation,
                                        order_by=sign_off_recommendations.c.id,
                                        cascade="all, delete-orphan", lazy="selectin"),
    }, version_id_col=sign_offs.c.version, version_id_generator=False)
    mapper_registry.map_imperatively(Delegation, delegations)
    mapper_registry.map_imperatively(ProgrammeCompletion, programme_completions)
    for model in (SignOff, Delegation, ProgrammeCompletion):
        event.listen(model, "load", _fresh_records)
