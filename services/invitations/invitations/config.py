"""Invitations' settings, read once from the service's config (``config.yml``)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

DAY = 86400


@dataclass(frozen=True)
class Settings:
    lifetime: timedelta = timedelta(days=14)          # how long an invitation link lives
    reminder_before: timedelta = timedelta(days=3)    # reminder this long before expiry
    link_base: str = "http://localhost:8000/invitation"
    login_url: str = "http://localhost:8000/"


def setting(config: Mapping[str, Any], name: str, default: str) -> str:
    return str(config.get(name) or default)


def public_base(config: Mapping[str, Any]) -> str:
    return setting(config, "PUBLIC_BASE_URL", "http://localhost:8000").rstrip("/")


def settings(config: Mapping[str, Any]) -> Settings:
    base = public_base(config)
    return Settings(
        lifetime=timedelta(seconds=float(setting(config, "INVITATION_LIFETIME_SECONDS",
                                                 str(14 * DAY)))),
        reminder_before=timedelta(seconds=float(setting(
            config, "INVITATION_REMINDER_BEFORE_SECONDS", str(3 * DAY)))),
        link_base=setting(config, "INVITATION_LINK_BASE", f"{base}/invitation"),
        login_url=setting(config, "PORTAL_LOGIN_URL", f"{base}/"))


def issuer(config: Mapping[str, Any]) -> str:
    """The registration tickets' ``iss``: what identity expects as INVITATIONS_ISSUER."""
    return setting(config, "INVITATIONS_ISSUER", f"{public_base(config)}/api/invitations")


def identity_issuer(config: Mapping[str, Any]) -> str:
    """The tickets' ``aud``: identity's issuer."""
    return setting(config, "TOKEN_ISSUER", f"{public_base(config)}/api/identity")


def is_development(config: Mapping[str, Any]) -> bool:
    return setting(config, "PORTAL_ENV", "development") == "development"
