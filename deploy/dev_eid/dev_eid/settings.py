"""The provider's configuration, read from the environment (all optional in development)."""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .people import DEFAULT_FILE


@dataclass(frozen=True)
class RelyingPartySettings:
    """The one client registered at both brokers: identity's broker client."""

    client_id: str
    client_secret: str | None
    redirect_uris: tuple[str, ...]
    jwks_uri: str | None = None
    jwks: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Settings:
    public_url: str
    host: str
    port: int
    data_dir: Path
    people_file: Path
    client: RelyingPartySettings
    code_seconds: int = 60
    pushed_request_seconds: int = 300
    access_token_seconds: int = 600
    id_token_seconds: int = 600


def from_environment(env: Mapping[str, str] = os.environ) -> Settings:
    """Settings from ``DEV_EID_*``, ``PUBLIC_BASE_URL`` and ``PORTAL_DATA_DIR``.

    Refuses to start outside ``PORTAL_ENV=development``: test people must never meet
    production.
    """
    if env.get("PORTAL_ENV", "development") != "development":
        raise SystemExit("the development eID provider runs only with PORTAL_ENV=development")
    portal = env.get("PUBLIC_BASE_URL", "http://localhost:8000").rstrip("/")
    host, _, port = env.get("DEV_EID_HTTP_ADDRESS", "127.0.0.1:8007").rpartition(":")
    inline_jwks = env.get("DEV_EID_CLIENT_JWKS")
    client = RelyingPartySettings(
        client_id=env.get("DEV_EID_CLIENT_ID", "portal-identity"),
        client_secret=env.get("DEV_EID_CLIENT_SECRET", "dev-eid-secret") or None,
        redirect_uris=_split(env.get("DEV_EID_REDIRECT_URIS",
                                     f"{portal}/api/identity/v1/oauth/callback")),
        jwks_uri=None if inline_jwks else env.get(
            "DEV_EID_CLIENT_JWKS_URI",
            f"{portal}/api/identity/.well-known/broker-client-jwks.json") or None,
        jwks=json.loads(inline_jwks) if inline_jwks else None)
    return Settings(
        public_url=env.get("DEV_EID_URL", "http://localhost:8007").rstrip("/"),
        host=host or "127.0.0.1", port=int(port),
        data_dir=Path(env.get("PORTAL_DATA_DIR", ".data")) / "dev-eid",
        people_file=Path(env.get("DEV_EID_PEOPLE_FILE", str(DEFAULT_FILE))),
        client=client)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())
