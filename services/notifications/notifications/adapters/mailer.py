"""Sends mail over real SMTP (smtplib): one connection per mail, STARTTLS and login if set.

The message is multipart (plain text and HTML) with ``Date``, ``Auto-Submitted:
auto-generated`` and a ``Message-ID`` derived from the delivery id, so a mail sent
again after an unclear failure carries the same id and mail clients recognise the
duplicate. A mail that is not mandatory has ``List-Unsubscribe`` and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058). Server answers are
sorted: a refused recipient or message (5xx) is ``DeliveryRefused`` (permanent); the
server away, a timeout, a 4xx or a refused login is ``NotDelivered`` (tried again).
"""
from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

from notifications.adapters.templates import one_line
from notifications.domain.exceptions import DeliveryRefused, NotDelivered
from notifications.domain.model import Outgoing

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


def recipient_address(name: str, address: str) -> Address:
    """The ``To`` address; ``DeliveryRefused`` when it is no e-mail address at all."""
    try:
        parsed = Address(display_name=one_line(name), addr_spec=address.strip())
    except (ValueError, IndexError, HeaderParseError) as exc:
        raise DeliveryRefused(f"not a valid e-mail address: {address!r} ({exc})") from None
    if not parsed.username or "." not in parsed.domain:
        raise DeliveryRefused(f"not a valid e-mail address: {address!r}")
    return parsed


def build_message(mail: Outgoing, mail_from: str, unsubscribe_url: str | None = None
                  ) -> EmailMessage:
    """The RFC 5322 message of one delivery: UTF-8 text, with an HTML alternative."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "portal.localhost"
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = recipient_address(mail.name, mail.address)
    message["Subject"] = one_line(mail.subject)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = f"<{mail.delivery_id}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.text, charset="utf-8")
    if mail.html:
        message.add_alternative(mail.html, subtype="html", charset="utf-8")
    message["Content-Language"] = mail.language  # after the content: set_content drops it
    return message


class SmtpMailer:
    """The e-mail sender: ``send(outgoing)``, nothing more."""

    def __init__(self, settings: SmtpSettings,
                 unsubscribe_url: Callable[[str], str] | None = None) -> None:
        self.settings = settings
        self.unsubscribe_url = unsubscribe_url

    def send(self, mail: Outgoing) -> None:
        link = self.unsubscribe_url(mail.delivery_id) if (
            mail.unsubscribable and self.unsubscribe_url) else None
        message = build_message(mail, self.settings.mail_from, link)
        try:
            with smtplib.SMTP(self.settings.host, self.settings.port,
                              timeout=self.settings.timeout) as smtp:
                self._open(smtp)
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise _by_code(min(codes, default=550), f"recipient refused: {exc.recipients}") \
                from exc
        except smtplib.SMTPDataError as exc:
            raise _by_code(exc.smtp_code, f"message refused: {exc.smtp_code} "
                           f"{exc.smtp_error!r}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise NotDelivered(f"{type(exc).__name__}: {exc}") from exc

    def _open(self, smtp: smtplib.SMTP) -> None:
        if self.settings.starttls:
            smtp.starttls()
        if self.settings.username:
            smtp.login(self.settings.username, self.settings.password or "")


def _by_code(code: int, detail: str) -> NotDelivered:
    return DeliveryRefused(detail) if code >= 500 else NotDelivered(detail)
