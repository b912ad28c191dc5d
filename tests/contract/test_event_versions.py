"""The versioning rule: a deprecated event version is published only while someone outside
may still read it; every consumer in the repository reads the newest version."""
import importlib

import pytest

from portal_contracts import identity

CONSUMERS = ["invitations", "competencies", "documents", "notifications"]
DEPRECATED = {spec.type for spec in importlib.import_module("identity.schemas.events")
              .EVENT_SPECS.values() if getattr(spec.schema, "DEPRECATED_BY", None)}


def test_the_deprecated_identity_events_are_the_v1_agreement_and_registration_events():
    assert {identity.DPA_SIGNED, identity.DPA_TERMINATED,
                          identity.ORGANISATION_REGISTERED} == DEPRECATED


@pytest.mark.parametrize("service", CONSUMERS)
def test_no_consumer_subscribes_to_a_deprecated_version(service):
    handlers = importlib.import_module(f"{service}.service_layer.handlers").EVENT_HANDLERS
    assert set(handlers) & DEPRECATED == set()


@pytest.mark.parametrize("service", ["invitations", "competencies", "documents"])
def test_the_agreement_gates_read_v2(service):
    handlers = importlib.import_module(f"{service}.service_layer.handlers").EVENT_HANDLERS
    assert {identity.DPA_SIGNED_V2, identity.DPA_TERMINATED_V2} <= set(handlers)
