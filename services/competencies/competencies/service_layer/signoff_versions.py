"""Moving a trainee to a newer version of their curriculum (an administrator of the holder,
or the operator): items made stricter need approval again with their activities kept, the
others keep both; the old version's records stay as they were."""
from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from competencies.domain import signoff_commands as commands
from competencies.domain.exceptions import BadEnrolment
from competencies.domain.permissions import Permissions
from competencies.domain.signoff import Actor
from competencies.domain.signoff_exceptions import EnrolmentClosed
from competencies.domain.versions import (
    NewItem,
    approval_needed_again,
    approvals_kept,
    move_to_version,
)
from competencies.service_layer.access import require_administrator
from competencies.service_layer.signoff import _commit
from competencies.service_layer.signoff_context import context
from competencies.service_layer.unit_of_work import CompetenciesUnitOfWork
from portal_kit.clock import Clock


def move(cmd: commands.MoveToVersion, uow: CompetenciesUnitOfWork, clock: Clock,
         permissions: Permissions) -> dict[str, Any]:
    with uow:
        ctx = context(uow, cmd.enrolment_id, clock, permissions)
        e = ctx.enrolment
        require_administrator(cmd.by, e.agreement_holder_id)
        newer = uow.curricula.get(e.curriculum, cmd.curriculum_version)
        if newer is None or newer.previous_version != e.curriculum_version:
            # the body names what does not exist (422, as in an enrolment); the enrolment
            # in the path does
            raise BadEnrolment(
                f"{e.curriculum} has no version {cmd.curriculum_version!r} that follows "
                f"{e.curriculum_version}.", code="curriculum_version_unknown")
        if uow.sign_offs.completion(e.enrolment_id) is not None:
            raise EnrolmentClosed("A completed programme keeps its curriculum version.",
                                  code="programme_already_completed")
        old = uow.sign_offs.of_enrolment(e.enrolment_id, e.curriculum_version)
        items = [NewItem(i.code, i.kind, tuple(i.replaces), i.stricter, i.title)
                 for i in newer.items()]
        from_version = e.curriculum_version
        moved = move_to_version(old, items, [a["code"] for a in newer.attestations],
                                replace(ctx.ref, curriculum_version=newer.version),
                                lambda: str(uuid.uuid4()), Actor(cmd.by.subject, "administrator"),
                                clock.now())
        e.change_curriculum_version(newer.version, approval_needed_again(old, items),
                                    approvals_kept(moved), cmd.by.subject, clock.now())
        uow.track(e)
        for record in moved:
            uow.sign_offs.add(record)
            uow.track(record)
        _commit(uow)
        return {"enrolment_id": e.enrolment_id, "curriculum_version": newer.version,
                "from_version": from_version, "carried": len(moved),
                "approved": sum(1 for r in moved if r.state.value == "approved")}
