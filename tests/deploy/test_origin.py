"""The local origin: ``/api/<service>/...`` reaches that service, whole and unchanged."""
import json
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any

import pytest


class EchoService(BaseHTTPRequestHandler):
    """A stand-in service: answers 201 with what it received, as JSON."""

    protocol_version = "HTTP/1.1"

    def echo(self) -> None:
        """Describe the request; ``/stream`` answers in chunks of unknown length."""
        if self.path.endswith("/stream"):
            self.stream()
        elif (received := self.read_body()) is not None:
            self.describe(received)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_TRACE = do_PROPFIND = echo  # noqa: N815

    def describe(self, received: bytes) -> None:
        """Answer 201 with the method, path, body and headers received."""
        body = json.dumps({"method": self.command, "path": self.path, "body":
                           received.decode(), "headers": self.headers.items()}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "a=1")
        self.send_header("Set-Cookie", "b=2")
        self.end_headers()
        self.wfile.write(body)

    def read_body(self) -> bytes | None:
        """The request body, de-chunked if need be; None if the sender left mid-body."""
        if self.headers.get("Transfer-Encoding") != "chunked":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            self.close_connection = len(body) < length
            return None if self.close_connection else body
        body = b""
        while size := int(self.rfile.readline().split(b";")[0], 16):
            body += self.rfile.read(size)
            self.rfile.readline()
        self.rfile.readline()
        return body

    def stream(self) -> None:
        """Answer with a chunked body: three parts, no Content-Length."""
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for part in (b"one,", b"two,", b"three"):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *args: Any) -> None:
        """Quiet."""


class RefusingService(BaseHTTPRequestHandler):
    """A stand-in that refuses an upload after its first 64 KiB, as documents does past its
    limit: it answers 413 and closes without reading the rest."""

    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.rfile.read(64 * 1024)
        body = b'{"code": "file_too_large", "status": 413}'
        self.send_response(413)
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, *args: Any) -> None:
        """Quiet."""


def serve_in_thread(server: ThreadingHTTPServer) -> Iterator[str]:
    """Serve until the test ends; yields the base URL."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    """The stand-in identity service's base URL."""
    yield from serve_in_thread(ThreadingHTTPServer(("127.0.0.1", 0), EchoService))


@pytest.fixture(scope="module")
def origin(load_program: Callable[[str], ModuleType], service: str,
           free_port: Callable[[], int]) -> Iterator[str]:
    """An origin in this process routing identity to the service, offline to nothing."""
    routes = {"identity": service, "offline": f"http://127.0.0.1:{free_port()}"}
    yield from serve_in_thread(load_program("origin").make_server(0, routes))


@pytest.fixture(scope="module")
def refusing_origin(load_program: Callable[[str], ModuleType]) -> Iterator[str]:
    """An origin routing ``documents`` to a service that refuses uploads midway."""
    with_service = serve_in_thread(ThreadingHTTPServer(("127.0.0.1", 0), RefusingService))
    service = next(with_service)
    yield from serve_in_thread(load_program("origin").make_server(0, {"documents": service}))
    next(with_service, None)


def echoed(reply: Any) -> dict[str, Any]:
    """What the stand-in service saw, with headers as a lower-cased dict."""
    seen = reply.json()
    seen["headers"] = {name.lower(): value for name, value in seen["headers"]}
    return seen


class TestProxying:
    def test_a_request_reaches_the_service_with_method_path_query_and_body(self, origin, http):
        reply = http("POST", origin + "/api/identity/v1/people?active=true", body=b'{"a": 1}',
                     headers={"Content-Type": "application/json"})
        seen = echoed(reply)
        assert (seen["method"], seen["path"]) == ("POST", "/api/identity/v1/people?active=true")
        assert seen["body"] == '{"a": 1}' and seen["headers"]["content-type"] == "application/json"

    @pytest.mark.parametrize("method", ["TRACE", "PROPFIND"])
    def test_any_method_is_the_services_to_answer_not_the_origins(self, origin, http, method):
        reply = http(method, origin + "/api/identity/v1/people")
        assert reply.status == 201 and echoed(reply)["method"] == method

    def test_the_service_status_headers_and_body_come_back(self, origin, http):
        reply = http("DELETE", origin + "/api/identity/v1/people/7")
        assert reply.status == 201
        assert reply.headers.get_all("Set-Cookie") == ["a=1", "b=2"]
        assert echoed(reply)["method"] == "DELETE"

    def test_hop_by_hop_headers_stay_behind(self, origin, http):
        seen = echoed(http("GET", origin + "/api/identity/v1", headers={
            "Connection": "keep-alive, X-Private", "X-Private": "secret",
            "Keep-Alive": "timeout=5", "Proxy-Authorization": "Basic eA==", "X-Kept": "yes"}))
        assert seen["headers"]["x-kept"] == "yes"
        assert not {"x-private", "keep-alive", "proxy-authorization"} & set(seen["headers"])

    def test_forwarded_headers_name_the_client_the_host_and_the_scheme(self, origin, http):
        seen = echoed(http("GET", origin + "/api/identity/v1", headers={
            "X-Forwarded-For": "10.0.0.9", "Host": "portal.localhost"}))
        assert seen["headers"]["x-forwarded-for"] == "10.0.0.9, 127.0.0.1"
        assert seen["headers"]["x-forwarded-host"] == "portal.localhost"
        assert seen["headers"]["x-forwarded-proto"] == "http"

    def test_a_chunked_request_body_is_passed_on_whole(self, origin):
        conn = HTTPConnection(origin.removeprefix("http://"), timeout=10)
        conn.request("PUT", "/api/identity/v1/files/1", body=iter([b"part one, ", b"part two"]))
        seen = json.loads(conn.getresponse().read())
        conn.close()
        assert seen["body"] == "part one, part two"

    def test_a_service_that_refuses_a_body_midway_is_heard_not_a_502(self, refusing_origin):
        conn = HTTPConnection(refusing_origin.removeprefix("http://"), timeout=10)
        try:  # as urllib3 does, read the answer that came before the body was all sent
            conn.request("POST", "/api/documents/v1/documents",
                         body=iter([bytes(64 * 1024)] * 2000), encode_chunked=True)
        except (BrokenPipeError, ConnectionResetError):
            pass
        reply = conn.getresponse()
        assert (reply.status, json.loads(reply.read())["code"]) == (413, "file_too_large")
        assert reply.getheader("Connection") == "close"
        conn.close()

    def test_a_streamed_answer_of_unknown_length_comes_back_whole(self, origin, http):
        reply = http("GET", origin + "/api/identity/stream")
        assert reply.status == 200 and reply.body == b"one,two,three"

    def test_one_connection_carries_several_requests(self, origin):
        conn = HTTPConnection(origin.removeprefix("http://"), timeout=10)
        for number in range(3):
            conn.request("GET", f"/api/identity/v1/{number}")
            assert json.loads(conn.getresponse().read())["path"] == f"/api/identity/v1/{number}"
        conn.close()

    def test_a_client_that_hangs_up_mid_body_does_no_harm(self, origin, http):
        port = int(origin.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"POST /api/identity/v1 HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Length: 1000\r\n\r\nonly a little")
        assert http("GET", origin + "/api/identity/v1").status == 201


