"""Programmes as their readers see them: plain data for the HTTP schemas to dump."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from competencies.domain.curricula import Curriculum, Group
from competencies.domain.programmes import Enrolment, Placement
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork

NOT_STARTED = "not_started"


def item_states(uow: CompetenciesUnitOfWork, enrolment: Enrolment) -> dict[str, str]:
    """Each item's state by code (from its sign-off record on the enrolment's curriculum
    version); a code not given is ``not_started``."""
    return uow.sign_offs.item_states(enrolment.enrolment_id, enrolment.curriculum_version)


class Names:
    """Names of people and places, looked up once per answer."""

    def __init__(self, uow: CompetenciesUnitOfWork, enrolments: list[Enrolment]) -> None:
        people = {e.trainee_id for e in enrolments}
        places = {e.agreement_holder_id for e in enrolments}
        for enrolment in enrolments:
            for placement in enrolment.placements:
                places.add(placement.place_id)
                if placement.tutor_id:
                    people.add(placement.tutor_id)
        self.people, self.places = uow.known.labels(people, places)

    def person(self, person_id: str | None) -> str | None:
        return self.people.get(person_id or "") or None

    def place(self, place_id: str) -> str | None:
        found = self.places.get(place_id)
        return found[0] if found else None

    def place_kind(self, place_id: str) -> str | None:
        found = self.places.get(place_id)
        return found[1] if found else None


def placement(p: Placement, curriculum: Curriculum | None, today: date,
              names: Names) -> dict[str, Any]:
    element = curriculum.element(p.element) if curriculum else None
    return {**{k: getattr(p, k) for k in (
        "placement_id", "enrolment_id", "trainee_id", "place_id", "agreement_holder_id",
        "element", "element_kind", "starts_on", "ends_on", "tutor_id", "tutor_since",
        "recorded_at", "recorded_by", "cancelled_at", "cancel_reason")},
        "plan": list(p.plan), "state": p.state(today),
        "element_title": element.title if element else p.element,
        "place_name": names.place(p.place_id), "place_kind": names.place_kind(p.place_id),
        "tutor_name": names.person(p.tutor_id)}


def enrolment(e: Enrolment, curriculum: Curriculum | None, today: date,
              names: Names) -> dict[str, Any]:
    return {**{k: getattr(e, k) for k in (
        "enrolment_id", "trainee_id", "curriculum", "curriculum_version", "programme",
        "country", "agreement_holder_id", "starts_on", "ends_on", "enrolled_at",
        "enrolled_by", "cancelled_at", "cancelled_by", "cancel_reason")},
        "state": e.state, "trainee_name": names.person(e.trainee_id),
        "agreement_holder_name": names.place(e.agreement_holder_id),
        "placements": [placement(p, curriculum, today, names) for p in e.placements]}


def programme(e: Enrolment, curriculum: Curriculum, today: date, names: Names,
              states: dict[str, str]) -> dict[str, Any]:
    """An enrolment with its placements and every curriculum item with its state, as JSON
    values (``schemas.programme.ProgrammeEnrolmentOut``'s shape, built without it: the 151
    items of LIS1 are the portal's most read answer, and the curriculum part is the same
    for every trainee on a version, so it is prepared once per version)."""
    active = e.active_placements()
    current = next((p.placement_id for p in active if p.state(today) == "current"), None)
    shown = jsonable({**enrolment(e, curriculum, today, names),
                      "placements": [placement(p, curriculum, today, names) for p in active]})
    return {**shown, "language": curriculum.language, "current_placement_id": current,
            "groups": [{**g, "placement_ids": [p.placement_id for p in active
                                               if g["code"] in p.plan],
                        "items": [{**i, "state": states.get(i["code"], NOT_STARTED)}
                                  for i in g["items"]]}
                       for g in _prepared(curriculum)["groups"]],
            "attestations": [{**a, "state": states.get(a["code"], NOT_STARTED)}
                             for a in _prepared(curriculum)["attestations"]]}


_PREPARED: dict[int, tuple[Curriculum, dict[str, Any]]] = {}


def _prepared(curriculum: Curriculum) -> dict[str, Any]:
    """The curriculum's groups, items and attestations as JSON values, once per version."""
    found = _PREPARED.get(id(curriculum))
    if found is None or found[0] is not curriculum:
        found = (curriculum, {
            "groups": [_group(g) for g in curriculum.groups],
            "attestations": [_attestation(a) for a in curriculum.attestations]})
        _PREPARED[id(curriculum)] = found
    return found[1]


def _group(group: Group) -> dict[str, Any]:
    return {"code": group.code, "title": group.title, "kind": group.kind,
            "description": group.description,
            "items": [{"code": i.code, "title": i.title, "kind": i.kind,
                       "description": i.description, "wording": i.wording, "topic": i.topic,
                       "note": i.note,
                       "activities": [{"title": a.title, "code": a.code} for a in i.activities],
                       "assessment": list(i.assessment)} for i in group.items]}


def _attestation(a: dict[str, Any]) -> dict[str, Any]:
    return {k: a.get(k) for k in ("code", "kind", "title", "scope", "placements",
                                  "approver_roles", "not_by", "rule")}


def jsonable(value: Any) -> Any:
    """Dates and times as ISO 8601 text (as the schemas' Date and AwareDateTime dump them)."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
