"""Completion: every required item approved and every required attestation given.

What is required follows from the trainee's programme: the items of the plans of their
placements and the attestations of those placements (the service works it out from the
curriculum). The completed record names the trainee by HPR number or Danish
authorisation id for the authority, never by national id number.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from competencies.domain import signoff_events as events
from competencies.domain.paper_evidence import NO_PAPER, PaperEvidence
from competencies.domain.signoff import SignOff, State
from competencies.domain.signoff_exceptions import ProgrammeNotComplete
from portal_kit.audit import AuditEntry


@dataclass(frozen=True)
class Requirement:
    code: str
    kind: str
    placement_id: str | None = None


def key(record: SignOff | Requirement) -> tuple[str, str | None]:
    return record.code, record.placement_id


def missing(requirements: Iterable[Requirement], records: Iterable[SignOff],
            evidence: PaperEvidence = NO_PAPER) -> list[Requirement]:
    """What is not complete yet: not approved, or (where the curriculum asks for confirmed
    paper documents) its paper evidence not confirmed (``paper_evidence``)."""
    approved = {key(r) for r in records if r.state is State.APPROVED}
    return [r for r in requirements if not evidence.satisfies(r, key(r) in approved)]


def signed_record(record: SignOff) -> dict[str, Any]:
    return {"code": record.code, "title": record.title, "kind": record.kind,
            "placement_id": record.placement_id,
            "approved_at": record.decided_at, "approved_by": record.decided_by,
            "role": record.decided_role, "on_behalf_of": record.on_behalf_of}


@dataclass(eq=False)
class ProgrammeCompletion:
    """The programme of one enrolment completed, once; its record as the authority reads it."""

    enrolment_id: str
    trainee_id: str
    credential_id: str
    completed_at: datetime
    record: dict[str, Any] = field(default_factory=dict)
    credential: str | None = None
    credential_kid: str | None = None
    events: list[Any] = field(default_factory=list, repr=False)
    audit: list[AuditEntry] = field(default_factory=list, repr=False)

    @classmethod
    def complete(cls, programme: Mapping[str, Any], trainee: Mapping[str, Any],
                 requirements: Iterable[Requirement], records: Iterable[SignOff],
                 credential_id: str, at: datetime,
                 evidence: PaperEvidence = NO_PAPER) -> ProgrammeCompletion:
        """``programme``: enrolment_id, trainee_id, agreement_holder_id, programme, country,
        curriculum, curriculum_version; ``trainee``: hpr_number, authorisation_id, name."""
        records = list(records)
        required = list(requirements)
        still = missing(required, records, evidence)
        if still:
            raise ProgrammeNotComplete(f"{len(still)} sign-off(s) are still missing.",
                                       errors={"missing": [r.code for r in still]})
        wanted = {key(r) for r in required}
        signed = [signed_record(r) for r in records if key(r) in wanted]
        event = events.ProgrammeCompleted(**dict(programme), trainee=dict(trainee),
                                          sign_offs=signed, credential_id=credential_id,
                                          completed_at=at)
        done = cls(programme["enrolment_id"], programme["trainee_id"], credential_id, at,
                   record=dict(vars(event)))
        done.events.append(event)
        done.audit.append(AuditEntry(
            actor="system", action="programme.completed", subject_type="enrolment",
            subject_id=done.enrolment_id, trainee_id=done.trainee_id,
            organisation_id=programme["agreement_holder_id"], to_state="completed",
            detail={"credential_id": credential_id, "sign_offs": len(signed)}))
        return done
