"""Sign-off reads: a trainee's progress per plan or phase, one item with its history, an
approver's queue (oldest first), an agreement holder's overview, the audit trail."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from competencies.adapters import orm
from competencies.domain.attestations import readable_rights
from competencies.domain.completion import Requirement, missing
from competencies.domain.exceptions import TraineeNotVisible
from competencies.domain.paper_evidence import DOCUMENT_CONFIRMATION, PaperEvidence
from competencies.domain.permissions import Permissions, Right
from competencies.domain.signoff import SignOff, State
from competencies.domain.signoff_exceptions import NotAssigned, OutsideWindow, RoleNotPermitted
from competencies.service_layer.access import administers, is_operator, require_administrator
from competencies.service_layer.signoff_completion import (
    missing_elements,
    paper_evidence,
    requirements,
)
from competencies.service_layer.signoff_context import (
    Context,
    Known,
    context,
    rights_of,
    signing_right,
)
from competencies.service_layer.signoff_present import not_started, record
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_kit.audit_log import AuditLog
from portal_kit.clock import Clock
from portal_kit.principal import Principal

STATES = tuple(s.value for s in State)


def may_read(uow: CompetenciesUnitOfWork, by: Principal, ctx: Context) -> None:
    """The trainee, anyone with a right for them today (a personal tutor as long as they
    give the time attestation) while the holder's agreement is in force, their holder's
    administrators and the operator read their sign-offs."""
    e = ctx.enrolment
    if by.subject == e.trainee_id or is_operator(by) or e.agreement_holder_id in administers(
            by):
        return
    agreement = uow.agreements.get(e.agreement_holder_id)
    if agreement is not None and agreement.in_force and any(
            r.covers(ctx.today) for r in readable_rights(rights_of(uow, by.subject, e))):
        return
    raise TraineeNotVisible("You may not read this trainee's sign-offs.")


def _records(uow: CompetenciesUnitOfWork, ctx: Context) -> dict[tuple[str, Any], SignOff]:
    e = ctx.enrolment
    return {(r.code, r.placement_id): r
            for r in uow.sign_offs.read_of_enrolment(e.enrolment_id, e.curriculum_version)}


def _counts(states: list[str]) -> dict[str, int]:
    return {state: states.count(state) for state in STATES}


def progress(uow: CompetenciesUnitOfWork, by: Principal, clock: Clock,
             permissions: Permissions, enrolment_id: str) -> dict[str, Any]:
    with uow:
        ctx = context(uow, enrolment_id, clock, permissions, for_change=False, reading=True)
        may_read(uow, by, ctx)
        return _viewer_may(uow, by, ctx, permissions, _progress(uow, ctx))


VIEWER_ACTIONS = ("approve_item", "recommend", "confirm_activity")


def _viewer_may(uow: CompetenciesUnitOfWork, by: Principal, ctx: Context,
                permissions: Permissions, shown: dict[str, Any]) -> dict[str, Any]:
    """What the viewer may sign today, by the rule the decisions apply (``signs``):
    ``may`` for the items, ``may_give`` on each attestation (give it, or return it). The
    trainee signs nothing of their own, nobody anything of a cancelled enrolment; the
    login's assurance is checked when they sign."""
    closed = by.subject == ctx.enrolment.trainee_id or ctx.enrolment.cancelled
    rights = [] if closed else rights_of(uow, by.subject, ctx.enrolment)
    attestations = [dict(a, may_give=a["kind"] != DOCUMENT_CONFIRMATION and signs(
        permissions, ctx, rights, a["kind"], a["placement_id"])) for a in shown["attestations"]]
    return dict(shown, attestations=attestations,
                may=[a for a in VIEWER_ACTIONS if signs(permissions, ctx, rights, a, None)])


def _paper(evidence: PaperEvidence, code: str, kind: str) -> dict[str, Any]:
    """The confirmed documents beside a unit, and the state of its paper evidence where
    the curriculum asks for confirmed paper (else ``None``)."""
    shown = evidence.confirmed() if kind == DOCUMENT_CONFIRMATION else evidence.confirmed_for(
        code)
    return {"documents": [{"document_id": d.document_id, "kind": d.kind,
                           "confirmed_at": d.decided_at, "confirmed_by": d.decided_by,
                           "content_url": f"/api/documents/v1/documents/{d.document_id}"
                                          "/content"} for d in shown],
            "paper_evidence": evidence.state_of(Requirement(code, kind))}


