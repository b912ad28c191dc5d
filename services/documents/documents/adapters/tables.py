"""Documents' own tables: evidence, the curriculum file library and the relations projection."""
from __future__ import annotations

from enum import Enum as PyEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)

from documents.domain.library import LibraryCategory
from documents.domain.model import DocumentKind, DocumentState
from portal_kit.db import UtcDateTime

PERSON = 64  # opaque person ids (and client ids)


def _enum(kind: type[PyEnum], name: str) -> Enum:
    return Enum(kind, name=name, native_enum=False, length=32,
                values_callable=lambda members: [m.value for m in members])


def evidence_tables(metadata: MetaData) -> Table:
    return Table(
        "documents", metadata,
        Column("id", String(36), primary_key=True),
        Column("trainee_id", String(PERSON), nullable=False, index=True),
        Column("enrolment_id", String(36), nullable=False),
        Column("organisation_id", String(36), nullable=False, index=True),
        Column("kind", _enum(DocumentKind, "document_kind"), nullable=False),
        Column("description", String(1000), nullable=False),
        Column("filename", String(200)),
        Column("media_type", String(50), nullable=False),
        Column("size", BigInteger, nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("storage_key", String(32), unique=True),
        Column("curriculum_item", String(64)),
        Column("attestation", String(64)),
        Column("uploaded_at", UtcDateTime(), nullable=False),
        Column("state", _enum(DocumentState, "document_state"), nullable=False, index=True),
        Column("decided_by", String(PERSON)),
        Column("decided_at", UtcDateTime()),
        Column("rejection_reason", String(1000)),
        Column("ended_at", UtcDateTime()),
    )


def library_tables(metadata: MetaData) -> tuple[Table, Table]:
    files = Table(
        "library_files", metadata,
        Column("id", String(36), primary_key=True),
        Column("curriculum", String(64), nullable=False),
        Column("curriculum_version", String(32), nullable=False),
        Column("title", String(200), nullable=False),
        Column("category", _enum(LibraryCategory, "library_category"), nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("created_by", String(PERSON), nullable=False),
        Index("ix_library_files_curriculum", "curriculum", "curriculum_version"),
    )
    versions = Table(
        "library_file_versions", metadata,
        Column("file_id", String(36), ForeignKey("library_files.id"), primary_key=True),
        Column("number", Integer, primary_key=True),
        Column("storage_key", String(32), nullable=False, unique=True),
        Column("filename", String(200), nullable=False),
        Column("media_type", String(50), nullable=False),
        Column("size", BigInteger, nullable=False),
        Column("sha256", String(64), nullable=False),
        Column("published_at", UtcDateTime(), nullable=False),
        Column("published_by", String(PERSON), nullable=False),
    )
    return files, versions


def people_table(metadata: MetaData) -> Table:
    """Names of the people documents shows to others (from identity's registrations)."""
    return Table(
        "people", metadata,
        Column("person_id", String(PERSON), primary_key=True),
        Column("given_name", String(200), nullable=False),
        Column("family_name", String(200), nullable=False),
    )


def relation_tables(metadata: MetaData) -> tuple[Table, Table, Table, Table]:
    enrolments = Table(
        "trainee_enrolments", metadata,
        Column("enrolment_id", String(36), primary_key=True),
        Column("trainee_id", String(PERSON), nullable=False, index=True),
        Column("curriculum", String(64), nullable=False),
        Column("curriculum_version", String(32), nullable=False),
        Column("programme", String(300), nullable=False),
        Column("country", String(2), nullable=False),
        Column("agreement_holder_id", String(36), nullable=False),
        Column("cancelled", Boolean, nullable=False),
    )
    placements = Table(
        "trainee_placements", metadata,
        Column("placement_id", String(36), primary_key=True),
        Column("enrolment_id", String(36), nullable=False),
        Column("trainee_id", String(PERSON), nullable=False, index=True),
        Column("agreement_holder_id", String(36), nullable=False),
        Column("starts_on", Date, nullable=False),
        Column("ends_on", Date, nullable=False),
        Column("cancelled", Boolean, nullable=False),
        Column("place_id", String(36)),
    )
    grants = Table(
        "approver_grants", metadata,
        Column("grant_id", String(100), primary_key=True),
        Column("trainee_id", String(PERSON), nullable=False, index=True),
        Column("approver_id", String(PERSON), nullable=False, index=True),
        Column("role", String(32), nullable=False),
        Column("organisation_id", String(36), nullable=False),
        Column("valid_from", Date, nullable=False),
        Column("valid_to", Date),
        Column("enrolment_id", String(36)),
        Column("placement_id", String(36)),
        Column("place_id", String(36)),
        Column("version", BigInteger, nullable=False, default=0),
        Column("ended", Boolean, nullable=False, default=False),
    )
    openings = Table(
        "access_openings", metadata,
        Column("opening_id", String(36), primary_key=True),
        Column("trainee_id", String(PERSON), nullable=False, index=True),
        Column("place_id", String(36), nullable=False),
        Column("agreement_holder_id", String(36), nullable=False),
        Column("opened_from", Date, nullable=False),
        Column("opened_until", Date, nullable=False),
    )
    return enrolments, placements, grants, openings
