"""Competencies' tables (and the kit's outbox and inbox) and the model's mapping."""
from __future__ import annotations

from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table
from sqlalchemy.orm import registry

from competencies.domain.model import OrganisationAgreement
from portal_kit.db import UtcDateTime, kit_tables

metadata = MetaData()
mapper_registry = registry(metadata=metadata)
outbox, inbox = kit_tables(metadata)

organisation_agreements = Table(
    "organisation_agreements", metadata,
    Column("organisation_id", String(36), primary_key=True),
    Column("organisation_name", String(200), nullable=False),
    Column("agreement_version", Integer, nullable=False),
    Column("in_force", Boolean, nullable=False),
    Column("changed_at", UtcDateTime(), nullable=False),
)


def start_mappers() -> None:
    """Map the model onto the tables, once per process."""
    if getattr(OrganisationAgreement, "__mapper__", None) is None:
        mapper_registry.map_imperatively(OrganisationAgreement, organisation_agreements)
