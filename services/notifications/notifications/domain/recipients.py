"""Who a message goes to, in which language and time zone.

One language per message: the recipient's own (from their profile), else the
organisation's country's (Norwegian Bokmål in Norway, Danish in Denmark), else English.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

LANGUAGES = ("nb", "da", "en")
FALLBACK_LANGUAGE = "en"
COUNTRY_LANGUAGE = {"NO": "nb", "DK": "da"}
COUNTRY_TIME_ZONE = {"NO": "Europe/Oslo", "DK": "Europe/Copenhagen"}
FALLBACK_TIME_ZONE = "Europe/Oslo"


def language_for(language: str | None, country: str | None) -> str:
    """The recipient's language if the portal speaks it, else the country's, else English."""
    if language in LANGUAGES:
        return str(language)
    return COUNTRY_LANGUAGE.get((country or "").upper(), FALLBACK_LANGUAGE)


def time_zone_for(time_zone: str | None, country: str | None) -> str:
    return time_zone or COUNTRY_TIME_ZONE.get((country or "").upper(), FALLBACK_TIME_ZONE)


@dataclass(eq=False)
class Contact:
    """What notifications knows of a person (its own projection of identity's events)."""

    person_id: str
    given_name: str
    family_name: str
    email: str | None
    mobile: str | None
    language: str | None
    country: str | None
    time_zone: str | None
    updated_at: datetime

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def change(self, *, email: str | None, mobile: str | None, language: str | None,
               time_zone: str | None, at: datetime) -> None:
        self.email, self.mobile, self.language, self.time_zone = email, mobile, language, \
            time_zone
        self.updated_at = at


@dataclass(frozen=True)
class Recipient:
    """One addressee: a person (``person:<id>``) or a bare address (``email:<address>``)."""

    key: str
    name: str
    language: str
    time_zone: str
    email: str | None = None
    mobile: str | None = None
    person_id: str | None = None

    @classmethod
    def person(cls, contact: Contact, country: str | None = None) -> Recipient:
        return cls(f"person:{contact.person_id}", contact.name,
                   language_for(contact.language, contact.country or country),
                   time_zone_for(contact.time_zone, contact.country or country),
                   contact.email, contact.mobile, contact.person_id)

    @classmethod
    def address(cls, email: str, country: str | None, name: str = "",
                language: str | None = None, mobile: str | None = None,
                person_id: str | None = None) -> Recipient:
        key = f"person:{person_id}" if person_id else f"email:{email.strip().lower()}"
        return cls(key, name, language_for(language, country), time_zone_for(None, country),
                   email, mobile, person_id)

    @classmethod
    def unknown_person(cls, person_id: str, country: str | None) -> Recipient:
        """A person of whom notifications has no contact data (yet): nothing can reach them."""
        return cls(f"person:{person_id}", "", language_for(None, country),
                   time_zone_for(None, country), person_id=person_id)

    def named(self, name: str) -> Recipient:
        return replace(self, name=name)


def distinct(recipients: list[Recipient]) -> list[Recipient]:
    """Each person and each e-mail address once (a contact may also be the signatory)."""
    seen: set[str] = set()
    result = []
    for recipient in recipients:
        marks = {recipient.key} | ({recipient.email.lower()} if recipient.email else set())
        if not marks & seen:
            result.append(recipient)
        seen |= marks
    return result


def masked(email: str) -> str:
    """``kari.nordmann@example.no`` -> ``k***@example.no``: enough to recognise, not to read."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
