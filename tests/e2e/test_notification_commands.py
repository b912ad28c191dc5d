"""Invitations' commands to notifications, through the running portal: sent on the
private exchange invitations.commands (as invitations' outbox will), the mail arrives at
the mail catcher (and is shown on its page) and the SMS at the local SMS gateway."""
import uuid
from datetime import UTC, datetime, timedelta

import requests
from kombu import Connection, Exchange, Producer

from e2e_portal import eventually, mails_to
from portal_contracts import notification_commands as nc
from portal_kit import events as ce


def sms_gateway(portal):
    line = next(line for line in portal.summary.splitlines() if "SMS gateway" in line)
    return line.split()[-1]


def send_command(portal, kind, data):
    command = ce.envelope(source="/portal/invitations", type=kind, subject="invitations/e2e",
                          data=data, time=datetime.now(UTC), correlation_id="e2e-invite",
                          dataschema=f"http://localhost:8000/api/notifications/schemas/"
                                     f"{kind}.json")
    exchange = Exchange(nc.INVITATIONS_COMMANDS, "topic", durable=True)
    with Connection(portal.vhost.amqp_uri) as connection:
        Producer(connection.default_channel).publish(
            ce.encode(command).encode(), exchange=exchange, routing_key=kind,
            content_type=ce.CONTENT_TYPE, content_encoding="utf-8", declare=[exchange])
    return command


def test_an_invitation_command_reaches_the_invitee_by_mail_and_sms_in_norwegian(portal):
    invitee, link = f"leder-{uuid.uuid4().hex[:8]}@bergen.kommune.no", \
        f"{portal.url}/invitations/{uuid.uuid4().hex}"
    data = nc.SendInvitationV1().dump({
        "invitation_id": str(uuid.uuid4()), "trainee_id": "p-kari",
        "recipient": {"email": invitee, "mobile": "+4791234500", "name": None,
                      "person_id": None, "language": None},
        "trainee_name": "Kari Nordmann", "role": "leader", "organisation_id": "bergen",
        "organisation_name": "Bergen kommune", "country": "NO", "link": link,
        "expires_at": datetime.now(UTC) + timedelta(days=14)})
    send_command(portal, nc.SEND_INVITATION, data)
    [mail] = eventually(lambda: mails_to(portal, invitee))
    assert mail["subject"] == "Kari Nordmann inviterer deg til å være leder i kompetanseportalen"
    assert link in mail["text"] and f'href="{link}"' in mail["html"]
    page = requests.get(f"{portal.mail_url}/mails/{mail['id']}", timeout=10).text
    assert f'<a href="{link}">' in page
    gateway = sms_gateway(portal)
    [sms] = eventually(lambda: requests.get(f"{gateway}messages", params={"to": "+4791234500"},
                                            timeout=10).json())
    assert sms["text"].endswith(link)
    assert link in requests.get(gateway, timeout=10).text
