"""Nameko HTTP entrypoints that speak JSON and RFC 9457 problem details.

``api(method, url, ...)`` declares a route together with what the OpenAPI
document needs (request and response schemas, status, auth). Unknown routes
answer 404, wrong methods 405, unreadable bodies 400, invalid fields 422,
domain errors through ``portal_kit.problems``; a bug answers 500 with no trace.
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, ValidationError
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, WsgiApp
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Request, Response

from portal_kit import correlation, problems
from portal_kit import observability as obs
from portal_kit.errors import DomainError, Malformed

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
MAX_DEPTH = 32
CORRELATION_HEADER = "X-Correlation-Id"
CORRELATION_ENVIRON = "portal.correlation_id"


@dataclass(frozen=True)
class RouteSpec:
    summary: str = ""
    request: Schema | None = None
    response: Schema | None = None
    status: int = 200
    auth: str | None = None
    tags: tuple[str, ...] = ()
    query: Schema | None = None
    responses: dict[int, str] = field(default_factory=dict)
    documented: bool = True
    media_type: str = "application/json"
    request_content: dict[str, Any] | None = None
    response_content: dict[str, Any] | None = None
    links: dict[str, dict[str, str]] = field(default_factory=dict)
    body_optional: bool = False


class ProblemWsgiApp(WsgiApp):
    """Routes like nameko's, but every answer is JSON and every request is measured."""

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        started = time.perf_counter()
        environ[CORRELATION_ENVIRON] = _correlation_from(environ)
        request = Request(environ, shallow=True)
        route, response = obs.UNMATCHED_ROUTE, None
        request.max_content_length = MAX_BODY_BYTES
        try:
            if _has_control_characters(environ.get("PATH_INFO", "")):
                raise NotFound()
            provider, values = self.url_map.bind_to_environ(environ).match()
            route = provider.url
            request.path_values = values  # type: ignore[attr-defined]  # nameko reads it
            response = provider.handle_request(request)
        except RequestRedirect as exc:
            response = exc.get_response(environ)
        except MethodNotAllowed as exc:
            allow = ", ".join(sorted(exc.valid_methods or []))
            response = problems.problem(405, "method_not_allowed", "Method not allowed",
                                        f"Allowed: {allow}", headers={"Allow": allow})
        except NotFound:
            response = problems.problem(404, "route_not_found", "Not found",
                                        "No such route.")
        except HTTPException as exc:
            response = problems.problem(exc.code or 400, "http_error", exc.name,
                                        exc.description or "")
        except Exception:
            log.exception("could not route %s", environ.get("PATH_INFO"))
            response = problems.internal_error()
        response.headers[CORRELATION_HEADER] = environ[CORRELATION_ENVIRON]
        self._measure(environ["REQUEST_METHOD"], route, response.status_code, started)
        return response(environ, start_response)

    def _measure(self, method: str, route: str, status: int, started: float) -> None:
        """Count and time the request; labels from fixed sets and route templates only."""
        service, method = self.server.container.service_name, obs.method_label(method)
        obs.HTTP_REQUESTS.labels(service, method, route, obs.status_label(status)).inc()
        obs.HTTP_LATENCY.labels(service, method, route).observe(time.perf_counter() - started)


def _has_control_characters(path: str) -> bool:
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in path)


def _correlation_from(environ: dict[str, Any]) -> str:
    given = environ.get("HTTP_X_CORRELATION_ID", "")
    if 0 < len(given) <= 100 and given.replace("-", "").isalnum():
        return given
    return correlation.new()


class ProblemWebServer(WebServer):
    def get_wsgi_app(self) -> WsgiApp:
        return ProblemWsgiApp(self)

    def context_data_from_headers(self, request: Request) -> dict[str, Any]:
        return {"correlation_id": request.environ.get(CORRELATION_ENVIRON)}


class ApiEntrypoint(HttpRequestHandler):
    server = ProblemWebServer()

    def __init__(self, method: str, url: str, spec: RouteSpec | None = None,
                 **kwargs: Any) -> None:
        self.spec = spec or RouteSpec()
        super().__init__(method, url, **kwargs)

    def response_from_result(self, result: Any) -> Response:
        if isinstance(result, Response):
            return result
        status, payload = result if isinstance(result, tuple) else (self.spec.status, result)
        return json_response(payload, status)

    def response_from_exception(self, exc: BaseException) -> Response:
        response = problems.from_exception(exc)
        if response is None:
            log.error("unexpected error in %s %s", self.method, self.url,
                      exc_info=(type(exc), exc, exc.__traceback__))
            return problems.internal_error()
        return response


