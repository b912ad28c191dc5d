"""The OpenAPI 3.1 document of a service, generated from its ``api`` routes."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from portal_kit.http import ApiEntrypoint
from portal_kit.jsonschema import schema_for

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM = {"description": "Problem details (RFC 9457)",
           "content": {"application/problem+json": {"schema": PROBLEM_REF}}}
PROBLEM_SCHEMA = {
    "type": "object", "required": ["type", "title", "status", "code"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                   "status": {"type": "integer"}, "detail": {"type": "string"},
                   "code": {"type": "string"}, "errors": {"type": "object"}}}
PATH_PARAMETER = re.compile(r"<(?:[a-z]+:)?([a-zA-Z_]+)>")


def document(service: str, version: str, entrypoints: Iterable[Any]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for entrypoint in sorted(_routes(entrypoints), key=lambda e: (e.url, e.method)):
        path = PATH_PARAMETER.sub(r"{\1}", entrypoint.url)
        for method in entrypoint.method.split(","):
            paths.setdefault(path, {})[method.lower()] = _operation(entrypoint)
    return {
        "openapi": "3.1.0",
        "info": {"title": f"Competency portal: {service}", "version": version},
        "paths": paths,
        "components": {"schemas": {"Problem": PROBLEM_SCHEMA},
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "bearerFormat": "JWT"}}},
    }


def _routes(entrypoints: Iterable[Any]) -> list[ApiEntrypoint]:
    return [e for e in entrypoints if isinstance(e, ApiEntrypoint) and e.spec.documented]


def _operation(entrypoint: ApiEntrypoint) -> dict[str, Any]:
    spec = entrypoint.spec
    operation: dict[str, Any] = {"operationId": entrypoint.method_name,
                                 "summary": spec.summary or entrypoint.method_name,
                                 "responses": _responses(entrypoint)}
    if spec.tags:
        operation["tags"] = list(spec.tags)
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                  for name in PATH_PARAMETER.findall(entrypoint.url)]
    if spec.query is not None:
        query = schema_for(spec.query)
        for name, prop in query["properties"].items():
            parameters.append({"name": name, "in": "query", "schema": prop,
                               **({"required": True} if name in query.get("required", [])
                                  else {})})
    if parameters:
        operation["parameters"] = parameters
    if spec.request is not None:
        operation["requestBody"] = {"required": not spec.body_optional, "content": {
            "application/json": {"schema": schema_for(spec.request)}}}
    elif spec.request_content is not None:
        operation["requestBody"] = {"required": True, "content": spec.request_content}
    if spec.auth:
        operation["security"] = [{"bearer": []}]
    return operation


def _responses(entrypoint: ApiEntrypoint) -> dict[str, Any]:
    spec = entrypoint.spec
    success: dict[str, Any] = {"description": "Success"}
    page_content: dict[str, Any] = {spec.media_type: {"schema": {"type": "string"}}}
    page = {"content": page_content}
    if spec.media_type != "application/json":
        success.update(page)
    if spec.response is not None:
        body = schema_for(spec.response)
        if spec.response.many:
            body = {"type": "array", "items": body}
        success["content"] = {"application/json": {"schema": body}}
    elif spec.response_content is not None:
        success["content"] = spec.response_content
    if spec.links:
        success["links"] = {target: {"operationId": target, "parameters": dict(parameters)}
                            for target, parameters in sorted(spec.links.items())}
    responses: dict[str, Any] = {str(spec.status): success,
                                 "default": dict(PROBLEM, description="Any other outcome: "
                                                 "problem details with a stable code")}
    if spec.request is not None or spec.request_content is not None:
        responses["400"] = PROBLEM
        responses["422"] = PROBLEM
    if spec.auth:
        responses["401"] = PROBLEM
        responses["403"] = PROBLEM
    # A page route's declared answers are pages, or problem details when the request did
    # not reach it (an unroutable path).
    page_or_problem = {"content": {**page_content,
                                   "application/problem+json": {"schema": PROBLEM_REF}}}
    for status, description in spec.responses.items():
        declared = PROBLEM if spec.media_type == "application/json" else page_or_problem
        responses[str(status)] = dict(declared, description=description)
    return responses
