"""Helpers of the sign-off integration tests: people acting with a token of a given
assurance, relationships as invitations publishes them, a trainee's progress."""
from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import requests
from programme_world import V1, event, now
from sqlalchemy import event as sql_event

from competencies.bootstrap import bootstrap
from competencies.service_layer import signoff_views
from portal_contracts import invitations as relations
from portal_kit.principal import Principal
from portal_kit.testing import wait_for

_ids = itertools.count(1)


def act(world: Any, person: str, method: str, path: str, assurance: str = "high",
        memberships: tuple = (), roles: tuple = (), **kwargs: Any) -> requests.Response:
    headers = world.tokens.headers(roles=list(roles), subject=person, assurance=assurance,
                                   memberships=[{"organisation_id": o, "role": r}
                                                for o, r in memberships])
    return requests.request(method, f"{world.url}{V1}{path}", headers=headers, timeout=20,
                            **kwargs)


def relate(world: Any, trainee: str, person: str, role: str, organisation: str, place: str,
           valid_from: date, valid_to: date | None = None) -> None:
    number = next(_ids)
    world.publish("invitations.events", event(relations.RELATIONSHIP_GRANTED, {
        "relationship_id": f"rel-{role}-{number}", "trainee_id": trainee, "person_id": person,
        "role": role, "organisation_id": organisation, "place_id": place,
        "source": "invitation", "source_id": f"inv-{number}",
        "valid_from": valid_from.isoformat(),
        "valid_to": valid_to.isoformat() if valid_to else None, "version": 1,
        "granted_at": now(), "granted_by": trainee}, "/portal/invitations"))
    wait_for(lambda: world.rows("SELECT 1 FROM relationships WHERE relationship_id = :r",
                                r=f"rel-{role}-{number}"))


def item_path(enrolment: dict, code: str, action: str = "") -> str:
    return f"/enrolments/{enrolment['enrolment_id']}/items/{code}" + (
        f"/{action}" if action else "")


def attestation_path(enrolment: dict, code: str) -> str:
    return f"/enrolments/{enrolment['enrolment_id']}/attestations/{code}/approve"


def progress(world: Any, enrolment: dict, person: str) -> dict:
    answer = act(world, person, "GET", f"/enrolments/{enrolment['enrolment_id']}/progress")
    assert answer.status_code == 200, answer.text
    return answer.json()


def group_items(world: Any, enrolment: dict, person: str, group: str) -> list[str]:
    groups = {g["code"]: g for g in progress(world, enrolment, person)["groups"]}
    return [i["code"] for i in groups[group]["items"]]


def submit(world: Any, enrolment: dict, trainee: str, code: str) -> dict:
    answer = act(world, trainee, "POST", item_path(enrolment, code, "submit"), json={})
    assert answer.status_code == 200, answer.text
    return answer.json()


def statements_of_queue(world: Any, person: str) -> tuple[list[str], list[dict]]:
    """The SQL statements the queue view sends for ``person`` (run in this process on the
    service's database, after a first run has read the curriculum), and its answer."""
    app = bootstrap(dict(world.config))
    sent: list[str] = []

    def queue() -> list[dict]:
        return app.bus.query(signoff_views.queue, by=Principal(person, assurance="substantial"),
                             clock=app.clock, permissions=app.extras["permissions"])

    try:
        queue()
        sql_event.listen(app.engine, "before_cursor_execute",
                         lambda _conn, _cursor, statement, *_: sent.append(statement))
        return sent, queue()
    finally:
        app.engine.dispose()
