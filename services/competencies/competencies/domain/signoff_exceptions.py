"""Why a sign-off was refused: each a stable ``code`` the HTTP edge maps to a problem."""
from __future__ import annotations

from portal_kit.errors import Conflict, Forbidden, Invalid, NotFound


class SignOffUnknown(NotFound):
    code = "sign_off_unknown"


class ItemUnknown(NotFound):
    code = "item_unknown"


class ActivityUnknown(NotFound):
    code = "activity_unknown"


class VersionConflict(Conflict):
    """Someone changed the record since the caller read it (optimistic locking)."""

    code = "version_conflict"


class NotAwaitingApproval(Conflict):
    code = "not_awaiting_approval"


class AlreadyDecided(Conflict):
    code = "already_decided"


class AlreadySubmitted(Conflict):
    code = "already_submitted"


class AlreadyApproved(Conflict):
    code = "already_approved"


class NotApproved(Conflict):
    code = "not_approved"


class ActivityAlreadyConfirmed(Conflict):
    code = "activity_already_confirmed"


class AlreadyRecommended(Conflict):
    code = "already_recommended"


class RecommendationsMissing(Conflict):
    """LIS1: the leader approves after the advisor and at least one supervisor recommended."""

    code = "recommendations_missing"


class TimeAttestationTooEarly(Conflict):
    code = "time_attestation_too_early"


class CompletedServiceTooEarly(TimeAttestationTooEarly):
    """The confirmation of completed service (LIS1), refused before the last month."""

    code = "completed_service_too_early"


class ItemsNotAllApproved(Conflict):
    code = "items_not_all_approved"


class NoResponsibleApprover(Conflict):
    code = "no_responsible_approver"


class ProgrammeAlreadyCompleted(Conflict):
    code = "programme_already_completed"


class ProgrammeNotComplete(Conflict):
    code = "programme_not_complete"


class NotTheTrainee(Forbidden):
    code = "not_the_trainee"


class OwnItem(Forbidden):
    """Nobody approves, confirms or recommends their own item."""

    code = "own_item"


class NotAssigned(Forbidden):
    """The person has no right at all for this trainee."""

    code = "not_assigned"


class RoleNotPermitted(Forbidden):
    """The person's role may not sign this kind of sign-off in this programme."""

    code = "role_not_permitted"


class OutsideWindow(Forbidden):
    """The person's right for this trainee is not valid today."""

    code = "outside_window"


class AssuranceTooLow(Forbidden):
    code = "assurance_too_low"


class NotAnAdministrator(Forbidden):
    code = "not_holder_administrator"


class CommentRequired(Invalid):
    code = "comment_required"


class ResetReferenceRequired(Invalid):
    code = "reset_reference_required"


class ResetReasonRequired(Invalid):
    code = "reset_reason_required"


class DelegationInvalid(Invalid):
    code = "delegation_invalid"


class DelegationEnded(Conflict):
    """Ending a delegation that has ended already: the state, not the request, is wrong."""

    code = "delegation_ended"


class EnrolmentClosed(Conflict):
    code = "enrolment_cancelled"


class PlacementNotCovered(Invalid):
    code = "placement_not_covered"
