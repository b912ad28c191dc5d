"""Identity's HTTP API: organisations, data-processing agreements, tokens, keys.

Each entrypoint only translates: load with a schema, build a command, hand it
to the bus, dump the result.
"""
from __future__ import annotations

from werkzeug.wrappers import Request

from identity.bootstrap import bootstrap
from identity.domain import commands
from identity.schemas import http as schemas
from identity.schemas.events import EVENT_SPECS
from identity.service_layer import views
from portal_kit.http import api, load_body
from portal_kit.platform import platform_endpoints
from portal_kit.runtime import Runtime

V1 = "/api/identity/v1"
ORGANISATION = schemas.OrganisationOut()
ORGANISATIONS = schemas.OrganisationOut(many=True)
STATUSES = schemas.AgreementStatusOut(many=True)


class IdentityService(platform_endpoints("identity", EVENT_SPECS)):  # type: ignore[misc]
    name = "identity"
    runtime = Runtime(bootstrap)

    @api("POST", f"{V1}/oauth/token", summary="Client-credentials grant (RFC 6749 4.4)",
         request=schemas.TokenIn(), response=schemas.TokenOut(), tags=("tokens",),
         responses={401: "Unknown client or wrong secret"})
    def token(self, request: Request) -> dict:
        """Form-encoded as OAuth prescribes, or JSON."""
        schema = schemas.TokenIn()
        if request.mimetype == "application/x-www-form-urlencoded":
            body = schema.load(request.form.to_dict())
        else:
            body = load_body(request, schema)
        body.pop("scope", None)
        return self.runtime.handle(commands.IssueToken(**body))

    @api("GET", "/api/identity/.well-known/jwks.json", summary="Public keys of access tokens",
         tags=("tokens",))
    def jwks(self, request: Request) -> dict:
        return self.runtime.extras["tokens"].jwks()

    @api("POST", f"{V1}/organisations", summary="Register a municipality or region",
         request=schemas.RegisterOrganisationIn(), response=ORGANISATION, status=201,
         auth="operator", tags=("organisations",), responses={409: "Already registered"})
    def register_organisation(self, request: Request) -> tuple[int, dict]:
        operator = self.runtime.authenticate(request, role="operator")
        body = load_body(request, schemas.RegisterOrganisationIn())
        organisation = self.runtime.handle(
            commands.RegisterOrganisation(**body, actor=operator.subject))
        return 201, ORGANISATION.dump(organisation)

    @api("GET", f"{V1}/organisations", summary="All organisations", auth="operator",
         response=ORGANISATIONS, tags=("organisations",))
    def list_organisations(self, request: Request) -> list:
        self.runtime.authenticate(request, role="operator")
        return ORGANISATIONS.dump(self.runtime.query(views.organisations))

    @api("GET", f"{V1}/organisations/<organisation_id>", summary="One organisation",
         auth="operator", response=ORGANISATION, tags=("organisations",),
         responses={404: "No such organisation"})
    def get_organisation(self, request: Request, organisation_id: str) -> dict:
        self.runtime.authenticate(request, role="operator")
        return ORGANISATION.dump(self.runtime.query(views.organisation,
                                                    organisation_id=organisation_id))

    @api("POST", f"{V1}/organisations/<organisation_id>/agreement/sign",
         summary="Record the signed data-processing agreement", auth="operator",
         request=schemas.SignAgreementIn(), response=ORGANISATION, tags=("agreements",),
         responses={404: "No such organisation", 409: "Already signed"})
    def sign_agreement(self, request: Request, organisation_id: str) -> dict:
        operator = self.runtime.authenticate(request, role="operator")
        body = load_body(request, schemas.SignAgreementIn())
        return ORGANISATION.dump(self.runtime.handle(commands.SignAgreement(
            organisation_id=organisation_id, actor=operator.subject, **body)))

    @api("POST", f"{V1}/organisations/<organisation_id>/agreement/terminate",
         summary="Record that either party terminated the agreement", auth="operator",
         request=schemas.TerminateAgreementIn(), response=ORGANISATION, tags=("agreements",),
         responses={404: "No such organisation", 409: "No agreement in force"})
    def terminate_agreement(self, request: Request, organisation_id: str) -> dict:
        operator = self.runtime.authenticate(request, role="operator")
        body = load_body(request, schemas.TerminateAgreementIn())
        return ORGANISATION.dump(self.runtime.handle(commands.TerminateAgreement(
            organisation_id=organisation_id, actor=operator.subject, **body)))

    @api("GET", f"{V1}/agreements", summary="Public: agreement status per organisation",
         response=STATUSES, tags=("agreements",))
    def agreement_statuses(self, request: Request) -> list:
        organisations = self.runtime.query(views.organisations)
        return STATUSES.dump(organisations)
