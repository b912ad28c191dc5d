"""Competencies' reads: each checks who asks, on a fresh unit of work."""
from __future__ import annotations

from typing import Any

from competencies.domain.exceptions import (
    EnrolmentUnknown,
    NotHolderAdministrator,
    OrganisationUnknown,
    PlacementUnknown,
    PlaceUnknown,
)
from competencies.domain.model import OrganisationAgreement
from competencies.domain.programmes import Enrolment
from competencies.domain.projections import TUTOR
from competencies.domain.visibility import (
    TRAINEE,
    AccessOpening,
    TutorSight,
    sight,
    tutor_sight,
)
from competencies.service_layer import present
from competencies.service_layer.access import (
    administers,
    is_operator,
    reader,
    require_administrator,
    today,
)
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_kit.clock import Clock
from portal_kit.principal import Principal


def agreement(uow: CompetenciesUnitOfWork, organisation_id: str) -> OrganisationAgreement:
    with uow:
        found = uow.agreements.get(organisation_id)
        if found is None:
            raise OrganisationUnknown(f"No agreement is known for {organisation_id}.")
        return found


def _present(uow: CompetenciesUnitOfWork, enrolments: list[Enrolment],
             clock: Clock) -> list[dict[str, Any]]:
    names = present.Names(uow, enrolments)
    return [present.enrolment(e, uow.curricula.get(e.curriculum, e.curriculum_version),
                              today(clock, e.country), names) for e in enrolments]


def enrolments(uow: CompetenciesUnitOfWork, by: Principal, clock: Clock, holder_id: str,
               trainee_id: str | None = None, state: str | None = None) -> list[dict]:
    with uow:
        require_administrator(by, holder_id)
        found = [e for e in uow.enrolments.of_holder(holder_id, trainee_id)
                 if state in (None, e.state)]
        return _present(uow, found, clock)


def enrolment(uow: CompetenciesUnitOfWork, by: Principal, clock: Clock,
              enrolment_id: str) -> dict[str, Any]:
    with uow:
        found = uow.enrolments.get(enrolment_id)
        if found is None:
            raise EnrolmentUnknown("No such enrolment.")
        require_administrator(by, found.agreement_holder_id)
        return _present(uow, [found], clock)[0]


def placement(uow: CompetenciesUnitOfWork, by: Principal, clock: Clock,
              placement_id: str) -> dict[str, Any]:
    with uow:
        found = uow.enrolments.of_placement(placement_id)
        if found is None:
            raise PlacementUnknown("No such placement.")
        require_administrator(by, found.agreement_holder_id)
        shown = _present(uow, [found], clock)[0]["placements"]
        return next(p for p in shown if p["placement_id"] == placement_id)


def tutors_of_place(uow: CompetenciesUnitOfWork, by: Principal,
                    place_id: str) -> list[dict[str, Any]]:
    with uow:
        place = uow.known.organisation(place_id)
        if place is None:
            raise PlaceUnknown("No such place of training is known.")
        if place_id not in by.organisations_as(TUTOR):
            require_administrator(by, place.holder_id)
        members = uow.known.members(place_id, TUTOR)
        names = uow.known.names({m.person_id for m in members})
        return [{"person_id": m.person_id, "name": names.get(m.person_id) or None,
                 "since": m.since} for m in members]


def _programmes(uow: CompetenciesUnitOfWork, found: list[Enrolment],
                clock: Clock) -> list[dict[str, Any]]:
    names = present.Names(uow, found)
    shown = []
    for e in found:
        curriculum = uow.curricula.get(e.curriculum, e.curriculum_version)
        if curriculum is not None:
            shown.append(present.programme(e, curriculum, today(clock, e.country), names,
                                           present.item_states(uow, e)))
    return shown


def my_programme(uow: CompetenciesUnitOfWork, by: Principal, clock: Clock) -> dict[str, Any]:
    with uow:
        found = [e for e in uow.enrolments.of_trainee(by.subject) if not e.cancelled]
        return {"trainee_id": by.subject, "enrolments": _programmes(uow, found, clock)}


