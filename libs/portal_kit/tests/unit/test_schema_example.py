"""portal_kit.schema_example: the example values the AsyncAPI document shows."""
from portal_kit.schema_example import EXAMPLE_ID, example


def test_an_object_gets_every_property_with_a_value_its_schema_accepts():
    schema = {"type": "object", "properties": {
        "person_id": {"type": "string"}, "at": {"type": "string", "format": "date-time"},
        "kind": {"type": "string", "enum": ["municipality", "region"]},
        "mobile": {"type": ["string", "null"], "pattern": r"^\+?[0-9 ]{6,20}$"},
        "count": {"type": "integer", "minimum": 3}, "tags": {"items": {"type": "string"},
                                                              "type": "array"}}}
    assert example(schema) == {"person_id": EXAMPLE_ID, "at": "2030-01-02T03:04:05+00:00",
                               "kind": "municipality", "mobile": "+47 912 34 567",
                               "count": 3, "tags": ["tags"]}


def test_a_string_keeps_to_its_length_limits():
    assert len(example({"type": "string", "minLength": 12}, "name")) == 12
    assert example({"type": "string", "maxLength": 2}, "country") == "co"


def test_a_const_wins_over_everything_else():
    assert example({"type": "string", "const": "1.0", "format": "date"}) == "1.0"
