"""Programmes as their readers see them: plain data for the HTTP schemas to dump."""
from __future__ import annotations

from datetime import date
from typing import Any

from competencies.domain.curricula import Curriculum, Group
from competencies.domain.programmes import Enrolment, Placement
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork

NOT_STARTED = "not_started"


def item_states(uow: CompetenciesUnitOfWork, enrolment: Enrolment) -> dict[str, str]:
    """Each item's state by code; a code not given is ``not_started``.

    Sign-off (issue 9) gives the states of items signed off; until then every item of a
    programme is not started.
    """
    return {}


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
        self.people = uow.known.names(people)
        self.places = uow.known.organisation_names(places)

    def person(self, person_id: str | None) -> str | None:
        return self.people.get(person_id or "") or None

    def place(self, place_id: str) -> str | None:
        found = self.places.get(place_id)
        return found.name if found else None

    def place_kind(self, place_id: str) -> str | None:
        found = self.places.get(place_id)
        return found.kind if found else None


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
    """An enrolment with its placements and every curriculum item with its state."""
    active = e.active_placements()
    current = next((p.placement_id for p in active if p.state(today) == "current"), None)
    return {**enrolment(e, curriculum, today, names),
            "language": curriculum.language,
            "placements": [placement(p, curriculum, today, names) for p in active],
            "current_placement_id": current,
            "groups": [_group(g, active, states) for g in curriculum.groups],
            "attestations": [dict(_attestation(a), state=states.get(a["code"], NOT_STARTED))
                             for a in curriculum.attestations]}


def _group(group: Group, placements: list[Placement], states: dict[str, str]) -> dict[str, Any]:
    return {"code": group.code, "title": group.title, "kind": group.kind,
            "description": group.description,
            "placement_ids": [p.placement_id for p in placements if group.code in p.plan],
            "items": [{"code": i.code, "title": i.title, "kind": i.kind,
                       "description": i.description, "wording": i.wording, "topic": i.topic,
                       "note": i.note,
                       "activities": [{"title": a.title, "code": a.code} for a in i.activities],
                       "assessment": list(i.assessment),
                       "state": states.get(i.code, NOT_STARTED)} for i in group.items]}


def _attestation(a: dict[str, Any]) -> dict[str, Any]:
    return {k: a.get(k) for k in ("code", "kind", "title", "scope", "placements",
                                  "approver_roles", "not_by", "rule")}