def trainee_programme(uow: CompetenciesUnitOfWork, by: Principal, clock: Clock,
                      trainee_id: str) -> dict[str, Any]:
    """The record for an entitled reader; every read but the trainee's own is logged."""
    with uow:
        everything = uow.enrolments.of_trainee(trainee_id)
        seen = sight(reader(by), trainee_id, everything, uow.openings.of_trainee(trainee_id),
                     uow.known.relationships_of(trainee_id), clock.now())
        found = [e for e in everything if not e.cancelled and (
            seen.enrolment_ids is None or e.enrolment_id in seen.enrolment_ids)]
        shown = {"trainee_id": trainee_id, "read_as": seen.read_as,
                 "enrolments": _programmes(uow, found, clock)}
        if seen.read_as != TRAINEE:
            uow.reads.add(trainee_id, by.subject, seen.read_as, seen.place_id,
                          seen.opening_id, clock.now())
            uow.commit()
        return shown


def my_reads(uow: CompetenciesUnitOfWork, by: Principal, limit: int) -> list[dict[str, Any]]:
    with uow:
        rows = uow.reads.of_trainee(by.subject, limit)
        names = uow.known.names({r["reader_id"] for r in rows})
        return [{"reader_id": r["reader_id"], "reader_name": names.get(r["reader_id"]) or None,
                 "read_as": r["read_as"], "at": r["at"], "place_id": r["place_id"],
                 "opening_id": r["opening_id"]} for r in rows]


def tutor_trainees(uow: CompetenciesUnitOfWork, by: Principal,
                   clock: Clock) -> dict[str, list[dict[str, Any]]]:
    """The tutor's current, planned and former trainees (former: a year, or an opening)."""
    with uow:
        places = by.organisations_as(TUTOR)
        found = uow.enrolments.placed_at(places)
        openings = uow.openings.at_places(places)
        now = clock.now()
        sights = [s for e in found for p in e.placements if p.place_id in places
                  for s in [tutor_sight(e, p, openings, now)] if s]
        names = present.Names(uow, found)
        listed: dict[str, list[dict[str, Any]]] = {"current": [], "planned": [], "former": []}
        for s in sorted(sights, key=lambda s: s.placement.starts_on):
            listed[s.group].append(_tutor_row(s, by.subject, names))
        return listed


def _tutor_row(s: TutorSight, tutor_id: str, names: present.Names) -> dict[str, Any]:
    e, p = s.enrolment, s.placement
    return {"trainee_id": e.trainee_id, "name": names.person(e.trainee_id),
            "enrolment_id": e.enrolment_id, "curriculum": e.curriculum,
            "curriculum_version": e.curriculum_version, "programme": e.programme,
            "placement_id": p.placement_id, "place_id": p.place_id,
            "place_name": names.place(p.place_id), "element": p.element,
            "starts_on": p.starts_on, "ends_on": p.ends_on,
            "personal_tutor": p.tutor_id == tutor_id, "visible_until": s.visible_until,
            "opening_id": s.opening_id}


def holder_trainees(uow: CompetenciesUnitOfWork, by: Principal, clock: Clock, holder_id: str,
                    state: str = "active") -> list[dict[str, Any]]:
    with uow:
        require_administrator(by, holder_id)
        found = [e for e in uow.enrolments.of_holder(holder_id)
                 if state == "all" or not e.cancelled]
        shown = _present(uow, found, clock)
        trainees: dict[str, dict[str, Any]] = {}
        for e in shown:
            row = trainees.setdefault(e["trainee_id"], {
                "trainee_id": e["trainee_id"], "name": e["trainee_name"], "enrolments": []})
            row["enrolments"].append(e)
        return sorted(trainees.values(), key=lambda t: (t["name"] or "", t["trainee_id"]))


def openings(uow: CompetenciesUnitOfWork, by: Principal, place_id: str | None,
             trainee_id: str | None) -> list[AccessOpening]:
    with uow:
        if not (is_operator(by) or administers(by)):
            raise NotHolderAdministrator("Only administrators see access openings.")
        found = uow.openings.listed(place_id, trainee_id)
        return [o for o in found if is_operator(by) or o.agreement_holder_id in administers(by)]
