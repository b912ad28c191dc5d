"""One small client per service, over the allow-list of base URLs (contracts section 6).

A page calls ``services().identity.get("/api/identity/v1/...")``; the person's access
token comes from ``token_source`` and is refreshed once when a service answers 401. A
service that does not answer raises ``ServiceDown``; a refusal raises ``Problem`` with
the RFC 9457 fields (``code``, ``errors`` per field), for the page to show next to the
field it concerns.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from portal_kit import correlation

TokenSource = Callable[[bool], str]  # force a refresh? -> access token


class ServiceDown(Exception):
    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"{service}: {reason}")
        self.service = service


@dataclass
class Problem(Exception):
    status: int
    code: str
    title: str = ""
    detail: str = ""
    errors: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_response(cls, response: requests.Response) -> Problem:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        errors = body.get("errors") if isinstance(body.get("errors"), dict) else {}
        return cls(response.status_code, str(body.get("code") or f"http_{response.status_code}"),
                   str(body.get("title") or response.reason or ""),
                   str(body.get("detail") or ""), errors or {})


class ServiceClient:
    def __init__(self, name: str, base_url: str, timeout: float, http: requests.Session,
                 language: Callable[[], str] | None = None) -> None:
        self.name, self.base_url, self.timeout, self.http = name, base_url, timeout, http
        self.language = language

    def get(self, path: str, token: TokenSource | None = None, **params: Any) -> Any:
        return self.request("GET", path, token, params=params or None)

    def post(self, path: str, body: Any = None, token: TokenSource | None = None,
             headers: Mapping[str, str] | None = None) -> Any:
        return self.request("POST", path, token, json=body if body is not None else {},
                            headers=dict(headers or {}))

    def patch(self, path: str, body: Any, token: TokenSource | None = None) -> Any:
        return self.request("PATCH", path, token, json=body)

    def request(self, method: str, path: str, token: TokenSource | None = None,
                **kwargs: Any) -> Any:
        response = self._checked(self._authorised(method, path, token, kwargs))
        return response.json() if response.content else None

    def send_stream(self, path: str, chunks: Iterable[bytes], token: TokenSource | None = None,
                    **params: Any) -> Any:
        """POST a file's bytes as they come (chunked), its metadata in the query. Sent once:
        the token is refreshed ahead of its expiry, and the bytes cannot be sent again."""
        response = self._checked(self._send(
            "POST", self._path(path), token(False) if token else None,
            {"params": params, "data": chunks}, {"Content-Type": "application/octet-stream"}))
        return response.json() if response.content else None

    def open_stream(self, path: str, token: TokenSource | None = None) -> requests.Response:
        """GET a file to pass on as it arrives; the caller closes the response."""
        return self._checked(self._authorised("GET", path, token, {"stream": True}))

    def _authorised(self, method: str, path: str, token: TokenSource | None,
                    kwargs: Mapping[str, Any]) -> requests.Response:
        response = self._send(method, self._path(path), token(False) if token else None,
                              kwargs)
        if response.status_code == 401 and token is not None:
            response.close()
            response = self._send(method, path, token(True), kwargs)
        return response

    def _path(self, path: str) -> str:
        if not path.startswith(f"/api/{self.name}/"):
            raise ValueError(f"{path!r} is not a path of the {self.name} service")
        return path

    def _checked(self, response: requests.Response) -> requests.Response:
        if response.status_code >= 500:
            response.close()
            raise ServiceDown(self.name, f"answered {response.status_code}")
        if response.status_code >= 400:
            problem = Problem.from_response(response)
            response.close()
            raise problem
        return response

    def _send(self, method: str, path: str, access_token: str | None,
              kwargs: Mapping[str, Any],
              extra_headers: Mapping[str, str] | None = None) -> requests.Response:
        kwargs = dict(kwargs)
        headers = {**kwargs.pop("headers", {}), "X-Correlation-Id": correlation.get(),
                   "Accept": "application/json", **(extra_headers or {})}
        if self.language:
            headers["Accept-Language"] = self.language()
        if access_token:
            headers["Authorization"] = f"Bearer {access_token}"
        try:
            return self.http.request(method, self.base_url + path, headers=headers,
                                     timeout=self.timeout, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            raise ServiceDown(self.name, type(error).__name__) from error


class Services:
    """The services the front end may call, and nothing else."""

    def __init__(self, urls: Mapping[str, str], timeout: float,
                 language: Callable[[], str] | None = None) -> None:
        http = requests.Session()
        self._clients = {name: ServiceClient(name, url, timeout, http, language)
                         for name, url in urls.items()}

    def __getitem__(self, name: str) -> ServiceClient:
        return self._clients[name]

    @property
    def identity(self) -> ServiceClient:
        return self._clients["identity"]
