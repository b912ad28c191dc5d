"""The completion credential over HTTP: the trainee's credential (vc+jwt) and PDF, the
credential key set at its own JWKS URL, and the public check behind the QR code."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields
from werkzeug.wrappers import Request, Response

from competencies.adapters.credential_issuer import published_keys
from competencies.adapters.credential_pdf import render
from competencies.service_layer import signoff_credentials as views
from portal_kit.http import api, json_response, load_query

V1 = "/api/competencies/v1"
TAGS = ("sign-off",)


class CompletionOut(Schema):
    enrolment_id = fields.String()
    credential_id = fields.String()
    completed_at = fields.AwareDateTime()
    record = fields.Dict(metadata={"description": "The programme.completed data"})
    credential = fields.String(metadata={"description": "The compact vc+jwt"})
    media_type = fields.String()
    digest = fields.String(metadata={"description": "sha256-<base64url> of the credential"})
    kid = fields.String(allow_none=True)
    verification_url = fields.String()
    jwks_url = fields.String()


class CheckQuery(Schema):
    digest = fields.String(load_default=None)


class CheckOut(Schema):
    credential_id = fields.String()
    issued_at = fields.AwareDateTime()
    digest = fields.String()
    digest_matches = fields.Boolean(allow_none=True)


class CredentialEndpoints:
    runtime: Any

    def _base(self) -> str:
        config = self.runtime.container.config
        return str(config.get("PUBLIC_BASE_URL", "http://localhost:8000")).rstrip("/")

    def _completion(self, request: Request, enrolment_id: str) -> dict[str, Any]:
        by = self.runtime.authenticate(request)
        return self.runtime.query(views.completion, by=by, enrolment_id=enrolment_id,
                                  base_url=self._base())

    @api("GET", f"{V1}/enrolments/<enrolment_id>/completion", summary="The completed "
         "programme: its record, the signed credential, its digest and where to verify it",
         auth="the trainee, their administrators", response=CompletionOut(), tags=TAGS,
         responses={403: "trainee_not_visible", 404: "enrolment_unknown",
                    409: "programme_not_complete"})
    def completion(self, request: Request, enrolment_id: str) -> dict:
        return CompletionOut().dump(self._completion(request, enrolment_id))

    @api("GET", f"{V1}/enrolments/<enrolment_id>/completion/credential", summary="The "
         "completion credential to download (application/vc+jwt)",
         auth="the trainee, their administrators", tags=TAGS,
         response_content={"application/vc+jwt": {"schema": {"type": "string"}}},
         responses={403: "trainee_not_visible", 409: "programme_not_complete"})
    def credential(self, request: Request, enrolment_id: str) -> Response:
        done = self._completion(request, enrolment_id)
        return Response(done["credential"], mimetype="application/vc+jwt", headers={
            "Content-Disposition": 'attachment; filename="completion.vc.jwt"'})

    @api("GET", f"{V1}/enrolments/<enrolment_id>/completion/pdf", summary="The completion "
         "record as a PDF with a QR code of the verification URL and the digest",
         auth="the trainee, their administrators", tags=TAGS,
         response_content={"application/pdf": {"schema": {"type": "string",
                                                           "format": "binary"}}},
         responses={403: "trainee_not_visible", 409: "programme_not_complete"})
    def completion_pdf(self, request: Request, enrolment_id: str) -> Response:
        done = self._completion(request, enrolment_id)
        body = render(done["record"], done["verification_url"], done["digest"])
        return Response(body, mimetype="application/pdf", headers={
            "Content-Disposition": 'attachment; filename="completion.pdf"'})

    @api("GET", "/api/competencies/credentials/jwks.json", summary="The credential key set: "
         "every key that ever signed a completion credential", tags=TAGS)
    def credential_jwks(self, request: Request) -> Response:
        keys = published_keys(self.runtime.extras["credential_keys"],
                              self.runtime.query(views.recorded_keys))
        return json_response(keys, headers={"Cache-Control": "public, max-age=300"})

    @api("GET", f"{V1}/credentials/<credential_uuid>", summary="Whether the portal issued "
         "this credential and the digest is its own (the PDF's QR code points here)",
         query=CheckQuery(), response=CheckOut(), tags=TAGS,
         responses={404: "credential_unknown"})
    def check_credential(self, request: Request, credential_uuid: str) -> dict:
        query = load_query(request, CheckQuery())
        return CheckOut().dump(self.runtime.query(views.check, credential_uuid=credential_uuid,
                                                  claimed_digest=query["digest"]))
