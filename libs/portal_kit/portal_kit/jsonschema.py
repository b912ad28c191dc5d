"""marshmallow schemas -> JSON Schema (for OpenAPI 3.1, AsyncAPI and event dataschemas)."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

FORMATS: list[tuple[type[fields.Field], dict[str, Any]]] = [
    (fields.Email, {"type": "string", "format": "email"}),
    (fields.Url, {"type": "string", "format": "uri"}),
    (fields.UUID, {"type": "string", "format": "uuid"}),
    (fields.AwareDateTime, {"type": "string", "format": "date-time"}),
    (fields.DateTime, {"type": "string", "format": "date-time"}),
    (fields.Date, {"type": "string", "format": "date"}),
    (fields.String, {"type": "string"}),
    (fields.Boolean, {"type": "boolean"}),
    (fields.Integer, {"type": "integer"}),
    (fields.Number, {"type": "number"}),
    (fields.Dict, {"type": "object"}),
]


NO_NUL = r"^[^\u0000]*$"
ARRAY_BOUNDS = {"minLength": "minItems", "maxLength": "maxItems"}


def schema_for(schema: Schema | type[Schema]) -> dict[str, Any]:
    instance = schema() if isinstance(schema, type) else schema
    properties = {}
    required = []
    for name, field in instance.fields.items():
        key = field.data_key or name
        if field.load_only and field.dump_only:
            continue
        properties[key] = field_schema(field)
        if field.required:
            required.append(key)
    result: dict[str, Any] = {"type": "object", "properties": properties,
                              "additionalProperties": False}
    if required:
        result["required"] = required
    return result


def field_schema(field: fields.Field) -> dict[str, Any]:
    if isinstance(field, fields.Nested):
        nested = schema_for(field.schema)
        shaped = {"type": "array", "items": nested} if field.many else nested
        return {"anyOf": [shaped, {"type": "null"}]} if field.allow_none else shaped
    if isinstance(field, fields.List):
        result: dict[str, Any] = {"type": "array", "items": field_schema(field.inner)}
    else:
        result = next((dict(s) for t, s in FORMATS if isinstance(field, t)), {})
    if field.allow_none and "type" in result:
        result["type"] = [result["type"], "null"]
    for validator in field.validators:
        constraints = _constraints(validator)
        if result.get("type") == "array":
            constraints = {ARRAY_BOUNDS.get(k, k): v for k, v in constraints.items()}
        result.update(constraints)
    if field.allow_none and "enum" in result and None not in result["enum"]:
        result["enum"] = [*result["enum"], None]  # an enum binds null too: let it through
    if result.get("type") in ("string", ["string", "null"]) and "pattern" not in result \
            and "enum" not in result and "format" not in result:
        result["pattern"] = NO_NUL  # text never holds NUL (the API answers 400 nul_character)
    description = field.metadata.get("description")
    if description:
        result["description"] = description
    return result


def _constraints(validator: Any) -> dict[str, Any]:
    if isinstance(validator, validate.Length):
        return {k: v for k, v in (("minLength", validator.min), ("maxLength", validator.max))
                if v is not None}
    if isinstance(validator, validate.Range):
        return {k: v for k, v in (("minimum", validator.min), ("maximum", validator.max))
                if v is not None}
    if isinstance(validator, validate.OneOf):
        return {"enum": list(validator.choices)}
    if isinstance(validator, validate.Regexp):
        return {"pattern": validator.regex.pattern}
    return {}
