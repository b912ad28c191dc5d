"""Sign-off over HTTP: klarmelding, recall, activities, recommendation, approval (one or
several), return, reset, delegation; progress, queue, overview, history (attestations:
``signoff_attestations``)."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request, Response

from competencies.domain import signoff_commands as commands
from competencies.schemas import signoff_http as schemas
from competencies.schemas.plain import plain
from competencies.service_layer import signoff_views as views
from portal_kit.http import api, follow, json_response, load_body, load_query

V1 = "/api/competencies/v1"
DELEGATE_LINKS = follow("delegation_id", "$response.body#/delegation_id", "end_delegation")
ITEM = f"{V1}/enrolments/<enrolment_id>/items/<code>"
TAGS = ("sign-off",)
OUT, DETAIL = schemas.SignOffOut(), schemas.SignOffDetailOut()
PROGRESS, QUEUE = schemas.ProgressOut(), schemas.QueueEntryOut(many=True)
# the two most read sign-off answers, dumped as their schemas would (schemas/plain.py)
DUMP_PROGRESS, DUMP_QUEUE = plain(PROGRESS), plain(QUEUE)
COMMON = {404: "enrolment_unknown, item_unknown",
          403: "dpa_not_active, not_the_trainee, own_item, not_assigned, role_not_permitted, "
               "outside_window, assurance_too_low"}
DECIDE = {**COMMON, 409: "version_conflict, not_awaiting_approval, already_approved, "
                         "recommendations_missing, enrolment_cancelled"}


class SignOffEndpoints:
    runtime: Any

    def _do(self, request: Request, command: type, schema: Any = None, **args: Any) -> Any:
        by = self.runtime.authenticate(request)
        body = load_body(request, schema) if schema is not None else {}
        return self.runtime.handle(command(by=by, **args, **body))

    def _read(self, request: Request, view: Any, **args: Any) -> Any:
        by = self.runtime.authenticate(request)
        return self.runtime.query(view, by=by, clock=self.runtime.extras["clock"],
                                  permissions=self.runtime.extras["permissions"], **args)

    @api("POST", f"{ITEM}/submit", summary="Mark an item ready for approval (klarmelding), "
         "addressed to the responsible approver", auth="the trainee",
         request=schemas.SubmitIn(), response=OUT, tags=TAGS, responses={
             **COMMON, 409: "already_submitted, already_approved, no_responsible_approver, "
                            "version_conflict"})
    def submit(self, request: Request, enrolment_id: str, code: str) -> dict:
        return OUT.dump(self._do(request, commands.Submit, schemas.SubmitIn(),
                                 enrolment_id=enrolment_id, code=code))

    @api("POST", f"{ITEM}/recall", summary="Take an item back before a decision",
         auth="the trainee", request=schemas.SubmitIn(), response=OUT, tags=TAGS,
         responses={**COMMON, 409: "already_decided, not_awaiting_approval, version_conflict"})
    def recall(self, request: Request, enrolment_id: str, code: str) -> dict:
        return OUT.dump(self._do(request, commands.Recall, schemas.SubmitIn(),
                                 enrolment_id=enrolment_id, code=code))

    @api("POST", f"{ITEM}/activities", summary="Log a learning activity (LIS1)",
         auth="the trainee", request=schemas.ActivityIn(), response=OUT, status=201,
         tags=TAGS, responses={**COMMON, 409: "already_approved"})
    def log_activity(self, request: Request, enrolment_id: str, code: str) -> tuple[int, dict]:
        return 201, OUT.dump(self._do(request, commands.LogActivity, schemas.ActivityIn(),
                                      enrolment_id=enrolment_id, code=code))

    @api("POST", f"{ITEM}/activities/<activity_id>/confirm", summary="Confirm a learning "
         "activity the trainee logged", auth="a supervisor of the trainee", response=OUT,
         tags=TAGS, responses={**COMMON, 404: "activity_unknown",
                               409: "activity_already_confirmed"})
    def confirm_activity(self, request: Request, enrolment_id: str, code: str,
                         activity_id: str) -> dict:
        return OUT.dump(self._do(request, commands.ConfirmActivity, enrolment_id=enrolment_id,
                                 code=code, activity_id=activity_id))

    @api("POST", f"{ITEM}/recommend", summary="Recommend a learning objective for approval",
         auth="the advisor or a supervisor of the trainee", request=schemas.RecommendIn(),
         response=OUT, tags=TAGS, responses={
             **COMMON, 409: "already_recommended, already_approved, version_conflict"})
    def recommend(self, request: Request, enrolment_id: str, code: str) -> dict:
        return OUT.dump(self._do(request, commands.Recommend, schemas.RecommendIn(),
                                 enrolment_id=enrolment_id, code=code))

    @api("POST", f"{ITEM}/approve", summary="Approve an item awaiting approval",
         auth="an approver of the trainee (matrix, window, assurance)",
         request=schemas.DecisionIn(), response=OUT, tags=TAGS, responses=DECIDE)
    def approve(self, request: Request, enrolment_id: str, code: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.DecisionIn())
        [done] = self.runtime.handle(commands.Approve(
            by=by, enrolment_id=enrolment_id, comment=body["comment"],
            decisions=(commands.Decision(code, body["version"]),)))
        return OUT.dump(done)

    @api("POST", f"{V1}/enrolments/<enrolment_id>/approvals", summary="Approve several "
         "awaiting items of one trainee in one action: each its own record, all or none",
         auth="an approver of the trainee", request=schemas.ApproveSeveralIn(),
         response=schemas.SignOffOut(many=True), tags=TAGS, responses=DECIDE)
    def approve_several(self, request: Request, enrolment_id: str) -> list:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.ApproveSeveralIn())
        decisions = tuple(commands.Decision(i["code"], i["version"]) for i in body["items"])
        return OUT.dump(self.runtime.handle(commands.Approve(
            by=by, enrolment_id=enrolment_id, decisions=decisions,
            comment=body["comment"])), many=True)

    @api("POST", f"{ITEM}/return", summary="Return an item to the trainee with a comment",
         auth="an approver of the trainee", request=schemas.ReturnIn(), response=OUT,
         tags=TAGS, responses={**DECIDE, 422: "comment_required"})
    def return_item(self, request: Request, enrolment_id: str, code: str) -> dict:
        return OUT.dump(self._do(request, commands.Return, schemas.ReturnIn(),
                                 enrolment_id=enrolment_id, code=code))

    @api("POST", f"{ITEM}/reset", summary="Reset a wrong approval on a written request "
         "(an item or, with placement_id, an attestation)",
         auth="administrator of the agreement holder, or operator", request=schemas.ResetIn(),
         response=OUT, tags=TAGS, responses={
             403: "not_holder_administrator, assurance_too_low", 404: "item_unknown",
             409: "not_approved, version_conflict",
             422: "reset_reference_required, reset_reason_required"})
    def reset(self, request: Request, enrolment_id: str, code: str) -> dict:
        return OUT.dump(self._do(request, commands.Reset, schemas.ResetIn(),
                                 enrolment_id=enrolment_id, code=code))

    @api("GET", ITEM, summary="One item or attestation with its activities and history",
         auth="the trainee, their approvers, administrators", query=schemas.PlacementQuery(),
         response=DETAIL, tags=TAGS, responses={403: "trainee_not_visible", **COMMON})
    def sign_off(self, request: Request, enrolment_id: str, code: str) -> dict:
        query = load_query(request, schemas.PlacementQuery())
        return DETAIL.dump(self._read(request, views.item, enrolment_id=enrolment_id,
                                      code=code, placement_id=query["placement_id"]))

    @api("GET", f"{V1}/enrolments/<enrolment_id>/progress", summary="Progress per plan, "
         "phase or role: counts, each item's state, what is missing for completion",
         auth="the trainee, their approvers, administrators",
         response=PROGRESS, tags=TAGS,
         responses={403: "trainee_not_visible", 404: "enrolment_unknown"})
    def progress(self, request: Request, enrolment_id: str) -> Response:
        return json_response(DUMP_PROGRESS(self._read(request, views.progress,
                                                      enrolment_id=enrolment_id)))

    @api("GET", f"{V1}/enrolments/<enrolment_id>/history", summary="The audit trail of a "
         "trainee's record, newest first", auth="the trainee, their approvers, administrators",
         response=schemas.HistoryOut(many=True), tags=TAGS,
         responses={403: "trainee_not_visible", 404: "enrolment_unknown"})
    def history(self, request: Request, enrolment_id: str) -> list:
        return schemas.HistoryOut(many=True).dump(self._read(request, views.history,
                                                             enrolment_id=enrolment_id))

    @api("GET", f"{V1}/me/queue", summary="Items and attestations awaiting my approval, "
         "by trainee, oldest first", auth="an approver",
         response=QUEUE, tags=TAGS)
    def queue(self, request: Request) -> Response:
        return json_response(DUMP_QUEUE(self._read(request, views.queue)))

    @api("GET", f"{V1}/organisations/<holder_id>/sign-off-overview", summary="An agreement "
         "holder's trainees: % complete and items waiting longer than N days",
         auth="administrator of the holder, or operator", query=schemas.OverviewQuery(),
         response=schemas.OverviewOut(), tags=TAGS,
         responses={403: "not_holder_administrator"})
    def overview(self, request: Request, holder_id: str) -> dict:
        query = load_query(request, schemas.OverviewQuery())
        return schemas.OverviewOut().dump(self._read(
            request, views.overview, holder_id=holder_id, waiting_days=query["waiting_days"]))

    @api("POST", f"{V1}/enrolments/<enrolment_id>/curriculum-version", summary="Move the "
         "trainee to the next version of their curriculum: items made stricter need approval "
         "again (activities kept), the others keep their approval",
         auth="administrator of the holder, or operator", request=schemas.MoveIn(),
         response=schemas.MovedOut(), tags=TAGS, responses={
             403: "not_holder_administrator", 404: "No such enrolment",
             422: "curriculum_version_unknown (no such version follows the enrolment's)",
             409: "programme_already_completed, enrolment_cancelled"})
    def move_version(self, request: Request, enrolment_id: str) -> dict:
        return schemas.MovedOut().dump(self._do(request, commands.MoveToVersion,
                                                schemas.MoveIn(), enrolment_id=enrolment_id))

    @api("POST", f"{V1}/delegations", summary="Delegate approval to a named person for a "
         "period (LIS1 leader)", auth="a LIS1 leader in the organisation",
         request=schemas.DelegationIn(), response=schemas.DelegationOut(), status=201,
         tags=TAGS, responses={403: "not_assigned", 422: "delegation_invalid"},
         links=DELEGATE_LINKS)
    def delegate(self, request: Request) -> tuple[int, dict]:
        return 201, schemas.DelegationOut().dump(self._do(
            request, commands.GrantDelegation, schemas.DelegationIn()))

    @api("POST", f"{V1}/delegations/<delegation_id>/end", summary="End a delegation",
         auth="the leader who delegated", response=schemas.DelegationOut(), tags=TAGS,
         responses={403: "not_assigned", 404: "delegation_unknown",
                    409: "delegation_ended (ended already)"})
    def end_delegation(self, request: Request, delegation_id: str) -> dict:
        return schemas.DelegationOut().dump(self._do(
            request, commands.EndDelegation, delegation_id=delegation_id))
