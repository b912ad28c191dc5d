"""The world competencies sees in its integration tests: identity's and invitations' events
published as their relays would, people with tokens, a spy on competencies.events."""
from __future__ import annotations

import functools
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from kombu import Connection, Exchange, Queue

from competencies.adapters.curriculum_yaml import files_in, read_files, shipped_files
from competencies.bootstrap import bootstrap
from competencies.domain.commands import LoadCurricula
from competencies.domain.curricula import Curriculum
from competencies.entrypoints.service import CompetenciesService
from portal_contracts import identity
from portal_kit import events as ce
from portal_kit.clock import write_offset
from portal_kit.testing import (
    base_url,
    migrate,
    publish_event,
    query_service,
    service_config,
    wait_for,
)

SERVICE_DIR = Path(__file__).resolve().parents[2]
V1 = "/api/competencies/v1"
BERGEN, LEGEVAKT, HOVEDSTADEN, PRACTICE, PRACTICE_2, AMAGER = (
    "bergen", "bergen-legevakt", "hovedstaden", "laegehuset", "laegehuset-2", "amager")
KARI, METTE, SOREN, ANNE, JENS, PER = ("kari", "mette", "soren", "anne", "jens", "per")
TODAY = date.today()
ORGANISATIONS = (
    (BERGEN, "Bergen kommune", "municipality", "NO", None),
    (LEGEVAKT, "Bergen legevakt", "clinic", "NO", BERGEN),
    (HOVEDSTADEN, "Region Hovedstaden", "region", "DK", None),
    (PRACTICE, "Lægehuset Nørrebro", "practice", "DK", HOVEDSTADEN),
    (PRACTICE_2, "Lægehuset Amager", "practice", "DK", HOVEDSTADEN),
    (AMAGER, "Region Sjælland", "region", "DK", None))
PEOPLE = ((KARI, "Kari", "Nordmann"), (METTE, "Mette", "Jensen"), (SOREN, "Søren", "Nielsen"),
          (ANNE, "Anne", "Larsen"))


def event(event_type: str, data: dict[str, Any], source: str = "/portal/identity") -> dict:
    return ce.envelope(source=source, type=event_type, subject="test", data=data,
                       time=datetime.now(UTC), correlation_id=str(uuid.uuid4()),
                       dataschema="http://localhost:8000/schemas/x.json")


def now() -> str:
    return datetime.now(UTC).isoformat()


@functools.cache
def shipped_curricula() -> tuple[Curriculum, ...]:
    """The shipped curriculum files, read once per test process (reading them costs more
    CPU than the rest of a world's start; test_curricula loads them with ``cli.load``)."""
    return tuple(read_files(files_in(shipped_files())))


def load_shipped_curricula(config: dict) -> None:
    """What ``competencies load`` does on a new database, with the files read once."""
    app = bootstrap(dict(config))
    try:
        app.bus.handle(LoadCurricula(shipped_curricula()))
    finally:
        app.engine.dispose()


