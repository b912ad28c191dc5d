"""Identity's errors, each with a stable code; the kit maps their bases to HTTP statuses."""
from portal_kit.errors import (
    Conflict,
    Forbidden,
    Invalid,
    Malformed,
    NotFound,
    TooManyRequests,
    Unauthenticated,
    Unavailable,
)


class OrganisationNotFound(NotFound):
    code = "organisation_not_found"


class OrganisationExists(Conflict):
    code = "organisation_exists"


class InvalidOrganisationNumber(Invalid):
    code = "invalid_organisation_number"


class NothingToChange(Invalid):
    """An onboarding with neither an organisation number nor a contact e-mail."""

    code = "nothing_to_change"


class NotAnAgreementHolder(Invalid):
    code = "not_an_agreement_holder"


class OrganisationNotOnboarded(Conflict):
    code = "organisation_not_onboarded"


class AgreementAlreadySigned(Conflict):
    code = "agreement_already_signed"


class AgreementNotInForce(Conflict):
    code = "agreement_not_in_force"


class AgreementTextNotFound(NotFound):
    code = "agreement_text_not_found"


class UnknownAgreementTextVersion(Invalid):
    """A request names a text version to sign that was never published (the organisation in
    its path exists, so this is the body's fault: 422, not 404)."""

    code = "agreement_text_unknown"


class NoAgreementText(Conflict):
    code = "no_agreement_text"


class NotASignatory(Forbidden):
    code = "not_a_signatory"


class InvalidNationalId(Invalid):
    code = "invalid_national_id"


class PersonNotFound(NotFound):
    code = "person_not_found"


class UnknownPerson(Invalid):
    """The body names a person identity does not know."""

    code = "person_not_found"


class PersonExists(Conflict):
    code = "person_exists"


class EmailTaken(Conflict):
    code = "email_taken"


class RegistrationNotPending(Conflict):
    code = "registration_not_pending"


class RegistrationRequired(Forbidden):
    code = "registration_pending"


class MembershipExists(Conflict):
    code = "membership_exists"


class MembershipNotFound(NotFound):
    code = "membership_not_found"


class NotAllowed(Forbidden):
    code = "not_allowed"


class InsufficientScope(Forbidden):
    """The token is good but was not granted the scope this needs (RFC 6750 3.1)."""
    code = "insufficient_scope"

    def __init__(self, detail: str, scope: str) -> None:
        super().__init__(detail)
        self.scope = scope


class TokenWithoutPerson(Unauthenticated):
    """A person's token whose person is not (or no longer) known (RFC 6750 invalid_token)."""
    code = "invalid_token"


class InvalidMembership(Invalid):
    code = "invalid_membership"


class RegisterEntryNotFound(NotFound):
    code = "register_entry_not_found"


class InvalidClient(Unauthenticated):
    code = "invalid_client"


class UnsupportedGrantType(Invalid):
    code = "unsupported_grant_type"


class BadLogin(Malformed):
    """A login step that cannot go on: a 400 problem, nothing stored."""

    code = "bad_login"


class InvalidState(BadLogin):
    code = "invalid_state"


class EidLoginFailed(BadLogin):
    code = "eid_login_failed"


class InvalidRegistrationTicket(BadLogin):
    code = "invalid_registration_ticket"


class RegistrationTicketUsed(BadLogin):
    code = "registration_ticket_used"


class UnknownEidBroker(BadLogin):
    code = "unknown_eid_broker"


class InvalidAuthorizationRequest(BadLogin):
    code = "invalid_request"


class EidUnavailable(Unavailable):
    code = "eid_broker_unavailable"


class RateLimited(TooManyRequests):
    code = "rate_limited"
