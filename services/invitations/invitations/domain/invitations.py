"""A LIS1 doctor's invitation of one leader, advisor or supervisor, by e-mail with a link.

The link is single-use, but it is used up when the invitation is *bound* to the
person who accepted it (identity's ``person.invitation_accepted``), not when it is
opened: a mail scanner that follows it spends nothing. Resending makes a new link
(the old one dies); a reminder does too, since only the link's digest is kept.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from invitations.domain import events
from invitations.domain.exceptions import InvitationNotPending
from invitations.domain.links import LinkToken
from portal_kit.audit import SYSTEM, AuditEntry

PENDING = "pending"
ACCEPTED = "accepted"
REVOKED = "revoked"
EXPIRED = "expired"


@dataclass(eq=False)
class Invitation:
    id: str
    trainee_id: str
    role: str
    placement_id: str
    organisation_id: str
    email: str
    language: str | None
    state: str
    link_digest: str
    invited_by: str
    invited_at: datetime
    expires_at: datetime
    reminded_at: datetime | None = None
    person_id: str | None = None
    settled_at: datetime | None = None
    events: list[Any] = field(default_factory=list, repr=False)
    audit: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def new(cls, *, trainee_id: str, role: str, placement_id: str, organisation_id: str,
            email: str, language: str | None, link: LinkToken, at: datetime,
            lifetime: timedelta, by: str) -> Invitation:
        made = cls(str(uuid.uuid4()), trainee_id, role, placement_id, organisation_id,
                   email, language, PENDING, link.digest, by, at, at + lifetime)
        made.events.append(events.InvitationSent(*made._facts(), expires_at=made.expires_at,
                                                 sent_at=at, sent_by=by))
        made._audit(by, "invitation.sent", None, PENDING, detail={"email": email})
        return made

    @property
    def is_pending(self) -> bool:
        return self.state == PENDING

    def is_open(self, now: datetime) -> bool:
        """The link may be followed: pending and not past its expiry."""
        return self.state == PENDING and now < self.expires_at

    def resend(self, link: LinkToken, at: datetime, lifetime: timedelta, by: str) -> None:
        self._require_pending()
        self.link_digest, self.expires_at, self.reminded_at = link.digest, at + lifetime, None
        self.events.append(events.InvitationResent(*self._facts(), expires_at=self.expires_at,
                                                   resent_at=at, resent_by=by))
        self._audit(by, "invitation.resent", PENDING, PENDING)

    def revoke(self, at: datetime, by: str, reason: str | None) -> None:
        self._require_pending()
        self.state, self.settled_at = REVOKED, at
        self.events.append(events.InvitationRevoked(*self._facts(), reason=reason,
                                                    revoked_at=at, revoked_by=by))
        self._audit(by, "invitation.revoked", PENDING, REVOKED, reason=reason)

    def expire(self, at: datetime) -> None:
        self._require_pending()
        self.state, self.settled_at = EXPIRED, at
        self.events.append(events.InvitationExpired(*self._facts(), expired_at=at))
        self._audit(SYSTEM, "invitation.expired", PENDING, EXPIRED)

    def remind(self, link: LinkToken, at: datetime) -> None:
        """A reminder carries a fresh link (the first one's token is not kept)."""
        self._require_pending()
        self.link_digest, self.reminded_at = link.digest, at
        self.events.append(events.InvitationReminderDue(
            *self._facts(), expires_at=self.expires_at, reminded_at=at))
        self._audit(SYSTEM, "invitation.reminded", PENDING, PENDING)

    def bind(self, person_id: str, relationship_id: str, at: datetime) -> None:
        self.state, self.person_id, self.settled_at = ACCEPTED, person_id, at
        self.events.append(events.InvitationBound(*self._facts(), person_id=person_id,
                                                  relationship_id=relationship_id,
                                                  bound_at=at))
        self._audit(person_id, "invitation.bound", PENDING, ACCEPTED,
                    detail={"person_id": person_id, "relationship_id": relationship_id})

    def refuse_binding(self, person_id: str, reason: str, at: datetime) -> None:
        self.events.append(events.InvitationBindingRefused(
            self.id, person_id, self.trainee_id, self.role, reason, at))
        self._audit(SYSTEM, "invitation.binding_refused", self.state, self.state,
                    reason=reason, detail={"person_id": person_id})

    def _require_pending(self) -> None:
        if self.state != PENDING:
            raise InvitationNotPending(f"The invitation is {self.state}, no longer pending.")

    def _facts(self) -> tuple[str, ...]:
        return (self.id, self.trainee_id, self.role, self.organisation_id, self.placement_id)

    def _audit(self, actor: str, action: str, from_state: str | None, to_state: str,
               **details: Any) -> None:
        self.audit.append(AuditEntry(
            actor=actor, action=action, subject_type="invitation", subject_id=self.id,
            trainee_id=self.trainee_id, organisation_id=self.organisation_id,
            from_state=from_state, to_state=to_state,
            detail=dict(details.pop("detail", {}), role=self.role), **details))
