"""Sign-off use cases: klarmelding, recall, activities, recommendation, approval (one or
several), return, attestations (given directly or after their own klarmelding), reset.
Each checks who acts (the trainee; or an approver with the right the matrix gives, valid
today, logged in with the assurance the country demands), changes the record, and commits
it with its events and audit entries.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from competencies.domain import signoff_commands as commands
from competencies.domain.attestations import check_items_approved, check_timing
from competencies.domain.permissions import Permissions
from competencies.domain.signoff import Actor, SignOff
from competencies.domain.signoff_exceptions import (
    NoResponsibleApprover,
    NotAwaitingApproval,
    NotTheTrainee,
    OwnItem,
    RoleNotPermitted,
    VersionConflict,
)
from competencies.service_layer.access import administers, is_operator, require_administrator
from competencies.service_layer.signoff_completion import complete_if_done
from competencies.service_layer.signoff_context import (
    Context,
    Unit,
    context,
    record_for,
    responsible_approver,
    rights_of,
    signing_right,
)
from competencies.service_layer.signoff_present import record as present
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_kit.clock import Clock
from portal_kit.principal import Principal

Issuer = Callable[..., Any] | None


def _id() -> str:
    return str(uuid.uuid4())


def _commit(uow: CompetenciesUnitOfWork) -> None:
    """Commit; two people changing one record at once: the second gets a conflict."""
    try:
        uow.commit()
    except (StaleDataError, IntegrityError) as exc:
        uow.session.rollback()
        raise VersionConflict("Someone else changed this at the same moment: reload it "
                              "and try again.") from exc


def _trainee(ctx: Context, by: Principal) -> str:
    if by.subject != ctx.enrolment.trainee_id:
        raise NotTheTrainee("Only the trainee does this.")
    return by.subject


def _signer(uow: CompetenciesUnitOfWork, ctx: Context, by: Principal, action: str,
            permissions: Permissions, placement_id: str | None = None) -> Actor:
    """The right the person signs with today, or why not (own item, role, window,
    assurance)."""
    if by.subject == ctx.enrolment.trainee_id:
        raise OwnItem("You may not sign off your own training.")
    right = signing_right(permissions, ctx, rights_of(uow, by.subject, ctx.enrolment), action,
                          placement_id)
    permissions.check_assurance(ctx.curriculum.country, by.assurance)
    return Actor(by.subject, right.role, right.on_behalf_of)


def _target(ctx: Context, cmd: commands.Submit | commands.Recall | commands.Return) -> Unit:
    """The item, or the attestation of a placement, a klarmelding command is about."""
    return ctx.attestation(cmd.code, cmd.placement_id) if cmd.attestation else ctx.item(
        cmd.code)


def _action(unit: Unit) -> str:
    return unit.kind if unit.attestation is not None else "approve_item"


def _may_be_given(uow: CompetenciesUnitOfWork, ctx: Context, unit: Unit) -> None:
    """An attestation's timing (last month on) and the items it waits for."""
    ends_on = unit.placement.ends_on if unit.placement else ctx.enrolment.ends_on
    if ends_on is not None:
        check_timing(unit.kind, ends_on, ctx.today)
    records = uow.sign_offs.of_enrolment(ctx.enrolment.enrolment_id,
                                         ctx.enrolment.curriculum_version)
    check_items_approved(unit.kind, ctx.plan_items(unit.placement), records)


def submit(cmd: commands.Submit, uow: CompetenciesUnitOfWork, clock: Clock,
           permissions: Permissions) -> dict[str, Any]:
    """Klarmelding of an item, or of an attestation once it could be given."""
    with uow:
        ctx = context(uow, cmd.enrolment_id, clock, permissions)
        trainee, unit = _trainee(ctx, cmd.by), _target(ctx, cmd)
        if unit.attestation is not None:
            _may_be_given(uow, ctx, unit)
        record = record_for(uow, ctx, unit, _id())
        record.expect(cmd.version)
        approver = responsible_approver(uow, ctx, unit, permissions)
        if approver is None:
            raise NoResponsibleApprover("Nobody is responsible for approving this yet (no "
                                        "personal tutor or leader today).")
        record.submit(trainee, approver, clock.now())
        _commit(uow)
        return present(record)


def recall(cmd: commands.Recall, uow: CompetenciesUnitOfWork, clock: Clock,
           permissions: Permissions) -> dict[str, Any]:
    with uow:
        ctx = context(uow, cmd.enrolment_id, clock, permissions)
        trainee, record = _trainee(ctx, cmd.by), record_for(uow, ctx, _target(ctx, cmd), _id())
        record.expect(cmd.version)
        record.recall(trainee, clock.now())
        _commit(uow)
        return present(record)


def log_activity(cmd: commands.LogActivity, uow: CompetenciesUnitOfWork, clock: Clock,
                 permissions: Permissions) -> dict[str, Any]:
    with uow:
        ctx = context(uow, cmd.enrolment_id, clock, permissions)
        trainee, unit = _trainee(ctx, cmd.by), ctx.item(cmd.code)
        if not permissions.may(ctx.programme, "log_activity", "trainee"):
            raise RoleNotPermitted(f"Activities are not logged in {ctx.programme}.")
        record = record_for(uow, ctx, unit, _id())
        record.log_activity(trainee, _id(), cmd.title, cmd.performed_on or ctx.today,
                            clock.now())
        _commit(uow)
        return present(record)