def api(method: str, url: str, *, summary: str = "", request: Schema | None = None,
        response: Schema | None = None, status: int = 200, auth: str | None = None,
        query: Schema | None = None, tags: tuple[str, ...] = (),
        responses: dict[int, str] | None = None, documented: bool = True,
        media_type: str = "application/json",
        request_content: dict[str, Any] | None = None,
        response_content: dict[str, Any] | None = None,
        links: dict[str, dict[str, str]] | None = None, body_optional: bool = False) -> Any:
    """Declare an HTTP route; everything the OpenAPI document says comes from here.

    A list response is declared with a ``many=True`` schema instance; routes only
    for probes (outside ``/api/<service>/``) pass ``documented=False``. A route that
    answers a page for people (e.g. behind a link in a mail) says
    ``media_type="text/html"``: its success and its declared ``responses`` are HTML.
    A body that is neither JSON nor a page (a streamed upload, a download) is declared
    as an OpenAPI content map (media type -> ``{"schema": ...}``) in ``request_content``
    / ``response_content``. ``links`` name the operations (by ``operationId``, the method's
    name) a success's body leads to, each with its parameters' runtime expressions, e.g.
    ``{"get_organisation": {"organisation_id": "$response.body#/id"}}``: OpenAPI links, which
    schemathesis' stateful phase follows. ``body_optional``: the route reads its ``request``
    body only when one is sent.
    """
    spec = RouteSpec(summary, request, response, status, auth, tags, query, responses or {},
                     documented, media_type, request_content, response_content, links or {},
                     body_optional)
    return ApiEntrypoint.decorator(method, url, spec=spec,
                                   expected_exceptions=(DomainError, ValidationError))


def follow(parameter: str, expression: str, *operations: str) -> dict[str, dict[str, str]]:
    """``api(links=...)`` for operations that take ``parameter`` from a success's body, e.g.
    ``follow("organisation_id", "$response.body#/id", "get_organisation")``."""
    return {operation: {parameter: expression} for operation in operations}


def json_response(payload: Any, status: int = 200,
                  headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(payload, default=str), status=status, headers=headers,
                    content_type="application/json")


def read_json(request: Request) -> Any:
    """The request body as JSON; 400 problem details when it is not.

    A chunked body (no ``Content-Length``) is read too, up to the same limit.
    """
    length = request.content_length
    if length is not None and length > MAX_BODY_BYTES:
        raise Malformed(f"The body exceeds {MAX_BODY_BYTES} bytes.", code="body_too_large")
    raw = _body_bytes(request)
    if len(raw) > MAX_BODY_BYTES:
        raise Malformed(f"The body exceeds {MAX_BODY_BYTES} bytes.", code="body_too_large")
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Malformed(f"The body is not valid JSON: {exc}", code="malformed_json") from None
    if _has_nul(body):
        raise Malformed("Text may not contain NUL characters.", code="nul_character")
    return body


def _body_bytes(request: Request) -> bytes:
    if request.content_length is None and "stream" not in request.__dict__ and \
            request.headers.get("Transfer-Encoding", "").lower() == "chunked":
        # The server (eventlet) decodes the chunks and ends the stream; werkzeug reads
        # a body without a length only when told so, and then no further than the
        # limit (one byte more, so that a body over it is seen).
        request.environ["wsgi.input_terminated"] = True
        request.max_content_length = MAX_BODY_BYTES + 1
    return request.get_data(cache=True)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _has_nul(value: Any, depth: int = 0) -> bool:
    if depth > MAX_DEPTH:
        raise Malformed(f"The body is nested deeper than {MAX_DEPTH} levels.",
                        code="malformed_json")
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v, depth + 1) for v in value)
    return False


def load_body(request: Request, schema: Schema) -> Any:
    """Read the JSON body and load it with ``schema`` (422 with field errors if invalid)."""
    body = read_json(request)
    if not isinstance(body, dict):
        raise Malformed("The body must be a JSON object.", code="malformed_json")
    return schema.load(body)


def load_query(request: Request, schema: Schema) -> Any:
    query = request.args.to_dict()
    if _has_nul(query):
        raise Malformed("Text may not contain NUL characters.", code="nul_character")
    return schema.load(query)
