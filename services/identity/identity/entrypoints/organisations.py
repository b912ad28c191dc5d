"""Organisations, agreement texts and agreements (nameko, only translating)."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from identity.domain import commands
from identity.schemas import http as schemas
from identity.service_layer import views
from portal_kit.http import api, follow, load_body, load_query

V1 = "/api/identity/v1"
REGISTER_ORGANISATION_LINKS = follow("organisation_id", "$response.body#/id",
                                     "get_organisation", "onboard_organisation",
                                     "agreement_history", "sign_agreement", "terminate_agreement",
                                     "grant_membership", "withdraw_membership", "people_of")
PUBLISH_AGREEMENT_TEXT_LINKS = follow("version", "$response.body#/version", "agreement_text")
ORGANISATION = schemas.OrganisationOut()
ORGANISATIONS = schemas.OrganisationOut(many=True)
STATUSES = schemas.AgreementStatusOut(many=True)
TEXT = schemas.AgreementTextOut()
ORG_TAGS, AGREEMENT_TAGS = ("organisations",), ("agreements",)
NO_ORG = {404: "No such organisation"}


class OrganisationEndpoints:
    runtime: Any

    @api("POST", f"{V1}/organisations", summary="Register an organisation or a place of "
         "training", request=schemas.RegisterOrganisationIn(), response=ORGANISATION,
         status=201, auth="operator or holder administrator", tags=ORG_TAGS,
         responses={409: "Already registered", 404: "No such agreement holder"},
         links=REGISTER_ORGANISATION_LINKS)
    def register_organisation(self, request: Request) -> tuple[int, dict]:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.RegisterOrganisationIn())
        return 201, ORGANISATION.dump(self.runtime.handle(
            commands.RegisterOrganisation(by=by, **body)))

    @api("GET", f"{V1}/organisations", summary="Organisations (filter by kind or holder); "
         "a holder's administrator lists its places with holder_id",
         auth="operator or holder administrator", query=schemas.OrganisationsQuery(),
         response=ORGANISATIONS, tags=ORG_TAGS)
    def list_organisations(self, request: Request) -> list:
        by = self.runtime.authenticate(request)
        query = load_query(request, schemas.OrganisationsQuery())
        return ORGANISATIONS.dump(self.runtime.query(views.organisations, by=by, **query))

    @api("GET", f"{V1}/organisations/<organisation_id>", summary="One organisation",
         auth="operator", response=ORGANISATION, tags=ORG_TAGS, responses=NO_ORG)
    def get_organisation(self, request: Request, organisation_id: str) -> dict:
        self.runtime.authenticate(request, role="operator")
        return ORGANISATION.dump(self.runtime.query(views.organisation,
                                                    organisation_id=organisation_id))

    @api("PATCH", f"{V1}/organisations/<organisation_id>", summary="Add the organisation "
         "number and contact e-mail (onboarding); the same values again change nothing (no "
         "event, no audit entry)", request=schemas.OnboardOrganisationIn(),
         response=ORGANISATION, auth="operator", tags=ORG_TAGS,
         responses={**NO_ORG, 422: "nothing_to_change: neither field given"})
    def onboard_organisation(self, request: Request, organisation_id: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.OnboardOrganisationIn())
        return ORGANISATION.dump(self.runtime.handle(commands.OnboardOrganisation(
            organisation_id=organisation_id, by=by, **body)))

    @api("POST", f"{V1}/organisations/<organisation_id>/agreement/sign",
         summary="Sign the agreement with eID (designated signatory), or record a paper "
         "signature (operator)", auth="signatory or operator",
         request=schemas.SignAgreementIn(), response=ORGANISATION, tags=AGREEMENT_TAGS,
         responses={**NO_ORG, 409: "Already signed, not onboarded, or no text published"})
    def sign_agreement(self, request: Request, organisation_id: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.SignAgreementIn())
        return ORGANISATION.dump(self.runtime.handle(commands.SignAgreement(
            organisation_id=organisation_id, by=by, **body)))

    @api("POST", f"{V1}/organisations/<organisation_id>/agreement/terminate",
         summary="Record that either party terminated the agreement",
         auth="operator or signatory", request=schemas.TerminateAgreementIn(),
         response=ORGANISATION, tags=AGREEMENT_TAGS,
         responses={**NO_ORG, 409: "No agreement in force"})
    def terminate_agreement(self, request: Request, organisation_id: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.TerminateAgreementIn())
        return ORGANISATION.dump(self.runtime.handle(commands.TerminateAgreement(
            organisation_id=organisation_id, by=by, **body)))

    @api("GET", f"{V1}/organisations/<organisation_id>/agreement/history",
         summary="Every signature and termination, newest first", auth="operator",
         response=schemas.HistoryOut(many=True), tags=AGREEMENT_TAGS, responses=NO_ORG)
    def agreement_history(self, request: Request, organisation_id: str) -> list:
        self.runtime.authenticate(request, role="operator")
        return schemas.HistoryOut(many=True).dump(self.runtime.query(
            views.agreement_history, organisation_id=organisation_id))

    @api("GET", f"{V1}/agreements", summary="Public: the agreement status of every "
         "agreement holder, signed or not", response=STATUSES, tags=AGREEMENT_TAGS)
    def agreement_statuses(self, request: Request) -> list:
        return STATUSES.dump(self.runtime.query(views.agreement_holders))

    @api("GET", f"{V1}/agreements/not-on-newest-text", summary="Agreement holders that have "
         "not signed the newest text", auth="operator", response=STATUSES, tags=AGREEMENT_TAGS)
    def not_on_newest_text(self, request: Request) -> list:
        self.runtime.authenticate(request, role="operator")
        return STATUSES.dump(self.runtime.query(views.not_on_newest_text))

    @api("POST", f"{V1}/agreement-texts", summary="Publish a new agreement text version",
         auth="operator", request=schemas.AgreementTextIn(), response=TEXT, status=201,
         tags=AGREEMENT_TAGS, links=PUBLISH_AGREEMENT_TEXT_LINKS)
    def publish_agreement_text(self, request: Request) -> tuple[int, dict]:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.AgreementTextIn())
        return 201, TEXT.dump(self.runtime.handle(commands.PublishAgreementText(by=by, **body)))

    @api("GET", f"{V1}/agreement-texts", summary="Public: every agreement text, newest first",
         response=schemas.AgreementTextOut(many=True), tags=AGREEMENT_TAGS)
    def agreement_texts(self, request: Request) -> list:
        return schemas.AgreementTextOut(many=True).dump(self.runtime.query(views.agreement_texts))

    @api("GET", f"{V1}/agreement-texts/<int:version>", summary="Public: one agreement text",
         response=TEXT, tags=AGREEMENT_TAGS, responses={404: "No such version"})
    def agreement_text(self, request: Request, version: int) -> dict:
        return TEXT.dump(self.runtime.query(views.agreement_text, version=version))

    @api("GET", f"{V1}/audit", summary="identity's audit log, newest first", auth="operator",
         query=schemas.AuditQuery(), response=schemas.AuditOut(many=True), tags=("audit",))
    def audit(self, request: Request) -> list:
        by = self.runtime.authenticate(request, role="operator")
        query = load_query(request, schemas.AuditQuery())
        return schemas.AuditOut(many=True).dump(self.runtime.query(views.audit_entries, by=by,
                                                                   **query))
