"""Notifications' settings, read from the nameko config (itself filled from the environment).

``config.yml`` passes every value as a string; tests pass typed values. Both work.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from notifications.adapters.mailer import DEFAULT_FROM, SmtpSettings
from notifications.domain.model import RetryPolicy

TRUE = {"1", "true", "yes", "on"}


def smtp_settings(config: Mapping[str, Any]) -> SmtpSettings:
    return SmtpSettings(
        host=str(config.get("SMTP_HOST") or "127.0.0.1"),
        port=int(config.get("SMTP_PORT") or 1025),
        username=str(config.get("SMTP_USERNAME") or "") or None,
        password=str(config.get("SMTP_PASSWORD") or "") or None,
        starttls=str(config.get("SMTP_STARTTLS") or "false").strip().lower() in TRUE,
        mail_from=str(config.get("MAIL_FROM") or DEFAULT_FROM))


def retry_policy(config: Mapping[str, Any]) -> RetryPolicy:
    first = float(config.get("MAIL_RETRY_SECONDS") or 30)
    return RetryPolicy(max_attempts=int(config.get("MAIL_MAX_ATTEMPTS") or 8),
                       first_delay=timedelta(seconds=first),
                       max_delay=timedelta(seconds=max(first, 3600)))


def sweep_seconds(config: Mapping[str, Any]) -> float:
    """How often queued mail is looked at, besides right after an event."""
    return float(config.get("MAIL_SWEEP_SECONDS") or 5)
