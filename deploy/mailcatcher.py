"""Local SMTP catcher for development and tests: aiosmtpd accepts every mail; a JSON API
(``GET /messages[?to=addr]``, ``GET /messages/<id>``, ``DELETE /messages``, ``GET /health``;
for tests, ``PUT /behaviour {"refuse": "451 4.3.0 Try again later", "hold": false}``: answer
every mail with that reply instead of accepting it, or hold each mail's reply until
``hold`` is false again; ``GET /behaviour`` says so and how many mails are held now)
and browser pages (``GET /``: the mails received, newest first; ``GET /mails/<id>``: one
mail's headers, text and HTML, with its links clickable) show them. Headers are shown
unfolded (RFC 5322: a line break before white space is removed). See
``python deploy/mailcatcher.py --help``.
"""
import argparse
import asyncio
import email.policy
import email.utils
import html
import json
import logging
import re
import signal
import threading
import uuid
import warnings
from datetime import UTC, datetime
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonlog
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

Message = dict[str, Any]
# aiosmtpd itself still sets the legacy attribute it warns about.
warnings.filterwarnings("ignore", message="Session.login_data is deprecated")


def _date_of(mail: EmailMessage) -> str:
    """The mail's Date header as ISO 8601, or the time of receipt."""
    try:
        return email.utils.parsedate_to_datetime(mail["Date"]).isoformat()
    except (TypeError, ValueError):
        return datetime.now(UTC).isoformat()


FOLD = re.compile(r"\r?\n(?=[ \t])")
LINK = re.compile(r"https?://[^\s<>\"]+")


def unfold(value: Any) -> str:
    """A header value on one line, as RFC 5322 unfolds it, without the space a fold
    right after the colon leaves in front."""
    return FOLD.sub("", str(value)).strip()


def _text_of(mail: EmailMessage, subtype: str = "plain") -> str:
    """The body of one subtype (plain or html), with transfer and charset encodings undone."""
    part = mail.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return ""
    try:
        text = part.get_content()
    except (LookupError, KeyError):
        payload = part.get_payload(decode=True)  # an unknown charset: decode as UTF-8
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return text.replace("\r\n", "\n")


def parse_message(raw: bytes, mail_from: str, rcpt_tos: list[str]) -> Message:
    """The JSON view of one received mail; sender and recipients from the envelope."""
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    return {"id": uuid.uuid4().hex, "from": mail_from, "to": list(rcpt_tos),
            "subject": unfold(mail.get("Subject", "")), "date": _date_of(mail),
            "message_id": unfold(mail.get("Message-ID", "")), "text": _text_of(mail),
            "html": _text_of(mail, "html"),
            "headers": [[name, unfold(value)] for name, value in mail.items()]}


STYLE = ("body{font-family:Arial,Helvetica,sans-serif;margin:1.5rem;color:#1e2b3c;"
         "line-height:1.5}table{border-collapse:collapse;width:100%}th,td{text-align:left;"
         "vertical-align:top;padding:.4rem .6rem;border-bottom:1px solid #c9cfd8}"
         "caption{text-align:left;font-weight:bold;padding:.4rem 0}pre{white-space:pre-wrap;"
         "background:#f4f5f7;padding:1rem}iframe{width:100%;height:40rem;border:1px solid "
         "#c9cfd8}a:focus-visible{outline:3px solid #e0a800;outline-offset:2px}"
         "dt{font-weight:bold}dd{margin:0 0 .4rem 0;word-break:break-all}")


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)} – mail catcher</title><style>{STYLE}</style></head>"
            f"<body><main>{body}</main></body></html>")


def _linked(text: str) -> str:
    parts, last = [], 0
    for match in LINK.finditer(text):
        url = html.escape(match.group())
        parts += [html.escape(text[last:match.start()]), f'<a href="{url}">{url}</a>']
        last = match.end()
    return "".join(parts) + html.escape(text[last:])


