"""Commands to the notifications service: "send this message", from another portal service.

An invitation mail carries a link that is a credential (whoever opens it may accept),
so it must not travel on a public events exchange. The producer writes the command
through its **outbox** (so it is neither lost nor sent twice by the producer) to its
own **private** topic exchange ``<producer>.commands`` (``invitations.commands``),
which only the portal's services may bind to (broker permissions, issue 10). The body
is a CloudEvent 1.0 in structured mode like every event (``content_type``
``application/cloudevents+json``), with the command's ``type`` as routing key and the
schema below as ``data``. Notifications applies each command id once, chooses the
channels (e-mail; SMS too for an invitation or an access mail when a mobile number is
given), the language (``recipient.language``, else the person's profile, else the
country's) and keeps the delivery record; the producer only sends the command.

    from portal_contracts import notification_commands as nc
    data = nc.SendInvitationV1().dump({...})          # refuse a bad command at the source
    event = ce.envelope(source="/portal/invitations", type=nc.SEND_INVITATION, data=data,
                        subject=f"invitations/{invitation_id}", ...)
    # write it to the outbox with exchange nc.INVITATIONS_COMMANDS, routing key its type
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

INVITATIONS_COMMANDS = "invitations.commands"
SEND_INVITATION = "portal.notifications.invitation.send.v1"
SEND_INVITATION_REMINDER = "portal.notifications.invitation_reminder.send.v1"
SEND_VEJLEDER_ACCESS = "portal.notifications.vejleder_access.send.v1"

LANGUAGES = ("nb", "da", "en")
COUNTRIES = ("NO", "DK")
WEB_LINK = validate.URL(schemes={"http", "https"}, require_tld=False)


class _Secret(Schema):
    CLASSIFICATION = "secret"


class RecipientV1(Schema):
    """Who the message is for. An invitee is usually not a person in the portal yet."""

    person_id = fields.String(load_default=None, allow_none=True, metadata={
        "description": "The recipient's opaque person id, when they have a profile"})
    name = fields.String(load_default=None, allow_none=True,
                         validate=validate.Length(max=300))
    email = fields.Email(required=True, validate=validate.Length(max=320))
    mobile = fields.String(load_default=None, allow_none=True,
                           validate=validate.Regexp(r"^\+?[0-9 ]{6,20}$"), metadata={
                               "description": "E.164, e.g. +4791234567; SMS only if given"})
    language = fields.String(load_default=None, allow_none=True,
                             validate=validate.OneOf(LANGUAGES), metadata={
                                 "description": "nb, da or en when the sender knows it"})


class _Invitation(_Secret):
    invitation_id = fields.String(required=True)
    recipient = fields.Nested(RecipientV1, required=True)
    trainee_id = fields.String(required=True, metadata={"description": "The inviting trainee"})
    trainee_name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    role = fields.String(required=True, validate=validate.OneOf(
        ("leader", "advisor", "supervisor")))
    organisation_id = fields.String(required=True, metadata={
        "description": "The agreement holder the invitation is sent within"})
    organisation_name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    country = fields.String(required=True, validate=validate.OneOf(COUNTRIES))
    link = fields.String(required=True, validate=WEB_LINK, metadata={
        "description": "The invitation link with its token: a credential, never logged"})
    expires_at = fields.AwareDateTime(required=True)


class SendInvitationV1(_Invitation):
    """Send an invitation (e-mail, and SMS when a mobile number is given) with its link."""


class SendInvitationReminderV1(_Invitation):
    """Remind the invitee before the invitation expires (e-mail; the recipient may opt out
    of reminders with one click)."""


class SendVejlederAccessV1(_Secret):
    """Tell a newly appointed vejleder of their access (e-mail, and SMS when a mobile
    number is given), when the tutor asked for an access e-mail."""

    appointment_id = fields.String(required=True)
    recipient = fields.Nested(RecipientV1, required=True)
    tutor_id = fields.String(required=True)
    tutor_name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    practice_name = fields.String(required=True, validate=validate.Length(min=1, max=300),
                                  metadata={"description": "The practice or department"})
    organisation_id = fields.String(required=True, metadata={
        "description": "The agreement holder (the region)"})
    organisation_name = fields.String(required=True)
    country = fields.String(required=True, validate=validate.OneOf(COUNTRIES))
    valid_from = fields.Date(required=True, allow_none=True)
    valid_to = fields.Date(required=True, allow_none=True)
    trainee_names = fields.List(fields.String(), required=True, metadata={
        "description": "The trainees the vejleder may see; empty: all of the tutor's"})
    link = fields.String(required=True, validate=WEB_LINK, metadata={
        "description": "Where the vejleder logs in"})


COMMANDS: dict[str, type[Schema]] = {
    SEND_INVITATION: SendInvitationV1,
    SEND_INVITATION_REMINDER: SendInvitationReminderV1,
    SEND_VEJLEDER_ACCESS: SendVejlederAccessV1,
}
