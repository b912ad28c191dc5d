"""Attestations of a placement over HTTP: the trainee's klarmelding and recall, the
approver's decision (given after a klarmelding or directly) or return with a comment."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from competencies.domain import signoff_commands as commands
from competencies.entrypoints.signoff import COMMON, DECIDE, OUT, TAGS, V1
from competencies.schemas import signoff_http as schemas
from portal_kit.http import api, load_body

ATTESTATION = f"{V1}/enrolments/<enrolment_id>/attestations/<code>"


class AttestationEndpoints:
    runtime: Any

    def _on(self, request: Request, command: type, schema: Any, **args: Any) -> dict:
        by = self.runtime.authenticate(request)
        return OUT.dump(self.runtime.handle(command(by=by, **args,
                                                    **load_body(request, schema))))

    @api("POST", f"{ATTESTATION}/approve", summary="Give an attestation of a placement: "
         "time (from its last month; its personal tutor until a year after the placement), "
         "learning objectives, completed service; after a klarmelding or directly",
         auth="the approver the matrix names", request=schemas.AttestIn(), response=OUT,
         tags=TAGS, responses={**COMMON, 409: "time_attestation_too_early, "
                               "completed_service_too_early, items_not_all_approved, "
                               "already_approved, version_conflict",
                               422: "placement_not_covered"})
    def attest(self, request: Request, enrolment_id: str, code: str) -> dict:
        return self._on(request, commands.Attest, schemas.AttestIn(),
                        enrolment_id=enrolment_id, code=code)

    @api("POST", f"{ATTESTATION}/submit", summary="Mark an attestation of a placement ready "
         "for approval (klarmelding), addressed to its approver (Denmark: the placement's "
         "personal tutor; LIS1: the leader)", auth="the trainee",
         request=schemas.AttestationSubmitIn(), response=OUT, tags=TAGS, responses={
             **COMMON, 409: "already_submitted, already_approved, no_responsible_approver, "
                            "time_attestation_too_early, completed_service_too_early, "
                            "items_not_all_approved, version_conflict",
             422: "placement_not_covered"})
    def submit_attestation(self, request: Request, enrolment_id: str, code: str) -> dict:
        return self._on(request, commands.Submit, schemas.AttestationSubmitIn(),
                        enrolment_id=enrolment_id, code=code, attestation=True)

    @api("POST", f"{ATTESTATION}/recall", summary="Take an attestation's klarmelding back "
         "before a decision", auth="the trainee", request=schemas.AttestationSubmitIn(),
         response=OUT, tags=TAGS, responses={
             **COMMON, 409: "already_decided, not_awaiting_approval, version_conflict",
             422: "placement_not_covered"})
    def recall_attestation(self, request: Request, enrolment_id: str, code: str) -> dict:
        return self._on(request, commands.Recall, schemas.AttestationSubmitIn(),
                        enrolment_id=enrolment_id, code=code, attestation=True)

    @api("POST", f"{ATTESTATION}/return", summary="Return an attestation marked ready to the "
         "trainee with a comment", auth="the approver the matrix names",
         request=schemas.AttestationReturnIn(), response=OUT, tags=TAGS,
         responses={**DECIDE, 422: "comment_required, placement_not_covered"})
    def return_attestation(self, request: Request, enrolment_id: str, code: str) -> dict:
        return self._on(request, commands.Return, schemas.AttestationReturnIn(),
                        enrolment_id=enrolment_id, code=code, attestation=True)
