"""Forms: registration at first login, the profile, errors beside the field, abuse."""
from datetime import timedelta

from fake_identity import Person
from web.forms import DRAFT_COOKIE
from web.sessions import SESSION_COOKIE
from web_testing import Browser, text


def pending(sub="p-new"):
    return Person(sub, lang=None, pending=True)


class TestRegistration:
    def test_a_registration_limited_login_lands_on_the_registration_form(self, browser, identity):
        back = browser.login(identity, pending(), "/auth/login?return_to=/profile")
        assert back.headers["Location"] == "/registration?return_to=/profile"
        page = text(browser.get(back.headers["Location"]))
        assert 'value="Kari"' in page and 'value="Nordmann"' in page
        assert browser.get("/profile").headers["Location"] == "/registration"

    def test_the_menu_of_a_registration_limited_session_offers_only_registration(
            self, browser, identity):
        browser.login(identity, pending())
        page = text(browser.get("/registration"))
        menu = page[page.index('aria-label="Main menu"'):page.index("</nav>")]
        assert "/registration" in menu and "/profile" not in menu

    def test_errors_are_shown_beside_the_field_and_in_the_summary(self, browser, identity):
        browser.login(identity, pending())
        browser.get("/registration")
        answer = browser.post("/registration", {"given_name": "Kari", "family_name": "N",
                                                "email": "not-an-address", "language": "nb"})
        page = text(answer)
        assert answer.status_code == 422
        assert 'id="error-summary"' in page and 'href="#f-email"' in page
        assert 'id="f-email-error"' in page and "name@example.no" in page
        assert 'aria-invalid="true"' in page and 'value="not-an-address"' in page

    def test_registering_gives_a_full_session_and_the_welcome(self, browser, identity):
        browser.login(identity, pending())
        browser.get("/registration")
        answer = browser.post("/registration", {"given_name": "Kari", "family_name": "Nordmann",
                                                "email": "kari@example.no", "language": "nb"})
        assert answer.headers["Location"] == "/?notice=registered"
        assert browser.get("/profile").status_code == 200
        assert identity.profiles["p-new"]["email"] == "kari@example.no"


class TestProfile:
    def test_a_changed_language_changes_the_pages_language(self, browser, identity):
        browser.login(identity, Person("p-1", lang="nb"))
        browser.get("/profile")
        answer = browser.post("/profile", {"email": "kari@example.no", "mobile": "",
                                           "language": "da", "time_zone": "Europe/Oslo"})
        assert answer.headers["Location"] == "/profile?notice=profile_saved"
        assert '<html lang="da"' in text(browser.get("/profile"))

    def test_html_in_a_field_is_shown_back_escaped(self, browser, identity):
        browser.login(identity, Person("p-1"))
        browser.get("/profile")
        typed = '"><script>alert(1)</script>'
        page = text(browser.post("/profile", {"email": typed, "language": "nb"}))
        assert "<script>alert(1)</script>" not in page
        assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


class TestCsrf:
    def test_a_form_without_a_token_is_refused(self, browser, identity):
        browser.login(identity, Person("p-1"))
        answer = browser.post("/profile", {"email": "x@example.no"}, csrf=False)
        assert answer.status_code == 403 and "kunne ikke sendes" in text(answer)  # in nb
        assert "p-1" not in identity.profiles or identity.profiles["p-1"]["email"] != "x@example.no"

    def test_a_wrong_token_is_refused(self, browser, identity):
        browser.login(identity, Person("p-1"))
        assert browser.post("/profile", {"csrf_token": "0" * 64}).status_code == 403

    def test_the_token_of_another_session_is_refused(self, app, browser, identity):
        intruder = Browser(app)
        intruder.get("/")
        browser.login(identity, Person("p-1"))
        browser.get("/profile")
        answer = browser.post("/profile", {"email": "x@example.no",
                                           "csrf_token": intruder.last_token})
        assert answer.status_code == 403

    def test_the_token_from_before_login_no_longer_works_after_it(self, browser, identity):
        browser.get("/")
        before = browser.last_token
        browser.login(identity, Person("p-1"))
        assert browser.post("/profile", {"csrf_token": before}).status_code == 403

    def test_a_cross_site_origin_is_refused_even_with_the_token(self, browser, identity):
        browser.login(identity, Person("p-1"))
        browser.get("/profile")
        answer = browser.post("/profile", {"email": "x@example.no"},
                              headers={"Origin": "https://evil.example"})
        assert answer.status_code == 403

    def test_htmx_sends_the_token_in_a_header(self, browser):
        browser.get("/")
        answer = browser.post("/language", {"language": "da"}, csrf=False,
                              headers={"X-CSRF-Token": browser.last_token, "HX-Request": "true"})
        assert answer.status_code == 303


class TestSessionEndsMidForm:
    def expire(self, app, browser):
        store = app.extensions["portal"].store
        store.idle = timedelta(seconds=-1)

    def test_the_person_logs_in_again_and_finds_what_they_typed(self, app, browser, identity):
        browser.login(identity, Person("p-1"))
        browser.get("/profile")
        self.expire(app, browser)
        answer = browser.post("/profile", {"email": "new@example.no", "mobile": "+4791234567",
                                           "language": "nb", "time_zone": "Europe/Oslo"})
        assert answer.headers["Location"] == "/login?return_to=%2Fprofile&reason=expired"
        assert browser.cookie(DRAFT_COOKIE)
        assert "what you typed in the form is kept" in text(browser.get(answer.headers["Location"]))
        app.extensions["portal"].store.idle = timedelta(minutes=30)
        back = browser.login(identity, Person("p-1"), "/auth/login?return_to=/profile")
        page = text(browser.get(back.headers["Location"]))
        assert 'value="new@example.no"' in page and 'value="+4791234567"' in page
        assert "Vi tok vare på det du skrev" in page  # the person reads nb
        assert browser.cookie(DRAFT_COOKIE) is None

    def test_someone_else_logging_in_does_not_see_it(self, app, browser, identity):
        browser.login(identity, Person("p-1"))
        browser.get("/profile")
        self.expire(app, browser)
        browser.post("/profile", {"email": "secret@example.no", "language": "nb"})
        app.extensions["portal"].store.idle = timedelta(minutes=30)
        browser.login(identity, Person("p-2", name="Ola"))
        assert "secret@example.no" not in text(browser.get("/profile"))

    def test_a_logged_out_session_cookie_is_just_a_stranger(self, browser, identity):
        browser.login(identity, Person("p-1"))
        old = browser.cookie(SESSION_COOKIE)
        browser.get("/profile")
        browser.post("/auth/logout")
        browser.client.set_cookie(SESSION_COOKIE, old, domain="localhost", secure=True)
        answer = browser.post("/profile", {"email": "x@example.no", "csrf_token": "0" * 64})
        assert answer.status_code == 403
