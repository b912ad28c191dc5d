"""A plain example value for a JSON Schema, as the AsyncAPI document shows each event.

Only the shapes the portal's event schemas use: objects (every property given),
arrays (one item), enums and consts (the first), strings by format, pattern and
length, numbers and booleans. The AsyncAPI tests check each example against its
schema, so a shape this does not know shows up there.
"""
from __future__ import annotations

from typing import Any

EXAMPLE_ID = "3f2b9c1e-8d4a-4e6f-9b7c-2a1d5e8f0c34"
BY_FORMAT = {"date-time": "2030-01-02T03:04:05+00:00", "date": "2030-01-02",
             "email": "someone@example.org", "uri": "https://portal.example/",
             "uuid": EXAMPLE_ID}
BY_PATTERN = {r"^\+?[0-9 ]{6,20}$": "+47 912 34 567"}


def example(schema: dict[str, Any], name: str = "") -> Any:
    """A value the schema accepts; ``name`` (the property's) picks a fitting string."""
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for combined in ("anyOf", "oneOf"):
        if schema.get(combined):
            return example(schema[combined][0], name)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        return {key: example(value, key) for key, value in schema.get("properties", {}).items()}
    if kind == "array":
        return [example(schema.get("items", {}), name)]
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return text(schema, name)


def text(schema: dict[str, Any], name: str) -> str:
    if schema.get("format") in BY_FORMAT:
        return BY_FORMAT[schema["format"]]
    if schema.get("pattern") in BY_PATTERN:
        return BY_PATTERN[schema["pattern"]]
    value = EXAMPLE_ID if name == "id" or name.endswith("_id") else (name or "example")
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    value = value.ljust(low, "x")
    return value[:high] if high is not None else value
