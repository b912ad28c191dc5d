"""Tokens carry memberships only of organisations with an agreement in force (a signatory's
always, who can only sign): refused after termination, given again after re-signing."""
import jwt
from identity_tokens import bearer

PER_DAHL = {"country": "NO", "national_id": "29817520047", "given_name": "Per",
            "family_name": "Dahl"}
NORA = {"country": "NO", "national_id": "05867010051", "given_name": "Nora",
        "family_name": "Eriksen"}


def memberships(tokens):
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    return sorted((m["role"], m["organisation_id"]) for m in claims["memberships"])


def refresh(tokens):
    answer = tokens["client"].refresh(tokens["refresh_token"])
    assert answer.status_code == 200, answer.text
    return dict(answer.json(), client=tokens["client"])


def test_memberships_follow_the_agreement_and_a_signatory_signs_with_eid(
        identity, api, register, agreement_text, registered):
    bergen = register()
    practice = api("POST", "/organisations", json={
        "name": "Bergen legevakt", "kind": "clinic", "country": "NO",
        "agreement_holder_id": bergen["id"]}).json()
    admin, admin_tokens = registered("per-dahl", **PER_DAHL)
    signatory, signatory_tokens = registered("nora-eriksen", **NORA)
    for person, role, where in ((admin, "municipality_admin", bergen),
                                (admin, "tutor", practice), (signatory, "signatory", bergen)):
        granted = api("POST", f"/organisations/{where['id']}/memberships",
                      json={"person_id": person["id"], "role": role})
        assert granted.status_code == 201, granted.text

    admin_tokens, signatory_tokens = refresh(admin_tokens), refresh(signatory_tokens)
    assert memberships(admin_tokens) == []
    assert memberships(signatory_tokens) == [("signatory", bergen["id"])]

    signed = api("POST", f"/organisations/{bergen['id']}/agreement/sign",
                 headers=bearer(signatory_tokens), json={})
    assert signed.status_code == 200, signed.text
    assert signed.json()["agreement"]["signature_method"] == "eid"
    assert signed.json()["agreement"]["signatory_person_id"] == signatory["id"]
    admin_tokens = refresh(admin_tokens)
    assert memberships(admin_tokens) == sorted([("municipality_admin", bergen["id"]),
                                                ("tutor", practice["id"])])

    api("POST", f"/organisations/{bergen['id']}/agreement/terminate", json={
        "terminated_by_party": "organisation", "reason": "New supplier"})
    admin_tokens = refresh(admin_tokens)
    assert memberships(admin_tokens) == []

    again = api("POST", f"/organisations/{bergen['id']}/agreement/sign",
                headers=bearer(refresh(signatory_tokens)), json={"text_version": 1})
    assert again.json()["agreement"]["version"] == 2
    assert len(memberships(refresh(admin_tokens))) == 2

    history = api("GET", f"/organisations/{bergen['id']}/agreement/history").json()
    assert [(h["action"], h["agreement_version"]) for h in history] == [
        ("signed", 2), ("terminated", 1), ("signed", 1)]


def test_only_a_designated_signatory_signs_and_an_administrator_grants_only_tutors(
        identity, api, register, agreement_text, registered):
    bergen = register()
    practice = api("POST", "/organisations", json={
        "name": "Bergen legevakt", "kind": "clinic", "country": "NO",
        "agreement_holder_id": bergen["id"]}).json()
    admin, admin_tokens = registered("per-dahl", **PER_DAHL)
    other, _ = registered("nora-eriksen", **NORA)
    refused = api("POST", f"/organisations/{bergen['id']}/agreement/sign",
                  headers=bearer(admin_tokens), json={})
    assert (refused.status_code, refused.json()["code"]) == (403, "not_a_signatory")
    api("POST", f"/organisations/{bergen['id']}/memberships",
        json={"person_id": admin["id"], "role": "municipality_admin"})
    api("POST", f"/organisations/{bergen['id']}/agreement/sign", json={"signatory_name": "X"})
    admin_tokens = refresh(admin_tokens)

    tutor = api("POST", f"/organisations/{practice['id']}/memberships",
                headers=bearer(admin_tokens), json={"person_id": other["id"], "role": "tutor"})
    assert tutor.status_code == 201, tutor.text
    signatory = api("POST", f"/organisations/{bergen['id']}/memberships",
                    headers=bearer(admin_tokens),
                    json={"person_id": other["id"], "role": "signatory"})
    assert (signatory.status_code, signatory.json()["code"]) == (403, "not_allowed")
    withdrawn = api("POST", f"/organisations/{practice['id']}/memberships/withdraw",
                    headers=bearer(admin_tokens),
                    json={"person_id": other["id"], "role": "tutor", "reason": "Left"})
    assert withdrawn.status_code == 200 and withdrawn.json()["memberships"] == []
    people = api("GET", f"/organisations/{bergen['id']}/people", headers=bearer(admin_tokens))
    assert {p["family_name"] for p in people.json()} == {"per-dahl"}


def test_a_holders_administrator_lists_its_places_and_no_others(
        identity, api, register, agreement_text, registered):
    bergen, voss = register(), register(name="Voss herad", organisation_number="974743272")
    for holder, name in ((bergen, "Bergen legevakt"), (voss, "Voss legevakt")):
        api("POST", "/organisations", json={"name": name, "kind": "clinic", "country": "NO",
                                             "agreement_holder_id": holder["id"]})
    admin, admin_tokens = registered("per-dahl", **PER_DAHL)
    api("POST", f"/organisations/{bergen['id']}/memberships",
        json={"person_id": admin["id"], "role": "municipality_admin"})
    api("POST", f"/organisations/{bergen['id']}/agreement/sign", json={"signatory_name": "X"})
    admin_tokens = refresh(admin_tokens)
    mine = api("GET", "/organisations", headers=bearer(admin_tokens),
               params={"holder_id": bergen["id"]})
    assert [o["name"] for o in mine.json()] == ["Bergen legevakt"]
    for params in ({"holder_id": voss["id"]}, {}):
        refused = api("GET", "/organisations", headers=bearer(admin_tokens), params=params)
        assert refused.status_code == 403
