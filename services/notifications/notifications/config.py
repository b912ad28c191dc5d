"""Notifications' settings, read from the nameko config (itself filled from the environment).

``config.yml`` passes every value as a string; tests pass typed values. Both work.
Secrets have defaults only in development (``PORTAL_ENV=development``).
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from notifications.adapters.mailer import DEFAULT_FROM, SmtpSettings
from notifications.adapters.sms import SmsSettings
from notifications.domain.model import RetryPolicy
from notifications.domain.unsubscribe import UnsubscribeLinks

TRUE = {"1", "true", "yes", "on"}
DEV_UNSUBSCRIBE_SECRET = "dev-unsubscribe-secret-not-for-production"  # noqa: S105 - dev only


class MissingSecret(RuntimeError):
    """A secret without a development default was not configured."""


def is_development(config: Mapping[str, Any]) -> bool:
    return str(config.get("PORTAL_ENV") or "development") == "development"


def smtp_settings(config: Mapping[str, Any]) -> SmtpSettings:
    return SmtpSettings(
        host=str(config.get("SMTP_HOST") or "127.0.0.1"),
        port=int(config.get("SMTP_PORT") or 1025),
        username=str(config.get("SMTP_USERNAME") or "") or None,
        password=str(config.get("SMTP_PASSWORD") or "") or None,
        starttls=str(config.get("SMTP_STARTTLS") or "false").strip().lower() in TRUE,
        mail_from=str(config.get("MAIL_FROM") or DEFAULT_FROM),
        timeout=float(config.get("SMTP_TIMEOUT_SECONDS") or 10))


def sms_settings(config: Mapping[str, Any]) -> SmsSettings:
    return SmsSettings(
        url=str(config.get("SMS_GATEWAY_URL") or "http://127.0.0.1:8008/messages"),
        token=str(config.get("SMS_GATEWAY_TOKEN") or "") or None,
        sender=str(config.get("SMS_SENDER") or "Portal"),
        read_timeout=float(config.get("SMS_TIMEOUT_SECONDS") or 10))


def retry_policy(config: Mapping[str, Any]) -> RetryPolicy:
    first = float(config.get("MAIL_RETRY_SECONDS") or 30)
    return RetryPolicy(max_attempts=int(config.get("MAIL_MAX_ATTEMPTS") or 8),
                       first_delay=timedelta(seconds=first),
                       max_delay=timedelta(seconds=max(first, 3600)),
                       lease=timedelta(seconds=float(config.get("MAIL_LEASE_SECONDS") or 300)))


def sweep_seconds(config: Mapping[str, Any]) -> float:
    """How often queued mail is looked at, besides right after an event."""
    return float(config.get("MAIL_SWEEP_SECONDS") or 5)


def unsubscribe_links(config: Mapping[str, Any]) -> UnsubscribeLinks:
    secret = str(config.get("UNSUBSCRIBE_SECRET") or "")
    if not secret:
        if not is_development(config):
            raise MissingSecret("UNSUBSCRIBE_SECRET must be set outside development")
        secret = DEV_UNSUBSCRIBE_SECRET
    base = str(config.get("PUBLIC_BASE_URL") or "http://localhost:8000")
    return UnsubscribeLinks(secret.encode(), base)


def digest_hour(config: Mapping[str, Any]) -> int:
    """The hour (0-23, the recipient's local time) the daily digest goes out."""
    hour = int(config.get("DIGEST_HOUR") or 7)
    if not 0 <= hour <= 23:
        raise ValueError(f"DIGEST_HOUR must be 0-23, not {hour}")
    return hour


def digest_sweep_seconds(config: Mapping[str, Any]) -> float:
    return float(config.get("DIGEST_SWEEP_SECONDS") or 60)
