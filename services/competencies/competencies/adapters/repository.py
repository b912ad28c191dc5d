"""Competencies' repositories: agreements, curricula, programmes, projections, reads."""
from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, literal, select, union_all, update
from sqlalchemy.orm import Session, class_mapper

from competencies.adapters import orm
from competencies.adapters.curriculum_codec import checksum, from_document, to_document
from competencies.domain.curricula import Curriculum
from competencies.domain.model import OrganisationAgreement
from competencies.domain.programmes import Enrolment, Placement
from competencies.domain.projections import Membership, Organisation, Person, Relationship
from competencies.domain.visibility import AccessOpening

_PARSED: dict[tuple[str, str, str], Curriculum] = {}  # (curriculum, version, checksum)
_CHECKED: dict[tuple[str, str], tuple[str, float]] = {}  # (curriculum, version): checksum, when
RECHECK_SECONDS = 5.0


class AgreementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, agreement: OrganisationAgreement) -> None:
        self.session.add(agreement)

    def get(self, organisation_id: str) -> OrganisationAgreement | None:
        return self.session.get(OrganisationAgreement, organisation_id)

    def read(self, organisation_id: str) -> OrganisationAgreement | None:
        """The record, for reading only (a snapshot: ``snapshot``)."""
        t = orm.organisation_agreements
        row = self.session.connection().execute(select(t).where(
            t.c.organisation_id == organisation_id)).mappings().first()
        return snapshot(OrganisationAgreement, row) if row else None

    def get_for_update(self, organisation_id: str) -> OrganisationAgreement | None:
        """The record, locked until commit: concurrent events for one organisation
        apply one after the other, so a record never moves back."""
        return self.session.get(OrganisationAgreement, organisation_id, with_for_update=True)


