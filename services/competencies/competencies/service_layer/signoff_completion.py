"""Completion: when the last required sign-off is given, the programme completes in the
same transaction, its record goes to the authority (``programme.completed``) and the
completion credential is signed."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from competencies.domain.completion import ProgrammeCompletion, Requirement, missing
from competencies.domain.paper_evidence import DOCUMENT_CONFIRMATION, PaperEvidence
from competencies.service_layer.signoff_context import NOT_SIGNED_HERE, Context
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_contracts.signoff import ProgrammeCompletedV1
from portal_kit.clock import Clock


def missing_elements(ctx: Context) -> list[str]:
    """Required training elements the trainee has no placement in (yet)."""
    elements = {p.element for p in ctx.enrolment.active_placements()}
    return [e.code for e in ctx.curriculum.elements if e.required and e.code not in elements]


def paper_evidence(uow: CompetenciesUnitOfWork, ctx: Context) -> PaperEvidence:
    """The enrolment's paper documents; they count where the curriculum has a
    ``document_confirmation`` attestation (``domain/paper_evidence.py``)."""
    required = any(a["kind"] == DOCUMENT_CONFIRMATION for a in ctx.curriculum.attestations)
    return PaperEvidence(uow.evidence.of_enrolment(ctx.enrolment.enrolment_id), required)


def requirements(ctx: Context) -> list[Requirement]:
    """What the trainee must have signed in the placements they have (the confirmation of
    paper documents is given by documents' confirmations, not signed here)."""
    placements = ctx.enrolment.active_placements()
    kinds = {i.code: i.kind for i in ctx.curriculum.items()}
    codes = dict.fromkeys(c for p in placements for c in ctx.plan_items(p))
    required = [Requirement(code, kinds[code]) for code in codes]
    for attestation in ctx.curriculum.attestations:
        if attestation["kind"] in NOT_SIGNED_HERE or attestation.get("scope") != "placement":
            required.append(Requirement(attestation["code"], attestation["kind"]))
            continue
        required += [Requirement(attestation["code"], attestation["kind"], p.placement_id)
                     for p in placements if p.element in attestation.get("placements", [])]
    return required


def complete_if_done(uow: CompetenciesUnitOfWork, ctx: Context, clock: Clock,
                     issuer: Callable[..., Any] | None) -> ProgrammeCompletion | None:
    e = ctx.enrolment
    required = requirements(ctx)
    if not required or missing_elements(ctx) or uow.sign_offs.completion(
            e.enrolment_id) is not None:
        return None
    uow.session.flush()
    records = uow.sign_offs.of_enrolment(e.enrolment_id, e.curriculum_version)
    evidence = paper_evidence(uow, ctx)
    if missing(required, records, evidence):
        return None
    done = ProgrammeCompletion.complete(
        _programme(ctx), _trainee(uow, e.trainee_id), required, records,
        f"urn:uuid:{uuid.uuid4()}", clock.now(), evidence)
    done.record = ProgrammeCompletedV1().dump(done.events[0])
    if issuer is not None:
        done.credential, done.credential_kid = issuer(uow, done.record, clock.now())
    uow.sign_offs.add(done)
    uow.track(done)
    return done


def _programme(ctx: Context) -> dict[str, Any]:
    e = ctx.enrolment
    return {"enrolment_id": e.enrolment_id, "trainee_id": e.trainee_id,
            "agreement_holder_id": e.agreement_holder_id, "programme": e.programme,
            "country": e.country, "curriculum": e.curriculum,
            "curriculum_version": e.curriculum_version}


def _trainee(uow: CompetenciesUnitOfWork, trainee_id: str) -> dict[str, Any]:
    known = uow.sign_offs.identifier(trainee_id) or {}
    person = uow.known.person(trainee_id)
    name = known.get("name") or (person.name if person else "")
    return {"hpr_number": known.get("hpr_number"),
            "authorisation_id": known.get("authorisation_id"), "name": name}
