"""Every grant, withdrawal, registration, profile creation and agreement change is in
identity's audit log, which the database keeps append-only."""
import pytest
from identity_tokens import bearer
from sqlalchemy.exc import DBAPIError


def test_the_audit_log_holds_each_accountable_act_and_refuses_changes(
        identity, api, register, agreement_text, registered, sql):
    bergen = register()
    person, tokens = registered("per-dahl", country="NO", national_id="29817520047",
                                given_name="Per", family_name="Dahl")
    api("POST", f"/organisations/{bergen['id']}/memberships",
        json={"person_id": person["id"], "role": "signatory"})
    api("POST", f"/organisations/{bergen['id']}/agreement/sign",
        headers=bearer(tokens["client"].refresh(tokens["refresh_token"]).json()), json={})
    api("POST", f"/organisations/{bergen['id']}/agreement/terminate",
        json={"terminated_by_party": "operator", "reason": "Breach of contract"})
    api("POST", f"/organisations/{bergen['id']}/memberships/withdraw",
        json={"person_id": person["id"], "role": "signatory", "reason": "Left office"})

    entries = api("GET", "/audit", params={"limit": 50}).json()
    actions = [e["action"] for e in reversed(entries)]
    assert actions == ["agreement_text.published", "organisation.registered",
                       "person.profile_created", "person.registered", "membership.granted",
                       "agreement.signed", "agreement.terminated", "membership.withdrawn"]
    signed = next(e for e in entries if e["action"] == "agreement.signed")
    assert (signed["actor"], signed["to_state"]) == (person["id"], "signed")
    withdrawn = entries[0]
    assert (withdrawn["actor"], withdrawn["reason"]) == ("operator", "Left office")
    assert "29817520047" not in str(entries)

    with pytest.raises(DBAPIError):
        sql("update audit_log set actor = 'someone else'")
    with pytest.raises(DBAPIError):
        sql("delete from audit_log")


def test_an_onboarding_that_changes_nothing_writes_no_audit_entry_and_an_empty_one_is_refused(
        api, register):
    bergen = register()
    before = len(api("GET", "/audit", params={"limit": 50}).json())
    same = api("PATCH", f"/organisations/{bergen['id']}", json={
        "organisation_number": bergen["organisation_number"],
        "contact_email": bergen["contact_email"]})
    assert same.status_code == 200, same.text
    assert same.json()["contact_email"] == bergen["contact_email"]
    empty = api("PATCH", f"/organisations/{bergen['id']}", json={})
    assert (empty.status_code, empty.json()["code"]) == (422, "nothing_to_change")
    assert len(api("GET", "/audit", params={"limit": 50}).json()) == before
    changed = api("PATCH", f"/organisations/{bergen['id']}",
                  json={"contact_email": "postmottak@bergen.kommune.no"})
    assert changed.status_code == 200, changed.text
    assert api("GET", "/audit", params={"limit": 50}).json()[0]["action"] == \
        "organisation.updated"
