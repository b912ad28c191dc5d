"""Invitations' named errors; the kit's table turns them into problem details."""
from portal_kit.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests


class OrganisationUnknown(NotFound):
    code = "organisation_unknown"


class AgreementNotInForce(Forbidden):
    code = "dpa_not_active"


class NotAllowed(Forbidden):
    code = "not_allowed"


class NoCurrentPlacement(Conflict):
    code = "no_current_placement"


class InvitationNotFound(NotFound):
    code = "invitation_not_found"


class InvitationPending(Conflict):
    code = "invitation_pending"


class InvitationNotPending(Conflict):
    code = "invitation_not_pending"


class LinkInvalid(NotFound):
    """One answer for unknown, used, expired and revoked links: nothing is revealed."""

    code = "invitation_link_invalid"


class LookupsLimited(TooManyRequests):
    code = "rate_limited"


class RelationshipNotFound(NotFound):
    code = "relationship_not_found"


class RelationshipEnded(Conflict):
    code = "relationship_ended"


class WindowInvalid(Invalid):
    code = "window_invalid"


class DepartmentRequired(Invalid):
    code = "department_required"


class NotYourPractice(Forbidden):
    code = "not_your_practice"


class TraineeNotYours(Forbidden):
    code = "trainee_not_yours"


class ContactRequired(Invalid):
    code = "contact_required"


class OwnAppointment(Invalid):
    code = "own_appointment"


class AppointmentNotFound(NotFound):
    code = "appointment_not_found"


class AppointmentEnded(Conflict):
    code = "appointment_ended"
