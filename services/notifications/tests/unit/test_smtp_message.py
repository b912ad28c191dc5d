from email import message_from_bytes, policy

from notifications.adapters.mailer import build_message
from notifications.config import retry_policy, smtp_settings
from notifications.domain.model import OutgoingMail

MAIL = OutgoingMail("5b0e7c1e-0000-4000-8000-000000000001", "post@bergen.kommune.no",
                    "Avtale for Bærum kommune", "Hei Bærum,\nbody æøå\n")


class TestMessage:
    def test_is_utf8_plain_text_with_date_and_a_message_id_from_the_delivery(self):
        message = build_message(MAIL, "Competency portal <no-reply@portal.example>")
        parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
        assert parsed["Message-ID"] == f"<{MAIL.delivery_id}@portal.example>"
        assert parsed["Date"] and parsed["To"] == "post@bergen.kommune.no"
        assert parsed["Subject"] == "Avtale for Bærum kommune"
        assert parsed.get_content_type() == "text/plain"
        assert parsed.get_content_charset() == "utf-8"
        assert parsed.get_content() == "Hei Bærum,\nbody æøå\n"


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
