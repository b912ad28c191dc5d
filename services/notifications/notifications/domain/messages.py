"""The kinds of message the portal sends: who may opt out, by which channels, with which texts.

A kind names its mail template (``templates/mail/<kind>.j2``) and, where a text message
is warranted, its SMS template (``templates/sms/<kind>.j2``). A *mandatory* message
(an agreement, an invitation, an access mail, a security notice) is always sent; the
others belong to a *category* the recipient may unsubscribe from (RFC 8058 one-click)
or, for "awaiting your approval", receive as a daily digest.
"""
from __future__ import annotations

from dataclasses import dataclass

EMAIL = "email"
SMS = "sms"

AGREEMENTS = "agreements"
ACCOUNT = "account"
INVITATIONS = "invitations"
REMINDERS = "reminders"
AWAITING_APPROVAL = "awaiting_approval"
DOCUMENTS = "documents"
SIGN_OFF_DECISIONS = "sign_off_decisions"

IMMEDIATE = "immediate"
DAILY_DIGEST = "daily_digest"
OFF = "off"


@dataclass(frozen=True)
class MessageKind:
    name: str
    category: str
    mandatory: bool = True
    sms: bool = False          # also sent by SMS when the recipient has a mobile number
    secret: bool = False       # carries a link that is a credential: body erased once settled


KINDS: dict[str, MessageKind] = {kind.name: kind for kind in (
    MessageKind("dpa_signed", AGREEMENTS),
    MessageKind("dpa_terminated", AGREEMENTS),
    MessageKind("registration_approved", ACCOUNT),
    MessageKind("contact_changed", ACCOUNT),  # a security notice, to the old address
    MessageKind("invitation", INVITATIONS, sms=True, secret=True),
    MessageKind("invitation_reminder", REMINDERS, mandatory=False, secret=True),
    MessageKind("vejleder_access", INVITATIONS, sms=True),
    MessageKind("awaiting_approval", AWAITING_APPROVAL, mandatory=False),
    MessageKind("awaiting_approval_digest", AWAITING_APPROVAL, mandatory=False),
    MessageKind("document_confirmed", DOCUMENTS, mandatory=False),
    MessageKind("document_rejected", DOCUMENTS, mandatory=False),
    MessageKind("sign_off_decision", SIGN_OFF_DECISIONS, mandatory=False),
)}

# What a person may choose per category that is not mandatory.
CHOICES: dict[str, tuple[str, ...]] = {
    AWAITING_APPROVAL: (IMMEDIATE, DAILY_DIGEST, OFF),
    REMINDERS: (IMMEDIATE, OFF),
    DOCUMENTS: (IMMEDIATE, OFF),
    SIGN_OFF_DECISIONS: (IMMEDIATE, OFF),
}
DEFAULT_CHOICE = IMMEDIATE


def kind(name: str) -> MessageKind:
    return KINDS[name]
