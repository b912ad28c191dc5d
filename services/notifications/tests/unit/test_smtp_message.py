from email import message_from_bytes, policy

import pytest

from notifications.adapters.mailer import build_message
from notifications.config import retry_policy, smtp_settings
from notifications.domain.exceptions import DeliveryRefused
from notifications.domain.model import Outgoing

MAIL = Outgoing("5b0e7c1e-0000-4000-8000-000000000001", "email", "post@bergen.kommune.no",
                "Bærum kommune", "Avtale for Bærum kommune", "Hei Bærum,\nbody æøå\n",
                "<p>Hei Bærum</p>", "nb", False)
FROM = "Competency portal <no-reply@portal.example>"


def parsed(message):
    return message_from_bytes(message.as_bytes(), policy=policy.default)


class TestMessage:
    def test_is_multipart_text_and_html_with_a_message_id_from_the_delivery(self):
        mail = parsed(build_message(MAIL, FROM))
        assert mail["Message-ID"] == f"<{MAIL.delivery_id}@portal.example>"
        assert mail["Date"] and mail["To"] == "Bærum kommune <post@bergen.kommune.no>"
        assert mail["Subject"] == "Avtale for Bærum kommune"
        assert mail.get_content_type() == "multipart/alternative"
        assert mail.get_body(("plain",)).get_content() == "Hei Bærum,\nbody æøå\n"
        assert mail.get_body(("html",)).get_content().strip() == "<p>Hei Bærum</p>"

    def test_says_it_was_sent_automatically_and_in_which_language(self):
        mail = parsed(build_message(MAIL, FROM))
        assert mail["Auto-Submitted"] == "auto-generated"
        assert mail["Content-Language"] == "nb"

    def test_a_mail_that_is_not_mandatory_offers_one_click_unsubscribe(self):
        mail = parsed(build_message(MAIL, FROM, "https://portal.example/u/abc"))
        assert mail["List-Unsubscribe"] == "<https://portal.example/u/abc>"
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    def test_a_mandatory_mail_has_no_unsubscribe_header(self):
        assert parsed(build_message(MAIL, FROM))["List-Unsubscribe"] is None

    def test_line_breaks_in_names_and_subjects_cannot_add_headers(self):
        evil = Outgoing(MAIL.delivery_id, "email", MAIL.address, "Eve\r\nBcc: x@evil.example",
                        "Hi\r\nBcc: y@evil.example", "t", "", "en", False)
        raw = build_message(evil, FROM).as_bytes()
        mail = parsed(build_message(evil, FROM))
        assert mail["Bcc"] is None and b"\r\nBcc:" not in raw and b"\nBcc:" not in raw
        assert mail["Subject"] == "Hi Bcc: y@evil.example"

    @pytest.mark.parametrize("address", ["not-an-address", "a b@example.org", "x@localhost",
                                         "x@example.org\r\nBcc: y@evil.example"])
    def test_a_malformed_address_is_refused_for_good(self, address):
        bad = Outgoing(MAIL.delivery_id, "email", address, "", "s", "t", "", "en", False)
        with pytest.raises(DeliveryRefused):
            build_message(bad, FROM)


class TestSettings:
    def test_reads_the_strings_config_yml_gives(self):
        settings = smtp_settings({"SMTP_HOST": "smtp.example", "SMTP_PORT": "587",
                                  "SMTP_USERNAME": "", "SMTP_STARTTLS": "True"})
        assert (settings.host, settings.port, settings.starttls) == ("smtp.example", 587, True)
        assert settings.username is None and settings.timeout == 10.0

    def test_defaults_to_a_local_catcher_without_tls(self):
        settings = smtp_settings({})
        assert (settings.host, settings.port, settings.starttls) == ("127.0.0.1", 1025, False)
        assert settings.mail_from == "Competency portal <no-reply@portal.localhost>"
        assert retry_policy({"MAIL_MAX_ATTEMPTS": "3"}).max_attempts == 3