class World:
    def __init__(self, container: Any, config: dict, vhost: Any, tokens: Any) -> None:
        self.container, self.config, self.vhost, self.tokens = container, config, vhost, tokens
        self.url = base_url(config)
        self.connection = Connection(vhost.amqp_uri)
        self.events = self._spy("competencies.events", "spy-competencies")

    @classmethod
    def start(cls, container_factory: Any, database_url: str, vhost: Any, tokens: Any,
              **extra: Any) -> World:
        migrate(SERVICE_DIR, database_url)
        config = service_config(database_url, vhost, JWKS_URL=tokens.jwks_url, **extra)
        load_shipped_curricula(config)
        container = container_factory(CompetenciesService, config)
        container.start()
        world = cls(container, config, vhost, tokens)
        world.known()
        return world

    def close(self) -> None:
        self.connection.release()

    # --- identity's events ------------------------------------------------------------
    def publish(self, exchange: str, message: dict) -> None:
        publish_event(self.vhost.amqp_uri, exchange, message)

    def known(self) -> None:
        for org_id, name, kind, country, holder in ORGANISATIONS:
            self.publish("identity.events", event(identity.ORGANISATION_REGISTERED_V2, {
                "organisation_id": org_id, "name": name, "kind": kind, "country": country,
                "organisation_number": None, "contact_email": None, "code": None,
                "agreement_holder_id": holder, "registered_at": now(),
                "registered_by": "operator"}))
        for holder in (BERGEN, HOVEDSTADEN, AMAGER):
            self.publish("identity.events", event(identity.DPA_SIGNED_V2, {
                "organisation_id": holder, "organisation_name": holder.title(),
                "agreement_version": 1}))
        for person_id, given, family in PEOPLE:
            self.person(person_id, given, family)
        self.grant(SOREN, PRACTICE, "tutor")
        wait_for(lambda: len(self.rows("SELECT 1 FROM organisations")) == len(ORGANISATIONS)
                 and len(self.rows("SELECT 1 FROM organisation_agreements")) == 3
                 and len(self.rows("SELECT 1 FROM people")) == len(PEOPLE)
                 and self.rows("SELECT 1 FROM memberships"))

    def person(self, person_id: str, given: str, family: str) -> None:
        self.publish("identity.events", event(identity.PERSON_REGISTERED, {
            "person_id": person_id, "given_name": given, "family_name": family,
            "email": f"{person_id}@example.org", "mobile": None, "language": "nb",
            "country": "NO", "hpr_number": None, "authorisation_id": None,
            "registered_at": now()}))

    def grant(self, person_id: str, place: str, role: str, wait: bool = False) -> None:
        holder = next(o[4] or o[0] for o in ORGANISATIONS if o[0] == place)
        self.publish("identity.events", event(identity.MEMBERSHIP_GRANTED, {
            "person_id": person_id, "organisation_id": place, "agreement_holder_id": holder,
            "role": role, "granted_at": now(), "granted_by": "jens"}))
        if wait:
            wait_for(lambda: self.rows("SELECT 1 FROM memberships WHERE person_id = :p AND "
                                       "organisation_id = :o", p=person_id, o=place))

    # --- HTTP ---------------------------------------------------------------------------
    def api(self, method: str, path: str, as_: str | None = None, memberships: tuple = (),
            roles: tuple = (), **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if as_:
            headers.update(self.tokens.headers(roles=list(roles), subject=as_, memberships=[
                {"organisation_id": o, "role": r} for o, r in memberships]))
        return requests.request(method, f"{self.url}{V1}{path}", headers=headers, timeout=10,
                                **kwargs)

    def as_admin(self, holder: str, method: str, path: str, **kwargs: Any) -> requests.Response:
        role = "municipality_admin" if holder == BERGEN else "region_admin"
        return self.api(method, path, as_=f"admin-of-{holder}",
                        memberships=((holder, role),), **kwargs)

    def as_tutor(self, person: str, method: str, path: str,
                 places: tuple = (PRACTICE,)) -> requests.Response:
        return self.api(method, path, as_=person, memberships=tuple(
            (p, "tutor") for p in places))

    def enrol(self, trainee: str = METTE, curriculum: str = "kbu", holder: str = HOVEDSTADEN,
              starts: date | None = None, **extra: Any) -> requests.Response:
        return self.as_admin(holder, "POST", "/enrolments", json={
            "trainee_id": trainee, "curriculum": curriculum, "agreement_holder_id": holder,
            "starts_on": (starts or TODAY - timedelta(days=30)).isoformat(), **extra})

    def place(self, enrolment: dict, element: str, starts: date, ends: date,
              place: str = PRACTICE, **extra: Any) -> requests.Response:
        return self.as_admin(enrolment["agreement_holder_id"], "POST",
                             f"/enrolments/{enrolment['enrolment_id']}/placements", json={
                                 "place_id": place, "element": element,
                                 "starts_on": starts.isoformat(), "ends_on": ends.isoformat(),
                                 **extra})

    # --- time, the database, what left the service ----------------------------------------
    def shift_clock(self, offset: timedelta) -> None:
        write_offset(Path(self.config["PORTAL_CLOCK_FILE"]), offset)

    def rows(self, sql: str, **params: Any) -> list:
        return query_service(self.container, sql, **params)

    def _spy(self, exchange: str, name: str) -> Any:
        queue = Queue(name, Exchange(exchange, "topic", durable=True), routing_key="#",
                      channel=self.connection.default_channel)
        queue.declare()
        seen: list[dict] = []

        def drain() -> list[dict]:
            for message in iter(lambda: queue.get(no_ack=True), None):
                seen.append(json.loads(message.body))
            return seen
        return drain

    def published(self, event_type: str, count: int = 1) -> list[dict]:
        """Wait for ``count`` events of a type on competencies.events; their data."""
        return wait_for(lambda: (found := [e["data"] for e in self.events()
                                           if e["type"] == event_type])
                        and len(found) >= count and found)
