"""The world invitations sees in its integration tests: other services' events, published
as their relays would, and spies on invitations' public and private exchanges."""
from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import requests
from kombu import Connection, Exchange, Queue
from nameko.testing.services import entrypoint_hook

from invitations.entrypoints.service import InvitationsService
from portal_contracts import competencies as programmes
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
V1 = "/api/invitations/v1"
BERGEN, HOVEDSTADEN, PRACTICE, PRACTICE_2 = "bergen", "hovedstaden", "practice-a", "practice-b"
LEGEVAKT = "bergen-legevakt"
TODAY = date.today()


def event(event_type: str, data: dict[str, Any], source: str = "/portal/identity") -> dict:
    return ce.envelope(source=source, type=event_type, subject="test", data=data,
                       time=datetime.now(UTC), correlation_id=str(uuid.uuid4()),
                       dataschema="http://localhost:8000/schemas/x.json")


class World:
    def __init__(self, container: Any, config: dict, vhost: Any, tokens: Any) -> None:
        self.container, self.config, self.vhost, self.tokens = container, config, vhost, tokens
        self.url = base_url(config)
        self.connection = Connection(vhost.amqp_uri)
        self.events = self._spy("invitations.events", "spy-events")
        self.commands = self._spy("invitations.commands", "spy-commands")

    @classmethod
    def start(cls, container_factory: Any, database_url: str, vhost: Any, tokens: Any,
              extra: dict) -> World:
        migrate(SERVICE_DIR, database_url)
        config = service_config(database_url, vhost, JWKS_URL=tokens.jwks_url, **extra)
        container = container_factory(InvitationsService, config)
        container.start()
        world = cls(container, config, vhost, tokens)
        world.known_organisations()
        return world

    def close(self) -> None:
        self.connection.release()

    # --- other services' events -----------------------------------------------------------
    def publish(self, exchange: str, message: dict) -> None:
        publish_event(self.vhost.amqp_uri, exchange, message)

    def known_organisations(self) -> None:
        for org_id, name, kind, country, holder in (
                (BERGEN, "Bergen kommune", "municipality", "NO", None),
                (HOVEDSTADEN, "Region Hovedstaden", "region", "DK", None),
                (PRACTICE, "Lægehuset Nørrebro", "practice", "DK", HOVEDSTADEN),
                (PRACTICE_2, "Lægehuset Amager", "practice", "DK", HOVEDSTADEN),
                (LEGEVAKT, "Bergen legevakt", "clinic", "NO", BERGEN)):
            self.publish("identity.events", event(identity.ORGANISATION_REGISTERED_V2, {
                "organisation_id": org_id, "name": name, "kind": kind, "country": country,
                "organisation_number": None, "contact_email": None, "code": None,
                "agreement_holder_id": holder, "registered_at": datetime.now(UTC).isoformat(),
                "registered_by": "operator"}))
        for holder in (BERGEN, HOVEDSTADEN):
            self.sign(holder)
        wait_for(lambda: len(self.rows("SELECT 1 FROM organisations")) == 5 and len(
            self.rows("SELECT 1 FROM organisation_agreements WHERE in_force")) == 2)

    def sign(self, holder: str, version: int = 1) -> None:
        self.publish("identity.events", event(identity.DPA_SIGNED_V2, {
            "organisation_id": holder, "organisation_name": holder.title(),
            "agreement_version": version}))

    def terminate(self, holder: str, version: int = 1) -> None:
        self.publish("identity.events", event(identity.DPA_TERMINATED_V2, {
            "organisation_id": holder, "organisation_name": holder.title(),
            "agreement_version": version}))
        wait_for(lambda: self.rows("SELECT 1 FROM organisation_agreements WHERE "
                                   "organisation_id = :o AND NOT in_force", o=holder))

    def person(self, person_id: str, given: str, family: str, authorisation_id: str | None =
               None, country: str = "NO") -> None:
        self.publish("identity.events", event(identity.PERSON_REGISTERED, {
            "person_id": person_id, "given_name": given, "family_name": family,
            "email": f"{person_id}@example.org", "mobile": None,
            "language": "nb" if country == "NO" else "da", "country": country,
            "hpr_number": None, "authorisation_id": authorisation_id,
            "registered_at": datetime.now(UTC).isoformat()}))
        wait_for(lambda: self.rows("SELECT 1 FROM people WHERE person_id = :p", p=person_id))

    def placed(self, trainee_id: str, place: str = BERGEN, holder: str = BERGEN,
               curriculum: str = "lis1", starts: date | None = None,
               ends: date | None = None, placement_id: str | None = None) -> str:
        placement_id = placement_id or f"pl-{trainee_id}-{uuid.uuid4().hex[:6]}"
        self.publish("competencies.events", event(programmes.PLACEMENT_RECORDED, {
            "placement_id": placement_id, "enrolment_id": f"en-{trainee_id}",
            "trainee_id": trainee_id, "place_id": place, "agreement_holder_id": holder,
            "curriculum": curriculum, "curriculum_version": "2025-09", "element": "kommune",
            "element_kind": "municipality", "plan": ["KLK"],
            "starts_on": (starts or TODAY - timedelta(days=30)).isoformat(),
            "ends_on": (ends or TODAY + timedelta(days=150)).isoformat(),
            "recorded_at": datetime.now(UTC).isoformat(), "recorded_by": "admin"},
            source="/portal/competencies"))
        wait_for(lambda: self.rows("SELECT 1 FROM placements WHERE placement_id = :p",
                                   p=placement_id))
        return placement_id

    def cancel_placement(self, placement_id: str, trainee_id: str, place: str,
                         holder: str) -> None:
        self.publish("competencies.events", event(programmes.PLACEMENT_CANCELLED, {
            "placement_id": placement_id, "enrolment_id": f"en-{trainee_id}",
            "trainee_id": trainee_id, "place_id": place, "agreement_holder_id": holder,
            "reason": "recorded by mistake", "cancelled_at": datetime.now(UTC).isoformat(),
            "cancelled_by": "admin"}, source="/portal/competencies"))

    def change_placement(self, placement_id: str, trainee_id: str, place: str, holder: str,
                         starts: date, ends: date) -> None:
        self.publish("competencies.events", event(programmes.PLACEMENT_CHANGED, {
            "placement_id": placement_id, "enrolment_id": f"en-{trainee_id}",
            "trainee_id": trainee_id, "place_id": place, "agreement_holder_id": holder,
            "starts_on": starts.isoformat(), "ends_on": ends.isoformat(),
            "changed_at": datetime.now(UTC).isoformat(), "changed_by": "admin"},
            source="/portal/competencies"))

    def accepted(self, invitation: dict, person_id: str) -> None:
        """identity's word that ``person_id`` accepted the invitation (the handshake)."""
        self.publish("identity.events", event(identity.PERSON_INVITATION_ACCEPTED, {
            "person_id": person_id, "invitation_id": invitation["id"],
            "trainee_id": invitation["trainee_id"], "role": invitation["role"],
            "organisation_id": invitation["organisation_id"],
            "accepted_at": datetime.now(UTC).isoformat()}))

    # --- HTTP ----------------------------------------------------------------------------
    def api(self, method: str, path: str, as_: str | None = None, memberships: tuple = (),
            **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if as_:
            headers.update(self.tokens.headers(subject=as_, memberships=[
                {"organisation_id": o, "role": r} for o, r in memberships]))
        return requests.request(method, f"{self.url}{V1}{path}", headers=headers, timeout=10,
                                **kwargs)

    def invite(self, trainee: str, role: str = "supervisor", email: str | None = None,
               **extra: Any) -> requests.Response:
        return self.api("POST", "/invitations", as_=trainee, json={
            "role": role, "email": email or f"{role}-{uuid.uuid4().hex[:4]}@example.org",
            **extra})

    def jwks(self) -> dict:
        return requests.get(f"{self.url}/api/invitations/.well-known/jwks.json",
                            timeout=10).json()

    def verify_ticket(self, ticket: str) -> dict:
        keys = {k["kid"]: jwt.PyJWK(k) for k in self.jwks()["keys"]}
        kid = jwt.get_unverified_header(ticket)["kid"]
        return jwt.decode(ticket, keys[kid].key, algorithms=["RS256"],
                          audience="http://localhost:8000/api/identity",
                          issuer="http://localhost:8000/api/invitations")

    # --- time and the sweep --------------------------------------------------------------
    def shift_clock(self, offset: timedelta) -> None:
        write_offset(Path(self.config["PORTAL_CLOCK_FILE"]), offset)

    def sweep(self) -> None:
        with entrypoint_hook(self.container, "sweep") as run:
            run()

    # --- what left the service -----------------------------------------------------------
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
        """Wait for ``count`` events of a type on invitations.events; their data."""
        return wait_for(lambda: (found := [e["data"] for e in self.events()
                                           if e["type"] == event_type])
                        and len(found) >= count and found)

    def mails(self, kind: str, count: int = 1) -> list[dict]:
        """Wait for ``count`` commands to notifications of a kind; their data."""
        return wait_for(lambda: (found := self.sent(kind)) and len(found) >= count and found)

    def sent(self, kind: str) -> list[dict]:
        wanted = f"portal.notifications.{kind}.send.v1"
        return [c["data"] for c in self.commands() if c["type"] == wanted]


def link_token(mail: dict) -> str:
    return mail["link"].split("token=", 1)[1]
