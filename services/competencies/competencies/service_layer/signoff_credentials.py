"""Reads of the completed programme: its record and credential for the trainee (and the
holder's administrators, the operator), the published credential keys, and the public
check behind the PDF's QR code."""
from __future__ import annotations

from typing import Any

from competencies.adapters.credentials import digest
from competencies.adapters.repository_signoff import CredentialKeyRepository
from competencies.domain.completion import ProgrammeCompletion
from competencies.domain.exceptions import EnrolmentUnknown, TraineeNotVisible
from competencies.domain.signoff_exceptions import ProgrammeNotComplete, SignOffUnknown
from competencies.service_layer.access import administers, is_operator
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_kit.principal import Principal


def completion(uow: CompetenciesUnitOfWork, by: Principal, enrolment_id: str,
               base_url: str) -> dict[str, Any]:
    with uow:
        enrolment = uow.enrolments.get(enrolment_id)
        if enrolment is None:
            raise EnrolmentUnknown(f"No enrolment {enrolment_id}.")
        if not (by.subject == enrolment.trainee_id or is_operator(by)
                or enrolment.agreement_holder_id in administers(by)):
            raise TraineeNotVisible("Only the trainee and their administrators read this.")
        done = uow.sign_offs.completion(enrolment_id)
        if done is None or done.credential is None:
            raise ProgrammeNotComplete("This programme is not completed yet.")
        return present(done, base_url)


def present(done: ProgrammeCompletion, base_url: str) -> dict[str, Any]:
    token = done.credential or ""
    return {"enrolment_id": done.enrolment_id, "credential_id": done.credential_id,
            "completed_at": done.completed_at, "record": done.record,
            "credential": token, "media_type": "application/vc+jwt",
            "digest": digest(token), "kid": done.credential_kid,
            "verification_url": verification_url(base_url, done.credential_id),
            "jwks_url": f"{base_url}/api/competencies/credentials/jwks.json"}


def verification_url(base_url: str, credential_id: str) -> str:
    return f"{base_url}/api/competencies/v1/credentials/{credential_id.removeprefix('urn:uuid:')}"


def check(uow: CompetenciesUnitOfWork, credential_uuid: str,
          claimed_digest: str | None) -> dict[str, Any]:
    """Whether the portal issued this credential, and whether the digest is its own."""
    with uow:
        done = uow.sign_offs.completion_by_credential(f"urn:uuid:{credential_uuid}")
        if done is None or done.credential is None:
            raise SignOffUnknown("The portal issued no such credential.",
                                 code="credential_unknown")
        own = digest(done.credential)
        return {"credential_id": done.credential_id, "issued_at": done.completed_at,
                "digest": own, "digest_matches": claimed_digest == own if claimed_digest
                else None}


def recorded_keys(uow: CompetenciesUnitOfWork) -> list[dict[str, Any]]:
    with uow:
        return CredentialKeyRepository(uow.session).all()
