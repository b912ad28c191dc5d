from marshmallow import Schema, fields

from portal_kit.jsonschema import schema_for


class Inner(Schema):
    name = fields.String()


class Outer(Schema):
    maybe = fields.Nested(Inner, allow_none=True)
    always = fields.Nested(Inner)


def test_a_nested_object_that_may_be_null_says_so_and_one_that_may_not_does_not():
    properties = schema_for(Outer())["properties"]
    assert properties["maybe"]["anyOf"][1] == {"type": "null"}
    assert properties["maybe"]["anyOf"][0]["type"] == "object"
    assert properties["always"]["type"] == "object"
