from portal_kit.errors import NotFound


class OrganisationUnknown(NotFound):
    code = "organisation_unknown"
