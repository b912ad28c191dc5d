"""Tests every keeper of an agreement gate must pass (invitations, competencies, documents).

A service's integration tests subclass ``AgreementGateTests``, name the
service and its permission, and provide the fixture ``gate`` (a started
container, its vhost and base URL); the kit's ``tokens`` fixture signs tokens.
"""
from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any, NamedTuple

import requests
from nameko.testing.services import entrypoint_waiter

from portal_contracts.identity import DPA_SIGNED_V2, DPA_TERMINATED_V2
from portal_kit import events as ce
from portal_kit.testing import publish_event, query_service, wait_for


class Gate(NamedTuple):
    container: Any
    amqp_uri: str
    url: str


def dpa_event(event_type: str, organisation_id: str, version: int = 1) -> dict[str, Any]:
    """An identity agreement event as a consumer receives it."""
    return ce.envelope(
        source="/portal/identity", type=event_type, subject=f"organisations/{organisation_id}",
        time=datetime.now(UTC), correlation_id=str(uuid.uuid4()),
        dataschema="http://localhost:8000/api/identity/schemas/x.json",
        data={"organisation_id": organisation_id, "organisation_name": "Bergen kommune",
              "agreement_version": version, "kind": "municipality",
              "contact_email": "post@bergen.kommune.no"})


class AgreementGateTests:
    service: str
    permission: str

    def publish(self, gate: Gate, event: dict[str, Any]) -> None:
        publish_event(gate.amqp_uri, "identity.events", event)

    def rows(self, gate: Gate, organisation_id: str) -> list[Any]:
        return query_service(gate.container, "select agreement_version, in_force from "
                             "organisation_agreements where organisation_id = :o",
                             o=organisation_id)

    def path(self, gate: Gate, organisation_id: str) -> str:
        return f"{gate.url}/api/{self.service}/v1/organisations/{organisation_id}/agreement"

    def test_a_signed_agreement_is_recorded_as_in_force(self, gate):
        self.publish(gate, dpa_event(DPA_SIGNED_V2, "org-1"))
        assert wait_for(lambda: self.rows(gate, "org-1")) == [(1, True)]

    def test_a_terminated_agreement_is_recorded_as_not_in_force(self, gate):
        self.publish(gate, dpa_event(DPA_SIGNED_V2, "org-2"))
        wait_for(lambda: self.rows(gate, "org-2"))
        self.publish(gate, dpa_event(DPA_TERMINATED_V2, "org-2"))
        assert wait_for(lambda: self.rows(gate, "org-2") == [(1, False)])

    def test_the_same_event_delivered_twice_is_applied_once(self, gate, caplog):
        caplog.set_level(logging.INFO, logger="portal_kit.inbox")
        signed = dpa_event(DPA_SIGNED_V2, "org-3")
        for _ in range(2):
            with entrypoint_waiter(gate.container, "on_dpa_signed", timeout=10):
                self.publish(gate, signed)
        assert query_service(gate.container, "select count(*) from inbox where event_id = :e",
                             e=signed["id"]) == [(1,)]
        assert f"skipped duplicate event {signed['id']}" in caplog.text
        assert self.rows(gate, "org-3") == [(1, True)]

    def test_a_late_event_of_an_older_version_leaves_the_record_as_it_is(self, gate):
        self.publish(gate, dpa_event(DPA_SIGNED_V2, "org-4", version=2))
        wait_for(lambda: self.rows(gate, "org-4"))
        with entrypoint_waiter(gate.container, "on_dpa_terminated", timeout=10):
            self.publish(gate, dpa_event(DPA_TERMINATED_V2, "org-4", version=1))
        assert self.rows(gate, "org-4") == [(2, True)]

    def test_the_gate_answers_401_without_a_token(self, gate):
        response = requests.get(self.path(gate, "org-1"), timeout=10)
        assert response.status_code == 401
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "missing_token"

    def test_the_gate_answers_403_to_a_token_without_the_operator_role(self, gate, tokens):
        response = requests.get(self.path(gate, "org-1"), timeout=10,
                                headers=tokens.headers(roles=["trainee"]))
        assert (response.status_code, response.json()["code"]) == (403, "role_required")

    def test_an_operator_reads_whether_the_gate_is_open(self, gate, tokens):
        self.publish(gate, dpa_event(DPA_SIGNED_V2, "org-5"))
        wait_for(lambda: self.rows(gate, "org-5"))
        response = requests.get(self.path(gate, "org-5"), timeout=10,
                                headers=tokens.headers(roles=["operator"]))
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["organisation_id"], body["agreement_version"]) == ("org-5", 1)
        assert body["in_force"] is True and body[self.permission] is True

    def test_an_unknown_organisation_answers_404_organisation_unknown(self, gate, tokens):
        response = requests.get(self.path(gate, "nobody"), timeout=10,
                                headers=tokens.headers(roles=["operator"]))
        assert (response.status_code, response.json()["code"]) == (404, "organisation_unknown")
