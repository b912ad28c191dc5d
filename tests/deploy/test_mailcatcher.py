"""The mail catcher: mails sent over SMTP are shown, decoded, by its JSON API."""
import json
import signal
import smtplib
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage
from types import ModuleType
from typing import Any

import pytest


def a_mail(text: str = "Velkommen til portalen.", subject: str = "Invitation",
           to: str = "trainee@example.dk", cte: str | None = None) -> EmailMessage:
    """A plain-text mail from the portal."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "portal@example.dk", to, subject
    mail.set_content(text, cte=cte)
    return mail


def send(port: int, mail: EmailMessage, login: tuple[str, str] | None = None) -> None:
    """Deliver one mail to a catcher over SMTP."""
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        if login:
            smtp.login(*login)
        smtp.send_message(mail)


@pytest.fixture(scope="module")
def catcher(run_program: Callable, free_port: Callable[[], int]) -> dict[str, Any]:
    """One catcher process for the module: its ports and API base URL."""
    smtp_port, http_port = free_port(), free_port()
    process = run_program("mailcatcher", ["--smtp-port", str(smtp_port),
                                          "--http-port", str(http_port)], wait_on=http_port)
    return {"process": process, "smtp": smtp_port, "api": f"http://127.0.0.1:{http_port}"}


@pytest.fixture(autouse=True)
def no_messages(request: pytest.FixtureRequest, http: Callable) -> None:
    """Each test that uses the module's catcher starts with an empty one."""
    if "catcher" in request.fixturenames:
        http("DELETE", request.getfixturevalue("catcher")["api"] + "/messages")


@pytest.fixture(scope="module")
def mailcatcher(load_program: Callable[[str], ModuleType]) -> ModuleType:
    """The mailcatcher module, for its parsing function and ``start_in_thread``."""
    return load_program("mailcatcher")


class TestTheApi:
    def test_a_mail_sent_over_smtp_is_listed_with_its_text(self, catcher, http):
        send(catcher["smtp"], a_mail("Hej Karen,\nvelkommen.", subject="Velkommen"))
        [message] = http("GET", catcher["api"] + "/messages").json()
        assert message["from"] == "portal@example.dk"
        assert message["to"] == ["trainee@example.dk"]
        assert message["subject"] == "Velkommen"
        assert message["text"] == "Hej Karen,\nvelkommen.\n"
        assert message["id"] and message["date"]

    def test_messages_can_be_filtered_by_recipient(self, catcher, http):
        send(catcher["smtp"], a_mail(to="vejleder@example.dk"))
        send(catcher["smtp"], a_mail(to="trainee@example.dk"))
        listed = http("GET", catcher["api"] + "/messages?to=Vejleder@example.dk").json()
        assert [m["to"] for m in listed] == [["vejleder@example.dk"]]

    def test_one_message_can_be_fetched_by_its_id(self, catcher, http):
        send(catcher["smtp"], a_mail(subject="Klarmelding"))
        [listed] = http("GET", catcher["api"] + "/messages").json()
        reply = http("GET", f"{catcher['api']}/messages/{listed['id']}")
        assert reply.status == 200 and reply.json() == listed

    def test_an_unknown_message_id_is_a_404_problem(self, catcher, http):
        reply = http("GET", catcher["api"] + "/messages/nope")
        assert reply.status == 404
        assert reply.headers["Content-Type"] == "application/problem+json"
        assert reply.json()["status"] == 404

    def test_deleting_the_messages_empties_the_list(self, catcher, http):
        send(catcher["smtp"], a_mail())
        assert http("DELETE", catcher["api"] + "/messages").status == 200
        assert http("GET", catcher["api"] + "/messages").json() == []

    def test_health_reports_ok(self, catcher, http):
        reply = http("GET", catcher["api"] + "/health")
        assert reply.status == 200 and reply.json() == {"status": "ok"}

    def test_a_login_with_any_credentials_is_accepted(self, catcher, http):
        send(catcher["smtp"], a_mail(), login=("notifications", "any password"))
        assert len(http("GET", catcher["api"] + "/messages").json()) == 1