class TestProblems:
    def test_the_root_lists_the_routes(self, origin, service, http):
        reply = http("GET", origin + "/")
        assert reply.status == 200 and reply.json()["routes"]["identity"] == service

    @pytest.mark.parametrize("path", ["/api/unknown/v1/x", "/elsewhere", "/api/"])
    def test_a_path_no_route_matches_is_a_404_problem(self, origin, http, path):
        reply = http("GET", origin + path)
        assert reply.status == 404
        assert reply.headers["Content-Type"] == "application/problem+json"
        assert reply.json()["code"] == "route_not_found"
        assert reply.json()["type"] == "about:blank" and reply.json()["status"] == 404

    def test_a_service_that_does_not_answer_is_a_502_problem(self, origin, http):
        reply = http("POST", origin + "/api/offline/v1/x", body=b"{}")
        assert reply.status == 502
        assert reply.headers["Content-Type"] == "application/problem+json"
        assert reply.json()["code"] == "upstream_unavailable" and reply.json()["title"]


class TestTheProgram:
    @pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
    def test_it_routes_and_exits_cleanly_when_told_to_stop(
            self, run_program, free_port, service, http, stop, signum):
        port = free_port()
        process = run_program("origin", ["--port", str(port), "--route",
                                         f"identity={service}"], wait_on=port)
        assert "identity" in process.stdout.readline()
        assert http("GET", f"http://127.0.0.1:{port}/api/identity/v1").status == 201
        assert stop(process, signum) == 0

    def test_a_malformed_route_is_refused(self, load_program):
        with pytest.raises(SystemExit) as refused:
            load_program("origin").main(["--route", "identity:8001"])
        assert refused.value.code == 2


@pytest.fixture(scope="module")
def web() -> Iterator[str]:
    """A stand-in web front end."""
    yield from serve_in_thread(ThreadingHTTPServer(("127.0.0.1", 0), EchoService))


@pytest.fixture(scope="module")
def origin_with_web(load_program: Callable[[str], ModuleType], service: str,
                    web: str) -> Iterator[str]:
    """An origin routing identity to the service and every other path to the web front end."""
    server = load_program("origin").make_server(0, {"identity": service}, default=web)
    yield from serve_in_thread(server)


class TestTheWebFrontEnd:
    @pytest.mark.parametrize("path", ["/", "/profile?x=1", "/static/dist/portal.css",
                                      "/auth/callback?code=a&state=b", "/apix"])
    def test_every_path_outside_the_api_goes_to_the_web_front_end_unchanged(
            self, origin_with_web, http, path):
        reply = http("POST", origin_with_web + path, body=b"csrf_token=x",
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert reply.status == 201 and echoed(reply)["path"] == path
        assert echoed(reply)["body"] == "csrf_token=x"

    def test_the_api_still_goes_to_the_services(self, origin_with_web, service, http):
        reply = http("GET", origin_with_web + "/api/identity/v1/x")
        assert echoed(reply)["path"] == "/api/identity/v1/x"

    @pytest.mark.parametrize("path", ["/api/unknown/v1/x", "/api/"])
    def test_an_unknown_api_is_still_a_404_problem_not_a_page(self, origin_with_web, http,
                                                              path):
        reply = http("GET", origin_with_web + path)
        assert reply.status == 404 and reply.json()["code"] == "route_not_found"

    def test_the_program_takes_the_default_on_its_command_line(
            self, run_program, free_port, web, http, stop):
        port = free_port()
        process = run_program("origin", ["--port", str(port), "--default", web], wait_on=port)
        assert "/ -> " in process.stdout.readline()
        assert echoed(http("GET", f"http://127.0.0.1:{port}/profile"))["path"] == "/profile"
        assert stop(process) == 0
