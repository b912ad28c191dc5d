"""LIS1 invitations: invite, resend, revoke, open the link, bind on identity's word."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from invitations.config import Settings
from invitations.domain import commands
from invitations.domain.events import InvitationBindingRefused
from invitations.domain.exceptions import (
    InvitationNotFound,
    LinkInvalid,
    NoCurrentPlacement,
    RelationshipNotFound,
)
from invitations.domain.invitations import Invitation
from invitations.domain.links import LinkToken, digest_of
from invitations.domain.messages import INVITATION, INVITATION_REMINDER, MailRequest
from invitations.domain.projections import Placement, current_placement
from invitations.domain.relationships import Relationship
from invitations.domain.teams import DPA_NOT_ACTIVE, Team
from invitations.service_layer import access
from invitations.service_layer.unit_of_work import InvitationsUnitOfWork
from portal_kit.clock import Clock, local_date
from portal_kit.principal import Principal


class TicketMinter(Protocol):
    def mint(self, invitation: Invitation) -> str: ...

    def mint_decoy(self) -> None: ...


class Limiter(Protocol):
    def check(self, key: str) -> None: ...


@dataclass(frozen=True)
class OpenedInvitation:
    invitation: Invitation
    trainee_name: str
    organisation_name: str
    registration_ticket: str


def invite(command: commands.Invite, uow: InvitationsUnitOfWork, clock: Clock,
           settings: Settings) -> Invitation:
    with uow:
        trainee_id = command.trainee_id or command.by.subject
        placement = _current_placement(uow, trainee_id, clock.now())
        access.require_team_access(command.by, trainee_id, placement.agreement_holder_id)
        access.require_agreement(uow, placement.agreement_holder_id)
        access.require_agreement(uow, placement.place_id)
        team = _team(uow, placement)
        link = LinkToken.new()
        invitation = uow.add(team.invite(role=command.role, email=command.email,
                                         language=command.language, link=link, at=clock.now(),
                                         lifetime=settings.lifetime, by=command.by.subject))
        uow.invitations.add(invitation)
        uow.request_mail(_mail(uow, invitation, link, settings, INVITATION, command.by))
        uow.commit()
        return invitation


def resend(command: commands.Resend, uow: InvitationsUnitOfWork, clock: Clock,
           settings: Settings) -> Invitation:
    with uow:
        invitation = _invitation(uow, command.invitation_id, command.by)
        access.require_agreement(uow, invitation.organisation_id)
        placement = uow.known.placement(invitation.placement_id)
        if placement is not None:
            access.require_agreement(uow, placement.place_id)
        link = LinkToken.new()
        invitation.resend(link, clock.now(), settings.lifetime, command.by.subject)
        uow.add(invitation)
        uow.request_mail(_mail(uow, invitation, link, settings, INVITATION, command.by))
        uow.commit()
        return invitation


def revoke(command: commands.Revoke, uow: InvitationsUnitOfWork, clock: Clock) -> Invitation:
    with uow:
        invitation = _invitation(uow, command.invitation_id, command.by)
        invitation.revoke(clock.now(), command.by.subject, command.reason)
        uow.add(invitation)
        uow.commit()
        return invitation


def open_link(command: commands.OpenLink, uow: InvitationsUnitOfWork, clock: Clock,
              tickets: TicketMinter, link_lookups: Limiter) -> OpenedInvitation:
    """What the link is for, with a registration ticket; one answer for every dead link.

    Every lookup hashes the token, makes the same reads and signs a ticket, so an
    unknown, used, expired or revoked link takes the same path as a good one.
    """
    link_lookups.check(command.client)
    with uow:
        invitation = uow.invitations.by_digest(digest_of(command.token[:200]))
        usable = invitation is not None and invitation.is_open(clock.now())
        trainee = uow.known.person(invitation.trainee_id if invitation else "-")
        holder_name = _holder_name(uow, invitation.organisation_id if invitation else "-")
    # signed after the reads are done: minting records the key's use on a connection of its
    # own, which SQLite's one connection (make run) would wait for while the reads held it
    if invitation is None or not usable:
        tickets.mint_decoy()
        raise LinkInvalid("This invitation link cannot be used: it may have been used "
                          "already, withdrawn or have expired. Ask the person who invited "
                          "you to send it again.")
    return OpenedInvitation(invitation, trainee.name if trainee else "", holder_name,
                            tickets.mint(invitation))


def end_relationship(command: commands.EndRelationship, uow: InvitationsUnitOfWork,
                     clock: Clock) -> Relationship:
    """An administrator corrects a team: the relationship ends now, with the reason."""
    with uow:
        relationship = uow.relationships.get(command.relationship_id)
        if relationship is None:
            raise RelationshipNotFound("No such relationship.")
        access.require_admin(command.by, relationship.organisation_id)
        relationship.end(clock.now(), command.by.subject, "ended_by_administrator",
                         command.reason)
        uow.add(relationship)
        uow.commit()
        return relationship


def bind(data: dict[str, Any], uow: InvitationsUnitOfWork, now: datetime) -> None:
    """identity says ``person_id`` accepted the invitation: bind it, or refuse with why."""
    invitation = uow.invitations.get(data["invitation_id"], lock=True)
    if invitation is None:
        return _refuse_unknown(uow, data, now)
    placement = uow.known.placement(invitation.placement_id, lock=True)
    assert placement is not None  # an invitation is only made for a known placement
    team = _team(uow, placement)
    person_id = data["person_id"]
    reason = team.refusal(invitation, person_id, now)
    if reason is None and not (access.agreement_in_force(uow, invitation.organisation_id)
                               and access.agreement_in_force(uow, placement.place_id)):
        reason = DPA_NOT_ACTIVE
    uow.add(invitation)
    if reason:
        invitation.refuse_binding(person_id, reason, now)
        return None
    granted = team.bind(invitation, person_id, now)
    uow.relationships.add(granted)
    for relationship in team.relationships:
        uow.add(relationship)
    return None


def remind(invitation: Invitation, uow: InvitationsUnitOfWork, now: datetime,
           settings: Settings) -> None:
    link = LinkToken.new()
    invitation.remind(link, now)
    uow.add(invitation)
    uow.request_mail(_mail(uow, invitation, link, settings, INVITATION_REMINDER))


def _refuse_unknown(uow: InvitationsUnitOfWork, data: dict[str, Any], now: datetime) -> None:
    notice = _Notice([InvitationBindingRefused(data["invitation_id"], data["person_id"],
                                               data["trainee_id"], data["role"],
                                               "unknown_invitation", now)])
    uow.add(notice)


@dataclass(eq=False)
class _Notice:
    """Carries an event about an invitation this service does not know."""

    events: list[Any]


def _current_placement(uow: InvitationsUnitOfWork, trainee_id: str, now: datetime) -> Placement:
    placements = uow.known.placements_of(trainee_id)
    today = local_date(now, placements[0].time_zone) if placements else now.date()
    found = current_placement(placements, today)
    if found is None:
        raise NoCurrentPlacement("There is no current LIS1 placement to build a team for.")
    locked = uow.known.placement(found.placement_id, lock=True)
    assert locked is not None
    return locked


def _team(uow: InvitationsUnitOfWork, placement: Placement) -> Team:
    return Team(placement, uow.invitations.of_placement(placement.placement_id),
                uow.relationships.of_placement(placement.placement_id))


def _invitation(uow: InvitationsUnitOfWork, invitation_id: str,
                by: Principal) -> Invitation:
    invitation = uow.invitations.get(invitation_id, lock=True)
    if invitation is None:
        raise InvitationNotFound("No such invitation.")
    access.require_team_access(by, invitation.trainee_id, invitation.organisation_id)
    return invitation


def _mail(uow: InvitationsUnitOfWork, invitation: Invitation, link: LinkToken,
          settings: Settings, kind: str, by: Principal | None = None) -> MailRequest:
    """notifications' SendInvitationV1 / SendInvitationReminderV1, with the link."""
    holder = uow.known.organisation(invitation.organisation_id)
    return MailRequest(
        kind=kind, request_id=str(uuid.uuid4()),
        subject=f"invitations/{invitation.id}", data={
            "invitation_id": invitation.id,
            "recipient": {"person_id": None, "name": None, "email": invitation.email,
                          "mobile": None, "language": invitation.language},
            "trainee_id": invitation.trainee_id,
            "trainee_name": _trainee_name(uow, invitation.trainee_id, by),
            "role": invitation.role, "organisation_id": invitation.organisation_id,
            "organisation_name": _holder_name(uow, invitation.organisation_id) or "-",
            "country": holder.country if holder else "NO",
            "link": f"{settings.link_base}?token={link.token}",
            "expires_at": invitation.expires_at})


def _trainee_name(uow: InvitationsUnitOfWork, trainee_id: str, by: Principal | None) -> str:
    """From identity's person events; the trainee's own token names them if those lag."""
    trainee = uow.known.person(trainee_id)
    if trainee is not None:
        return trainee.name
    if by is not None and by.subject == trainee_id and by.claims.get("name"):
        return str(by.claims["name"])[:300]
    return "-"


def _holder_name(uow: InvitationsUnitOfWork, holder_id: str) -> str:
    holder = uow.known.organisation(holder_id)
    if holder is not None:
        return holder.name
    agreement = uow.agreements.get(holder_id)
    return agreement.organisation_name if agreement else ""
