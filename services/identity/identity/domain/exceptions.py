from portal_kit.errors import Conflict, Invalid, NotFound, Unauthenticated


class OrganisationNotFound(NotFound):
    code = "organisation_not_found"


class OrganisationExists(Conflict):
    code = "organisation_exists"


class AgreementAlreadySigned(Conflict):
    code = "agreement_already_signed"


class AgreementNotInForce(Conflict):
    code = "agreement_not_in_force"


class InvalidClient(Unauthenticated):
    code = "invalid_client"


class UnsupportedGrantType(Invalid):
    code = "unsupported_grant_type"
