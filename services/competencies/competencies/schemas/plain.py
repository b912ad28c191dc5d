"""A schema's ``dump`` as plain functions, made once per schema: the same JSON values
(only the declared fields, each as the schema formats it) without marshmallow's per-value
machinery. The approver's queue and the trainee's progress are answered this way (they
are read far more often than anything else is written); a test compares both with the
schema's own dump."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from marshmallow import Schema, fields, missing

Dump = Callable[[Any], Any]


def plain(schema: Schema) -> Dump:
    """A function that returns what ``schema.dump(value)`` returns, for dicts (and lists of
    them when the schema has ``many``)."""
    one = _object(schema)
    if schema.many:
        return lambda values: [one(v) for v in values]
    return one


def _object(schema: Schema) -> Dump:
    plan = [(field.data_key or name, field.attribute or name, _value(field), field.dump_default)
            for name, field in schema.dump_fields.items()]

    def dump(value: Any) -> dict[str, Any]:
        result = {}
        for key, attribute, convert, default in plan:
            found = value.get(attribute, missing)
            if found is missing:
                if default is missing:
                    continue
                found = default() if callable(default) else default
            result[key] = None if found is None else convert(found)
        return result
    return dump


def _same(value: Any) -> Any:
    return value


def _iso(value: date | datetime) -> str:
    return value.isoformat()


def _value(field: fields.Field) -> Dump:
    """How one field formats a value that is not None."""
    if isinstance(field, fields.Nested):
        inner = _object(field.schema)
        if field.many:
            return lambda values: [inner(v) for v in values]
        return inner
    if isinstance(field, fields.List):
        item = _value(field.inner)
        return lambda values: [None if v is None else item(v) for v in values]
    if isinstance(field, fields.Dict) and field.key_field is None and field.value_field is None:
        return dict
    if isinstance(field, fields.Dict):
        keys = _value(field.key_field) if field.key_field else _same
        values = _value(field.value_field) if field.value_field else _same
        return lambda found: {keys(k): values(v) for k, v in found.items()}
    if isinstance(field, fields.String) and type(field) is fields.String:
        return str
    if type(field) is fields.Integer and not field.as_string:
        return int
    if type(field) is fields.Boolean:
        return bool
    if type(field) in (fields.Date, fields.AwareDateTime, fields.DateTime) and \
            field.format in (None, "iso"):
        return _iso
    return lambda value: field._serialize(value, None, None)  # anything else: its own way
