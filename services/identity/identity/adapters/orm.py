"""Identity's tables (and the kit's outbox and inbox) and how the model maps onto them."""
from __future__ import annotations

from enum import Enum

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import registry, relationship

from identity.domain.agreements import AgreementText, HistoryEntry
from identity.domain.model import AgreementStatus, Organisation, OrganisationKind, Party
from identity.domain.people import Membership, Person, PersonStatus, Role
from portal_kit.audit_log import audit_table
from portal_kit.db import UtcDateTime, kit_tables

metadata = MetaData()
mapper_registry = registry(metadata=metadata)
outbox, inbox = kit_tables(metadata)
audit = audit_table(metadata)


def _enum(enum: type[Enum]) -> SqlEnum:
    return SqlEnum(enum, native_enum=False, length=20, validate_strings=True,
                   values_callable=lambda members: [m.value for m in members])


def _id(name: str = "id", *args: object, **kwargs: object) -> Column:
    return Column(name, String(36), *args, **kwargs)  # type: ignore[arg-type]


organisations = Table(
    "organisations", metadata,
    _id(primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", _enum(OrganisationKind), nullable=False),
    Column("country", String(2), nullable=False),
    Column("organisation_number", String(40)),
    Column("contact_email", String(320)),
    Column("code", String(40)),
    _id("agreement_holder_id", ForeignKey("organisations.id", name="fk_organisation_holder"),
        index=True),
    Column("registered_at", UtcDateTime(), nullable=False),
    Column("agreement_status", _enum(AgreementStatus), nullable=False),
    Column("agreement_version", Integer, nullable=False),
    Column("agreement_text_version", Integer),
    Column("signatory_name", String(200)),
    _id("signatory_person_id"),
    Column("signature_method", String(10)),
    Column("signed_at", UtcDateTime()),
    Column("terminated_at", UtcDateTime()),
    Column("terminated_by_party", _enum(Party)),
    Column("termination_reason", String(2000)),
    UniqueConstraint("country", "organisation_number", name="uq_organisation_number"),
    UniqueConstraint("country", "kind", "code", name="uq_organisation_code"),
)

agreement_history = Table(
    "agreement_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _id("organisation_id", ForeignKey("organisations.id"), nullable=False, index=True),
    Column("agreement_version", Integer, nullable=False),
    Column("action", String(20), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("recorded_by", String(200), nullable=False),
    Column("text_version", Integer),
    Column("signatory_name", String(200)),
    _id("signatory_person_id"),
    Column("method", String(10)),
    Column("party", String(20)),
    Column("reason", String(2000)),
)

agreement_texts = Table(
    "agreement_texts", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("published_at", UtcDateTime(), nullable=False),
    Column("published_by", String(200), nullable=False),
)

people = Table(
    "people", metadata,
    _id(primary_key=True),
    Column("status", _enum(PersonStatus), nullable=False),
    Column("country", String(2), nullable=False),
    Column("given_name", String(200), nullable=False),
    Column("family_name", String(200), nullable=False),
    Column("email", String(320), unique=True),
    Column("mobile", String(40)),
    Column("language", String(5), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("hpr_number", String(20), unique=True),
    Column("dk_authorisation_id", String(20), unique=True),
    Column("national_id_hash", String(64), unique=True),
    Column("is_operator", Boolean, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("registered_at", UtcDateTime()),
    Column("pending_invitation", JSON),
    _id("organisation_id", ForeignKey("organisations.id"), index=True),
)

memberships = Table(
    "memberships", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _id("person_id", ForeignKey("people.id"), nullable=False),
    _id("organisation_id", ForeignKey("organisations.id"), nullable=False, index=True),
    Column("role", _enum(Role), nullable=False),
    Column("granted_at", UtcDateTime(), nullable=False),
    Column("granted_by", String(200), nullable=False),
    UniqueConstraint("person_id", "organisation_id", "role", name="uq_membership"),
)

used_tickets = Table(
    "used_registration_tickets", metadata,
    Column("jti", String(200), primary_key=True),
    Column("used_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
)

oauth_clients = Table(
    "oauth_clients", metadata,
    Column("client_id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("secret_hash", String(200), nullable=False),
    Column("scopes", JSON, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("revoked_at", UtcDateTime()),
)

authorization_codes = Table(
    "authorization_codes", metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("client_id", String(100), nullable=False),
    _id("person_id", nullable=False),
    Column("redirect_uri", String(2000), nullable=False),
    Column("scope", String(500), nullable=False),
    Column("nonce", String(500)),
    Column("code_challenge", String(200), nullable=False),
    Column("code_challenge_method", String(10), nullable=False),
    Column("assurance", String(20), nullable=False),
    Column("auth_time", Integer, nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
    Column("used_at", UtcDateTime()),
    _id("family_id"),
)

refresh_tokens = Table(
    "refresh_tokens", metadata,
    Column("token_hash", String(64), primary_key=True),
    _id("family_id", nullable=False, index=True),
    Column("client_id", String(100), nullable=False),
    _id("person_id", nullable=False, index=True),
    Column("scope", String(500), nullable=False),
    Column("assurance", String(20), nullable=False),
    Column("auth_time", Integer, nullable=False),
    Column("issued_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("rotated_at", UtcDateTime()),
    Column("revoked_at", UtcDateTime()),
)

login_transactions = Table(
    "login_transactions", metadata,
    Column("state_hash", String(64), primary_key=True),
    Column("broker", String(40), nullable=False),
    Column("request", JSON, nullable=False),
    Column("nonce", String(100), nullable=False),
    Column("code_verifier", String(200), nullable=False),
    Column("ticket", JSON),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
    Column("used_at", UtcDateTime()),
)

pushed_requests = Table(
    "pushed_authorization_requests", metadata,
    Column("request_hash", String(64), primary_key=True),
    Column("client_id", String(100), nullable=False),
    Column("request", JSON, nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
    Column("used_at", UtcDateTime()),
)

signing_keys = Table(
    "signing_keys", metadata,
    Column("kid", String(100), primary_key=True),
    Column("public_jwk", JSON, nullable=False),
    Column("first_used_at", UtcDateTime(), nullable=False),
    Column("last_signed_at", UtcDateTime(), nullable=False),
)

Index("ix_people_status", people.c.status)


def start_mappers() -> None:
    """Map the model onto the tables, once per process."""
    if getattr(Organisation, "__mapper__", None) is not None:
        return
    history = mapper_registry.map_imperatively(HistoryEntry, agreement_history)
    mapper_registry.map_imperatively(Organisation, organisations, properties={
        "history": relationship(history, order_by=agreement_history.c.id,
                                cascade="all, delete-orphan", lazy="selectin")})
    mapper_registry.map_imperatively(AgreementText, agreement_texts)
    membership = mapper_registry.map_imperatively(Membership, memberships)
    mapper_registry.map_imperatively(Person, people, properties={
        "memberships": relationship(membership, cascade="all, delete-orphan",
                                    lazy="selectin", order_by=memberships.c.id)})
    for aggregate in (Organisation, AgreementText, Person):
        event.listen(aggregate, "load", _fresh_lists)


def _fresh_lists(aggregate: object, _context: object) -> None:
    aggregate.events = []  # type: ignore[attr-defined]
    aggregate.audit = []  # type: ignore[attr-defined]
