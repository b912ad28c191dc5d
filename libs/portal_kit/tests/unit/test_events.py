from datetime import UTC, datetime

import pytest
from marshmallow import ValidationError

from portal_kit import events as ce


def an_event(**overrides):
    fields = {"source": "/portal/identity", "type": "portal.identity.dpa.signed.v1",
                  "subject": "organisations/1", "data": {"a": 1},
                  "time": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
                  "correlation_id": "c-1", "dataschema": "http://x/schemas/t.json"}
    fields.update(overrides)
    return ce.envelope(**fields)


class TestEnvelope:
    def test_an_envelope_carries_every_cloudevents_attribute_and_the_correlation_id(self):
        event = an_event()
        assert event["specversion"] == "1.0"
        assert event["time"] == "2026-01-02T03:04:05Z"
        assert event["correlationid"] == "c-1"
        assert event["datacontenttype"] == "application/json"
        assert set(event) == {"specversion", "id", "source", "type", "time", "subject",
                              "datacontenttype", "dataschema", "correlationid", "data"}

    def test_every_envelope_gets_a_new_id(self):
        assert an_event()["id"] != an_event()["id"]

    def test_the_schema_accepts_a_well_formed_envelope(self):
        assert ce.CloudEventSchema().load(an_event())["type"] == "portal.identity.dpa.signed.v1"

    @pytest.mark.parametrize("bad_type", ["dpa.signed", "portal.identity.dpa.signed",
                                          "Portal.identity.dpa.signed.v1"])
    def test_the_schema_rejects_types_outside_the_naming_convention(self, bad_type):
        with pytest.raises(ValidationError) as error:
            ce.CloudEventSchema().load(an_event(type=bad_type))
        assert "type" in error.value.messages

    def test_the_body_round_trips_through_the_kombu_serializer(self):
        from kombu import serialization
        event = an_event()
        content_type, encoding, body = serialization.dumps(event, serializer="cloudevents")
        assert content_type == "application/cloudevents+json"
        assert serialization.loads(body, content_type, encoding) == event


def without(event, *names):
    return {k: v for k, v in event.items() if k not in names}


class TestExtensionAttributes:
    """Producers may add CloudEvents extension attributes; consumers carry them along."""

    @pytest.mark.parametrize("extensions", [
        {"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
        {"sampled": True, "priority": 3, "partitionkey": "organisations/1"},
        {"unset": None}, {"averyveryverylongextensionname": "longer than 20 is allowed"}])
    def test_the_schema_accepts_and_keeps_extension_attributes(self, extensions):
        loaded = ce.CloudEventSchema().load({**an_event(), **extensions})
        assert {k: loaded[k] for k in extensions} == extensions

    @pytest.mark.parametrize("name", ["traceParent", "trace_parent", "trace-parent", "spån", ""])
    def test_an_extension_name_outside_lower_case_letters_and_digits_is_refused(self, name):
        with pytest.raises(ValidationError) as error:
            ce.CloudEventSchema().load({**an_event(), name: "x"})
        assert name in error.value.messages

    @pytest.mark.parametrize("value", [{"a": 1}, [1], 1.5, 2 ** 31])
    def test_an_extension_value_that_is_no_string_integer_or_boolean_is_refused(self, value):
        with pytest.raises(ValidationError) as error:
            ce.CloudEventSchema().load({**an_event(), "traceparent": value})
        assert "traceparent" in error.value.messages

    def test_an_event_without_a_correlation_id_is_accepted(self):
        assert ce.CloudEventSchema().validate(without(an_event(), "correlationid")) == {}

    def test_subject_dataschema_and_datacontenttype_are_optional_on_consume(self):
        assert ce.CloudEventSchema().validate(
            without(an_event(), "subject", "dataschema", "datacontenttype")) == {}

    @pytest.mark.parametrize("missing", ["specversion", "id", "source", "type", "time", "data"])
    def test_an_event_without_a_required_attribute_is_refused(self, missing):
        assert missing in ce.CloudEventSchema().validate(without(an_event(), missing))

    @pytest.mark.parametrize("attribute, value", [
        ("specversion", "0.3"), ("specversion", 1.0), ("id", ""), ("id", None),
        ("datacontenttype", "text/plain"), ("data", "a string"), ("correlationid", 7)])
    def test_an_event_with_a_bad_known_attribute_is_refused(self, attribute, value):
        assert attribute in ce.CloudEventSchema().validate({**an_event(), attribute: value})
