"""Local SMS gateway for development and tests: records every text message it is sent and
shows them, like the mail catcher shows mails.

    POST /messages          {"to", "from", "text", "reference"} -> 201 {"id": ...}
    GET  /messages[?to=]    the messages received, oldest first (JSON)
    GET  /messages/<id>     one message (JSON)
    DELETE /messages        forget them
    GET  /                  a page listing them (HTML; links in the texts are clickable)
    PUT  /behaviour         {"status": 503, "delay": 0} answer every POST like that (tests)
    GET  /health

See ``python deploy/smsgateway.py --help``. It speaks the shape the notifications
service's ``HttpSmsGateway`` adapter sends; it never sends anything anywhere.
"""
import argparse
import html
import json
import re
import signal
import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonlog

Message = dict[str, Any]
LINK = re.compile(r"https?://[^\s<>\"]+")
MAX_BODY = 64 * 1024


class Gateway:
    """The messages received, and how the gateway is told to answer (for tests)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.messages: dict[str, Message] = {}
        self.status: int | None = None
        self.delay = 0.0
        self.lock = threading.Lock()
        self.folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def receive(self, body: dict[str, Any], idempotency_key: str | None) -> Message:
        message = {"id": uuid.uuid4().hex, "to": str(body["to"]),
                   "from": str(body.get("from") or ""), "text": str(body["text"]),
                   "reference": body.get("reference"), "idempotency_key": idempotency_key,
                   "received_at": datetime.now(UTC).isoformat()}
        with self.lock:
            self.messages[message["id"]] = message
        if self.folder is not None:
            with open(self.folder / "messages.jsonl", "a", encoding="utf-8") as out:
                out.write(json.dumps(message) + "\n")
        return message

    def list(self, to: str | None = None) -> list[Message]:
        with self.lock:
            found = list(self.messages.values())
        return [m for m in found if to is None or m["to"] == to]


def page(messages: list[Message]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(m['received_at'][:19].replace('T', ' '))}</td>"
        f"<td>{html.escape(m['to'])}</td><td>{_linked(m['text'])}</td></tr>"
        for m in reversed(messages))
    table = (f"<table><caption>{len(messages)} text messages, newest first</caption>"
             "<thead><tr><th scope=\"col\">Received (UTC)</th><th scope=\"col\">To</th>"
             f"<th scope=\"col\">Text</th></tr></thead><tbody>{rows}</tbody></table>"
             if messages else "<p>No text messages yet.</p>")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>SMS gateway – text messages received</title><style>"
            "body{font-family:Arial,Helvetica,sans-serif;margin:1.5rem;color:#1e2b3c}"
            "table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;"
            "padding:.4rem .6rem;border-bottom:1px solid #c9cfd8}caption{text-align:left;"
            "font-weight:bold;padding:.4rem 0}a:focus-visible{outline:3px solid #e0a800}"
            "</style></head><body><main><h1>SMS gateway (development)</h1>"
            "<p>Text messages the portal sent; nothing leaves this machine.</p>"
            f"{table}</main></body></html>")


def _linked(text: str) -> str:
    parts, last = [], 0
    for match in LINK.finditer(text):
        parts += [html.escape(text[last:match.start()]),
                  f'<a href="{html.escape(match.group())}">{html.escape(match.group())}</a>']
        last = match.end()
    return "".join(parts) + html.escape(text[last:])


class Handler(BaseHTTPRequestHandler):
    gateway: Gateway  # set on a per-server subclass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        if url.path == "/health":
            self._json(200, {"status": "ok"})
        elif url.path in ("/", "/index.html"):
            self._send(200, page(self.gateway.list()).encode(), "text/html; charset=utf-8")
        elif url.path == "/messages":
            self._json(200, self.gateway.list(parse_qs(url.query).get("to", [None])[0]))
        elif url.path.startswith("/messages/") and url.path[10:] in self.gateway.messages:
            self._json(200, self.gateway.messages[url.path[10:]])
        else:
            self._problem(404, "not_found", f"No resource at {url.path}")

    def do_POST(self) -> None:  # noqa: N802
        body = self._body()
        if urlsplit(self.path).path != "/messages":
            return self._problem(404, "not_found", "POST text messages to /messages")
        if self.gateway.delay:
            time.sleep(self.gateway.delay)
        if self.gateway.status is not None and self.gateway.status >= 300:
            return self._problem(self.gateway.status, "told_to_fail", "As told by /behaviour")
        if not isinstance(body, dict) or not body.get("to") or not body.get("text"):
            return self._problem(400, "invalid_message", "A message needs 'to' and 'text'.")
        if not re.fullmatch(r"\+?[0-9 ]{6,20}", str(body["to"])):
            return self._problem(422, "invalid_number", f"Not a mobile number: {body['to']}")
        message = self.gateway.receive(body, self.headers.get("Idempotency-Key"))
        return self._json(201, {"id": message["id"]})

    def do_PUT(self) -> None:  # noqa: N802
        body = self._body()
        if urlsplit(self.path).path != "/behaviour" or not isinstance(body, dict):
            return self._problem(404, "not_found", "PUT {status, delay} to /behaviour")
        self.gateway.status = body.get("status")
        self.gateway.delay = float(body.get("delay") or 0)
        return self._json(200, {"status": self.gateway.status, "delay": self.gateway.delay})

    def do_DELETE(self) -> None:  # noqa: N802
        if urlsplit(self.path).path != "/messages":
            return self._problem(404, "not_found", f"No resource at {self.path}")
        with self.gateway.lock:
            self.gateway.messages.clear()
        return self._json(200, {"deleted": True})

    def _body(self) -> Any:
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        try:
            return json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            return None

    def _problem(self, status: int, code: str, detail: str) -> None:
        self._json(status, {"type": "about:blank", "title": "Refused", "status": status,
                            "detail": detail, "code": code}, "application/problem+json")

    def _json(self, status: int, body: Any, kind: str = "application/json") -> None:
        self._send(status, json.dumps(body).encode(), kind)

    def _send(self, status: int, data: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        """Quiet: the launcher reads our output."""


def start_in_thread(host: str = "127.0.0.1", port: int = 8008,
                    store_dir: str | None = None) -> ThreadingHTTPServer:
    """Serve in a background thread; ``.shutdown()`` and ``.server_close()`` to stop."""
    gateway = Gateway(Path(store_dir) if store_dir else None)
    server = ThreadingHTTPServer((host, port), type("BoundHandler", (Handler,),
                                                    {"gateway": gateway}))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Local SMS gateway that records messages.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8008)
    parser.add_argument("--store", metavar="DIR", help="also append each message to "
                                                       "DIR/messages.jsonl")
    args = parser.parse_args(argv)
    signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    log = jsonlog.setup("smsgateway")
    server = start_in_thread(args.host, args.port, args.store)
    jsonlog.log_request_errors(server, log)
    log.info("smsgateway: HTTP on http://%s:%s (page /, JSON /messages)", args.host,
             server.server_address[1])
    signal.sigwait(signals)
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
