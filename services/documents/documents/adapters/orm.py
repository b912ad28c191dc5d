"""Documents' tables (and the kit's outbox, inbox and audit log) and the model's mapping."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table, event
from sqlalchemy.orm import registry, relationship

from documents.adapters.tables import (
    evidence_tables,
    library_tables,
    people_table,
    relation_tables,
)
from documents.domain.access import AccessOpening, ApproverGrant, Enrolment, Placement
from documents.domain.library import LibraryFile, LibraryFileVersion
from documents.domain.model import Document, OrganisationAgreement
from portal_kit.audit_log import audit_table
from portal_kit.db import UtcDateTime, kit_tables

metadata = MetaData()
mapper_registry = registry(metadata=metadata)
outbox, inbox = kit_tables(metadata)
audit = audit_table(metadata)

organisation_agreements = Table(
    "organisation_agreements", metadata,
    Column("organisation_id", String(36), primary_key=True),
    Column("organisation_name", String(200), nullable=False),
    Column("agreement_version", Integer, nullable=False),
    Column("in_force", Boolean, nullable=False),
    Column("changed_at", UtcDateTime(), nullable=False),
)
documents = evidence_tables(metadata)
library_files, library_file_versions = library_tables(metadata)
people = people_table(metadata)
trainee_enrolments, trainee_placements, approver_grants, access_openings = \
    relation_tables(metadata)


def start_mappers() -> None:
    """Map the model onto the tables, once per process."""
    if getattr(OrganisationAgreement, "__mapper__", None) is not None:
        return
    mapper_registry.map_imperatively(OrganisationAgreement, organisation_agreements)
    mapper_registry.map_imperatively(Document, documents)
    mapper_registry.map_imperatively(LibraryFileVersion, library_file_versions)
    mapper_registry.map_imperatively(LibraryFile, library_files, properties={
        "versions": relationship(LibraryFileVersion, lazy="selectin",
                                 cascade="all, delete-orphan",
                                 order_by=library_file_versions.c.number)})
    mapper_registry.map_imperatively(Enrolment, trainee_enrolments)
    mapper_registry.map_imperatively(Placement, trainee_placements)
    mapper_registry.map_imperatively(ApproverGrant, approver_grants)
    mapper_registry.map_imperatively(AccessOpening, access_openings)
    event.listen(Document, "load", _fresh_records)


def _fresh_records(aggregate: Any, _context: object) -> None:
    aggregate.events, aggregate.audit = [], []
