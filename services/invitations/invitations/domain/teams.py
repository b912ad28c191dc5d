"""A LIS1 doctor's team in one placement: the rules for inviting and for binding.

Exactly one leader and one advisor, one or more supervisors, each its own invitation.
While a leader or advisor is in place a replacement may be invited (one pending
invitation per single role); the old relationship ends when the replacement accepts.
Nobody is both leader and advisor of the same trainee, and the trainee accepts none
of their own invitations.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from invitations.domain.exceptions import InvitationPending
from invitations.domain.invitations import Invitation
from invitations.domain.links import LinkToken
from invitations.domain.projections import Placement
from invitations.domain.relationships import INVITATION, Relationship
from invitations.domain.roles import EXCLUSIVE, LIS1_ROLES, SINGLE_ROLES
from portal_kit.clock import local_date

OWN_INVITATION = "own_invitation"
CONFLICTING_ROLE = "conflicting_role"
ALREADY_IN_ROLE = "already_in_role"
REVOKED = "revoked"
EXPIRED = "expired"
ALREADY_USED = "already_used"
PLACEMENT_ENDED = "placement_ended"
DPA_NOT_ACTIVE = "dpa_not_active"


@dataclass
class Team:
    placement: Placement
    invitations: list[Invitation]
    relationships: list[Relationship]

    def missing_roles(self) -> list[str]:
        held = {r.role for r in self.relationships if r.is_active}
        return [role for role in LIS1_ROLES if role not in held]

    def invite(self, *, role: str, email: str, language: str | None, link: LinkToken,
               at: datetime, lifetime: timedelta, by: str) -> Invitation:
        self._refuse_second_pending(role, email)
        invitation = Invitation.new(
            trainee_id=self.placement.trainee_id, role=role,
            placement_id=self.placement.placement_id,
            organisation_id=self.placement.agreement_holder_id, email=email,
            language=language, link=link, at=at, lifetime=lifetime, by=by)
        self.invitations.append(invitation)
        return invitation

    def _refuse_second_pending(self, role: str, email: str) -> None:
        pending = [i for i in self.invitations if i.is_pending and i.role == role]
        if role in SINGLE_ROLES and pending:
            raise InvitationPending(f"An invitation for the {role} is pending already: "
                                    "revoke or resend it.")
        if any(i.email.lower() == email.lower() for i in pending):
            raise InvitationPending(f"This address has a pending {role} invitation already.")

    def refusal(self, invitation: Invitation, person_id: str, now: datetime) -> str | None:
        """Why ``person_id`` may not take ``invitation`` now (None when they may)."""
        if invitation.state != "pending":
            return {"revoked": REVOKED, "expired": EXPIRED}.get(invitation.state, ALREADY_USED)
        if now >= invitation.expires_at:
            return EXPIRED
        if person_id == self.placement.trainee_id:
            return OWN_INVITATION
        held = {r.role for r in self.relationships if r.is_active and r.person_id == person_id}
        if invitation.role in held:
            return ALREADY_IN_ROLE
        if EXCLUSIVE.get(invitation.role) in held:
            return CONFLICTING_ROLE
        if local_date(now, self.placement.time_zone) > self.placement.ends_on:
            return PLACEMENT_ENDED
        return None

    def bind(self, invitation: Invitation, person_id: str, now: datetime) -> Relationship:
        """Bind the invitation; a replaced leader or advisor's relationship ends."""
        placement = self.placement
        today = local_date(now, placement.time_zone)
        if invitation.role in SINGLE_ROLES:
            for replaced in [r for r in self.relationships
                             if r.is_active and r.role == invitation.role]:
                replaced.end(now, person_id, "replaced")
        granted = Relationship.grant(
            trainee_id=placement.trainee_id, person_id=person_id, role=invitation.role,
            organisation_id=placement.agreement_holder_id, place_id=placement.place_id,
            source=INVITATION, source_id=invitation.id, valid_from=today,
            valid_to=placement.ends_on, at=now, by=person_id,
            placement_id=placement.placement_id)
        invitation.bind(person_id, granted.id, now)
        self.relationships.append(granted)
        return granted
