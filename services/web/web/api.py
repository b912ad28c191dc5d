"""One small client per service, over the allow-list of base URLs (contracts section 6).

A page calls ``services().identity.get("/api/identity/v1/...")``; the person's access
token comes from ``token_source`` and is refreshed once when a service answers 401. A
service that does not answer raises ``ServiceDown``; a refusal raises ``Problem`` with
the RFC 9457 fields (``code``, ``errors`` per field), for the page to show next to the
field it concerns.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
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
        if not path.startswith(f"/api/{self.name}/"):
            raise ValueError(f"{path!r} is not a path of the {self.name} service")
        response = self._send(method, path, token(False) if token else None, kwargs)
        if response.status_code == 401 and token is not None:
            response = self._send(method, path, token(True), kwargs)
        if response.status_code >= 500:
            raise ServiceDown(self.name, f"answered {response.status_code}")
        if response.status_code >= 400:
            raise Problem.from_response(response)
        return response.json() if response.content else None

    def _send(self, method: str, path: str, access_token: str | None,
              kwargs: Mapping[str, Any]) -> requests.Response:
        kwargs = dict(kwargs)
        headers = {**kwargs.pop("headers", {}), "X-Correlation-Id": correlation.get(),
                   "Accept": "application/json"}
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
