"""One invitation's life: resend, revoke, remind, expire (time from an injected clock)."""
from datetime import timedelta

import pytest
from invitation_builders import LIFETIME, NOW, invite, team

from invitations.domain import events
from invitations.domain.exceptions import InvitationNotPending
from invitations.domain.links import LinkToken


def test_resending_replaces_the_link_and_the_expiry():
    invitation = invite(team())
    first = invitation.link_digest
    later = NOW + timedelta(days=10)
    invitation.resend(LinkToken.new(), later, LIFETIME, "kari")
    assert invitation.link_digest != first
    assert invitation.expires_at == later + LIFETIME
    assert isinstance(invitation.events[-1], events.InvitationResent)


def test_a_revoked_invitation_can_neither_be_resent_nor_revoked_again():
    invitation = invite(team())
    invitation.revoke(NOW, "kari", None)
    with pytest.raises(InvitationNotPending):
        invitation.resend(LinkToken.new(), NOW, LIFETIME, "kari")
    with pytest.raises(InvitationNotPending):
        invitation.revoke(NOW, "kari", None)
    assert not invitation.is_open(NOW)


def test_a_reminder_carries_a_fresh_link_and_keeps_the_expiry():
    invitation = invite(team())
    first, expiry = invitation.link_digest, invitation.expires_at
    invitation.remind(LinkToken.new(), NOW + timedelta(days=11))
    assert invitation.link_digest != first and invitation.expires_at == expiry
    assert isinstance(invitation.events[-1], events.InvitationReminderDue)
    assert invitation.reminded_at == NOW + timedelta(days=11)


def test_expiry_marks_and_announces_the_invitation():
    invitation = invite(team())
    invitation.expire(invitation.expires_at)
    assert invitation.state == "expired"
    assert isinstance(invitation.events[-1], events.InvitationExpired)
    assert invitation.audit[-1].actor == "system"
