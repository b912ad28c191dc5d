"""The messages invitations asks for by command: received by the real SMTP catcher and the
local SMS gateway, in the recipient's language, once."""
import time
import uuid
from email import message_from_string, policy

import requests

from portal_kit.testing import wait_for

INVITEE = "ola.hansen@bergen.kommune.no"


def text_of(mail):
    return " ".join(mail["text"].split())


def header(mail, name):
    return next((value for key, value in mail["headers"] if key.lower() == name.lower()), None)


class TestInvitation:
    def test_the_invitation_arrives_by_mail_and_sms_with_its_link_in_norwegian(
            self, start_notifications, catchers, sms_gateways, invitation_command):
        catcher, gateway = catchers(), sms_gateways()
        service = start_notifications(catcher.smtp_port, sms_url=f"{gateway.url}/messages")
        command = invitation_command()
        service.command(command)
        link = command["data"]["link"]
        [mail] = wait_for(catcher.messages)
        assert mail["to"] == [INVITEE]
        assert mail["subject"] == "Kari Nordmann inviterer deg til å være leder i " \
                                  "kompetanseportalen"
        assert link in mail["text"] and f'href="{link}"' in mail["html"]
        assert "utløper 16. mars 2026" in text_of(mail)
        assert header(mail, "List-Unsubscribe") is None  # an invitation is mandatory
        assert header(mail, "Auto-Submitted") == "auto-generated"
        [sms] = wait_for(gateway.messages)
        assert sms["to"] == "+4791234567" and sms["text"].endswith(link)
        assert sms["text"].startswith("Kari Nordmann har invitert deg til å være leder")
        deliveries = wait_for(lambda: (d := service.deliveries()) and all(
            x["status"] == "sent" for x in d) and len(d) == 2 and d)
        assert {d["channel"] for d in deliveries} == {"email", "sms"}
        assert all(d["body"] == "" for d in deliveries)  # the link is not kept once sent

    def test_the_recipients_own_language_is_used_when_the_command_gives_it(
            self, start_notifications, catchers, invitation_command):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        command = invitation_command()
        command["data"]["recipient"].update(language="en", mobile=None, name="Ola Hansen")
        service.command(command)
        [mail] = wait_for(catcher.messages)
        assert mail["subject"] == ("Kari Nordmann invites you to be their leader in the "
                                   "competency portal")
        assert "Dear Ola Hansen," in mail["text"]

    def test_a_command_sent_twice_sends_once(self, start_notifications, catchers,
                                              invitation_command):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        command = invitation_command()
        command["data"]["recipient"]["mobile"] = None
        service.command(command)
        service.command(command)
        wait_for(catcher.messages)
        time.sleep(1.0)
        assert len(catcher.messages()) == 1

    def test_an_sms_gateway_that_fails_keeps_the_sms_queued_while_the_mail_goes(
            self, start_notifications, catchers, sms_gateways, invitation_command):
        catcher, gateway = catchers(), sms_gateways()
        gateway.behave(status=503)
        service = start_notifications(catcher.smtp_port, sms_url=f"{gateway.url}/messages",
                                      MAIL_MAX_ATTEMPTS=1000)
        service.command(invitation_command())
        wait_for(catcher.messages)
        [sms] = wait_for(lambda: [d for d in service.deliveries()
                                  if d["channel"] == "sms" and d["attempts"] >= 2])
        assert sms["status"] == "queued" and "503" in sms["last_error"]
        gateway.behave(status=None)
        wait_for(gateway.messages, timeout=20)
        assert len(gateway.messages()) == 1

    def test_a_refused_number_fails_the_sms_for_good_and_says_why(
            self, start_notifications, catchers, sms_gateways, invitation_command):
        catcher, gateway = catchers(), sms_gateways()
        gateway.behave(status=422)
        service = start_notifications(catcher.smtp_port, sms_url=f"{gateway.url}/messages")
        service.command(invitation_command())
        [sms] = wait_for(lambda: [d for d in service.deliveries()
                                  if d["channel"] == "sms" and d["status"] == "failed"])
        assert sms["attempts"] == 1 and "422" in sms["last_error"]

    def test_a_command_that_is_not_valid_goes_to_dead_letters_and_sends_nothing(
            self, start_notifications, catchers, invitation_command):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        service.command(invitation_command(link="javascript:alert(1)"))
        wait_for(lambda: service.dead_letters())
        assert catcher.messages() == [] and service.deliveries() == []


