"""The local origin: one HTTP port proxying ``/api/<service>/...``, path unchanged, to each
service, and every other path to the web front end when one is given (``--default``).
Run ``python deploy/origin.py --port 8000 --route identity=http://127.0.0.1:8001
--default http://127.0.0.1:8006``."""
import argparse
import http.client
import json
import signal
import threading
from collections.abc import Iterator
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BufferedIOBase
from typing import Any
from urllib.parse import SplitResult, urlsplit

import jsonlog

TIMEOUT_SECONDS = 30
CHUNK = 64 * 1024
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
              "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection"}
# Also not passed on: http.client sets Host, we answer 100-continue and set X-Forwarded-*.
NOT_FORWARDED = HOP_BY_HOP | {"host", "expect", "x-forwarded-for", "x-forwarded-host",
                              "x-forwarded-proto"}


class ClientGone(Exception):
    """The client went away, stalled or garbled its request body."""


def _connection_tokens(headers: Message) -> set[str]:
    """Header names listed in Connection, which are hop-by-hop too."""
    values = headers.get_all("Connection") or []
    return {token.strip().lower() for value in values for token in value.split(",")} - {""}


def _chunked_body(rfile: BufferedIOBase) -> Iterator[bytes]:
    """Decode a chunked request body from the client, chunk by chunk."""
    while size := int(rfile.readline(1024).split(b";")[0], 16):
        yield rfile.read(size)
        rfile.readline(8)
    while rfile.readline(8192).strip():  # trailers, dropped
        pass


def _sized_body(rfile: BufferedIOBase, length: int) -> Iterator[bytes]:
    """Read exactly ``length`` bytes from the client, chunk by chunk."""
    while length > 0:
        data = rfile.read(min(CHUNK, length))
        if not data:
            raise ConnectionAbortedError("client closed before sending the whole body")
        length -= len(data)
        yield data