class TestBehaviourForTests:
    def behave(self, http, catcher, **body):
        return http("PUT", catcher["api"] + "/behaviour", json.dumps(body).encode(),
                    {"Content-Type": "application/json"})

    def test_a_refusing_catcher_answers_every_mail_with_the_reply_it_was_given(self, catcher,
                                                                               http):
        assert self.behave(http, catcher, refuse="451 4.3.0 Try again later").status == 200
        try:
            with pytest.raises(smtplib.SMTPDataError) as refused:
                send(catcher["smtp"], a_mail())
            assert refused.value.smtp_code == 451
        finally:
            self.behave(http, catcher, refuse=None)
        send(catcher["smtp"], a_mail())
        assert len(http("GET", catcher["api"] + "/messages").json()) == 1

    def test_a_reply_that_is_no_refusal_is_itself_refused(self, catcher, http):
        reply = self.behave(http, catcher, refuse="250 OK")
        assert reply.status == 422 and reply.json()["code"] == "invalid_behaviour"
        assert http("GET", catcher["api"] + "/behaviour").json()["refuse"] is None

    def test_a_held_mail_is_answered_once_the_hold_is_lifted(self, catcher, http):
        self.behave(http, catcher, hold=True)
        sender = threading.Thread(target=send, args=(catcher["smtp"], a_mail()))
        sender.start()
        try:
            assert wait_until(lambda: http("GET", catcher["api"] + "/behaviour").json()[
                "held"] == 1)
            assert http("GET", catcher["api"] + "/messages").json() == []
        finally:
            self.behave(http, catcher, hold=False)
            sender.join(timeout=10)
        assert len(http("GET", catcher["api"] + "/messages").json()) == 1


def wait_until(predicate, attempts: int = 200) -> bool:
    for _ in range(attempts):
        if predicate():
            return True
        time.sleep(0.05)
    return False


class TestTheProgram:
    def test_it_says_where_it_listens(self, catcher):
        line = catcher["process"].stdout.readline()
        assert f"127.0.0.1:{catcher['smtp']}" in line and catcher["api"] in line

    def test_mails_are_also_stored_as_eml_files(self, run_program, free_port, http, tmp_path):
        smtp_port, http_port = free_port(), free_port()
        run_program("mailcatcher", ["--smtp-port", str(smtp_port), "--http-port",
                                    str(http_port), "--store", str(tmp_path)], wait_on=http_port)
        send(smtp_port, a_mail(subject="Gemt"))
        [message] = http("GET", f"http://127.0.0.1:{http_port}/messages").json()
        assert b"Subject: Gemt" in (tmp_path / f"{message['id']}.eml").read_bytes()

    @pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
    def test_it_exits_cleanly_when_told_to_stop(self, run_program, free_port, stop, signum):
        smtp_port, http_port = free_port(), free_port()
        process = run_program("mailcatcher", ["--smtp-port", str(smtp_port),
                                              "--http-port", str(http_port)], wait_on=smtp_port)
        assert stop(process, signum) == 0

    def test_start_in_thread_catches_mail_until_stopped(self, mailcatcher, free_port):
        handle = mailcatcher.start_in_thread("127.0.0.1", free_port(), free_port())
        try:
            send(handle.smtp_port, a_mail(subject="I tråd"))
            assert [m["subject"] for m in handle.store.list()] == ["I tråd"]
        finally:
            handle.stop()
        with pytest.raises(OSError):
            send(handle.smtp_port, a_mail())