class TestReminder:
    def test_a_reminder_offers_one_click_unsubscribe_that_stops_the_next_one(
            self, start_notifications, catchers, invitation_command):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        service.command(invitation_command("invitation_reminder"))
        [mail] = wait_for(catcher.messages)
        assert mail["subject"].startswith("Påminnelse: invitasjonen fra Kari Nordmann utløper")
        unsubscribe = header(mail, "List-Unsubscribe").strip("<>")
        assert header(mail, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
        token = unsubscribe.rpartition("/")[2]
        assert f"http://localhost:8000/notifications/unsubscribe/{token}" in mail["text"]
        local = unsubscribe.replace("http://localhost:8000", service.url)
        page = requests.get(local, timeout=10)
        assert page.status_code == 200 and "Meld meg av" in page.text
        assert not service.rows("select * from preferences")  # opening it changes nothing
        done = requests.post(local, data={"List-Unsubscribe": "One-Click"}, timeout=10)
        assert done.status_code == 200 and "Du er avmeldt" in done.text
        assert [(p["recipient_key"], p["category"], p["choice"]) for p in service.rows(
            "select * from preferences")] == [(f"email:{INVITEE}", "reminders", "off")]
        service.command(invitation_command("invitation_reminder"))
        wait_for(lambda: [d for d in service.deliveries() if d["status"] == "suppressed"])
        assert len(catcher.messages()) == 1

    def test_the_portals_page_reads_what_a_link_is_for_and_unsubscribes_by_it(
            self, start_notifications, catchers, invitation_command):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        service.command(invitation_command("invitation_reminder"))
        [mail] = wait_for(catcher.messages)
        token = header(mail, "List-Unsubscribe").strip("<>").rpartition("/")[2]
        link = f"{service.url}/api/notifications/v1/unsubscribe-links/{token}"
        assert requests.get(link, timeout=10).json() == {
            "language": "nb", "category": "reminders", "mandatory": False,
            "unsubscribed": False}
        assert not service.rows("select * from preferences")
        done = requests.post(link, timeout=10)
        assert done.status_code == 200 and done.json()["unsubscribed"] is True
        assert [p["choice"] for p in service.rows("select * from preferences")] == ["off"]
        forged = requests.post(link[:-3] + "xyz", timeout=10)
        assert forged.status_code == 422
        assert forged.json()["code"] == "invalid_unsubscribe_link"

    def test_a_forged_unsubscribe_link_changes_nothing(self, start_notifications, catchers):
        service = start_notifications(catchers().smtp_port)
        fake = f"{service.url}/api/notifications/v1/unsubscribe/{uuid.uuid4()}.forged"
        response = requests.post(fake, data={"List-Unsubscribe": "One-Click"}, timeout=10)
        assert response.status_code == 404 and "This link does not work" in response.text
        assert not service.rows("select * from preferences")


class TestVejlederAccess:
    def test_the_access_mail_and_sms_arrive_in_danish_with_the_window(
            self, start_notifications, catchers, sms_gateways, invitation_command):
        catcher, gateway = catchers(), sms_gateways()
        service = start_notifications(catcher.smtp_port, sms_url=f"{gateway.url}/messages")
        service.command(invitation_command("vejleder_access"))
        [mail] = wait_for(catcher.messages)
        assert mail["to"] == ["anne.larsen@example.dk"]
        assert mail["subject"] == "Søren Nielsen har udpeget dig som vejleder i " \
                                  "kompetenceportalen"
        text = text_of(mail)
        assert "Din adgang gælder fra 1. marts 2026 til 31. august 2026." in text
        assert "Du har adgang til disse uddannelseslæger: Mette Jensen." in text
        parsed = message_from_string(f"Subject: {mail['subject']}\n\n", policy=policy.default)
        assert parsed["Subject"] == mail["subject"]
        [sms] = wait_for(gateway.messages)
        assert sms["to"] == "+4520123456" and "vejleder ved Lægehuset Nørrebro" in sms["text"]