def _progress(uow: CompetenciesUnitOfWork, ctx: Context) -> dict[str, Any]:
    records = _records(uow, ctx)
    evidence = paper_evidence(uow, ctx)
    groups = []
    for group in ctx.curriculum.groups:
        items = [dict(record(records[(i.code, None)]) if (i.code, None) in records
                      else not_started(i.code, i.kind), title=i.title,
                      **_paper(evidence, i.code, i.kind)) for i in group.items]
        groups.append({"code": group.code, "title": group.title, "kind": group.kind,
                       "total": len(items), "counts": _counts([i["state"] for i in items]),
                       "items": items})
    required = requirements(ctx)
    still = missing(required, records.values(), evidence)
    completion = uow.sign_offs.completion(ctx.enrolment.enrolment_id)
    return {"enrolment_id": ctx.enrolment.enrolment_id,
            "trainee_id": ctx.enrolment.trainee_id, "programme": ctx.programme,
            "curriculum": ctx.curriculum.curriculum,
            "curriculum_version": ctx.curriculum.version, "groups": groups,
            "attestations": _attestations(ctx, records, evidence),
            "required": len(required), "approved": len(required) - len(still),
            "missing": [{"code": r.code, "kind": r.kind, "placement_id": r.placement_id}
                        for r in still],
            "missing_elements": missing_elements(ctx),
            "completed_at": completion.completed_at if completion else None,
            "credential_id": completion.credential_id if completion else None}


def _attestations(ctx: Context, records: dict[tuple[str, Any], SignOff],
                  evidence: PaperEvidence) -> list[dict]:
    result = []
    for a in ctx.curriculum.attestations:
        placements = [p for p in ctx.enrolment.active_placements()
                      if p.element in a.get("placements", [])] if a.get(
            "scope") == "placement" else [None]
        for p in placements:
            key = (a["code"], p.placement_id if p else None)
            shown = record(records[key]) if key in records else not_started(a["code"],
                                                                             a["kind"], key[1])
            result.append(dict(shown, title=a.get("title", a["code"]),
                               placement_ends_on=p.ends_on if p else None,
                               **_paper(evidence, a["code"], a["kind"])))
    return result


def item(uow: CompetenciesUnitOfWork, by: Principal, clock: Clock, permissions: Permissions,
         enrolment_id: str, code: str, placement_id: str | None = None) -> dict[str, Any]:
    with uow:
        ctx = context(uow, enrolment_id, clock, permissions, for_change=False, reading=True)
        may_read(uow, by, ctx)
        paper = next((a for a in ctx.curriculum.attestations if a["code"] == code
                      and a["kind"] == DOCUMENT_CONFIRMATION), None)
        if paper is not None:  # given by documents' confirmations: nothing is signed here
            return dict(not_started(code, paper["kind"]), history=[],
                        **_paper(paper_evidence(uow, ctx), code, paper["kind"]))
        is_attestation = any(a["code"] == code for a in ctx.curriculum.attestations)
        unit = ctx.attestation(code, placement_id) if is_attestation else ctx.item(code)
        found = uow.sign_offs.get(enrolment_id, ctx.enrolment.curriculum_version, code,
                                  unit.placement_id)
        shown = record(found) if found else not_started(code, unit.kind, unit.placement_id)
        history = _history(uow, subject_id=found.id) if found else []
        return dict(shown, history=history,
                    **_paper(paper_evidence(uow, ctx), code, unit.kind))


def history(uow: CompetenciesUnitOfWork, by: Principal, clock: Clock, permissions: Permissions,
            enrolment_id: str, limit: int = 200) -> list[dict[str, Any]]:
    with uow:
        ctx = context(uow, enrolment_id, clock, permissions, for_change=False, reading=True)
        may_read(uow, by, ctx)
        return _history(uow, trainee_id=ctx.enrolment.trainee_id, limit=limit)


def _history(uow: CompetenciesUnitOfWork, limit: int = 200, **filters: Any) -> list[dict]:
    return [{"id": r.id, "at": r.at, "actor": r.entry.actor,
             "on_behalf_of": r.entry.on_behalf_of, "action": r.entry.action,
             "subject_type": r.entry.subject_type, "subject_id": r.entry.subject_id,
             "from_state": r.entry.from_state, "to_state": r.entry.to_state,
             "reason": r.entry.reason, "detail": dict(r.entry.detail),
             "correlation_id": r.correlation_id}
            for r in AuditLog(orm.audit).entries(uow.session, limit=limit, **filters)]


