"""LIS1 teams over HTTP: invite, resend, revoke, the link, relationships and their reads."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from invitations.domain import commands
from invitations.schemas import http as schemas
from invitations.service_layer import views
from portal_kit.http import api, follow, json_response, load_body, load_query

V1 = "/api/invitations/v1"
INVITE_LINKS = {**follow("invitation_id", "$response.body#/id",
                         "invitation", "resend", "revoke"),
                **follow("trainee_id", "$response.body#/trainee_id",
                         "team_of", "who_may_act", "audit")}
TEAM = ("teams",)
LINKS = ("links",)
REL = ("relationships",)
INVITATION = schemas.InvitationOut()
NOT_YOURS = {403: "Not the trainee's or the organisation's administrator's"}
NO_INVITATION = {404: "No such invitation", **NOT_YOURS}


def client_of(request: Request) -> str:
    """Who looks a link up, for the rate limit: the address the nearest proxy saw (the last
    X-Forwarded-For entry: the origin and the Ingress append it; entries before it are the
    client's own word), else the peer."""
    forwarded = request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
    return (forwarded or request.remote_addr or "unknown")[:100]


class TeamEndpoints:
    runtime: Any

    @api("POST", f"{V1}/invitations", summary="Invite a leader, advisor or supervisor into "
         "the trainee's current LIS1 team (the mail with the link is sent by notifications)",
         auth="person (the trainee, or an administrator with trainee_id)",
         request=schemas.InviteIn(), response=INVITATION, status=201, tags=TEAM,
         responses={403: "Not yours, or no agreement in force (dpa_not_active)",
                    409: "No current placement, or an invitation for the role is pending"},
         links=INVITE_LINKS)
    def invite(self, request: Request) -> tuple[int, dict]:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.InviteIn())
        return 201, INVITATION.dump(self.runtime.handle(
            commands.Invite(by=by, **body)))

    @api("GET", f"{V1}/invitations/<invitation_id>", summary="One invitation",
         auth="person", response=INVITATION, tags=TEAM, responses=NO_INVITATION)
    def invitation(self, request: Request, invitation_id: str) -> dict:
        by = self.runtime.authenticate(request)
        return INVITATION.dump(self.runtime.query(
            views.invitation, by=by, invitation_id=invitation_id))

    @api("POST", f"{V1}/invitations/<invitation_id>/resend", summary="Send the invitation "
         "again with a new link (the old link dies) and a new expiry", auth="person",
         response=INVITATION, tags=TEAM,
         responses={**NO_INVITATION, 409: "No longer pending"})
    def resend(self, request: Request, invitation_id: str) -> dict:
        by = self.runtime.authenticate(request)
        return INVITATION.dump(self.runtime.handle(
            commands.Resend(by, invitation_id)))

    @api("POST", f"{V1}/invitations/<invitation_id>/revoke", summary="Withdraw a pending "
         "invitation", auth="person", request=schemas.RevokeIn(), body_optional=True,
         response=INVITATION, tags=TEAM, responses={**NO_INVITATION, 409: "No longer pending"})
    def revoke(self, request: Request, invitation_id: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.RevokeIn()) if request.content_length else {}
        return INVITATION.dump(self.runtime.handle(
            commands.Revoke(by, invitation_id, body.get("reason"))))

    @api("POST", f"{V1}/links/open", summary="What an invitation link is for, with a "
         "registration ticket for identity (15 min); the link stays usable until bound",
         request=schemas.OpenLinkIn(), response=schemas.OpenedOut(), tags=LINKS,
         responses={404: "Unknown, used, expired or revoked (one answer for all)",
                    429: "Too many lookups (Retry-After)"})
    def open_link(self, request: Request) -> dict:
        body = load_body(request, schemas.OpenLinkIn())
        return schemas.OpenedOut().dump(self.runtime.handle(
            commands.OpenLink(body["token"], client_of(request))))

    @api("GET", f"{V1}/me/team", summary="My current LIS1 team: invitations, relationships, "
         "required roles still missing", auth="person", response=schemas.TeamOut(), tags=TEAM)
    def my_team(self, request: Request) -> dict:
        by = self.runtime.authenticate(request)
        return schemas.TeamOut().dump(self._query(views.team, by=by))

    @api("GET", f"{V1}/trainees/<trainee_id>/team", summary="A trainee's current LIS1 team "
         "(the trainee and the organisation's administrators)", auth="person",
         response=schemas.TeamOut(), tags=TEAM, responses=NOT_YOURS)
    def team_of(self, request: Request, trainee_id: str) -> dict:
        by = self.runtime.authenticate(request)
        return schemas.TeamOut().dump(self._query(views.team, by=by, trainee_id=trainee_id))

    @api("GET", f"{V1}/me/trainees", summary="My trainees: whom I may act for today, in which "
         "role, until when", auth="person", response=schemas.ActingOut(many=True), tags=REL)
    def my_trainees(self, request: Request) -> list:
        by = self.runtime.authenticate(request)
        return schemas.ActingOut(many=True).dump(self._query(views.my_trainees, by=by))

    @api("GET", f"{V1}/trainees/<trainee_id>/relationships", summary="Who may act for this "
         "trainee today, in which role, until when", auth="person",
         response=schemas.ActingOut(many=True), tags=REL, responses=NOT_YOURS)
    def who_may_act(self, request: Request, trainee_id: str) -> list:
        by = self.runtime.authenticate(request)
        return schemas.ActingOut(many=True).dump(
            self._query(views.who_may_act, by=by, trainee_id=trainee_id))

    @api("POST", f"{V1}/relationships/<relationship_id>/end", summary="End a relationship "
         "(an administrator corrects a team)", auth="administrator",
         request=schemas.EndRelationshipIn(), response=schemas.RelationshipOut(), tags=REL,
         responses={403: "Not an administrator of the organisation", 404: "No such "
                    "relationship", 409: "Ended already"})
    def end_relationship(self, request: Request, relationship_id: str) -> dict:
        by = self.runtime.authenticate(request)
        body = load_body(request, schemas.EndRelationshipIn())
        return schemas.RelationshipOut().dump(self.runtime.handle(
            commands.EndRelationship(by, relationship_id, body["reason"])))

    @api("GET", f"{V1}/trainees/<trainee_id>/audit", summary="Who invited, appointed, "
         "resent, revoked, changed or ended what for this trainee, newest first",
         auth="person (the trainee or an administrator)", query=schemas.AuditQuery(),
         response=schemas.AuditEntryOut(many=True), tags=REL, responses=NOT_YOURS)
    def audit(self, request: Request, trainee_id: str) -> list:
        by = self.runtime.authenticate(request)
        query = load_query(request, schemas.AuditQuery())
        read_log = self.runtime.extras["audit_log"]
        return schemas.AuditEntryOut(many=True).dump(self.runtime.query(
            views.audit_of_trainee, by=by, trainee_id=trainee_id, read_log=read_log, **query))

    @api("GET", "/api/invitations/.well-known/jwks.json", summary="Public keys of the "
         "registration tickets (identity verifies tickets with them)", tags=LINKS)
    def jwks(self, request: Request) -> Any:
        tickets = self.runtime.extras["tickets"]
        return json_response(tickets.jwks(), headers={"Cache-Control": "max-age=60"})

    def _query(self, view: Any, **arguments: Any) -> Any:
        clock = self.runtime.extras["clock"]
        return self.runtime.query(view, clock=clock, **arguments)
