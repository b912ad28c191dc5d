"""docs/asyncapi.yaml: committed, current, and true to what the services publish."""
import importlib.util
import typing
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime
from pathlib import Path

import marshmallow
import pytest
import yaml

from portal_kit.uow import EventTranslator

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "asyncapi.yaml"
MUST_DESCRIBE = ["portal.identity.organisation.registered.v1", "portal.identity.dpa.signed.v1",
                 "portal.identity.dpa.terminated.v1", "portal.notifications.email.sent.v1"]


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_asyncapi",
                                                  ROOT / "docs" / "generate_asyncapi.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = _load_generator()


@pytest.fixture(scope="module")
def document():
    return yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


def published():
    """(service, domain event class, EventSpec) for every event any service publishes."""
    return [(service, event_class, spec)
            for service, specs in generator.published_events()
            for event_class, spec in specs.items()]


def message_for(document, event_type):
    matches = [m for m in document["components"]["messages"].values()
               if m["name"] == event_type]
    assert len(matches) == 1, f"{event_type}: {len(matches)} messages"
    return matches[0]


def resolve(document, ref):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def sample(event_class, spec):
    """A domain event with a plain, valid value in each field (as its data schema sees it);
    the schema's own ``EXAMPLE`` when it gives one."""
    example = getattr(spec.schema, "EXAMPLE", None)
    if example is not None:
        return event_class(**spec.schema.load(example))
    when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    by_field = [(marshmallow.fields.Email, "someone@example.org"),
                (marshmallow.fields.UUID, "3f2a1c1e-7b7e-4c1e-9a55-0d2f1f1b2c3d"),
                (marshmallow.fields.Date, when.date()),
                (marshmallow.fields.DateTime, when), (marshmallow.fields.Boolean, True),
                (marshmallow.fields.Integer, 1), (marshmallow.fields.List, ["sample"])]
    hints = typing.get_type_hints(event_class)
    by_hint = {datetime: when, int: 1, bool: True}

    def value(name):
        field = spec.schema.fields.get(name)
        fallback = by_hint.get(hints[name], f"sample-{name}")
        return next((v for t, v in by_field if isinstance(field, t)), fallback)

    return event_class(**{f.name: value(f.name) for f in dataclass_fields(event_class)})


class TestTheCommittedDocument:
    def test_is_what_the_generator_produces_now(self):
        assert COMMITTED.read_text(encoding="utf-8") == generator.render(), (
            "docs/asyncapi.yaml is stale: run .venv/bin/python docs/generate_asyncapi.py")

    def test_is_asyncapi_3(self, document):
        assert document["asyncapi"] == "3.0.0"
        assert document["defaultContentType"] == "application/cloudevents+json"

    def test_names_the_production_and_local_brokers(self, document):
        servers = document["servers"]
        assert servers["production"]["host"] == "rabbitmq.portal.example:5672"
        assert servers["local"]["host"] == "localhost:5672"
        assert {s["protocol"] for s in servers.values()} == {"amqp"}
        assert {s["protocolVersion"] for s in servers.values()} == {"0-9-1"}

    def test_every_reference_points_somewhere(self, document):
        refs = []

        def collect(node):
            if isinstance(node, dict):
                refs.extend(v for k, v in node.items() if k == "$ref")
                for value in node.values():
                    collect(value)
            elif isinstance(node, list):
                for value in node:
                    collect(value)

        collect(document)
        assert refs
        for ref in refs:
            assert isinstance(resolve(document, ref), dict), ref


class TestEveryPublishedEvent:
    def test_includes_the_agreement_and_mail_events(self, document):
        described = {m["name"] for m in document["components"]["messages"].values()}
        assert set(MUST_DESCRIBE) <= described

    @pytest.mark.parametrize("service,event_class,spec", published(),
                             ids=lambda value: getattr(value, "type", None))
    def test_has_a_channel_on_its_services_exchange(self, document, service, event_class,
                                                    spec):
        channels = [c for c in document["channels"].values() if c["address"] == spec.type]
        assert len(channels) == 1
        amqp = channels[0]["bindings"]["amqp"]
        assert amqp["is"] == "routingKey"
        assert amqp["exchange"] == {"name": f"{service}.events", "type": "topic",
                                    "durable": True, "autoDelete": False}

    @pytest.mark.parametrize("service,event_class,spec", published(),
                             ids=lambda value: getattr(value, "type", None))
    def test_has_a_send_operation_with_its_message(self, document, service, event_class, spec):
        message = message_for(document, spec.type)
        sends = [o for o in document["operations"].values()
                 if resolve(document, o["channel"]["$ref"])["address"] == spec.type]
        assert len(sends) == 1
        assert sends[0]["action"] == "send"
        [reference] = sends[0]["messages"]
        target = resolve(document, resolve(document, reference["$ref"])["$ref"])
        assert target == message

    @pytest.mark.parametrize("service,event_class,spec", published(),
                             ids=lambda value: getattr(value, "type", None))
    def test_message_is_a_structured_cloudevent(self, document, service, event_class, spec):
        message = message_for(document, spec.type)
        assert message["contentType"] == "application/cloudevents+json"
        assert message["bindings"]["amqp"]["messageType"] == spec.type
        envelope = message["payload"]["properties"]
        assert set(message["payload"]["required"]) == {
            "specversion", "id", "source", "type", "time", "subject", "datacontenttype",
            "dataschema", "correlationid", "data"}
        assert envelope["type"]["const"] == spec.type
        assert envelope["source"]["const"] == f"/portal/{service}"

    @pytest.mark.parametrize("service,event_class,spec", published(),
                             ids=lambda value: getattr(value, "type", None))
    def test_payload_lists_the_data_fields_of_its_schema(self, document, service,
                                                         event_class, spec):
        data = message_for(document, spec.type)["payload"]["properties"]["data"]
        expected = {f.data_key or name for name, f in spec.schema.fields.items()}
        assert set(data["properties"]) == expected
        assert set(data["required"]) == {f.data_key or name
                                         for name, f in spec.schema.fields.items()
                                         if f.required}