def _from_client(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Pass the body on; any failure to read it means the client is gone."""
    try:
        yield from chunks
    except (OSError, ValueError) as error:
        raise ClientGone(str(error)) from error


class ProxyHandler(BaseHTTPRequestHandler):
    """Forwards each request to the service its path names."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once (no 40 ms delayed-ACK stall)
    timeout = TIMEOUT_SECONDS
    routes: dict[str, SplitResult] = {}  # set on a per-server subclass
    default: SplitResult | None = None  # where paths outside /api/ go (the web front end)

    def proxy(self) -> None:
        """Pass the request on to the service its path names, anything outside ``/api/`` to
        the default; without a default, ``GET /`` is the index."""
        parts = urlsplit(self.path).path.split("/")  # ["", "api", service, ...]
        service = parts[2] if len(parts) > 2 and parts[1] == "api" else ""
        if service in self.routes:
            self._pass_on(service, self.routes[service])
        elif self.default is not None and parts[1:2] != ["api"]:
            self._pass_on("web", self.default)
        elif self.command == "GET" and parts == ["", ""]:
            self._send_json(200, {"routes": {n: u.geturl() for n, u in self.routes.items()}})
        else:
            detail = f"No service is routed at {self.path}"
            self._send_problem(404, "Not Found", detail, "route_not_found")

    def __getattr__(self, name: str) -> Any:
        """Every method (TRACE, PROPFIND, ...) is the service's to answer, not ours."""
        if name.startswith("do_"):
            return self.proxy
        raise AttributeError(name)

    def _pass_on(self, service: str, upstream: SplitResult) -> None:
        """Forward to the service and relay its answer, or answer 502 if it is unreachable."""
        conn = http.client.HTTPConnection(upstream.netloc, timeout=TIMEOUT_SECONDS)
        try:
            response = self._forward(conn, upstream.path.rstrip("/") + self.path)
        except (ClientGone, ValueError):  # gone, or a Content-Length that is no number
            self.close_connection = True
            conn.close()
        except (OSError, http.client.HTTPException) as error:
            self.close_connection = True
            conn.close()
            detail = f"Service {service!r} is unavailable: {error}"
            self._send_problem(502, "Bad Gateway", detail, "upstream_unavailable")
        else:
            self._relay(conn, response)

    def _forward(self, conn: http.client.HTTPConnection, target: str) -> http.client.HTTPResponse:
        """Send method, target, headers and body upstream; return its response."""
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        length = 0 if chunked else int(self.headers.get("Content-Length") or 0)
        conn.putrequest(self.command, target, skip_accept_encoding=True)
        for name, value in self._upstream_headers(chunked):
            conn.putheader(name, value)
        body = _chunked_body(self.rfile) if chunked else _sized_body(self.rfile, length)
        try:
            conn.endheaders(_from_client(body) if chunked or length else None,
                            encode_chunked=chunked)
        except (BrokenPipeError, ConnectionResetError):
            # The service answered before it took the whole body (an upload refused while
            # it arrives, a missing token) and closed: its answer is the client's, and the
            # rest of the client's body is not read, so this connection ends after it.
            self.close_connection = True
        return conn.getresponse()

    def _upstream_headers(self, chunked: bool) -> list[tuple[str, str]]:
        """The client's end-to-end headers plus the X-Forwarded-* ones."""
        dropped = NOT_FORWARDED | _connection_tokens(self.headers)
        dropped |= {"content-length"} if chunked else set()
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in dropped]
        headers += [("Transfer-Encoding", "chunked")] if chunked else []
        client = self.client_address[0]
        prior = ", ".join(self.headers.get_all("X-Forwarded-For") or [])
        return headers + [("X-Forwarded-For", f"{prior}, {client}" if prior else client),
                          ("X-Forwarded-Host", self.headers.get("Host", "")),
                          ("X-Forwarded-Proto", "http")]

    def _relay(self, conn: http.client.HTTPConnection,
               response: http.client.HTTPResponse) -> None:
        """Stream the upstream status, headers and body back to the client."""
        try:
            self.send_response_only(response.status, response.reason)
            for name, value in response.headers.items():
                if name.lower() not in HOP_BY_HOP | _connection_tokens(response.headers):
                    self.send_header(name, value)
            has_body = self.command != "HEAD" and response.status not in (204, 304)
            if has_body and response.getheader("Content-Length") is None:
                self.close_connection = True  # the end of the body is the close
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            while data := response.read1(CHUNK):
                self.wfile.write(data)
        except (OSError, http.client.HTTPException):  # either side went away mid-stream
            self.close_connection = True
        finally:
            conn.close()

    def _send_problem(self, status: int, title: str, detail: str, code: str) -> None:
        """Answer with RFC 9457 problem details."""
        self._send_json(status, {"type": "about:blank", "title": title, "status": status,
                                 "detail": detail, "code": code})

    def _send_json(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        kind = "application/problem+json" if status >= 400 else "application/json"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        """Stay quiet: the launcher reads our output."""


def parse_route(text: str) -> tuple[str, SplitResult]:
    """``name=http://host:port`` as a (name, URL) pair."""
    name, _, url = text.partition("=")
    parsed = urlsplit(url)
    if not name or parsed.scheme != "http" or not parsed.hostname:
        raise argparse.ArgumentTypeError(f"expected name=http://host:port, got {text!r}")
    return name, parsed


def make_server(port: int, routes: dict[str, str], host: str = "127.0.0.1",
                default: str | None = None) -> ThreadingHTTPServer:
    """A proxy server on ``host:port`` (0 picks a free port); call ``serve_forever()``."""
    parsed = dict(parse_route(f"{name}={url}") for name, url in routes.items())
    fallback = parse_route(f"default={default}")[1] if default else None
    handler = type("BoundProxyHandler", (ProxyHandler,), {"routes": parsed, "default": fallback})
    server = ThreadingHTTPServer((host, port), handler)
    return server


def main(argv: list[str] | None = None) -> int:
    """Command line: serve until SIGINT or SIGTERM, then exit 0."""
    parser = argparse.ArgumentParser(description="Local origin routing /api/<service>/.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--route", type=parse_route, action="append", default=[],
                        metavar="NAME=URL", help="e.g. identity=http://127.0.0.1:8001")
    parser.add_argument("--default", type=lambda url: parse_route(f"default={url}")[1],
                        metavar="URL", help="every path outside /api/, e.g. the web front end")
    args = parser.parse_args(argv)
    signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)  # for sigwait below, in every thread
    log = jsonlog.setup("origin")
    server = make_server(args.port, {n: u.geturl() for n, u in args.route}, args.host,
                         args.default.geturl() if args.default else None)
    jsonlog.log_request_errors(server, log)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    routes = ", ".join([f"/api/{n}/ -> {u.geturl()}" for n, u in args.route]
                       + ([f"/ -> {args.default.geturl()}"] if args.default else []))
    log.info("origin: http://%s:%s (%s)", args.host, server.server_address[1], routes)
    signal.sigwait(signals)
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
