"""The notification pages: a person's settings and messages, the unsubscribe page behind a
mail's link (no login), an administrator's failed deliveries with a retry, the operator's
log. The notifications service decides; the pages show what it says and send what was
chosen (against a fake of its HTTP API on a real port)."""
import pytest
from fake_notifications import FakeNotifications

from fake_identity import Person, Served
from web.app import create_app
from web.config import SERVICES
from web_testing import Browser, settings_for, text

ADMIN = [{"organisation_id": "org-1", "role": "municipality_admin"}]
BERGEN = {"organisation_id": "org-1", "name": "Bergen kommune", "kind": "municipality",
          "country": "NO", "status": "signed", "signed_at": None, "terminated_at": None,
          "text_version": 1}


@pytest.fixture
def notifications(identity):
    fake = FakeNotifications(identity)
    served = Served(fake.app)
    fake.url = served.url
    yield fake
    served.stop()


@pytest.fixture
def browser(web_database, identity, notifications):
    urls = dict.fromkeys(SERVICES, "http://127.0.0.1:9")
    urls.update(identity=identity.url, notifications=notifications.url)
    return Browser(create_app(settings_for(web_database, identity.url, service_urls=urls)))


class TestSettings:
    def test_a_person_sees_where_messages_go_and_chooses_a_daily_summary(
            self, browser, identity, notifications):
        browser.login(identity, Person("p-1", lang="en"))
        page = text(browser.get("/notifications/settings"))
        assert "kari@example.no" in page and "No mobile number given" in page
        assert 'value="daily_digest"' in page and "Items awaiting your approval" in page
        answer = browser.post("/notifications/settings", {
            "awaiting_approval": "daily_digest", "reminders": "off", "documents": "immediate"})
        assert answer.status_code == 303
        assert notifications.preferences["p-1"] == {
            "awaiting_approval": "daily_digest", "reminders": "off", "documents": "immediate"}
        page = text(browser.get(answer.headers["Location"]))
        assert "Your notification settings are saved." in page
        assert 'value="daily_digest" checked' in page

    def test_a_choice_the_service_refuses_is_shown_beside_its_question(
            self, browser, identity, notifications):
        browser.login(identity, Person("p-1", lang="en"))
        browser.get("/notifications/settings")
        answer = browser.post("/notifications/settings", {
            "awaiting_approval": "hourly", "reminders": "off", "documents": "off"})
        assert answer.status_code == 422
        assert 'id="f-awaiting_approval-error"' in text(answer)
        assert notifications.preferences["p-1"]["reminders"] == "immediate"

    def test_the_settings_need_a_login(self, browser):
        answer = browser.get("/notifications/settings")
        assert answer.status_code == 303 and "/login?return_to=" in answer.headers["Location"]


class TestMyNotifications:
    def test_a_person_reads_the_messages_sent_to_them_and_their_state(self, browser,
                                                                      identity):
        browser.login(identity, Person("p-1", lang="nb"))
        page = text(browser.get("/notifications/"))
        assert "Velkommen til kompetanseportalen" in page and "Sendt" in page
        assert "Mine varsler" in page  # in the menu too


class TestUnsubscribePage:
    def test_opening_the_link_asks_in_the_mails_language_and_changes_nothing(
            self, browser, notifications):
        page = text(browser.get("/notifications/unsubscribe/reminder-link"))
        assert 'lang="nb"' in page and "Slutte å få slike meldinger?" in page
        assert "Påminnelser om invitasjoner" in page and notifications.unsubscribed == []

    def test_confirming_unsubscribes_without_a_login(self, browser, notifications):
        browser.get("/notifications/unsubscribe/reminder-link")
        answer = browser.post("/notifications/unsubscribe/reminder-link")
        assert answer.status_code == 200 and "Du er avmeldt" in text(answer)
        assert notifications.unsubscribed == ["reminder-link"]

    def test_a_mandatory_message_says_it_cannot_be_turned_off(self, browser):
        page = text(browser.get("/notifications/unsubscribe/invitation-link"))
        assert "Disse beskeder kan ikke slås fra" in page and "Afmeld mig" not in page

    def test_a_forged_link_is_a_clear_page_not_an_error(self, browser, notifications):
        answer = browser.get("/notifications/unsubscribe/forged")
        assert answer.status_code == 404 and "does not work" in text(answer)

    def test_confirming_needs_the_pages_csrf_token(self, browser, notifications):
        browser.get("/notifications/unsubscribe/reminder-link")
        answer = browser.post("/notifications/unsubscribe/reminder-link", csrf=False)
        assert answer.status_code == 403 and notifications.unsubscribed == []


class TestFailedDeliveries:
    def test_an_administrator_sees_what_failed_and_sends_a_given_up_message_again(
            self, browser, identity, notifications):
        identity.agreements = [BERGEN]
        browser.login(identity, Person("p-1", lang="en", memberships=ADMIN))
        page = text(browser.get("/notifications/failed"))
        assert "Failed deliveries of Bergen kommune" in page
        assert "Given up after several attempts" in page and "Could not be delivered" in page
        assert page.count(">Send again</button>") == 1  # only the dead-lettered one
        answer = browser.post("/notifications/deliveries/d-1/retry",
                              {"back": "failed", "organisation": "org-1"})
        assert answer.status_code == 303 and notifications.retried == ["d-1"]
        assert "queued to be sent again" in text(browser.get(answer.headers["Location"]))

    def test_a_delivery_that_is_not_given_up_is_not_retried(self, browser, identity,
                                                            notifications):
        identity.agreements = [BERGEN]
        browser.login(identity, Person("p-1", lang="en", memberships=ADMIN))
        browser.get("/notifications/failed")
        answer = browser.post("/notifications/deliveries/d-2/retry",
                              {"back": "failed", "organisation": "org-1"})
        assert answer.status_code == 422 and notifications.retried == []
        assert "The message was not sent again" in text(answer)

    def test_people_without_an_administrators_role_are_refused(self, browser, identity):
        browser.login(identity, Person("p-1", lang="en"))
        assert browser.get("/notifications/failed").status_code == 403
        assert browser.get("/notifications/log").status_code == 403


class TestDeliveryLog:
    def test_the_operator_searches_the_log_by_recipient(self, browser, identity):
        browser.login(identity, Person("p-op", lang="en", roles=["operator"]))
        page = text(browser.get("/notifications/log?recipient=kari@example.no"))
        assert "Delivery log" in page and page.count("kari@example.no") >= 2
        refused = text(browser.get("/notifications/log?recipient=not-an-address"))
        assert 'id="f-recipient-error"' in refused
