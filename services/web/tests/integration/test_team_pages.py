"""The team pages against a small fake of invitations' API: what they send, and how the
service's refusals are shown (next to the field, in words); the link page reveals nothing
about a dead link and counts lookups per browser, not per web front end."""
from urllib.parse import parse_qs, urlsplit

import pytest
from fake_invitations import FakeInvitations

from fake_identity import Person, Served
from web.app import create_app
from web_testing import Browser, settings_for, text

TUTOR = [{"organisation_id": "pa", "role": "tutor"}, {"organisation_id": "pb", "role": "tutor"}]


@pytest.fixture
def invitations():
    fake = FakeInvitations()
    served = Served(fake.app)
    fake.url = served.url
    yield fake
    served.stop()


@pytest.fixture
def browser(web_database, identity, invitations):
    settings = settings_for(web_database, identity.url)
    urls = dict(settings.service_urls, invitations=invitations.url)
    return Browser(create_app(settings_for(web_database, identity.url, service_urls=urls)))


def sent(invitations, path):
    return [body for method, asked, body, _ in invitations.asked
            if method == "POST" and asked.endswith(path)]


class TestMyTeam:
    def test_the_invitation_is_sent_with_the_role_the_address_and_the_language(
            self, browser, identity, invitations):
        browser.login(identity, Person("p-1", lang="en"))
        assert "Still missing in your team" in text(browser.get("/team"))
        answer = browser.post("/team/invitations", {"role": "leader", "email": "ola@example.no",
                                                    "language": ""})
        assert answer.status_code == 303 and answer.headers["Location"].endswith(
            "/team?notice=invited")
        assert sent(invitations, "/invitations") == [
            {"role": "leader", "email": "ola@example.no", "language": None}]

    def test_a_second_pending_leader_is_refused_next_to_the_role(self, browser, identity,
                                                                 invitations):
        browser.login(identity, Person("p-1", lang="en"))
        browser.get("/team")
        invitations.refusal = (409, "invitation_pending", {})
        answer = browser.post("/team/invitations", {"role": "leader", "email": "x@example.no"})
        page = text(answer)
        assert answer.status_code == 422
        assert 'id="f-role-error"' in page and "waiting for an answer already" in page

    def test_an_empty_address_is_asked_for_without_calling_the_service(self, browser, identity,
                                                                       invitations):
        browser.login(identity, Person("p-1", lang="en"))
        browser.get("/team")
        answer = browser.post("/team/invitations", {"role": "leader", "email": ""})
        assert answer.status_code == 422 and 'id="f-email-error"' in text(answer)
        assert sent(invitations, "/invitations") == []

    def test_no_agreement_in_force_is_said_in_words(self, browser, identity, invitations):
        browser.login(identity, Person("p-1", lang="en"))
        browser.get("/team")
        invitations.refusal = (403, "dpa_not_active", {})
        answer = browser.post("/team/invitations", {"role": "leader", "email": "x@example.no"})
        assert answer.status_code == 422
        assert "no data-processing agreement in force" in text(answer)


class TestTheLinkPage:
    def test_a_good_link_shows_the_invitation_escaped_and_a_login_with_the_ticket(
            self, browser, invitations):
        answer = browser.get("/invitation?token=good", headers={"X-Forwarded-For": "198.51.100.7"})
        page = text(answer)
        assert answer.status_code == 200 and "Kari &lt;b&gt;Nordmann&lt;/b&gt;" in page
        login = page.split('href="/auth/login?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        query = parse_qs(login)
        assert query["registration_ticket"] == ["aaa.bbb.ccc"] and query["eid"] == ["helseid"]
        assert urlsplit(query["return_to"][0]).path == "/invitation/accepted"
        headers = invitations.asked[-1][3]
        assert headers["X-Forwarded-For"] == "198.51.100.7", "counted per browser"

    def test_a_dead_link_gets_one_answer_and_nothing_about_why(self, browser):
        answer = browser.get("/invitation?token=used-or-unknown")
        assert answer.status_code == 404
        assert "This invitation link cannot be used" in text(answer)
        assert browser.get("/invitation").status_code == 404


class TestVejledere:
    def test_a_person_who_is_no_tutor_is_refused(self, browser, identity):
        browser.login(identity, Person("p-1", lang="en"))
        assert browser.get("/vejledere/new").status_code == 403

    def test_the_appointment_sends_the_choices_of_the_form(self, browser, identity,
                                                           invitations):
        browser.login(identity, Person("p-1", lang="en", memberships=TUTOR))
        page = text(browser.get("/vejledere/new?authorisation_id=4AL9R&given_name=Anne"
                                "&family_name=Larsen"))
        assert 'id="f-place_id"' in page, "a tutor of several practices chooses the department"
        browser.post("/vejledere/new", {
            "authorisation_id": "4AL9R", "given_name": "Anne", "family_name": "Larsen",
            "email": "", "mobile": "", "valid_from": "", "valid_to": "2027-01-31",
            "scope": "selected", "trainee_ids": "t-1", "place_id": "pa"})
        assert sent(invitations, "/appointments") == [{
            "authorisation_id": "4AL9R", "given_name": "Anne", "family_name": "Larsen",
            "valid_from": None, "valid_to": "2027-01-31", "all_trainees": False,
            "trainee_ids": ["t-1"], "email": None, "mobile": None, "place_id": "pa",
            "send_access_email": False}]

    def test_contact_data_asked_for_is_shown_next_to_both_fields(self, browser, identity,
                                                                 invitations):
        browser.login(identity, Person("p-1", lang="en", memberships=TUTOR))
        browser.get("/vejledere/new?authorisation_id=4AL9R&given_name=Anne&family_name=L")
        invitations.refusal = (422, "contact_required", {"email": ["Required."],
                                                         "mobile": ["Required."]})
        answer = browser.post("/vejledere/new", {
            "authorisation_id": "4AL9R", "given_name": "Anne", "family_name": "L",
            "scope": "all", "send_access_email": "on"})
        page = text(answer)
        assert answer.status_code == 422
        assert 'id="f-email-error"' in page and 'id="f-mobile-error"' in page
        assert "no profile in the portal yet" in page