def list_page(messages: list[Message]) -> str:
    """The mails received, newest first, each linking to its own page."""
    rows = "".join(
        f"<tr><td>{html.escape(m['date'][:19].replace('T', ' '))}</td>"
        f"<td>{html.escape(', '.join(m['to']))}</td>"
        f"<td><a href=\"/mails/{m['id']}\">{html.escape(m['subject'] or '(no subject)')}</a>"
        "</td></tr>" for m in reversed(messages))
    table = ("<table><caption>" + f"{len(messages)} mails, newest first</caption>"
             "<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">To</th>"
             f"<th scope=\"col\">Subject</th></tr></thead><tbody>{rows}</tbody></table>"
             if messages else "<p>No mails yet.</p>")
    return _page("Mails received", "<h1>Mails received</h1><p>Mails the portal sent; "
                 f"nothing leaves this machine. JSON: <a href=\"/messages\">/messages</a>."
                 f"</p>{table}")


def mail_page(message: Message) -> str:
    """One mail: headers (unfolded), the text with its links clickable, the HTML part."""
    headers = "".join(f"<dt>{html.escape(name)}</dt><dd>{_linked(value)}</dd>"
                      for name, value in message["headers"])
    body = (f"<p><a href=\"/\">All mails</a></p><h1>{html.escape(message['subject'])}</h1>"
            f"<h2>Headers</h2><dl>{headers}</dl>"
            f"<h2>Text</h2><pre>{_linked(message['text'])}</pre>")
    if message["html"]:
        shown = '<base target="_blank">' + message["html"]
        body += ("<h2>HTML</h2><iframe title=\"The mail's HTML part\" sandbox=\"allow-popups "
                 f"allow-popups-to-escape-sandbox\" srcdoc=\"{html.escape(shown)}\"></iframe>")
    return _page(message["subject"] or "A mail", body)


