"""Trainees' records over HTTP: my programme, a trainee's programme for an entitled reader,
who read mine, a tutor's trainees, an organisation's trainees, access openings."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from competencies.domain import commands
from competencies.schemas import programme as schemas
from competencies.service_layer import views
from portal_kit.http import api, load_body, load_query

V1 = "/api/competencies/v1"
TAGS = ("records",)
PROGRAMME, OPENING = schemas.ProgrammeOut(), schemas.OpeningOut()


class RecordEndpoints:
    runtime: Any

    @api("GET", f"{V1}/me/programme", summary="My programmes: each enrolment with its "
         "placements and every curriculum item with its state", auth="person",
         response=PROGRAMME, tags=TAGS)
    def my_programme(self, request: Request) -> dict:
        by = self.runtime.authenticate(request)
        return PROGRAMME.dump(self.runtime.query(
            views.my_programme, by=by, clock=self.runtime.extras["clock"]))

    @api("GET", f"{V1}/trainees/<trainee_id>/programme", summary="A trainee's programmes, "
         "for a reader entitled now (the read is logged for the trainee)",
         auth="the trainee, a tutor in the window, a related approver, an administrator of "
              "the holder, or operator", response=PROGRAMME, tags=TAGS,
         responses={403: "Not entitled now, or no such trainee (trainee_not_visible)"})
    def trainee_programme(self, request: Request, trainee_id: str) -> dict:
        by = self.runtime.authenticate(request)
        return PROGRAMME.dump(self.runtime.query(
            views.trainee_programme, by=by, clock=self.runtime.extras["clock"],
            trainee_id=trainee_id))

    @api("GET", f"{V1}/me/reads", summary="Who read my record, when (newest first)",
         auth="person", query=schemas.ReadsQuery(), response=schemas.ReadOut(many=True),
         tags=TAGS)
    def my_reads(self, request: Request) -> list:
        by = self.runtime.authenticate(request)
        query = load_query(request, schemas.ReadsQuery())
        return schemas.ReadOut(many=True).dump(self.runtime.query(
            views.my_reads, by=by, limit=query["limit"]))

    @api("GET", f"{V1}/tutor/trainees", summary="My trainees as a tutor: current, planned, "
         "and former (for a year after the placement, or while access is opened)",
         auth="person (tutor)", response=schemas.TutorTraineesOut(), tags=TAGS)
    def tutor_trainees(self, request: Request) -> dict:
        by = self.runtime.authenticate(request)
        return schemas.TutorTraineesOut().dump(self.runtime.query(
            views.tutor_trainees, by=by, clock=self.runtime.extras["clock"]))

    @api("GET", f"{V1}/organisations/<holder_id>/trainees", summary="An agreement holder's "
         "trainees with their enrolments", auth="administrator of the holder, or operator",
         query=schemas.HolderTraineesQuery(), response=schemas.HolderTraineeOut(many=True),
         tags=TAGS, responses={403: "not_holder_administrator"})
    def holder_trainees(self, request: Request, holder_id: str) -> list:
        by = self.runtime.authenticate(request)
        query = load_query(request, schemas.HolderTraineesQuery())
        return schemas.HolderTraineeOut(many=True).dump(self.runtime.query(
            views.holder_trainees, by=by, clock=self.runtime.extras["clock"],
            holder_id=holder_id, state=query["state"]))

    @api("POST", f"{V1}/access-openings", summary="Reopen a former trainee's record to a "
         "practice's tutors for a short period, with a reason",
         auth="administrator of the place's holder (region), or operator",
         request=schemas.OpeningIn(), response=OPENING, status=201, tags=TAGS, responses={
             403: "not_holder_administrator",
             409: "No ended placement there (not_a_former_trainee_of_place)",
             422: "opening_reason_required, opening_too_long, opening_ends_before_start, "
                  "place_unknown"})
    def open_access(self, request: Request) -> tuple[int, dict]:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.OpeningIn())
        return 201, OPENING.dump(self.runtime.handle(commands.OpenAccess(by=by, **body)))

    @api("GET", f"{V1}/access-openings", summary="Access openings (of the holders I administer)",
         auth="administrator, or operator", query=schemas.OpeningsQuery(),
         response=schemas.OpeningOut(many=True), tags=TAGS,
         responses={403: "not_holder_administrator"})
    def openings(self, request: Request) -> list:
        by = self.runtime.authenticate(request)
        query = load_query(request, schemas.OpeningsQuery())
        return schemas.OpeningOut(many=True).dump(self.runtime.query(
            views.openings, by=by, place_id=query.get("place_id"),
            trainee_id=query.get("trainee_id")))
