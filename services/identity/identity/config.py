"""Identity's settings, read from the nameko config (itself filled from the environment).

Secrets have defaults only in development (``PORTAL_ENV=development``).
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from identity.adapters.eid import BrokerSettings
from identity.adapters.keys import SigningKey
from identity.adapters.oauth.clients import MACHINE_SCOPES, PERSON_SCOPES, PortalClient, hash_secret
from identity.adapters.oauth.server import ProtocolSettings
from identity.adapters.rate_limit import Limit

DEV_OPERATOR_SECRET = "dev-operator-secret"  # noqa: S105 - development only, see below
DEV_WEB_SECRET = "dev-web-secret"  # noqa: S105 - development only
DEV_EID_SECRET = "dev-eid-secret"  # noqa: S105 - development only
BROKER_LABELS = {"helseid": "HelseID", "nemlogin": "MitID (NemLog-in)"}
BROKER_SCOPES = {"helseid": "openid profile helseid://scopes/identity/pid "
                            "helseid://scopes/identity/security_level "
                            "helseid://scopes/hpr/hpr_number",
                 "nemlogin": "openid profile"}


class ConfigurationError(RuntimeError):
    pass


Config = Mapping[str, Any]


def is_development(config: Config) -> bool:
    return environment(config) == "development"


def environment(config: Config) -> str:
    return str(config.get("PORTAL_ENV") or "development")


def allow_synthetic_ids(config: Config) -> bool:
    """Outside production the eID test environments' synthetic numbers are accepted."""
    return environment(config) != "production"


def setting(config: Config, key: str, default: str = "") -> str:
    value = config.get(key)
    if value in (None, ""):
        value = os.environ.get(key, "")
    return str(value) if value not in (None, "") else default


def secret(config: Config, key: str, development_default: str) -> str:
    value = setting(config, key)
    if value:
        return value
    if not is_development(config):
        raise ConfigurationError(f"{key} must be set outside development")
    return development_default


def data_dir(config: Config) -> Path:
    return Path(str(config.get("DATA_DIR") or ".data"))


def _key(config: Config, name: str, dev_file: str) -> SigningKey:
    if setting(config, name):
        return SigningKey(setting(config, name).encode())
    if setting(config, f"{name}_FILE"):
        return SigningKey(Path(setting(config, f"{name}_FILE")).read_bytes())
    if is_development(config):
        return SigningKey.load_or_create(data_dir(config) / dev_file)
    raise ConfigurationError(f"{name} or {name}_FILE must be set")


def signing_key(config: Config) -> SigningKey:
    if config.get("SIGNING_KEY"):
        return SigningKey(str(config["SIGNING_KEY"]).encode())
    if config.get("SIGNING_KEY_FILE"):
        return SigningKey(Path(str(config["SIGNING_KEY_FILE"])).read_bytes())
    return _key(config, "IDENTITY_SIGNING_KEY", "identity-signing-key.pem")


def broker_client_key(config: Config) -> SigningKey:
    """identity's own key for ``private_key_jwt`` towards the eID brokers."""
    return _key(config, "IDENTITY_BROKER_CLIENT_KEY", "identity-broker-client-key.pem")


def national_id_key(config: Config) -> bytes:
    dev = hashlib.sha256(b"portal development national id key").hexdigest()
    return secret(config, "IDENTITY_NATIONAL_ID_KEY", dev).encode()


def issuer(config: Config) -> str:
    return str(config.get("TOKEN_ISSUER") or f"{public_base(config)}/api/identity")


def public_base(config: Config) -> str:
    return str(config.get("PUBLIC_BASE_URL") or "http://localhost:8000").rstrip("/")


def operator_client(config: Config) -> PortalClient:
    value = secret(config, "OPERATOR_CLIENT_SECRET", DEV_OPERATOR_SECRET)
    return PortalClient(setting(config, "OPERATOR_CLIENT_ID", "operator"), "The operator",
                        hash_secret(value), "machine", MACHINE_SCOPES, ("operator",))


def web_client(config: Config) -> PortalClient:
    base = public_base(config)
    redirects = _list(setting(config, "WEB_REDIRECT_URIS", f"{base}/auth/callback"))
    logouts = _list(setting(config, "WEB_POST_LOGOUT_REDIRECT_URIS", f"{base}/"))
    return PortalClient(setting(config, "WEB_CLIENT_ID", "web"), "The web front end",
                        hash_secret(secret(config, "WEB_CLIENT_SECRET", DEV_WEB_SECRET)),
                        "web", PERSON_SCOPES, (), tuple(redirects), tuple(logouts))


def brokers(config: Config) -> list[BrokerSettings]:
    names = _list(setting(config, "EID_BROKERS", "helseid,nemlogin"))
    return [_broker(config, name) for name in names]


def _broker(config: Config, name: str) -> BrokerSettings:
    key = name.upper()
    dev_url = setting(config, "DEV_EID_URL", "http://localhost:8007").rstrip("/")
    discovery = setting(config, f"{key}_DISCOVERY_URL")
    if not discovery:
        if not is_development(config):
            raise ConfigurationError(f"{key}_DISCOVERY_URL must be set outside development")
        discovery = f"{dev_url}/{name}/.well-known/openid-configuration"
    auth = setting(config, f"{key}_CLIENT_AUTH",
                   "private_key_jwt" if name == "helseid" else "client_secret_post")
    client_secret = None
    if auth != "private_key_jwt":
        client_secret = secret(config, f"{key}_CLIENT_SECRET",
                               setting(config, "DEV_EID_CLIENT_SECRET", DEV_EID_SECRET))
    client_id = setting(config, f"{key}_CLIENT_ID",
                        setting(config, "DEV_EID_CLIENT_ID", "portal-identity"))
    return BrokerSettings(name, discovery, client_id, auth, client_secret,
                          setting(config, f"{key}_SCOPE", BROKER_SCOPES.get(name, "openid")),
                          setting(config, f"{key}_PROFILE", name),
                          BROKER_LABELS.get(name, name))


def invitations_jwks_url(config: Config) -> str:
    base = setting(config, "INVITATIONS_URL", "http://127.0.0.1:8002").rstrip("/")
    return setting(config, "INVITATIONS_JWKS_URL",
                   f"{base}/api/invitations/.well-known/jwks.json")


def invitations_issuer(config: Config) -> str:
    return setting(config, "INVITATIONS_ISSUER", f"{public_base(config)}/api/invitations")


def protocol_settings(config: Config) -> ProtocolSettings:
    return ProtocolSettings(
        access_lifetime=timedelta(minutes=float(setting(config, "ACCESS_TOKEN_MINUTES", "15"))),
        refresh_lifetime=timedelta(hours=float(setting(config, "REFRESH_TOKEN_HOURS", "12"))))


def limit(config: Config, key: str, default: str) -> Limit:
    count, _, seconds = setting(config, key, default).partition("/")
    return Limit(int(count), float(seconds or 60))


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]
