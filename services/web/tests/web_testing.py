"""What the web front end's tests share: settings for a test app and a browser that keeps
cookies, reads CSRF tokens from pages and logs in through the fake identity."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.test import TestResponse

from fake_identity import CLIENT, FakeIdentity, Person
from portal_kit.testing_infra import free_port
from web.config import SERVICES, Settings

PUBLIC = "http://localhost:8000"
BASE = "https://localhost"  # the test client sends Secure cookies only over https
TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def settings_for(database_url: str, identity_url: str | None = None, **overrides) -> Settings:
    urls = {name: f"http://127.0.0.1:{free_port()}" for name in SERVICES}
    if identity_url:
        urls["identity"] = identity_url
    values = {"public_base_url": PUBLIC, "database_url": database_url, "client_id": CLIENT[0],
                  "client_secret": CLIENT[1], "secret_key": b"s" * 48, "service_urls": urls}
    return Settings(**{**values, **overrides})


class Browser:
    def __init__(self, app: Flask) -> None:
        self.client = app.test_client()
        self.last_token = ""

    def get(self, path: str, **kwargs) -> TestResponse:
        response = self.client.get(path, base_url=BASE, **kwargs)
        self._remember(response)
        return response

    def post(self, path: str, data: dict | None = None, csrf: bool = True,
             **kwargs) -> TestResponse:
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.last_token)
        response = self.client.post(path, data=data, base_url=BASE, **kwargs)
        self._remember(response)
        return response

    def cookie(self, name: str) -> str | None:
        found = self.client.get_cookie(name, domain="localhost")
        return found.value if found else None

    def login(self, identity: FakeIdentity, person: Person,
              start: str = "/auth/login?eid=helseid") -> TestResponse:
        """Start at the portal, approve at (fake) identity, come back to the callback."""
        leaving = self.get(start)
        assert leaving.status_code == 303, leaving.get_data(as_text=True)
        return self.get(local(identity.approve(leaving.headers["Location"], person)))

    def _remember(self, response: TestResponse) -> None:
        if response.mimetype == "text/html" and (found := TOKEN.search(
                response.get_data(as_text=True))):
            self.last_token = found.group(1)


def local(url: str) -> str:
    """The path and query of a URL on the portal."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def text(response: TestResponse) -> str:
    return response.get_data(as_text=True)
