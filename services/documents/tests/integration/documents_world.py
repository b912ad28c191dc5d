"""A running documents service and the people around one trainee, for integration tests.

Tests about uploads and decisions fill the relations projection directly in the service's
database, as competencies' and invitations' events fill it; the tests of the projection
itself (test_relations_from_events.py) publish those events (programme_events.py).
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, insert, select

from documents.adapters import orm
from portal_kit.runtime import Runtime
from portal_kit.testing_infra import query_service

TRAINEE, TUTOR, VEJLEDER, STRANGER, ADMIN = "p-mette", "p-soren", "p-anne", "p-ola", "p-jens"
OTHER_TRAINEE = "p-kari"
REGION = "5a1d2c3e-0000-4000-8000-000000000001"


class World:
    def __init__(self, container: Any, url: str, tokens: Any, folder: Path) -> None:
        self.container, self.url, self.tokens, self.folder = container, url, tokens, folder
        self.api = f"{url}/api/documents/v1"
        self.amqp_uri = container.config["AMQP_URI"]
        runtime = next(d for d in container.extensions if isinstance(d, Runtime))
        self.engine = runtime.app.engine
        self.store = runtime.app.extras["store"]

    def as_(self, person: str, *memberships: tuple[str, str], **claims: Any) -> dict[str, str]:
        """The person's token, logged in at the highest assurance unless ``assurance``
        says otherwise (None: a token without the claim)."""
        listed = [{"organisation_id": o, "role": r} for o, r in memberships]
        claims.setdefault("assurance", "high")
        if claims["assurance"] is None:
            del claims["assurance"]
        return self.tokens.headers(subject=person, memberships=listed, **claims)

    def operator(self) -> dict[str, str]:
        return self.tokens.headers(roles=["operator"])

    def agreement(self, holder: str = REGION, in_force: bool = True) -> None:
        self._insert(orm.organisation_agreements, organisation_id=holder,
                     organisation_name="Region Hovedstaden", agreement_version=1,
                     in_force=in_force, changed_at=datetime.now(UTC))

    def trainee(self, trainee: str = TRAINEE, holder: str = REGION, country: str = "DK",
                curriculum: str = "kbu", enrolment_id: str | None = None) -> str:
        enrolment_id = enrolment_id or str(uuid.uuid4())
        self._insert(orm.trainee_enrolments, enrolment_id=enrolment_id, trainee_id=trainee,
                     curriculum=curriculum, curriculum_version="2017",
                     programme="Klinisk basisuddannelse (KBU)", country=country,
                     agreement_holder_id=holder, cancelled=False)
        return enrolment_id

    def grant(self, approver: str = TUTOR, role: str = "tutor", trainee: str = TRAINEE,
              valid_from: date = date(2000, 1, 1), valid_to: date | None = None) -> None:
        self._insert(orm.approver_grants, grant_id=f"{trainee}:{approver}:{role}",
                     trainee_id=trainee, approver_id=approver, role=role,
                     organisation_id=REGION, valid_from=valid_from, valid_to=valid_to,
                     enrolment_id=None)

    def kbu_trainee_with_tutor(self) -> str:
        self.agreement()
        enrolment = self.trainee()
        self.grant()
        return enrolment

    def upload(self, content: bytes | Iterable[bytes], person: str = TRAINEE,
               headers: dict[str, str] | None = None, **params: Any) -> requests.Response:
        params.setdefault("kind", "course_certificate")
        params.setdefault("filename", "kursusbevis.pdf")
        return requests.post(f"{self.api}/documents", params=params, data=content,
                             headers=dict(self.as_(person) if headers is None else headers,
                                          **{"Content-Type": "application/octet-stream"}),
                             timeout=60)

    def uploaded(self, content: bytes, **params: Any) -> dict[str, Any]:
        response = self.upload(content, **params)
        assert response.status_code == 201, response.text
        return response.json()

    def post(self, path: str, person: str, json: Any = None, **memberships: Any
             ) -> requests.Response:
        return requests.post(f"{self.api}{path}", json=json, headers=self.as_(person),
                             timeout=30)

    def get(self, path: str, headers: dict[str, str], **kwargs: Any) -> requests.Response:
        return requests.get(f"{self.api}{path}", headers=headers, timeout=30, **kwargs)

    def sql(self, statement: str, **params: Any) -> list[Any]:
        return query_service(self.container, statement, **params)

    def stored_keys(self) -> list[str]:
        return [key for key, _ in self.store.listing()]

    def spooled(self) -> list[Path]:
        spool = self.folder / "spool"
        return list(spool.iterdir()) if spool.exists() else []

    def outbox_types(self) -> list[str]:
        return [row[0] for row in self.sql("SELECT routing_key FROM outbox ORDER BY id")]

    def _insert(self, table: Any, **values: Any) -> None:
        with self.engine.begin() as connection:
            connection.execute(insert(table).values(**values))

    def count(self, table: str) -> int:
        mapped = orm.metadata.tables[table]
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(mapped))
                       .scalar_one())