def confirm_activity(cmd: commands.ConfirmActivity, uow: CompetenciesUnitOfWork, clock: Clock,
                     permissions: Permissions) -> dict[str, Any]:
    with uow:
        ctx = context(uow, cmd.enrolment_id, clock, permissions)
        record = record_for(uow, ctx, ctx.item(cmd.code), _id())
        actor = _signer(uow, ctx, cmd.by, "confirm_activity", permissions)
        record.confirm_activity(actor, cmd.activity_id, clock.now())
        _commit(uow)
        return present(record)


def recommend(cmd: commands.Recommend, uow: CompetenciesUnitOfWork, clock: Clock,
              permissions: Permissions) -> dict[str, Any]:
    with uow:
        ctx = context(uow, cmd.enrolment_id, clock, permissions)
        record = record_for(uow, ctx, ctx.item(cmd.code), _id())
        actor = _signer(uow, ctx, cmd.by, "recommend", permissions)
        record.expect(cmd.version)
        record.recommend(actor, cmd.comment, clock.now())
        _commit(uow)
        return present(record)


def approve(cmd: commands.Approve, uow: CompetenciesUnitOfWork, clock: Clock,
            permissions: Permissions, issuer: Issuer = None) -> list[dict[str, Any]]:
    """Approve one or several items of one trainee in one transaction: all or none (the
    enrolment itself is only read)."""
    with uow:
        ctx = context(uow, cmd.enrolment_id, clock, permissions, reading=True)
        actor = _signer(uow, ctx, cmd.by, "approve_item", permissions)
        batch = _id() if len(cmd.decisions) > 1 else None
        requires = permissions.required_recommendations(ctx.programme)
        records = [_awaiting(uow, ctx, ctx.item(d.code), d.version) for d in cmd.decisions]
        for record in records:
            record.approve(actor, clock.now(), cmd.comment, batch, requires)
        complete_if_done(uow, ctx, clock, issuer)
        _commit(uow)
        return [present(r) for r in records]


def return_item(cmd: commands.Return, uow: CompetenciesUnitOfWork, clock: Clock,
                permissions: Permissions) -> dict[str, Any]:
    with uow:
        ctx = context(uow, cmd.enrolment_id, clock, permissions)
        unit = _target(ctx, cmd)
        actor = _signer(uow, ctx, cmd.by, _action(unit), permissions, unit.placement_id)
        record = _awaiting(uow, ctx, unit, cmd.version)
        record.return_to_trainee(actor, cmd.comment, clock.now())
        _commit(uow)
        return present(record)


def attest(cmd: commands.Attest, uow: CompetenciesUnitOfWork, clock: Clock,
           permissions: Permissions, issuer: Issuer = None) -> dict[str, Any]:
    """Give an attestation: after its klarmelding or directly (``version`` when read)."""
    with uow:
        ctx = context(uow, cmd.enrolment_id, clock, permissions)
        unit = ctx.attestation(cmd.code, cmd.placement_id)
        actor = _signer(uow, ctx, cmd.by, unit.kind, permissions, unit.placement_id)
        _may_be_given(uow, ctx, unit)
        record = record_for(uow, ctx, unit, _id())
        record.expect(cmd.version)
        record.attest(actor, clock.now(), cmd.comment)
        complete_if_done(uow, ctx, clock, issuer)
        _commit(uow)
        return present(record)


def reset(cmd: commands.Reset, uow: CompetenciesUnitOfWork, clock: Clock,
          permissions: Permissions) -> dict[str, Any]:
    """A region or municipality administrator (or the operator) resets a wrong approval."""
    with uow:
        ctx = context(uow, cmd.enrolment_id, clock, permissions, for_change=False)
        require_administrator(cmd.by, ctx.enrolment.agreement_holder_id)
        if not is_operator(cmd.by):
            permissions.check_assurance(ctx.curriculum.country, cmd.by.assurance)
        unit = _unit(ctx, cmd.code, cmd.placement_id)
        record = record_for(uow, ctx, unit, _id())
        record.expect(cmd.version)
        record.reset(Actor(cmd.by.subject, _admin_role(cmd.by, ctx)), cmd.reference,
                     cmd.reason, clock.now())
        _commit(uow)
        return present(record)


def _unit(ctx: Context, code: str, placement_id: str | None) -> Unit:
    is_attestation = any(a["code"] == code for a in ctx.curriculum.attestations)
    return ctx.attestation(code, placement_id) if is_attestation else ctx.item(code)


def _admin_role(by: Principal, ctx: Context) -> str:
    if ctx.enrolment.agreement_holder_id in administers(by):
        return next(m.role for m in by.memberships
                    if m.organisation_id == ctx.enrolment.agreement_holder_id
                    and m.role.endswith("_admin"))
    return "operator"


def _awaiting(uow: CompetenciesUnitOfWork, ctx: Context, unit: Unit,
              version: int | None) -> SignOff:
    e = ctx.enrolment
    record = uow.sign_offs.get(e.enrolment_id, e.curriculum_version, unit.code,
                               unit.placement_id)
    if record is None:
        raise NotAwaitingApproval(f"{unit.code} is not ready for approval.")
    uow.track(record)
    record.expect(version)
    return record
