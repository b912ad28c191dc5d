"""Languages: Norwegian Bokmål, Danish and English, from Babel message catalogues.

The language is the one chosen in this session (switchable on every page), else the
person's profile (the ``lang`` claim, taken at login), else an earlier choice in this
browser, else what the browser asks for, else English. Dates and numbers are formatted
for it, in the person's time zone (by default that of the language's country).
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import Flask, g, request
from flask_babel import Babel, format_date, format_datetime, format_decimal

LANGUAGES = {"nb": "Norsk bokmål", "da": "Dansk", "en": "English"}
DEFAULT = "en"
LANGUAGE_COOKIE = "__Host-portal-lang"
BROWSER_TAGS = {"nb": "nb", "no": "nb", "nn": "nb", "da": "da", "en": "en"}
TIME_ZONES = {"nb": "Europe/Oslo", "da": "Europe/Copenhagen", "en": "Europe/Oslo"}


def chosen_language() -> str:
    visit = g.get("visit")
    if visit is not None and visit.session is not None:
        if visit.session.language in LANGUAGES:
            return str(visit.session.language)
        if visit.session.claims.get("lang") in LANGUAGES:
            return str(visit.session.claims["lang"])
    if request.cookies.get(LANGUAGE_COOKIE) in LANGUAGES:
        return str(request.cookies[LANGUAGE_COOKIE])
    best = request.accept_languages.best_match(list(BROWSER_TAGS))
    return BROWSER_TAGS.get(best or "", DEFAULT)


def chosen_time_zone() -> str:
    visit = g.get("visit")
    claims = visit.session.claims if visit is not None and visit.session is not None else {}
    zone = claims.get("zoneinfo")
    return str(zone) if zone in TIME_ZONES.values() else TIME_ZONES[chosen_language()]


def when(value: Any, style: str = "medium") -> str:
    """An ISO timestamp (as services send them) or datetime, for a person to read."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return str(format_datetime(value, style))
    if isinstance(value, date):
        return str(format_date(value, style))
    return str(value)


def day(value: Any) -> str:
    if isinstance(value, str) and value:
        try:
            return str(format_date(datetime.fromisoformat(value), "long"))
        except ValueError:
            return value
    return str(format_date(value, "long")) if value else ""


def number(value: Any) -> str:
    return str(format_decimal(value)) if value is not None else ""


TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def catalogue_domains() -> list[str]:
    """One catalogue per area of the portal (``messages`` for the common pages, one more
    per area such as ``programmes``), so the areas' translations never collide."""
    found = {po.stem for po in TRANSLATIONS.glob("*/LC_MESSAGES/*.po")}
    return ["messages", *sorted(found - {"messages"})]


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    domains = catalogue_domains()
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES",
                          ";".join(["translations"] * len(domains)))
    app.config.setdefault("BABEL_DOMAIN", ";".join(domains))
    Babel(app, locale_selector=chosen_language, timezone_selector=chosen_time_zone)
    app.jinja_env.filters.update(when=when, day=day, number=number)

    @app.context_processor
    def languages() -> dict[str, Any]:
        return {"languages": LANGUAGES, "language": chosen_language()}
