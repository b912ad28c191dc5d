"""A stand-in for the notifications service's HTTP API (its OpenAPI document), served over
real HTTP for the notification pages' integration tests; it reads the caller's token with
the fake identity, as the real service verifies it with identity's keys."""
from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, request

from fake_identity import FakeIdentity, problem

V1 = "/api/notifications/v1"
CHOICES = {"awaiting_approval": ("immediate", "daily_digest", "off"),
           "reminders": ("immediate", "off"), "documents": ("immediate", "off")}
LINKS = {"reminder-link": ("nb", "reminders", False), "invitation-link": ("da", "invitations",
                                                                          True)}


def delivery(delivery_id: str, status: str, **values: Any) -> dict[str, Any]:
    return {"id": delivery_id, "channel": "email", "address": "kari@example.no",
            "person_id": "p-1", "organisation_id": "org-1", "template": "invitation",
            "category": "invitations", "language": "nb", "subject": "Invitasjon",
            "source_event_id": "e-1", "status": status, "attempts": 8,
            "last_error": "SMTPServerDisconnected: Connection unexpectedly closed",
            "created_at": "2026-03-02T10:00:00+00:00", "next_attempt_at": None,
            "sent_at": None, "settled_at": "2026-03-02T11:00:00+00:00", **values}


class FakeNotifications:
    def __init__(self, identity: FakeIdentity) -> None:
        self.identity = identity
        self.preferences: dict[str, dict[str, str]] = {}
        self.unsubscribed: list[str] = []
        self.retried: list[str] = []
        self.deliveries = [delivery("d-1", "dead_lettered"), delivery("d-2", "failed")]
        self.app = self._routes()

    def _person(self) -> Any:
        return self.identity.person_of(request.headers.get("Authorization", ""))

    def _routes(self) -> Flask:
        app = Flask("fake_notifications")

        @app.route(f"{V1}/people/me/preferences", methods=["GET", "PUT"])
        def preferences() -> Any:
            person = self._person()
            if person is None:
                return problem(401, "unauthenticated")
            mine = self.preferences.setdefault(person.sub, dict.fromkeys(CHOICES, "immediate"))
            if request.method == "PUT":
                body = request.get_json()
                errors = {k: ["Must be one of: immediate, off."] for k, v in body.items()
                          if v not in CHOICES.get(k, ())}
                if errors:
                    return problem(422, "unknown_choice", errors)
                mine.update(body)
            return jsonify(mine)

        @app.get(f"{V1}/people/me/notifications")
        def notifications() -> Any:
            if self._person() is None:
                return problem(401, "unauthenticated")
            return jsonify([delivery("d-3", "sent", subject="Velkommen til kompetanseportalen",
                                     sent_at="2026-03-02T10:00:05+00:00", attempts=1)])

        @app.route(f"{V1}/unsubscribe-links/<token>", methods=["GET", "POST"])
        def unsubscribe_link(token: str) -> Any:
            if token not in LINKS:
                return problem(422, "invalid_unsubscribe_link")
            language, category, mandatory = LINKS[token]
            done = request.method == "POST" and not mandatory
            if done:
                self.unsubscribed.append(token)
            return jsonify(language=language, category=category, mandatory=mandatory,
                           unsubscribed=done)

        @app.get(f"{V1}/organisations/<organisation_id>/failed-deliveries")
        def failed(organisation_id: str) -> Any:
            person = self._person()
            if person is None or not any(m["organisation_id"] == organisation_id
                                         for m in person.memberships):
                return problem(403, "not_allowed")
            return jsonify([d for d in self.deliveries if d["organisation_id"] == organisation_id])

        @app.get(f"{V1}/deliveries")
        def log() -> Any:
            person = self._person()
            if person is None or "operator" not in person.roles:
                return problem(403, "forbidden")
            wanted = request.args.get("recipient")
            if wanted is not None and "@" not in wanted:
                return problem(422, "validation_failed",
                               {"recipient": ["Not a valid email address."]})
            return jsonify([d for d in self.deliveries if not wanted or d["address"] == wanted])

        @app.post(f"{V1}/deliveries/<delivery_id>/retry")
        def retry(delivery_id: str) -> Any:
            found = next((d for d in self.deliveries if d["id"] == delivery_id), None)
            if self._person() is None:
                return problem(401, "unauthenticated")
            if found is None:
                return problem(404, "delivery_not_found")
            if found["status"] != "dead_lettered":
                return problem(409, "delivery_state_conflict")
            self.retried.append(delivery_id)
            found.update(status="queued", attempts=0)
            return jsonify(found)

        return app
