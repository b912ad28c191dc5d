"""Moving a trainee to a newer curriculum version (the Norwegian portal's rule).

Each item of the new version names the items of the previous version it replaces and
whether it was made stricter. An item made stricter starts again: it needs approval
again, but takes the trainee's logged activities along (the old approval stays in the
old version's record and in the audit trail). An item not made stricter takes both:
its activities, and the approval when every item it replaces was approved. Attestations
the new version keeps (same code) carry over as they are. Nothing of the old version's
records changes: a new version never changes a past sign-off.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from competencies.domain.signoff import Actor, EnrolmentRef, SignOff, State


@dataclass(frozen=True)
class NewItem:
    code: str
    kind: str
    replaces: tuple[str, ...] = ()
    stricter: bool = False
    title: str = ""


def move_to_version(old: Iterable[SignOff], new_items: Iterable[NewItem],
                    new_attestations: Iterable[str], enrolment: EnrolmentRef,
                    new_id: Callable[[], str], by: Actor, at: datetime) -> list[SignOff]:
    """The records of the new version that carry something over from the old one."""
    old_records = list(old)
    by_code = {r.code: r for r in old_records if not r.is_attestation}
    moved = [_carry_item(item, [by_code[c] for c in item.replaces if c in by_code],
                         enrolment, new_id, by, at) for item in new_items]
    kept = set(new_attestations)
    moved += [_carry_attestation(r, enrolment, new_id(), by, at)
              for r in old_records if r.is_attestation and r.code in kept]
    return [record for record in moved if record is not None]


def approval_needed_again(old: Iterable[SignOff], new_items: Iterable[NewItem]) -> list[str]:
    """The new version's items made stricter whose every replaced item was approved: their
    approval stays behind, in the old version's record."""
    by_code = {r.code: r for r in old if not r.is_attestation}
    return [item.code for item in new_items if item.stricter and _all_approved(
        item, [by_code[c] for c in item.replaces if c in by_code])]


def approvals_kept(moved: Iterable[SignOff]) -> list[str]:
    """The items of the new version whose approval carried over."""
    return [r.code for r in moved if r.state is State.APPROVED and not r.is_attestation]


def _all_approved(item: NewItem, replaced: list[SignOff]) -> bool:
    return bool(item.replaces) and len(replaced) == len(item.replaces) and all(
        r.state is State.APPROVED for r in replaced)


def _carry_item(item: NewItem, replaced: list[SignOff], enrolment: EnrolmentRef,
                new_id: Callable[[], str], by: Actor, at: datetime) -> SignOff | None:
    activities = [replace(a, id=new_id(), carried_from=a.id)
                  for r in replaced for a in r.activities]
    approved = _all_approved(item, replaced)
    if not activities and not any(r.state is State.APPROVED for r in replaced):
        return None
    record = SignOff.start(new_id(), enrolment, item.code, item.kind, title=item.title)
    record.activities = activities
    if approved and not item.stricter:
        latest = max(replaced, key=lambda r: r.decided_at or at)
        _take_decision(record, latest)
        record.recommendations = [replace(r) for old in replaced for r in old.recommendations]
    action = "needs_approval_again" if item.stricter and approved else "carried_over"
    record.note(by, at, action, {
        "from_sign_offs": [r.id for r in replaced], "stricter": item.stricter,
        "from_version": replaced[0].curriculum_version if replaced else None})
    return record


def _carry_attestation(old: SignOff, enrolment: EnrolmentRef, sign_off_id: str, by: Actor,
                       at: datetime) -> SignOff:
    record = SignOff.start(sign_off_id, enrolment, old.code, old.kind, old.placement_id,
                           old.title)
    if old.state is State.APPROVED:
        _take_decision(record, old)
    record.note(by, at, "carried_over", {
        "from_sign_offs": [old.id], "from_version": old.curriculum_version})
    return record


def _take_decision(record: SignOff, old: SignOff) -> None:
    record.state = State.APPROVED
    record.decided_at, record.decided_by = old.decided_at, old.decided_by
    record.decided_role, record.on_behalf_of = old.decided_role, old.on_behalf_of
    record.comment = old.comment

