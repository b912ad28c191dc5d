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