class MessageStore:
    """Received mails in memory (and as ``<id>.eml`` files); the aiosmtpd handler."""

    def __init__(self, folder: Path | None = None) -> None:
        self._messages: dict[str, Message] = {}
        self._lock = threading.Lock()
        self._folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self.behaviour: dict[str, Any] = {"refuse": None, "hold": False, "held": 0}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Accept and keep every mail, whatever it is (unless told to refuse or to hold)."""
        if self.behaviour["hold"]:
            self.behaviour["held"] += 1
            try:
                while self.behaviour["hold"]:
                    await asyncio.sleep(0.05)
            finally:
                self.behaviour["held"] -= 1
        if self.behaviour["refuse"]:
            return str(self.behaviour["refuse"])
        raw = envelope.original_content or envelope.content
        self.add(raw, envelope.mail_from, envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    def behave(self, refuse: str | None = None, hold: bool = False) -> dict[str, Any]:
        """What the next mails are answered (a 4xx or 5xx reply) and whether they wait."""
        if refuse is not None and not re.fullmatch(r"[45]\d\d [ -~]{1,200}", refuse):
            raise ValueError("refuse must be an SMTP 4xx or 5xx reply line")
        self.behaviour.update(refuse=refuse, hold=bool(hold))
        return dict(self.behaviour)

    def add(self, raw: bytes, mail_from: str, rcpt_tos: list[str]) -> Message:
        """Parse and keep one mail; returns its JSON view."""
        message = parse_message(raw, mail_from, rcpt_tos)
        if self._folder is not None:
            (self._folder / f"{message['id']}.eml").write_bytes(raw)
        with self._lock:
            self._messages[message["id"]] = message
        return message

    def list(self, to: str | None = None) -> list[Message]:
        """All mails in order of receipt, or only those addressed to ``to``."""
        with self._lock:
            messages = list(self._messages.values())
        if to is None:
            return messages
        return [m for m in messages if to.lower() in (r.lower() for r in m["to"])]

    def get(self, message_id: str) -> Message | None:
        """One mail by id, or None."""
        with self._lock:
            return self._messages.get(message_id)

    def clear(self) -> None:
        """Forget every mail held in memory (files on disk are kept)."""
        with self._lock:
            self._messages.clear()


class ApiHandler(BaseHTTPRequestHandler):
    """The JSON API over the message store held by the server."""

    store: MessageStore  # set on a per-catcher subclass

    def do_GET(self) -> None:
        """Health, the list of messages, or one message (JSON or a page)."""
        url = urlsplit(self.path)
        message = self.store.get(url.path.removeprefix("/messages/"))
        shown = self.store.get(url.path.removeprefix("/mails/"))
        if url.path in ("/", "/mails"):
            self._html(list_page(self.store.list()))
        elif url.path.startswith("/mails/") and shown is not None:
            self._html(mail_page(shown))
        elif url.path == "/health":
            self._send(200, {"status": "ok"})
        elif url.path == "/behaviour":
            self._send(200, self.store.behaviour)
        elif url.path == "/messages":
            self._send(200, self.store.list(parse_qs(url.query).get("to", [None])[0]))
        elif url.path.startswith("/messages/") and message is not None:
            self._send(200, message)
        else:
            self._not_found()

    def do_PUT(self) -> None:  # noqa: N802
        """Change how the next mails are answered (tests only)."""
        if urlsplit(self.path).path != "/behaviour":
            self._not_found()
            return
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            self._send(200, self.store.behave(body.get("refuse"), body.get("hold", False)))
        except (ValueError, AttributeError) as exc:
            self._send(422, {"type": "about:blank", "title": "Unprocessable", "status": 422,
                             "detail": str(exc), "code": "invalid_behaviour"})

    def do_DELETE(self) -> None:
        """Clear every message."""
        if urlsplit(self.path).path == "/messages":
            self.store.clear()
            self._send(200, {"deleted": True})
        else:
            self._not_found()

    def _not_found(self) -> None:
        self._send(404, {"type": "about:blank", "title": "Not Found", "status": 404,
                         "detail": f"No resource at {self.path}", "code": "not_found"})

    def _html(self, page: str) -> None:
        data = page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        kind = "application/problem+json" if status >= 400 else "application/json"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        """Stay quiet: the launcher reads our output."""


class MailCatcher:
    """A running catcher: SMTP and HTTP both listening until ``stop()``."""

    def __init__(self, host: str, smtp_port: int, http_port: int, store: MessageStore):
        self.store = store
        # Any login will do: this is a catcher, not a relay.
        self.smtp = Controller(store, hostname=host, port=smtp_port,
                               server_hostname="mailcatcher", auth_require_tls=False,
                               authenticator=lambda *_: AuthResult(success=True))
        handler = type("BoundApiHandler", (ApiHandler,), {"store": store})
        self.http = ThreadingHTTPServer((host, http_port), handler)
        self.smtp_port, self.http_port = smtp_port, self.http.server_address[1]
        self._http_thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def start(self) -> "MailCatcher":
        """Start listening on both ports."""
        self.smtp.start()
        self._http_thread.start()
        return self

    def stop(self) -> None:
        """Stop both servers and release their ports."""
        self.http.shutdown()
        self.http.server_close()
        self.smtp.stop()


def start_in_thread(host: str = "127.0.0.1", smtp_port: int = 1025,
                    http_port: int = 8025, store_dir: str | None = None) -> MailCatcher:
    """Start a catcher in background threads; call ``.stop()`` on the result."""
    store = MessageStore(Path(store_dir) if store_dir else None)
    return MailCatcher(host, smtp_port, http_port, store).start()


def main(argv: list[str] | None = None) -> int:
    """Command line: run until SIGINT or SIGTERM, then exit 0."""
    parser = argparse.ArgumentParser(description="Local SMTP catcher with a JSON API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--smtp-port", type=int, default=1025)
    parser.add_argument("--http-port", type=int, default=8025)
    parser.add_argument("--store", metavar="DIR", help="also keep each mail as DIR/<id>.eml")
    args = parser.parse_args(argv)
    signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)  # for sigwait below, in every thread
    log = jsonlog.setup("mailcatcher")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: each session at INFO
    catcher = start_in_thread(args.host, args.smtp_port, args.http_port, args.store)
    jsonlog.log_request_errors(catcher.http, log)
    log.info("mailcatcher: SMTP on %s:%s, mails at http://%s:%s/ (JSON /messages)", args.host,
             args.smtp_port, args.host, catcher.http_port)
    signal.sigwait(signals)
    catcher.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
