"""Registration, profiles, memberships, the register and machine clients (translating)."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from identity.domain import commands
from identity.schemas import http as schemas
from identity.service_layer import views
from portal_kit.http import api, follow, load_body, load_query

V1 = "/api/identity/v1"
CREATE_PROFILE_LINKS = follow("person_id", "$response.body#/id", "make_operator")
PERSON = schemas.PersonOut()
PEOPLE_TAGS = ("people",)
NOT_FOUND = {404: "No such person or organisation"}


class PeopleEndpoints:
    runtime: Any

    @api("GET", f"{V1}/registration", summary="What identity knows before registration "
         "(registration-limited token)", auth="person", response=schemas.RegistrationOut(),
         tags=PEOPLE_TAGS)
    def registration(self, request: Request) -> dict:
        person = self.runtime.authenticate(request, allow_registration_pending=True)
        return schemas.RegistrationOut().dump(self.runtime.query(
            views.registration, person_id=person.subject))

    @api("POST", f"{V1}/registration", summary="Register (then refresh for a full token)",
         auth="person", request=schemas.RegistrationIn(), response=PERSON, status=201,
         tags=PEOPLE_TAGS, responses={409: "E-mail taken, or registered already"})
    def register(self, request: Request) -> tuple[int, dict]:
        person = self.runtime.authenticate(request, allow_registration_pending=True)
        body = load_body(request, schemas.RegistrationIn())
        return 201, PERSON.dump(self.runtime.handle(
            commands.Register(person_id=person.subject, **body)))

    @api("GET", f"{V1}/people/me", summary="My profile", auth="person", response=PERSON,
         tags=PEOPLE_TAGS)
    def me(self, request: Request) -> dict:
        person = self.runtime.authenticate(request)
        return PERSON.dump(self.runtime.query(views.person, person_id=person.subject))

    @api("PATCH", f"{V1}/people/me", summary="Change my contact data and preferences",
         auth="person", request=schemas.ProfileChangeIn(), response=PERSON, tags=PEOPLE_TAGS,
         responses={409: "E-mail taken"})
    def change_me(self, request: Request) -> dict:
        person = self.runtime.authenticate(request)
        body = load_body(request, schemas.ProfileChangeIn())
        return PERSON.dump(self.runtime.handle(commands.ChangeContact(person.subject, body)))

    @api("POST", f"{V1}/people", summary="Create a person's profile from the register",
         auth="operator or administrator", request=schemas.CreateProfileIn(), response=PERSON,
         status=201, tags=PEOPLE_TAGS,
         responses={**NOT_FOUND, 409: "The person has a profile already"},
         links=CREATE_PROFILE_LINKS)
    def create_profile(self, request: Request) -> tuple[int, dict]:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.CreateProfileIn())
        return 201, PERSON.dump(self.runtime.handle(commands.CreateProfile(by=by, **body)))

    @api("GET", f"{V1}/organisations/<organisation_id>/people", summary="The organisation's "
         "people", auth="operator or administrator", response=schemas.PersonOut(many=True),
         tags=PEOPLE_TAGS, responses=NOT_FOUND)
    def people_of(self, request: Request, organisation_id: str) -> list:
        by = self.runtime.authenticate(request)
        return schemas.PersonOut(many=True).dump(self.runtime.query(
            views.people_of, organisation_id=organisation_id, by=by))

    @api("POST", f"{V1}/organisations/<organisation_id>/memberships",
         summary="Grant a membership (operator; a holder's administrator grants tutors)",
         auth="operator or administrator", request=schemas.MembershipIn(), response=PERSON,
         status=201, tags=PEOPLE_TAGS, responses={**NOT_FOUND, 409: "Granted already"})
    def grant_membership(self, request: Request, organisation_id: str) -> tuple[int, dict]:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.MembershipIn())
        return 201, PERSON.dump(self.runtime.handle(commands.GrantMembership(
            organisation_id=organisation_id, by=by, **body)))

    @api("POST", f"{V1}/organisations/<organisation_id>/memberships/withdraw",
         summary="Withdraw a membership", auth="operator or administrator",
         request=schemas.WithdrawMembershipIn(), response=PERSON, tags=PEOPLE_TAGS,
         responses=NOT_FOUND)
    def withdraw_membership(self, request: Request, organisation_id: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.WithdrawMembershipIn())
        return PERSON.dump(self.runtime.handle(commands.WithdrawMembership(
            organisation_id=organisation_id, by=by, **body)))

    @api("POST", f"{V1}/people/<person_id>/operator", summary="Make a person an operator",
         auth="operator", response=PERSON, tags=PEOPLE_TAGS, responses=NOT_FOUND)
    def make_operator(self, request: Request, person_id: str) -> dict:
        by = self.runtime.authenticate(request, role="operator")
        return PERSON.dump(self.runtime.handle(commands.MakeOperator(person_id, by)))

    @api("GET", f"{V1}/register/search", summary="Search the authorisation register by "
         "name, HPR number or authorisation id", auth="operator, administrator or tutor",
         query=schemas.RegisterSearchQuery(), response=schemas.RegisterEntryOut(many=True),
         tags=PEOPLE_TAGS, responses={429: "Rate limited (Retry-After)"})
    def search_register(self, request: Request) -> list:
        by = self.runtime.authenticate(request)
        query = load_query(request, schemas.RegisterSearchQuery())
        return schemas.RegisterEntryOut(many=True).dump(self.runtime.handle(
            commands.SearchRegister(by=by, **query)))

    @api("POST", f"{V1}/clients", summary="Register an operator machine client (secret shown "
         "once)", auth="operator", request=schemas.ClientIn(), response=schemas.ClientOut(),
         status=201, tags=("oauth",), responses={409: "Client exists"})
    def register_client(self, request: Request) -> tuple[int, dict]:
        by = self.runtime.authenticate(request, role="operator")
        body = load_body(request, schemas.ClientIn())
        return 201, schemas.ClientOut().dump(self.runtime.handle(commands.RegisterClient(
            body["client_id"], body["name"], tuple(body["scopes"]), by)))
