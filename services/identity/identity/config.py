"""Identity's settings, read from the nameko config (itself filled from the environment).

Secrets have defaults only in development (``PORTAL_ENV=development``).
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from identity.adapters.tokens import SigningKey
from identity.service_layer.handlers import Client

DEV_OPERATOR_SECRET = "dev-operator-secret"  # noqa: S105 - development only, see below


class ConfigurationError(RuntimeError):
    pass


def is_development(config: Mapping[str, Any]) -> bool:
    return str(config.get("PORTAL_ENV") or "development") == "development"


def signing_key(config: Mapping[str, Any]) -> SigningKey:
    if config.get("SIGNING_KEY"):
        return SigningKey(str(config["SIGNING_KEY"]).encode())
    if config.get("SIGNING_KEY_FILE"):
        return SigningKey(Path(str(config["SIGNING_KEY_FILE"])).read_bytes())
    if is_development(config):
        data_dir = Path(str(config.get("DATA_DIR") or ".data"))
        return SigningKey.load_or_create(data_dir / "identity-signing-key.pem")
    raise ConfigurationError("IDENTITY_SIGNING_KEY or IDENTITY_SIGNING_KEY_FILE must be set")


def operator_client(config: Mapping[str, Any]) -> Client:
    secret = config.get("OPERATOR_CLIENT_SECRET")
    if not secret:
        if not is_development(config):
            raise ConfigurationError("OPERATOR_CLIENT_SECRET must be set outside development")
        secret = DEV_OPERATOR_SECRET
    return Client(str(config.get("OPERATOR_CLIENT_ID") or "operator"), str(secret),
                  ("operator",))


def issuer(config: Mapping[str, Any]) -> str:
    base = str(config.get("PUBLIC_BASE_URL") or "http://localhost:8000").rstrip("/")
    return str(config.get("TOKEN_ISSUER") or f"{base}/api/identity")
