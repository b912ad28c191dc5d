"""Routes whose bodies are not JSON (streamed uploads, downloads) are documented as such."""
from marshmallow import Schema, fields

from portal_kit.http import ApiEntrypoint, RouteSpec
from portal_kit.openapi import document

BINARY = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}


class Receipt(Schema):
    id = fields.String()


def route(url: str, spec: RouteSpec) -> ApiEntrypoint:
    entrypoint = ApiEntrypoint("POST", url, spec=spec)
    entrypoint.method_name = url.rsplit("/", 1)[-1]
    return entrypoint


def operation(spec: RouteSpec) -> dict:
    return document("files", "1", [route("/api/files/v1/upload", spec)])[
        "paths"]["/api/files/v1/upload"]["post"]


def test_a_streamed_request_body_is_documented_with_its_own_media_types():
    found = operation(RouteSpec(request_content=BINARY, response=Receipt(), status=201))
    assert found["requestBody"] == {"required": True, "content": BINARY}
    assert {"201", "400", "422"} <= set(found["responses"])
    assert "application/json" in found["responses"]["201"]["content"]


def test_a_binary_response_is_documented_with_its_media_types():
    found = operation(RouteSpec(response_content=BINARY))
    assert found["responses"]["200"]["content"] == BINARY
    assert "requestBody" not in found


def test_a_json_request_body_is_documented_as_before():
    class Note(Schema):
        text = fields.String(required=True)
    found = operation(RouteSpec(request=Note()))
    assert list(found["requestBody"]["content"]) == ["application/json"]


def test_a_required_query_field_is_a_required_parameter():
    class Upload(Schema):
        kind = fields.String(required=True)
        note = fields.String()
    found = {p["name"]: p for p in operation(RouteSpec(query=Upload()))["parameters"]}
    assert found["kind"]["required"] is True and "required" not in found["note"]


def test_a_success_names_the_operations_its_body_leads_to_as_openapi_links():
    found = operation(RouteSpec(response=Receipt(), status=201, links={
        "receipt": {"receipt_id": "$response.body#/id"}}))
    assert found["responses"]["201"]["links"] == {"receipt": {
        "operationId": "receipt", "parameters": {"receipt_id": "$response.body#/id"}}}
    assert "links" not in operation(RouteSpec(response=Receipt()))["responses"]["200"]


def test_a_body_the_route_reads_only_when_sent_is_documented_as_optional():
    class Reason(Schema):
        reason = fields.String()
    assert operation(RouteSpec(request=Reason(), body_optional=True))[
        "requestBody"]["required"] is False
    assert operation(RouteSpec(request=Reason()))["requestBody"]["required"] is True