class TestDecoding:
    def test_quoted_printable_text_is_decoded(self, mailcatcher):
        mail = a_mail("Kære vejleder, attestationen er godkendt — tak.", cte="quoted-printable")
        assert b"=C3=A6" in bytes(mail)
        parsed = mailcatcher.parse_message(bytes(mail), "a@example.dk", ["b@example.dk"])
        assert parsed["text"] == "Kære vejleder, attestationen er godkendt — tak.\n"

    def test_base64_text_is_decoded(self, mailcatcher):
        mail = a_mail("Din uddannelseslæge har bedt om en underskrift.", cte="base64")
        parsed = mailcatcher.parse_message(bytes(mail), "a@example.dk", ["b@example.dk"])
        assert parsed["text"] == "Din uddannelseslæge har bedt om en underskrift.\n"

    def test_the_plain_part_of_a_multipart_alternative_is_the_text(self, mailcatcher):
        mail = a_mail("Ren tekst, æøå.", cte="quoted-printable")
        mail.add_alternative("<p>HTML, æøå.</p>", subtype="html")
        parsed = mailcatcher.parse_message(bytes(mail), "a@example.dk", ["b@example.dk"])
        assert parsed["text"] == "Ren tekst, æøå.\n"

    def test_an_encoded_subject_is_decoded(self, mailcatcher):
        mail = a_mail(subject="Påmindelse: læringsmål")
        parsed = mailcatcher.parse_message(bytes(mail), "a@example.dk", ["b@example.dk"])
        assert parsed["subject"] == "Påmindelse: læringsmål"

    def test_a_mail_without_a_plain_part_has_empty_text(self, mailcatcher):
        mail = EmailMessage()
        mail.set_content("<p>kun html</p>", subtype="html")
        assert mailcatcher.parse_message(bytes(mail), "a@b.dk", ["c@d.dk"])["text"] == ""


class TestHeaders:
    def test_a_folded_subject_is_unfolded_without_a_leading_space(self, mailcatcher):
        raw = (b"From: portal@example.no\r\nTo: a@example.no\r\nSubject:\r\n Databehandleravtalen"
               b" gjelder:\r\n Bergen kommune\r\nMessage-ID:\r\n <d-1@portal.example>\r\n\r\nx\r\n")
        parsed = mailcatcher.parse_message(raw, "portal@example.no", ["a@example.no"])
        assert parsed["subject"] == "Databehandleravtalen gjelder: Bergen kommune"
        assert parsed["message_id"] == "<d-1@portal.example>"
        assert ["Subject", "Databehandleravtalen gjelder: Bergen kommune"] in parsed["headers"]

    def test_the_html_part_is_kept_beside_the_text(self, mailcatcher):
        mail = a_mail("Ren tekst.")
        mail.add_alternative("<p>HTML <a href=\"http://x/i\">lenke</a></p>", subtype="html")
        parsed = mailcatcher.parse_message(bytes(mail), "a@example.dk", ["b@example.dk"])
        assert parsed["text"] == "Ren tekst.\n" and "lenke</a>" in parsed["html"]
        assert mailcatcher.parse_message(bytes(a_mail()), "a", ["b"])["html"] == ""


class TestThePages:
    def test_the_list_shows_each_mail_linked_to_its_page(self, catcher, http):
        send(catcher["smtp"], a_mail(subject="Invitasjon <fra> Kari"))
        page = http("GET", catcher["api"] + "/").body.decode()
        [message] = http("GET", catcher["api"] + "/messages").json()
        assert '<html lang="en">' in page and "<caption>1 mails, newest first" in page
        assert f'<a href="/mails/{message["id"]}">Invitasjon &lt;fra&gt; Kari</a>' in page

    def test_a_mail_page_shows_headers_text_with_clickable_links_and_the_html(
            self, catcher, http):
        mail = a_mail("Åpne lenken: http://localhost:8000/i/abc?x=1&y=2\n")
        mail.add_alternative('<p><a href="http://localhost:8000/i/abc">Takk ja</a></p>',
                             subtype="html")
        send(catcher["smtp"], mail)
        [message] = http("GET", catcher["api"] + "/messages").json()
        reply = http("GET", f"{catcher['api']}/mails/{message['id']}")
        page = reply.body.decode()
        assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/html")
        assert '<a href="http://localhost:8000/i/abc?x=1&amp;y=2">' in page
        assert "<dt>Subject</dt><dd>Invitation</dd>" in page
        assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in page
        assert "srcdoc=\"&lt;base target=&quot;_blank&quot;&gt;" in page

    def test_an_unknown_mail_page_is_a_404(self, catcher, http):
        assert http("GET", catcher["api"] + "/mails/nope").status == 404
