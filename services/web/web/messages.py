"""Problem details in words a person understands, in their language.

Services answer with stable ``code``s and, for invalid fields, marshmallow's messages per
field. Known ones are translated here; anything else falls back to a plain sentence for
its status, and the service's own (English) detail is shown beside it for the curious.
"""
from __future__ import annotations

import re
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

FIELD_MESSAGES: list[tuple[re.Pattern[str], LazyString]] = [
    (re.compile(r"^Missing data for required field\.$"), _l("Fill in this field.")),
    (re.compile(r"^Field may not be null\.$"), _l("Fill in this field.")),
    (re.compile(r"^Not a valid email address\.$"),
     _l("Enter an e-mail address in the form name@example.no.")),
    (re.compile(r"^Shorter than minimum length 1\.$"), _l("Fill in this field.")),
    (re.compile(r"^Length must be between \d+ and \d+\.$"), _l("The text is too long.")),
    (re.compile(r"^Longer than maximum length \d+\.$"), _l("The text is too long.")),
    (re.compile(r"^Must be one of: .*\.$"), _l("Choose one of the options.")),
    (re.compile(r"^String does not match expected pattern\.$"),
     _l("Use only the characters this field allows.")),
    (re.compile(r"^Not a valid (string|integer|number|datetime|date)\.$"),
     _l("This value is not of the right kind.")),
    (re.compile(r"^Unknown field\.$"), _l("This field is not expected here.")),
]

CODE_MESSAGES: dict[str, LazyString] = {
    "validation_failed": _l("Some fields need to be corrected."),
    "email_taken": _l("This e-mail address is already used by another person."),
    "already_registered": _l("You are already registered."),
    "already_signed": _l("The agreement is already signed."),
    "agreement_not_signed": _l("There is no agreement in force to terminate."),
    "not_found": _l("We could not find what you asked for. It may have been removed."),
    "forbidden": _l("You do not have access to do this."),
    "conflicting_change": _l("Someone else changed this at the same time. "
                             "Reload the page and try again."),
    "dpa_not_active": _l("The organisation has no data-processing agreement in force."),
}

STATUS_MESSAGES: dict[int, LazyString] = {
    400: _l("The request could not be read. Check what you entered and try again."),
    403: _l("You do not have access to do this."),
    404: _l("We could not find what you asked for. It may have been removed."),
    409: _l("This conflicts with how things are now. Reload the page and try again."),
    422: _l("Some fields need to be corrected."),
    429: _l("Too many attempts. Wait a little and try again."),
}
GENERAL = _l("The service refused the request.")


def field_message(text: Any) -> str:
    """One field error from a service, translated when we know it."""
    for pattern, message in FIELD_MESSAGES:
        if isinstance(text, str) and pattern.match(text):
            return str(message)
    return str(_l("This value was not accepted."))


def problem_message(code: str, status: int) -> str:
    if code in CODE_MESSAGES:
        return str(CODE_MESSAGES[code])
    return str(STATUS_MESSAGES.get(status, GENERAL))


def field_errors(errors: dict[str, Any]) -> dict[str, list[str]]:
    """``{"email": ["Not a valid email address."]}`` -> translated messages per field."""
    result: dict[str, list[str]] = {}
    for name, messages in errors.items():
        listed = messages if isinstance(messages, list) else [messages]
        result[str(name)] = list(dict.fromkeys(field_message(m) for m in listed))
    return result
