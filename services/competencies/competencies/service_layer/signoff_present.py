"""Sign-off records as the API shows them."""
from __future__ import annotations

from typing import Any

from competencies.domain.signoff import SignOff


def record(r: SignOff) -> dict[str, Any]:
    return {
        "sign_off_id": r.id, "enrolment_id": r.enrolment_id, "trainee_id": r.trainee_id,
        "curriculum": r.curriculum, "curriculum_version": r.curriculum_version,
        "code": r.code, "kind": r.kind, "placement_id": r.placement_id,
        "state": r.state.value, "version": r.version, "approver_id": r.approver_id,
        "submitted_at": r.submitted_at, "decided_at": r.decided_at,
        "decided_by": r.decided_by, "decided_role": r.decided_role,
        "on_behalf_of": r.on_behalf_of, "comment": r.comment,
        "activities": [{"activity_id": a.id, "title": a.title,
                        "performed_on": a.performed_on, "logged_at": a.logged_at,
                        "confirmed_by": a.confirmed_by, "confirmed_at": a.confirmed_at}
                       for a in r.activities],
        "recommendations": [{"by": c.by, "role": c.role, "comment": c.comment, "at": c.at}
                            for c in r.recommendations],
    }


def not_started(code: str, kind: str, placement_id: str | None = None) -> dict[str, Any]:
    """An item nobody has touched yet (it has no record)."""
    return {"sign_off_id": None, "code": code, "kind": kind, "placement_id": placement_id,
            "state": "not_started", "version": 0, "approver_id": None, "submitted_at": None,
            "decided_at": None, "decided_by": None, "decided_role": None,
            "on_behalf_of": None, "comment": None, "activities": [], "recommendations": []}
