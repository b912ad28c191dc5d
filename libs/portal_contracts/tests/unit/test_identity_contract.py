from datetime import UTC, datetime

import pytest
from marshmallow import ValidationError

from portal_contracts import identity

SIGNED = {"organisation_id": "org-1", "organisation_name": "Bergen kommune",
          "kind": "municipality", "contact_email": "post@bergen.kommune.no",
          "agreement_version": 2, "recorded_by": "operator", "signatory_name": "Ordfører",
          "signed_at": "2026-03-01T09:00:00+00:00"}


def event(event_type, data):
    return {"type": event_type, "time": "2026-03-01T09:00:01Z", "data": data}


def test_a_signed_event_reads_as_an_agreement_in_force():
    change = identity.agreement_change(event(identity.DPA_SIGNED, SIGNED))
    assert (change.organisation_id, change.version, change.in_force) == ("org-1", 2, True)
    assert change.at == datetime(2026, 3, 1, 9, 0, 1, tzinfo=UTC)


def test_a_terminated_event_reads_as_an_agreement_no_longer_in_force():
    data = dict(SIGNED, terminated_by_party="organisation", reason="x",
                terminated_at="2026-04-01T09:00:00+00:00")
    del data["signatory_name"], data["signed_at"]
    assert not identity.agreement_change(event(identity.DPA_TERMINATED, data)).in_force


def test_fields_a_producer_adds_later_do_not_break_a_consumer():
    change = identity.agreement_change(event(identity.DPA_SIGNED, dict(SIGNED, new_field=1)))
    assert change.in_force


def test_an_event_missing_a_field_of_its_contract_is_refused():
    data = dict(SIGNED)
    del data["agreement_version"]
    with pytest.raises(ValidationError):
        identity.agreement_change(event(identity.DPA_SIGNED, data))


def test_a_consumer_of_the_agreement_needs_only_the_fields_it_reads():
    data = {"organisation_id": "org-1", "organisation_name": "Bergen", "agreement_version": 1}
    assert identity.agreement_change(event(identity.DPA_SIGNED, data)).version == 1
