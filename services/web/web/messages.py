"""Problem details in words a person understands, in their language.

Services answer with stable ``code``s and, for invalid fields, marshmallow's messages per
field. Known ones are translated here; anything else falls back to a plain sentence for
its status, and the service's own (English) detail is shown beside it for the curious.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

FIELD_MESSAGES: list[tuple[re.Pattern[str], LazyString]] = [
    (re.compile(r"^Missing data for required field\.$"), _l("Fill in this field.")),
    (re.compile(r"^Field may not be null\.$"), _l("Fill in this field.")),
    (re.compile(r"^Not a valid email address\.$"),
     _l("Enter an e-mail address in the form name@example.no.")),
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


LENGTH_BETWEEN = re.compile(r"^Length must be between (\d+) and (\d+)\.$")
SHORTER_THAN = re.compile(r"^Shorter than minimum length (\d+)\.$")
LONGER_THAN = re.compile(r"^Longer than maximum length (\d+)\.$")
UNKNOWN = object()


def _length_message(text: str, value: Any) -> str | None:
    """Marshmallow's length messages name the bounds, not which one was crossed: the value
    sent decides (empty, too short or too long); when it is not known, both bounds are
    named."""
    if found := LENGTH_BETWEEN.match(text):
        low, high = int(found[1]), int(found[2])
    elif found := SHORTER_THAN.match(text):
        low, high = int(found[1]), None
    elif found := LONGER_THAN.match(text):
        low, high = None, int(found[1])
    else:
        return None
    length = None if value is UNKNOWN else len(value) if isinstance(value, str) else 0
    if low and (length == 0 or (low == 1 and high is None)):
        return str(_l("Fill in this field."))
    if low and (high is None or (length is not None and length < low)):
        return str(_l("The text is too short: use at least %(low)d characters.", low=low))
    if high is not None and (low is None or (length is not None and length > high)):
        return str(_l("The text is too long: use at most %(high)d characters.", high=high))
    return str(_l("Use between %(low)d and %(high)d characters.", low=low, high=high))


def field_message(text: Any, value: Any = UNKNOWN) -> str:
    """One field error from a service, translated when we know it; ``value`` is what was
    sent in the field, when that is known."""
    if isinstance(text, str) and (length := _length_message(text, value)):
        return length
    for pattern, message in FIELD_MESSAGES:
        if isinstance(text, str) and pattern.match(text):
            return str(message)
    return str(_l("This value was not accepted."))


def problem_message(code: str, status: int) -> str:
    if code in CODE_MESSAGES:
        return str(CODE_MESSAGES[code])
    return str(STATUS_MESSAGES.get(status, GENERAL))


def field_errors(errors: dict[str, Any],
                 values: Mapping[str, Any] | None = None) -> dict[str, list[str]]:
    """``{"email": ["Not a valid email address."]}`` -> translated messages per field;
    ``values``: what the form sent, where a message depends on it (a length's bounds)."""
    result: dict[str, list[str]] = {}
    for name, messages in errors.items():
        listed = messages if isinstance(messages, list) else [messages]
        value = UNKNOWN if values is None else values.get(str(name))
        result[str(name)] = list(dict.fromkeys(field_message(m, value) for m in listed))
    return result
