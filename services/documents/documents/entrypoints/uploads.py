"""How upload routes are declared: the body's media types (raw or multipart) for OpenAPI."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema

from portal_kit.jsonschema import schema_for

FILE = {"type": "string", "format": "binary"}
REFUSALS = {413: "Larger than the size limit (refused while it arrives)",
            415: "Not a PDF, JPEG or PNG by its content"}


def upload_content(fields: Schema) -> dict[str, Any]:
    """A raw body (metadata in the query) or a form whose fields come before its file (a
    field given in the form stands in for the query parameter of that name)."""
    form = schema_for(fields)
    form["properties"] = dict(form["properties"], file=FILE)
    form["required"] = ["file"]
    return {"application/octet-stream": {"schema": FILE},
            "multipart/form-data": {"schema": form}}
