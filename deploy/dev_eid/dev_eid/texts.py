"""The few words on the provider's pages, in the portal's three languages."""
from __future__ import annotations

TEXTS = {
    "nb": {"title": "Velg testperson",
           "intro": "Dette er utviklingsmiljøets {broker}. Velg hvem du vil logge inn som. "
                    "Alle personene er oppdiktet.",
           "people": "Testpersoner", "login_as": "Logg inn som {name}",
           "level": "sikkerhetsnivå", "hpr": "HPR-nummer",
           "cancel": "Avbryt innloggingen", "error": "Innloggingen kan ikke fortsette"},
    "da": {"title": "Vælg testperson",
           "intro": "Dette er udviklingsmiljøets {broker}. Vælg hvem du vil logge ind som. "
                    "Alle personerne er opdigtede.",
           "people": "Testpersoner", "login_as": "Log ind som {name}",
           "level": "sikringsniveau", "hpr": "HPR-nummer",
           "cancel": "Afbryd login", "error": "Login kan ikke fortsætte"},
    "en": {"title": "Choose a test person",
           "intro": "This is the development environment's {broker}. Choose who to log in as. "
                    "Every person here is made up.",
           "people": "Test people", "login_as": "Log in as {name}",
           "level": "assurance level", "hpr": "HPR number",
           "cancel": "Cancel the login", "error": "The login cannot continue"},
}
ALIASES = {"no": "nb", "nn": "nb", "nb-no": "nb", "da-dk": "da", "en-gb": "en", "en-us": "en"}


def language(ui_locales: str | None, default: str) -> str:
    """The first of the requested ``ui_locales`` the pages speak, else the broker's own."""
    for tag in (ui_locales or "").lower().split():
        tag = ALIASES.get(tag, tag)
        if tag in TEXTS:
            return tag
    return default
