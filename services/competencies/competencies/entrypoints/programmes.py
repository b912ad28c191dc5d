"""Enrolments and placements over HTTP (administrators of the agreement holder)."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from competencies.domain import commands
from competencies.schemas import http as schemas
from competencies.service_layer import views
from portal_kit.http import api, follow, load_body, load_query

V1 = "/api/competencies/v1"
ENROL_LINKS = {**follow("enrolment_id", "$response.body#/enrolment_id",
                        "enrolment", "cancel_enrolment", "history", "progress", "record_placement",
                        "completion", "move_version", "approve_several"),
               **follow("trainee_id", "$response.body#/trainee_id",
                        "trainee_programme")}
RECORD_PLACEMENT_LINKS = follow("placement_id", "$response.body#/placement_id",
                                "placement", "change_placement", "cancel_placement", "assign_tutor")
TAGS = ("programmes",)
ENROLMENT, PLACEMENT = schemas.EnrolmentOut(), schemas.PlacementOut()
NOT_ADMIN = {403: "Not an administrator of the agreement holder (not_holder_administrator)"}
NO_ENROLMENT = {404: "No such enrolment (enrolment_unknown)", **NOT_ADMIN}
NO_PLACEMENT = {404: "No such placement (placement_unknown)", **NOT_ADMIN}


class ProgrammeEndpoints:
    runtime: Any

    @api("POST", f"{V1}/enrolments", summary="Enrol a person in a programme on a curriculum "
         "version (default: the current one); they are a trainee from now on",
         auth="administrator of the holder, or operator", request=schemas.EnrolIn(),
         response=ENROLMENT, status=201, tags=TAGS, responses={
             **NOT_ADMIN, 409: "Already enrolled in this curriculum (already_enrolled)",
             422: "curriculum_unknown, curriculum_version_unknown, no_current_version, "
                  "holder_unknown, curriculum_country_mismatch, trainee_unknown, "
                  "enrolment_ends_before_start"}, links=ENROL_LINKS)
    def enrol(self, request: Request) -> tuple[int, dict]:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.EnrolIn())
        return 201, ENROLMENT.dump(self.runtime.handle(commands.Enrol(by=by, **body)))

    @api("GET", f"{V1}/enrolments", summary="The enrolments of an agreement holder",
         auth="administrator of the holder, or operator", query=schemas.EnrolmentsQuery(),
         response=schemas.EnrolmentOut(many=True), tags=TAGS, responses=NOT_ADMIN)
    def enrolments(self, request: Request) -> list:
        by = self.runtime.authenticate(request)
        query = load_query(request, schemas.EnrolmentsQuery())
        return schemas.EnrolmentOut(many=True).dump(self.runtime.query(
            views.enrolments, by=by, clock=self.runtime.extras["clock"],
            holder_id=query["agreement_holder_id"], trainee_id=query.get("trainee_id"),
            state=query.get("state")))

    @api("GET", f"{V1}/enrolments/<enrolment_id>", summary="One enrolment with its placements",
         auth="administrator of the holder, or operator", response=ENROLMENT, tags=TAGS,
         responses=NO_ENROLMENT)
    def enrolment(self, request: Request, enrolment_id: str) -> dict:
        by = self.runtime.authenticate(request)
        return ENROLMENT.dump(self.runtime.query(
            views.enrolment, by=by, clock=self.runtime.extras["clock"],
            enrolment_id=enrolment_id))

    @api("POST", f"{V1}/enrolments/<enrolment_id>/cancel", summary="Cancel an enrolment and "
         "its placements", auth="administrator of the holder, or operator",
         request=schemas.ReasonIn(), response=ENROLMENT, tags=TAGS,
         responses={**NO_ENROLMENT, 409: "Already cancelled (enrolment_cancelled)",
                    422: "No reason (reason_required)"})
    def cancel_enrolment(self, request: Request, enrolment_id: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.ReasonIn())
        return ENROLMENT.dump(self.runtime.handle(
            commands.CancelEnrolment(by, enrolment_id, body["reason"])))

    @api("POST", f"{V1}/enrolments/<enrolment_id>/placements", summary="Record a placement "
         "(training element) at a place of the holder; its plan is assigned automatically, "
         "and the practice's tutor when it has exactly one",
         auth="administrator of the holder, or operator", request=schemas.PlacementIn(),
         response=PLACEMENT, status=201, tags=TAGS, responses={
             **NO_ENROLMENT, 409: "placements_overlap, enrolment_cancelled",
             422: "placement_ends_before_start, placement_outside_enrolment, element_unknown, "
                  "place_unknown, place_not_of_holder, not_a_tutor_of_place"},
         links=RECORD_PLACEMENT_LINKS)
    def record_placement(self, request: Request, enrolment_id: str) -> tuple[int, dict]:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.PlacementIn())
        return 201, PLACEMENT.dump(self.runtime.handle(
            commands.RecordPlacement(by=by, enrolment_id=enrolment_id, **body)))

    @api("GET", f"{V1}/placements/<placement_id>", summary="One placement",
         auth="administrator of the holder, or operator", response=PLACEMENT, tags=TAGS,
         responses=NO_PLACEMENT)
    def placement(self, request: Request, placement_id: str) -> dict:
        by = self.runtime.authenticate(request)
        return PLACEMENT.dump(self.runtime.query(
            views.placement, by=by, clock=self.runtime.extras["clock"],
            placement_id=placement_id))

    @api("PATCH", f"{V1}/placements/<placement_id>", summary="Correct a placement's dates",
         auth="administrator of the holder, or operator", request=schemas.PlacementDatesIn(),
         response=PLACEMENT, tags=TAGS, responses={
             **NO_PLACEMENT, 409: "placements_overlap, placement_cancelled",
             422: "placement_ends_before_start, placement_outside_enrolment"})
    def change_placement(self, request: Request, placement_id: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.PlacementDatesIn())
        return PLACEMENT.dump(self.runtime.handle(
            commands.ChangePlacement(by, placement_id, body["starts_on"], body["ends_on"])))

    @api("POST", f"{V1}/placements/<placement_id>/cancel", summary="Cancel a placement",
         auth="administrator of the holder, or operator", request=schemas.ReasonIn(),
         response=PLACEMENT, tags=TAGS, responses={
             **NO_PLACEMENT, 409: "placement_cancelled", 422: "reason_required"})
    def cancel_placement(self, request: Request, placement_id: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.ReasonIn())
        return PLACEMENT.dump(self.runtime.handle(
            commands.CancelPlacement(by, placement_id, body["reason"])))

    @api("POST", f"{V1}/placements/<placement_id>/tutor", summary="Choose the placement's "
         "personal tutor (tutorlæge) among the tutors of its practice; one at a time",
         auth="administrator of the holder, or operator", request=schemas.TutorIn(),
         response=PLACEMENT, tags=TAGS, responses={
             **NO_PLACEMENT, 409: "tutor_already_assigned, placement_cancelled",
             422: "not_a_tutor_of_place"})
    def assign_tutor(self, request: Request, placement_id: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.TutorIn())
        return PLACEMENT.dump(self.runtime.handle(
            commands.AssignTutor(by, placement_id, body["tutor_id"])))

    @api("GET", f"{V1}/places/<place_id>/tutors", summary="The tutors of a practice",
         auth="administrator of the place's holder, a tutor of the place, or operator",
         response=schemas.TutorOut(many=True), tags=TAGS,
         responses={404: "No such place (place_unknown)", **NOT_ADMIN})
    def tutors(self, request: Request, place_id: str) -> list:
        by = self.runtime.authenticate(request)
        return schemas.TutorOut(many=True).dump(self.runtime.query(
            views.tutors_of_place, by=by, place_id=place_id))