def queue(uow: CompetenciesUnitOfWork, by: Principal, clock: Clock,
          permissions: Permissions) -> list[dict[str, Any]]:
    """Items and attestations awaiting my decision, by trainee, oldest first; only those I
    may decide today. The enrolments, relationships and delegations behind them are read
    once for all."""
    with uow:
        awaiting = uow.sign_offs.awaiting(by.subject)
        uow.enrolments.read_all({r.enrolment_id for r in awaiting})  # read() finds them
        relationships = uow.known.relationships_of_trainees({r.trainee_id for r in awaiting})
        delegations = uow.sign_offs.delegations_to(by.subject) if awaiting else []
        by_trainee: dict[str, dict[str, Any]] = {}
        deciders: dict[str, tuple[Context, list[Right]] | None] = {}
        recording: dict[str, bool] = {}  # holder: its agreement lets sign-offs be recorded
        for r in awaiting:
            if r.enrolment_id not in deciders:
                found = _decider(uow, by, clock, permissions, r.enrolment_id,
                                 Known(relationships[r.trainee_id], delegations))
                if found is not None:  # a decision would be refused: AgreementNotInForce
                    holder = found[0].enrolment.agreement_holder_id
                    if holder not in recording:
                        agreement = uow.agreements.read(holder)
                        recording[holder] = bool(agreement and agreement.may_record_sign_offs)
                    found = found if recording[holder] else None
                deciders[r.enrolment_id] = found
            found = deciders[r.enrolment_id]
            if found is None or r.curriculum_version != found[0].enrolment.curriculum_version:
                continue
            ctx, rights = found
            if not _may_decide(permissions, ctx, rights, r):
                continue
            entry = by_trainee.setdefault(r.enrolment_id, {
                "trainee_id": r.trainee_id, "enrolment_id": r.enrolment_id,
                "curriculum": r.curriculum, "items": [], "attestations": []})
            entry["attestations" if r.is_attestation else "items"].append(_shown(ctx, r))
        names = uow.known.labels({e["trainee_id"] for e in by_trainee.values()}, set())[0] \
            if by_trainee else {}
        return [dict(e, trainee_name=names.get(e["trainee_id"], "")) for e in by_trainee.values()]


def _decider(uow: CompetenciesUnitOfWork, by: Principal, clock: Clock,
             permissions: Permissions, enrolment_id: str, known: Known
             ) -> tuple[Context, list[Right]] | None:
    ctx = context(uow, enrolment_id, clock, permissions, for_change=False, reading=True)
    if by.subject == ctx.enrolment.trainee_id or ctx.enrolment.cancelled:
        return None
    return ctx, rights_of(uow, by.subject, ctx.enrolment, known)


def _may_decide(permissions: Permissions, ctx: Context, rights: list[Right],
                r: SignOff) -> bool:
    """Whether the rights sign this record today, by the same rule the decision uses."""
    return signs(permissions, ctx, rights, r.kind if r.is_attestation else "approve_item",
                 r.placement_id)


def signs(permissions: Permissions, ctx: Context, rights: list[Right], action: str,
          placement_id: str | None) -> bool:
    """Whether the rights sign ``action`` (of the placement) today: the rule the sign-off
    use cases apply (``signoff_context.signing_right``), without the login's assurance."""
    try:
        signing_right(permissions, ctx, rights, action, placement_id)
    except (NotAssigned, RoleNotPermitted, OutsideWindow):
        return False
    return True


def _shown(ctx: Context, r: SignOff) -> dict[str, Any]:
    if not r.is_attestation:
        return dict(record(r), title=_title(ctx, r.code))
    found: dict[str, Any] = next(
        (a for a in ctx.curriculum.attestations if a["code"] == r.code), {})
    placement = ctx.enrolment.placement(r.placement_id or "")
    return dict(record(r), title=found.get("title", r.code),
                placement_ends_on=placement.ends_on if placement else None)


def _title(ctx: Context, code: str) -> str:
    return next((i.title for i in ctx.curriculum.items() if i.code == code), code)


def overview(uow: CompetenciesUnitOfWork, by: Principal, clock: Clock,
             permissions: Permissions, holder_id: str, waiting_days: int = 14
             ) -> dict[str, Any]:
    """An agreement holder's trainees: % complete, and items and attestations waiting
    longer than N days."""
    with uow:
        require_administrator(by, holder_id)
        since = clock.now() - timedelta(days=waiting_days)
        trainees = []
        for enrolment in uow.enrolments.of_holder(holder_id):
            if enrolment.cancelled:
                continue
            ctx = context(uow, enrolment.enrolment_id, clock, permissions, for_change=False)
            shown = _progress(uow, ctx)
            waiting = [dict(i, group=g["code"]) for g in shown["groups"] for i in g["items"]
                       if i["state"] == State.READY.value and i["submitted_at"] < since]
            waiting += [a for a in shown["attestations"]
                        if a["state"] == State.READY.value and a["submitted_at"] < since]
            share = shown["approved"] / shown["required"] if shown["required"] else 0.0
            trainees.append({"trainee_id": enrolment.trainee_id,
                             "enrolment_id": enrolment.enrolment_id,
                             "curriculum": enrolment.curriculum,
                             "required": shown["required"], "approved": shown["approved"],
                             "percent_complete": round(100 * share, 1),
                             "completed_at": shown["completed_at"], "waiting": waiting})
        return {"agreement_holder_id": holder_id, "waiting_days": waiting_days,
                "trainees": trainees}
