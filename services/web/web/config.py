"""The web front end's settings, read once from the environment.

Secrets have defaults only in development (``PORTAL_ENV=development``): the client
secret is identity's development default, and the key that signs CSRF tokens and
encrypts the tokens kept for each session is generated once into the data folder.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEV_CLIENT_SECRET = "dev-web-secret"  # noqa: S105 - development only, see client_secret()
SERVICES = ("identity", "invitations", "competencies", "documents", "notifications")


class ConfigurationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    public_base_url: str
    database_url: str
    client_id: str
    client_secret: str
    secret_key: bytes
    service_urls: Mapping[str, str]
    development: bool = True
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    login_minutes: int = 10
    request_timeout: float = 10.0

    @property
    def issuer(self) -> str:
        return f"{self.public_base_url}/api/identity"

    @property
    def redirect_uri(self) -> str:
        return f"{self.public_base_url}/auth/callback"

    @property
    def secure_transport(self) -> bool:
        return self.public_base_url.startswith("https://")


def from_environment(env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    development = (env.get("PORTAL_ENV") or "development") == "development"
    data_dir = Path(env.get("PORTAL_DATA_DIR") or ".data").resolve()
    base = (env.get("PUBLIC_BASE_URL") or "http://localhost:8000").rstrip("/")
    return Settings(
        public_base_url=base,
        database_url=env.get("WEB_DATABASE_URL") or f"sqlite:///{data_dir}/web.db",
        client_id=env.get("WEB_CLIENT_ID") or "web",
        client_secret=client_secret(env, development),
        secret_key=secret_key(env, development, data_dir),
        service_urls=service_urls(env),
        development=development,
        session_idle_minutes=int(env.get("WEB_SESSION_IDLE_MINUTES") or 30),
        session_max_hours=int(env.get("WEB_SESSION_MAX_HOURS") or 12),
    )


def client_secret(env: Mapping[str, str], development: bool) -> str:
    secret = env.get("WEB_CLIENT_SECRET")
    if secret:
        return secret
    if not development:
        raise ConfigurationError("WEB_CLIENT_SECRET must be set outside development")
    return DEV_CLIENT_SECRET


def secret_key(env: Mapping[str, str], development: bool, data_dir: Path) -> bytes:
    """WEB_SECRET_KEY (shared by every replica); in development one generated key file."""
    if env.get("WEB_SECRET_KEY"):
        key = env["WEB_SECRET_KEY"].encode()
        if len(key) < 32:
            raise ConfigurationError("WEB_SECRET_KEY must be at least 32 characters")
        return key
    if not development:
        raise ConfigurationError("WEB_SECRET_KEY must be set outside development")
    path = data_dir / "web-secret-key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def service_urls(env: Mapping[str, str]) -> dict[str, str]:
    """The allow-list of service base URLs (IDENTITY_URL, INVITATIONS_URL, ...)."""
    return {name: (env.get(f"{name.upper()}_URL")
                   or f"http://127.0.0.1:{8001 + number}").rstrip("/")
            for number, name in enumerate(SERVICES)}
