import jsonschema
from marshmallow import Schema, fields, validate

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


class Choice(Schema):
    maybe = fields.String(allow_none=True, validate=validate.OneOf(["nb", "da"]))
    always = fields.String(validate=validate.OneOf(["nb", "da"]))


def test_a_choice_that_may_be_null_lists_null_among_its_values_and_one_that_may_not_does_not():
    properties = schema_for(Choice())["properties"]
    assert properties["maybe"]["enum"] == ["nb", "da", None]
    assert properties["always"]["enum"] == ["nb", "da"]
    validator = jsonschema.Draft202012Validator(schema_for(Choice()))
    assert validator.is_valid({"maybe": None, "always": "nb"})
    assert not validator.is_valid({"maybe": "en"})