class CurriculumRepository:
    """Curriculum versions; a version's parsed form is kept per process by its checksum."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, curriculum: str, version: str) -> Curriculum | None:
        """The version; its checksum is looked up again at most every RECHECK_SECONDS (a
        version replaced by ``load-curricula`` while the service runs is seen that late)."""
        checked = _CHECKED.get((curriculum, version))
        if checked is not None and time.monotonic() - checked[1] < RECHECK_SECONDS:
            return self._parsed(curriculum, version, checked[0])
        digest = self.checksum_of(curriculum, version)
        if digest is None:
            return None
        _CHECKED[(curriculum, version)] = (digest, time.monotonic())
        return self._parsed(curriculum, version, digest)

    def _parsed(self, curriculum: str, version: str, digest: str) -> Curriculum:
        key = (curriculum, version, digest)
        if key not in _PARSED:
            t = orm.curriculum_versions
            text = self.session.execute(select(t.c.document).where(
                t.c.curriculum == curriculum, t.c.version == version)).scalar_one()
            _PARSED[key] = from_document(json.loads(text))
        return _PARSED[key]

    def all(self) -> list[Curriculum]:
        t = orm.curriculum_versions
        rows = self.session.execute(select(t.c.curriculum, t.c.version, t.c.checksum).order_by(
            t.c.curriculum, t.c.valid_from)).all()
        return [self._parsed(r.curriculum, r.version, r.checksum) for r in rows]

    def versions_of(self, curriculum: str) -> list[Curriculum]:
        return [c for c in self.all() if c.curriculum == curriculum]

    def checksum_of(self, curriculum: str, version: str) -> str | None:
        t = orm.curriculum_versions
        return self.session.execute(select(t.c.checksum).where(
            t.c.curriculum == curriculum, t.c.version == version)).scalar_one_or_none()

    def save(self, curriculum: Curriculum, at: datetime) -> None:
        """Insert or replace the version and its item index."""
        document = to_document(curriculum)
        c = curriculum
        values = {"curriculum": c.curriculum, "version": c.version, "programme": c.programme,
                  "country": c.country, "language": c.language, "valid_from": c.valid_from,
                  "valid_to": c.valid_to, "previous_version": c.previous_version,
                  "item_count": c.item_count, "checksum": checksum(document),
                  "document": json.dumps(document, ensure_ascii=False), "loaded_at": at}
        t, items = orm.curriculum_versions, orm.curriculum_items
        key = (t.c.curriculum == curriculum.curriculum, t.c.version == curriculum.version)
        if self.checksum_of(curriculum.curriculum, curriculum.version) is None:
            self.session.execute(insert(t).values(**values))
        else:
            self.session.execute(update(t).where(*key).values(**values))
            self.session.execute(delete(items).where(
                items.c.curriculum == curriculum.curriculum,
                items.c.version == curriculum.version))
        self.session.execute(insert(items), [
            {"curriculum": c.curriculum, "version": c.version, "code": i.code,
             "group_code": g.code, "position": n, "kind": i.kind, "title": i.title[:300],
             "wording": i.wording, "replaces": list(i.replaces), "stricter": i.stricter}
            for g in curriculum.groups for n, i in enumerate(g.items)])

    def item_codes(self, curriculum: str, version: str) -> set[str]:
        items = orm.curriculum_items
        return set(self.session.execute(select(items.c.code).where(
            items.c.curriculum == curriculum, items.c.version == version)).scalars())


class EnrolmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._read: dict[str, Enrolment | None] = {}  # read snapshots of this transaction

    def add(self, enrolment: Enrolment) -> None:
        self.session.add(enrolment)

    def get(self, enrolment_id: str, lock: bool = False) -> Enrolment | None:
        # placements are loaded in the same statement (an outer join): lock the enrolment row
        return self.session.get(Enrolment, enrolment_id,
                                with_for_update={"of": orm.enrolments} if lock else None)

    def read(self, enrolment_id: str) -> Enrolment | None:
        """The enrolment with its placements, for reading only (a snapshot outside the
        session: ``snapshot``), once per transaction."""
        if enrolment_id not in self._read:
            self.read_all({enrolment_id})
        return self._read[enrolment_id]

    def read_all(self, enrolment_ids: set[str]) -> None:
        """Read these enrolments for ``read`` in one statement whatever their number (the
        placements joined, as the aggregate is loaded)."""
        wanted = enrolment_ids - self._read.keys()
        if not wanted:
            return
        e, p = orm.enrolments, orm.placements
        placed = [c.label(f"p_{c.name}") for c in p.c]
        self._read.update(dict.fromkeys(wanted))
        for row in self.session.connection().execute(
                select(*e.c, *placed).outerjoin(p, p.c.enrolment_id == e.c.enrolment_id)
                .where(e.c.enrolment_id.in_(wanted)).order_by(p.c.starts_on)).mappings():
            found = self._read[row["enrolment_id"]]
            if found is None:
                found = self._read[row["enrolment_id"]] = snapshot(
                    Enrolment, {c.name: row[c.name] for c in e.c}, placements=[], events=[],
                    audit=[])
            if row["p_placement_id"] is not None:
                found.placements.append(snapshot(
                    Placement, {c.name: row[f"p_{c.name}"] for c in p.c}))

    def of_placement(self, placement_id: str, lock: bool = False) -> Enrolment | None:
        found = self.session.get(Placement, placement_id)
        return self.get(found.enrolment_id, lock) if found else None

    def of_trainee(self, trainee_id: str) -> list[Enrolment]:
        return list(self.session.scalars(select(Enrolment).where(
            orm.enrolments.c.trainee_id == trainee_id).order_by(orm.enrolments.c.starts_on))
            .unique())

    def of_holder(self, holder_id: str, trainee_id: str | None = None) -> list[Enrolment]:
        query = select(Enrolment).where(orm.enrolments.c.agreement_holder_id == holder_id)
        if trainee_id:
            query = query.where(orm.enrolments.c.trainee_id == trainee_id)
        return list(self.session.scalars(query.order_by(orm.enrolments.c.enrolled_at.desc()))
                    .unique())

    def active_of(self, trainee_id: str, curriculum: str) -> Enrolment | None:
        e = orm.enrolments
        return self.session.scalars(select(Enrolment).where(
            e.c.trainee_id == trainee_id, e.c.curriculum == curriculum,
            e.c.cancelled_at.is_(None))).unique().first()

    def placed_at(self, place_ids: frozenset[str]) -> list[Enrolment]:
        """Enrolments with a (non-cancelled) placement at one of the places."""
        if not place_ids:
            return []
        p = orm.placements
        ids = select(p.c.enrolment_id).where(p.c.place_id.in_(place_ids),
                                             p.c.cancelled_at.is_(None))
        return list(self.session.scalars(select(Enrolment).where(
            orm.enrolments.c.enrolment_id.in_(ids), orm.enrolments.c.cancelled_at.is_(None)))
            .unique())


_MANAGERS: dict[type, Any] = {}


def snapshot(cls: type, row: Any, *leave_out: str, **more: Any) -> Any:
    """An instance of a mapped class with a row's values, made as the ORM makes one it loads
    (its ``__init__`` not run) but in no session, so nothing tracks it: for reading only,
    never to be added, changed or flushed. Reads that answer many requests use these: the
    ORM's loading (identity map, change tracking, eager loads) cost them more than the rest
    of their work."""
    manager = _MANAGERS.get(cls)
    if manager is None:
        manager = _MANAGERS[cls] = class_mapper(cls).class_manager  # configures the mappers
    found = manager.new_instance()
    values = found.__dict__
    values.update(row)
    for name in leave_out:
        del values[name]
    values.update(more)
    return found


class OpeningRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, opening: AccessOpening) -> None:
        self.session.add(opening)

    def of_trainee(self, trainee_id: str) -> list[AccessOpening]:
        return list(self.session.scalars(select(AccessOpening).where(
            orm.access_openings.c.trainee_id == trainee_id)))

    def at_places(self, place_ids: frozenset[str]) -> list[AccessOpening]:
        if not place_ids:
            return []
        return list(self.session.scalars(select(AccessOpening).where(
            orm.access_openings.c.place_id.in_(place_ids))))

    def listed(self, place_id: str | None, trainee_id: str | None) -> list[AccessOpening]:
        t = orm.access_openings
        query = select(AccessOpening).order_by(t.c.opened_at.desc())
        if place_id:
            query = query.where(t.c.place_id == place_id)
        if trainee_id:
            query = query.where(t.c.trainee_id == trainee_id)
        return list(self.session.scalars(query))


class KnownRepository:
    """The projections of identity's and invitations' state."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: Any) -> None:
        self.session.add(record)

    def organisation(self, organisation_id: str) -> Organisation | None:
        return self.session.get(Organisation, organisation_id)

    def person(self, person_id: str) -> Person | None:
        return self.session.get(Person, person_id)

    def names(self, person_ids: set[str]) -> dict[str, str]:
        if not person_ids:
            return {}
        found = self.session.scalars(select(Person).where(
            orm.people.c.person_id.in_(person_ids)))
        return {p.person_id: p.name for p in found}

    def organisation_names(self, ids: set[str]) -> dict[str, Organisation]:
        if not ids:
            return {}
        found = self.session.scalars(select(Organisation).where(
            orm.organisations.c.organisation_id.in_(ids)))
        return {o.organisation_id: o for o in found}

    def labels(self, person_ids: set[str], organisation_ids: set[str]
               ) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
        """People's names and organisations' (name, kind), in one round trip."""
        people, orgs = orm.people, orm.organisations
        query = union_all(
            select(people.c.person_id.label("id"),
                   (people.c.given_name + literal(" ") + people.c.family_name).label("name"),
                   literal("person").label("kind"))
            .where(people.c.person_id.in_(person_ids or {""})),
            select(orgs.c.organisation_id, orgs.c.name, orgs.c.kind)
            .where(orgs.c.organisation_id.in_(organisation_ids or {""})))
        names: dict[str, str] = {}
        places: dict[str, tuple[str, str]] = {}
        for row in self.session.execute(query):
            if row.kind == "person":
                names[row.id] = row.name.strip()
            else:
                places[row.id] = (row.name, row.kind)
        return names, places

    def membership(self, person_id: str, organisation_id: str, role: str) -> Membership | None:
        return self.session.get(Membership, (person_id, organisation_id, role))

    def members(self, organisation_id: str, role: str) -> list[Membership]:
        m = orm.memberships
        return list(self.session.scalars(select(Membership).where(
            m.c.organisation_id == organisation_id, m.c.role == role,
            m.c.withdrawn_at.is_(None)).order_by(m.c.since)))

    def relationship(self, relationship_id: str) -> Relationship | None:
        return self.session.get(Relationship, relationship_id)

    def relationships_of(self, trainee_id: str) -> list[Relationship]:
        """The trainee's relationships, for reading (snapshots: ``relationship`` is the one
        to change)."""
        r = orm.relationships
        return [snapshot(Relationship, row) for row in self.session.connection().execute(
            select(r).where(r.c.trainee_id == trainee_id)).mappings()]

    def relationships_of_trainees(self, trainee_ids: set[str]) -> dict[str, list[Relationship]]:
        """Each trainee's relationships (every trainee named is a key), in one statement,
        for reading (snapshots)."""
        found: dict[str, list[Relationship]] = {t: [] for t in trainee_ids}
        if trainee_ids:
            r = orm.relationships
            for row in self.session.connection().execute(select(r).where(
                    r.c.trainee_id.in_(trainee_ids))).mappings():
                found[row["trainee_id"]].append(snapshot(Relationship, row))
        return found


class ReadLog:
    """Who read a trainee's record, when."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, trainee_id: str, reader_id: str, read_as: str, place_id: str | None,
            opening_id: str | None, at: datetime) -> None:
        self.session.execute(insert(orm.record_reads).values(
            trainee_id=trainee_id, reader_id=reader_id, read_as=read_as, place_id=place_id,
            opening_id=opening_id, at=at))

    def of_trainee(self, trainee_id: str, limit: int) -> list[Any]:
        t = orm.record_reads
        return list(self.session.execute(select(t).where(t.c.trainee_id == trainee_id)
                                          .order_by(t.c.id.desc()).limit(limit)).mappings())