class TestExamples:
    @pytest.mark.parametrize("service,event_class,spec",
                             [p for p in published() if hasattr(p[2].schema, "EXAMPLE")],
                             ids=lambda value: getattr(value, "type", None))
    def test_an_example_given_is_in_the_document_and_valid_for_its_payload(
            self, document, service, event_class, spec):
        jsonschema = pytest.importorskip("jsonschema")
        message = message_for(document, spec.type)
        [example] = message["examples"]
        jsonschema.Draft202012Validator(message["payload"]).validate(example["payload"])
        assert example["payload"]["data"] == spec.schema.dump(spec.schema.load(spec.schema.EXAMPLE))

    def test_every_sign_off_event_has_an_example(self):
        from portal_contracts import signoff
        assert all(hasattr(schema, "EXAMPLE") for schema in signoff.SCHEMAS.values())


class TestPayloadSchemas:
    """The payloads are valid JSON Schema, and an event as published validates."""

    @pytest.fixture(scope="class")
    def jsonschema(self):
        return pytest.importorskip("jsonschema")

    @pytest.mark.parametrize("service,event_class,spec", published(),
                             ids=lambda value: getattr(value, "type", None))
    def test_is_valid_json_schema(self, jsonschema, document, service, event_class, spec):
        payload = message_for(document, spec.type)["payload"]
        jsonschema.Draft202012Validator.check_schema(payload)
        jsonschema.Draft7Validator.check_schema(payload)  # AsyncAPI's default dialect

    @pytest.mark.parametrize("service,event_class,spec", published(),
                             ids=lambda value: getattr(value, "type", None))
    def test_accepts_the_event_the_service_publishes(self, jsonschema, document, service,
                                                     event_class, spec):
        clock = type("Clock", (), {"now": staticmethod(lambda: datetime.now(UTC))})()
        translate = EventTranslator(f"/portal/{service}", {event_class: spec}, clock,
                                    f"http://localhost:8000/api/{service}/schemas")
        event = translate(sample(event_class, spec))
        payload = message_for(document, spec.type)["payload"]
        jsonschema.Draft202012Validator(payload).validate(event)

    @pytest.mark.parametrize("service,event_class,spec", published(),
                             ids=lambda value: getattr(value, "type", None))
    def test_allows_extension_attributes_as_cloudevents_does(self, jsonschema, document, service,
                                                             event_class, spec):
        clock = type("Clock", (), {"now": staticmethod(lambda: datetime.now(UTC))})()
        translate = EventTranslator(f"/portal/{service}", {event_class: spec}, clock,
                                    f"http://localhost:8000/api/{service}/schemas")
        event = translate(sample(event_class, spec))
        validator = jsonschema.Draft202012Validator(
            message_for(document, spec.type)["payload"])
        validator.validate({**event, "traceparent": "00-0af7651916cd43dd-01", "sampled": True})
        for bad in ({"traceParent": "x"}, {"trace_parent": "x"}, {"traceparent": {"a": 1}},
                    {"priority": 2 ** 31}):
            assert not validator.is_valid({**event, **bad}), bad


def test_every_message_and_command_has_an_example_its_payload_schema_accepts(document):
    import jsonschema
    for message in document["components"]["messages"].values():
        validator = jsonschema.Draft202012Validator(
            message["payload"], format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        [shown] = message["examples"]
        assert list(validator.iter_errors(shown["payload"])) == [], message["name"]
        assert shown["payload"]["type"] == message["name"]


def test_every_message_says_how_its_data_is_classed(document):
    classes = {m["name"]: m.get("x-data-classification")
               for m in document["components"]["messages"].values()}
    assert {name: c for name, c in classes.items()
            if c not in ("public", "personal", "sensitive", "secret")} == {}
