"""Each forgery and misuse of the login is a clear 4xx problem with a stable code, and
nothing is half-created."""
import requests
from identity_tokens import bearer
from login_flow import WEB_REDIRECT, query

V1 = "/api/identity/v1"
KARI = {"country": "NO", "hpr_number": "9144889"}


def problem(response):
    return response.status_code, response.json()["code"]


class TestTheBrokersAnswer:
    def test_a_replayed_state_is_refused(self, identity, profile, web, browser):
        profile(**KARI)
        callback = browser.pick(browser.to_provider(web.login_url()), "kari-nordmann")
        assert browser.get(callback).status_code == 302
        assert problem(browser.get(callback)) == (400, "invalid_state")

    def test_a_forged_state_is_refused(self, identity, browser):
        answer = browser.get(f"{identity}{V1}/oauth/callback?state=forged&code=anything")
        assert problem(answer) == (400, "invalid_state")

    def test_a_wrong_nonce_in_the_id_token_is_refused_and_nobody_is_let_in(
            self, identity, profile, web, browser, sql):
        profile(**KARI)
        page = browser.to_provider(web.login_url())
        sql("update login_transactions set nonce = 'not-what-the-broker-was-sent'")
        answer = browser.get(browser.pick(page, "kari-nordmann"))
        assert problem(answer) == (400, "id_token_nonce_mismatch")
        assert sql("select count(*) from authorization_codes") == [(0,)]

    def test_a_cancelled_login_goes_back_to_the_client_as_access_denied(self, identity, web,
                                                                       browser):
        page = browser.to_provider(web.login_url())
        cancelled = browser.session.post(page, data={"cancel": "1"}, allow_redirects=False)
        answer = browser.get(cancelled.headers["Location"])
        assert query(answer.headers["Location"])["error"] == "access_denied"


class TestThePortalsAuthorizationCode:
    def code(self, profile, web, browser):
        profile(**KARI)
        return query(browser.login(web.login_url(), "kari-nordmann").headers["Location"])["code"]

    def test_a_reused_code_is_refused_and_ends_the_tokens_it_gave(self, identity, profile, web,
                                                                  browser):
        code = self.code(profile, web, browser)
        first = web.exchange(code)
        assert first.status_code == 200
        assert problem(web.exchange(code)) == (400, "invalid_grant")
        assert problem(web.refresh(first.json()["refresh_token"])) == (400, "invalid_grant")

    def test_an_expired_code_is_refused(self, identity, profile, web, browser, sql):
        code = self.code(profile, web, browser)
        sql("update authorization_codes set expires_at = now() - interval '1 minute'")
        assert problem(web.exchange(code)) == (400, "invalid_grant")

    def test_a_pkce_verifier_that_does_not_match_is_refused(self, identity, profile, web,
                                                            browser):
        code = self.code(profile, web, browser)
        assert problem(web.exchange(code, verifier="x" * 50)) == (400, "invalid_grant")

    def test_a_redirect_uri_other_than_the_codes_is_refused(self, identity, profile, web,
                                                            browser):
        code = self.code(profile, web, browser)
        assert problem(web.exchange(code, redirect_uri="http://web.test/other")) == (
            400, "invalid_grant")


class TestTheAuthorizationRequest:
    def test_an_unregistered_redirect_uri_is_a_problem_here_never_a_redirect(self, identity,
                                                                             web, browser):
        answer = browser.get(web.login_url(pushed=False, redirect_uri="https://evil.example/cb"))
        assert problem(answer) == (400, "invalid_request") and "Location" not in answer.headers
        assert problem(web.push(redirect_uri="https://evil.example/cb")) == (
            400, "invalid_request")

    def test_a_request_without_pkce_goes_back_to_the_client_with_an_error(self, identity, web,
                                                                         browser):
        answer = browser.get(web.login_url(pushed=False, code_challenge=None,
                                           code_challenge_method=None))
        assert answer.headers["Location"].startswith(WEB_REDIRECT)
        assert query(answer.headers["Location"])["error"] == "invalid_request"

    def test_a_pushed_request_is_used_once(self, identity, web, browser):
        url = web.login_url()
        assert browser.get(url).status_code == 302
        assert problem(browser.get(url)) == (400, "invalid_request_uri")

    def test_several_brokers_and_none_named_shows_the_choice(self, identity, web, browser):
        page = browser.get(web.login_url(pushed=False, eid=None))
        assert page.status_code == 200 and "HelseID" in page.text and "MitID" in page.text

    def test_an_unknown_broker_is_refused(self, identity, web, browser):
        assert problem(browser.get(web.login_url(pushed=False, eid="bankid"))) == (
            400, "unknown_eid_broker")


class TestClientsAndRefreshTokens:
    def test_unknown_client_and_wrong_secret_get_the_same_answer(self, identity):
        answers = [requests.post(f"{identity}{V1}/oauth/token", auth=auth,
                                 data={"grant_type": "client_credentials"}).json()
                   for auth in (("nobody", "x"), ("operator", "wrong"))]
        assert answers[0]["code"] == answers[1]["code"] == "invalid_client"
        assert answers[0]["detail"] == answers[1]["detail"]

    def test_a_reused_refresh_token_revokes_its_whole_family(self, identity, profile, log_in):
        profile(**KARI)
        tokens = log_in("kari-nordmann")
        web = tokens["client"]
        newer = web.refresh(tokens["refresh_token"]).json()
        assert problem(web.refresh(tokens["refresh_token"])) == (400, "invalid_grant")
        assert problem(web.refresh(newer["refresh_token"])) == (400, "invalid_grant")

    def test_another_clients_refresh_token_is_refused(self, identity, profile, log_in, api):
        profile(**KARI)
        tokens = log_in("kari-nordmann")
        created = api("POST", "/clients", json={"client_id": "hr-system", "name": "HR",
                                                "scopes": ["people"]}).json()
        other = requests.post(f"{identity}{V1}/oauth/token", data={
            "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
            auth=("hr-system", created["client_secret"]))
        assert other.status_code in (400, 401) and other.json()["code"] in (
            "invalid_grant", "unauthorized_client")


class TestRegistration:
    def test_an_email_taken_is_a_conflict_and_the_person_stays_pending(self, identity, api,
                                                                       profile, log_in):
        profile(country="NO", hpr_number="4711083", email="taken@example.org")
        profile(**KARI)
        tokens = log_in("kari-nordmann")
        taken = api("POST", "/registration", headers=bearer(tokens), json={
            "given_name": "Kari", "family_name": "Nordmann", "email": "TAKEN@example.org",
            "language": "nb"})
        assert problem(taken) == (409, "email_taken")
        assert api("GET", "/registration", headers=bearer(tokens)).json()["status"] == "pending"

    def test_a_registration_limited_token_opens_nothing_else(self, identity, api, profile,
                                                             log_in):
        profile(**KARI)
        tokens = log_in("kari-nordmann")
        refused = api("GET", "/agreements/not-on-newest-text", headers=bearer(tokens))
        assert problem(refused) == (403, "registration_pending")

    def test_an_invalid_national_id_or_organisation_number_is_refused(self, identity, api):
        bad_id = api("POST", "/people", json={"country": "NO", "national_id": "12859140091",
                                              "given_name": "A", "family_name": "B"})
        assert problem(bad_id) == (422, "invalid_national_id")
        bad_number = api("POST", "/organisations", json={
            "name": "X", "kind": "municipality", "country": "NO",
            "organisation_number": "964338532"})
        assert problem(bad_number) == (422, "invalid_organisation_number")
        assert api("GET", "/organisations").json() == []

