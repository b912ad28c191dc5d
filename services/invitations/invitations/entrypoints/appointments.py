"""Vejleder appointments over HTTP: the tutor appoints, changes and ends; overviews."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from invitations.domain import commands
from invitations.schemas import http as schemas
from invitations.service_layer import views
from portal_kit.http import api, follow, load_body

V1 = "/api/invitations/v1"
APPOINT_LINKS = follow("appointment_id", "$response.body#/id",
                       "appointment", "change_appointment", "end_appointment")
TAGS = ("appointments",)
APPOINTMENT = schemas.AppointmentOut()
NOT_YOURS = {403: "Not the tutor who made it (nor a region administrator)",
             404: "No such appointment"}


class AppointmentEndpoints:
    runtime: Any

    @api("POST", f"{V1}/appointments", summary="Appoint a vejleder (the tutor): a person "
         "from the authorisation register, optional window, all or selected trainees, the "
         "department when the tutor has several practices, access e-mail or not",
         auth="tutor", request=schemas.AppointIn(), response=APPOINTMENT, status=201,
         tags=TAGS, responses={403: "Not a tutor of the practice, a trainee not yours, or no "
                               "agreement in force", 422: "Window or department invalid"},
         links=APPOINT_LINKS)
    def appoint(self, request: Request) -> tuple[int, dict]:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.AppointIn())
        body["trainee_ids"] = tuple(body["trainee_ids"])
        return 201, APPOINTMENT.dump(self.runtime.handle(commands.Appoint(by=by, **body)))

    @api("GET", f"{V1}/appointments", summary="My vejleder appointments (the tutor's)",
         auth="tutor", response=schemas.AppointmentOut(many=True), tags=TAGS)
    def my_appointments(self, request: Request) -> list:
        by = self.runtime.authenticate(request)
        return schemas.AppointmentOut(many=True).dump(
            self.runtime.query(views.my_appointments, by=by))

    @api("GET", f"{V1}/me/practices", summary="The practices I tutor, by name (the "
         "departments to choose from when appointing)", auth="tutor",
         response=schemas.PracticeOut(many=True), tags=TAGS)
    def my_practices(self, request: Request) -> list:
        by = self.runtime.authenticate(request)
        return schemas.PracticeOut(many=True).dump(self.runtime.query(views.my_practices, by=by))

    @api("GET", f"{V1}/appointments/<appointment_id>", summary="One appointment",
         auth="tutor", response=APPOINTMENT, tags=TAGS, responses=NOT_YOURS)
    def appointment(self, request: Request, appointment_id: str) -> dict:
        by = self.runtime.authenticate(request)
        return APPOINTMENT.dump(self.runtime.query(views.appointment, by=by,
                                                   appointment_id=appointment_id))

    @api("PUT", f"{V1}/appointments/<appointment_id>", summary="Change a vejleder's window "
         "or trainees", auth="tutor", request=schemas.ChangeAppointmentIn(),
         response=APPOINTMENT, tags=TAGS, responses={**NOT_YOURS, 409: "Ended"})
    def change_appointment(self, request: Request, appointment_id: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.ChangeAppointmentIn())
        body["trainee_ids"] = tuple(body["trainee_ids"])
        return APPOINTMENT.dump(self.runtime.handle(commands.ChangeAppointment(
            by=by, appointment_id=appointment_id, **body)))

    @api("POST", f"{V1}/appointments/<appointment_id>/end", summary="End a vejleder "
         "appointment (every relationship it holds ends)", auth="tutor",
         request=schemas.EndAppointmentIn(), body_optional=True, response=APPOINTMENT, tags=TAGS,
         responses={**NOT_YOURS, 409: "Ended already"})
    def end_appointment(self, request: Request, appointment_id: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.EndAppointmentIn()) if request.content_length else {}
        return APPOINTMENT.dump(self.runtime.handle(commands.EndAppointment(
            by, appointment_id, body.get("reason"))))

    @api("GET", f"{V1}/organisations/<organisation_id>/overview", summary="Every LIS1 team "
         "and vejleder appointment of an agreement holder (its administrators)",
         auth="administrator", response=schemas.OverviewOut(), tags=TAGS,
         responses={403: "Not an administrator of the organisation"})
    def overview(self, request: Request, organisation_id: str) -> dict:
        by = self.runtime.authenticate(request)
        clock = self.runtime.extras["clock"]
        return schemas.OverviewOut().dump(self.runtime.query(
            views.organisation_overview, by=by, clock=clock, organisation_id=organisation_id))
