"""Documents' repositories: agreements, evidence, the library, and the relations projection."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from documents.adapters import orm
from documents.domain.access import (
    AccessOpening,
    ApproverGrant,
    Enrolment,
    Placement,
    Relations,
)
from documents.domain.library import LibraryFile, LibraryFileVersion
from documents.domain.model import Document, DocumentKind, DocumentState, OrganisationAgreement
from portal_kit.audit import AuditRecord
from portal_kit.audit_log import AuditLog

KEPT = (DocumentState.AWAITING_CONFIRMATION, DocumentState.CONFIRMED, DocumentState.REJECTED)


class AgreementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, agreement: OrganisationAgreement) -> None:
        self.session.add(agreement)

    def get(self, organisation_id: str) -> OrganisationAgreement | None:
        return self.session.get(OrganisationAgreement, organisation_id)

    def get_for_update(self, organisation_id: str) -> OrganisationAgreement | None:
        """The record, locked until commit: concurrent events for one organisation
        apply one after the other, so a record never moves back."""
        return self.session.get(OrganisationAgreement, organisation_id, with_for_update=True)


class DocumentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, document: Document) -> None:
        self.session.add(document)

    def get(self, document_id: str, *, for_update: bool = False) -> Document | None:
        return self.session.get(Document, document_id, with_for_update=for_update)

    def of_trainees(self, trainee_ids: Iterable[str],
                    states: Iterable[DocumentState] | None = None) -> list[Document]:
        query = select(Document).where(orm.documents.c.trainee_id.in_(list(trainee_ids)))
        if states is not None:
            query = query.where(orm.documents.c.state.in_(list(states)))
        return list(self.session.scalars(query.order_by(orm.documents.c.uploaded_at)))

    def kept_before(self, kind: DocumentKind, uploaded_before: datetime,
                    limit: int) -> list[Document]:
        """Documents of ``kind`` still kept that were uploaded before the given time."""
        t = orm.documents.c
        return list(self.session.scalars(select(Document).where(
            t.kind == kind, t.state.in_(KEPT), t.uploaded_at <= uploaded_before)
            .order_by(t.uploaded_at).limit(limit)))

    def named_keys(self, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` that a document or a library version still names."""
        wanted = list(keys)
        named = set(self.session.scalars(select(orm.documents.c.storage_key).where(
            orm.documents.c.storage_key.in_(wanted))))
        named |= set(self.session.scalars(select(orm.library_file_versions.c.storage_key)
                                          .where(orm.library_file_versions.c.storage_key
                                                 .in_(wanted))))
        return named


class LibraryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, library_file: LibraryFile) -> None:
        self.session.add(library_file)

    def get(self, file_id: str, *, for_update: bool = False) -> LibraryFile | None:
        return self.session.get(LibraryFile, file_id, with_for_update=for_update)

    def of_curriculum(self, curriculum: str, version: str) -> list[LibraryFile]:
        t = orm.library_files.c
        return list(self.session.scalars(select(LibraryFile).where(
            t.curriculum == curriculum, t.curriculum_version == version).order_by(t.title)))

    def version(self, file_id: str, number: int) -> LibraryFileVersion | None:
        return self.session.get(LibraryFileVersion, (file_id, number))


class RelationsRepository:
    """This service's record of trainees' enrolments, placements and approvers."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def of(self, trainee_id: str) -> Relations:
        enrolments = self._where(Enrolment, orm.trainee_enrolments, trainee_id)
        placements = self._where(Placement, orm.trainee_placements, trainee_id)
        grants = self._where(ApproverGrant, orm.approver_grants, trainee_id)
        openings = self._where(AccessOpening, orm.access_openings, trainee_id)
        holders = {e.agreement_holder_id for e in enrolments} | {
            p.agreement_holder_id for p in placements} | {g.organisation_id for g in grants} | {
            o.agreement_holder_id for o in openings}
        in_force = frozenset(self.session.scalars(select(
            orm.organisation_agreements.c.organisation_id).where(
            orm.organisation_agreements.c.organisation_id.in_(holders),
            orm.organisation_agreements.c.in_force.is_(True)))) if holders else frozenset()
        return Relations(trainee_id, enrolments, placements, grants, openings, in_force)

    def of_many(self, trainee_ids: Iterable[str]) -> dict[str, Relations]:
        return {trainee_id: self.of(trainee_id) for trainee_id in set(trainee_ids)}

    def grants_to(self, approver_id: str) -> list[ApproverGrant]:
        return list(self.session.scalars(select(ApproverGrant).where(
            orm.approver_grants.c.approver_id == approver_id,
            orm.approver_grants.c.ended.is_(False))))

    def holder_of_place(self, place_id: str) -> str | None:
        """The agreement holder a place of training answers to, as the events named it."""
        for column, holder in ((orm.trainee_placements.c.place_id,
                                orm.trainee_placements.c.agreement_holder_id),
                               (orm.approver_grants.c.place_id,
                                orm.approver_grants.c.organisation_id),
                               (orm.access_openings.c.place_id,
                                orm.access_openings.c.agreement_holder_id)):
            found = self.session.scalars(select(holder).where(column == place_id).limit(1))
            if (first := found.first()) is not None:
                return str(first)
        return None

    def opened_to(self, place_ids: Iterable[str]) -> list[AccessOpening]:
        return list(self.session.scalars(select(AccessOpening).where(
            orm.access_openings.c.place_id.in_(list(place_ids)))))

    def enrolment(self, enrolment_id: str) -> Enrolment | None:
        return self.session.get(Enrolment, enrolment_id)

    def placement(self, placement_id: str, lock: bool = False) -> Placement | None:
        return self.session.get(Placement, placement_id, with_for_update=lock)

    def grant(self, grant_id: str, lock: bool = False) -> ApproverGrant | None:
        """A grant (locked until commit: events about one grant apply one at a time)."""
        return self.session.get(ApproverGrant, grant_id, with_for_update=lock)

    def opening(self, opening_id: str) -> AccessOpening | None:
        return self.session.get(AccessOpening, opening_id)

    def add(self, record: Enrolment | Placement | ApproverGrant | AccessOpening) -> None:
        self.session.add(record)

    def _where(self, kind: type, table: object, trainee_id: str) -> list:
        column = table.c.trainee_id  # type: ignore[attr-defined]
        return list(self.session.scalars(select(kind).where(column == trainee_id)))


class PeopleRepository:
    """People's names, as identity registered them (to show a trainee's name to a tutor)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, person_id: str, given_name: str, family_name: str) -> None:
        t = orm.people.c
        found = self.session.execute(select(t.person_id).where(t.person_id == person_id)
                                     .with_for_update()).first()
        if found:
            self.session.execute(update(orm.people).where(t.person_id == person_id).values(
                given_name=given_name, family_name=family_name))
        else:
            self.session.execute(insert(orm.people).values(
                person_id=person_id, given_name=given_name, family_name=family_name))

    def names(self, person_ids: Iterable[str]) -> dict[str, str]:
        t = orm.people.c
        rows = self.session.execute(select(t.person_id, t.given_name, t.family_name).where(
            t.person_id.in_(list(set(person_ids)))))
        return {row.person_id: f"{row.given_name} {row.family_name}" for row in rows}


class AuditRepository:
    """Reads documents' audit log (entries are written by the unit of work)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.log = AuditLog(orm.audit)

    def of_subject(self, subject_type: str, subject_id: str) -> list[AuditRecord]:
        return self.log.entries(self.session, subject_type=subject_type, subject_id=subject_id)
