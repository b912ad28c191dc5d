"""The LIS1 team: one leader, one advisor, supervisors; invitations and their binding."""
from datetime import UTC, datetime, timedelta

import pytest
from invitation_builders import LIFETIME, NOW, accept, invite, team

from invitations.domain import events
from invitations.domain.exceptions import InvitationPending
from invitations.domain.links import LinkToken, digest_of
from invitations.domain.teams import (
    ALREADY_IN_ROLE,
    ALREADY_USED,
    CONFLICTING_ROLE,
    EXPIRED,
    OWN_INVITATION,
    PLACEMENT_ENDED,
    REVOKED,
)


class TestInviting:
    def test_each_role_is_its_own_invitation_within_the_placements_agreement_holder(self):
        members = team()
        made = [invite(members, role, f"{role}@example.org")
                for role in ("leader", "advisor", "supervisor")]
        assert [i.role for i in made] == ["leader", "advisor", "supervisor"]
        assert {i.organisation_id for i in made} == {"bergen"}
        assert all(isinstance(i.events[0], events.InvitationSent) for i in made)

    def test_the_link_is_kept_only_as_its_digest(self):
        link = LinkToken.new()
        members = team()
        invitation = members.invite(role="leader", email="ola@example.org", language=None,
                                    link=link, at=NOW, lifetime=LIFETIME, by="kari")
        assert invitation.link_digest == digest_of(link.token) != link.token
        assert link.token not in repr(vars(invitation))

    def test_a_link_token_has_at_least_128_random_bits(self):
        tokens = {LinkToken.new().token for _ in range(100)}
        assert len(tokens) == 100
        assert all(len(t) >= 22 for t in tokens)  # 22 base64url characters = 132 bits

    def test_the_invitation_expires_after_its_lifetime_by_default_14_days(self):
        invitation = invite(team())
        assert invitation.expires_at - invitation.invited_at == LIFETIME
        assert invitation.is_open(NOW + LIFETIME - LIFETIME / 14)
        assert not invitation.is_open(NOW + LIFETIME)

    def test_a_second_pending_leader_invitation_is_refused(self):
        members = team()
        invite(members, "leader", "ola@example.org")
        with pytest.raises(InvitationPending):
            invite(members, "leader", "per@example.org")

    def test_several_supervisors_may_be_invited_but_not_one_address_twice(self):
        members = team()
        invite(members, "supervisor", "lars@example.org")
        invite(members, "supervisor", "sigrid@example.org")
        with pytest.raises(InvitationPending):
            invite(members, "supervisor", "LARS@example.org")

    def test_a_replacement_may_be_invited_while_a_leader_is_in_place(self):
        members = team()
        accept(members, "leader", "ola")
        assert invite(members, "leader", "per@example.org").is_pending

    def test_the_required_roles_still_missing_are_named(self):
        members = team()
        assert members.missing_roles() == ["leader", "advisor", "supervisor"]
        accept(members, "advisor", "ingrid")
        assert members.missing_roles() == ["leader", "supervisor"]


class TestBinding:
    def test_binding_grants_the_relationship_for_the_placement_and_uses_up_the_link(self):
        members = team()
        invitation, granted = accept(members, "supervisor", "lars")
        assert invitation.state == "accepted" and invitation.person_id == "lars"
        assert (granted.trainee_id, granted.person_id, granted.role) == ("kari", "lars",
                                                                         "supervisor")
        assert (granted.valid_from.isoformat(), granted.valid_to.isoformat()) == (
            "2027-03-01", "2027-08-31")
        assert isinstance(granted.events[0], events.RelationshipGranted)
        assert members.refusal(invitation, "sigrid", NOW) == ALREADY_USED

    def test_the_trainee_cannot_accept_their_own_invitation(self):
        members = team()
        assert members.refusal(invite(members), "kari", NOW) == OWN_INVITATION

    def test_one_person_cannot_be_both_leader_and_advisor_of_the_same_trainee(self):
        members = team()
        accept(members, "leader", "ola")
        assert members.refusal(invite(members, "advisor", "ola@example.org"), "ola",
                               NOW) == CONFLICTING_ROLE

    def test_a_person_already_in_the_role_is_not_bound_twice(self):
        members = team()
        accept(members, "supervisor", "lars")
        assert members.refusal(invite(members, "supervisor", "lars2@example.org"), "lars",
                               NOW) == ALREADY_IN_ROLE

    def test_a_revoked_or_expired_invitation_is_not_bound(self):
        members = team()
        revoked, expired = invite(members), invite(members, email="sigrid@example.org")
        revoked.revoke(NOW, "kari", None)
        assert members.refusal(revoked, "lars", NOW) == REVOKED
        assert members.refusal(expired, "sigrid", expired.expires_at) == EXPIRED
        expired.expire(expired.expires_at)
        assert members.refusal(expired, "sigrid", NOW) == EXPIRED

    def test_an_invitation_for_a_placement_that_has_ended_is_not_bound(self):
        members = team()
        invitation = invite(members)
        later = members.placement.ends_on
        after = datetime(later.year, later.month, later.day, 12, tzinfo=UTC) + timedelta(days=1)
        invitation.expires_at = after + LIFETIME
        assert members.refusal(invitation, "lars", after) == PLACEMENT_ENDED

    def test_the_old_leader_stays_until_the_replacement_accepts_then_ends(self):
        members = team()
        _, old = accept(members, "leader", "ola")
        replacement = invite(members, "leader", "per@example.org")
        assert old.is_active
        new = members.bind(replacement, "per", NOW)
        assert not old.is_active and old.end_reason == "replaced"
        assert isinstance(old.events[-1], events.RelationshipEnded)
        assert [r.person_id for r in members.relationships if r.is_active] == ["per"]
        assert new.role == "leader"

    def test_every_step_is_in_the_audit_trail(self):
        members = team()
        invitation = invite(members)
        invitation.resend(LinkToken.new(), NOW, LIFETIME, "kari")
        invitation.revoke(NOW, "kari", "wrong address")
        assert [(a.action, a.actor, a.from_state, a.to_state) for a in invitation.audit] == [
            ("invitation.sent", "kari", None, "pending"),
            ("invitation.resent", "kari", "pending", "pending"),
            ("invitation.revoked", "kari", "pending", "revoked")]
        assert invitation.audit[-1].reason == "wrong address"
