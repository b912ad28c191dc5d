"""Sends mail over real SMTP (smtplib): one connection per mail, 10 s timeout.

Any failure of the server or the network becomes ``MailNotSent``, so the
sender can count it as a failed attempt and try again later. The Message-ID
is derived from the delivery id: a mail sent again after an unclear failure
carries the same id, and mail clients can recognise it as a duplicate.
"""
from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from notifications.domain.exceptions import MailNotSent
from notifications.domain.model import OutgoingMail

DEFAULT_FROM = "Competency portal <no-reply@portal.localhost>"


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 1025
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    mail_from: str = DEFAULT_FROM
    timeout: float = 10.0


def build_message(mail: OutgoingMail, mail_from: str) -> EmailMessage:
    """The RFC 5322 message of one delivery, UTF-8 plain text."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "portal.localhost"
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = f"<{mail.delivery_id}@{domain}>"
    message.set_content(mail.body, charset="utf-8")
    return message


class SmtpMailer:
    """The mailer the sender is given: ``send(mail)``, nothing more."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def send(self, mail: OutgoingMail) -> None:
        message = build_message(mail, self.settings.mail_from)
        try:
            with smtplib.SMTP(self.settings.host, self.settings.port,
                              timeout=self.settings.timeout) as smtp:
                self._open(smtp)
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise MailNotSent(f"{type(exc).__name__}: {exc}") from exc

    def _open(self, smtp: smtplib.SMTP) -> None:
        if self.settings.starttls:
            smtp.starttls()
        if self.settings.username:
            smtp.login(self.settings.username, self.settings.password or "")
