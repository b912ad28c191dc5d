"""The sign-off pages over a fake of competencies' API: what they show, what they send with
the person's token, and a refusal in the person's language next to what they did."""
import pytest
from fake_signoff_competencies import FakeCompetencies, item

from fake_identity import Person, Served
from web.app import create_app
from web_testing import Browser, settings_for, text

TRAINEE = Person("mette", name="Mette Jensen", lang="da")
TUTOR = Person("soren", name="Søren Nielsen", lang="nb")


@pytest.fixture
def competencies():
    fake = FakeCompetencies()
    served = Served(fake.app)
    fake.url = served.url
    yield fake
    served.stop()


@pytest.fixture
def signoff_browser(web_database, identity, competencies):
    settings = settings_for(web_database, identity.url)
    urls = dict(settings.service_urls, competencies=competencies.url)
    return Browser(create_app(settings_for(web_database, identity.url, service_urls=urls)))


def test_the_trainee_sees_progress_and_marks_an_item_ready(signoff_browser, identity,
                                                           competencies):
    signoff_browser.login(identity, TRAINEE)
    page = text(signoff_browser.get("/signoff/enrolments/e1"))
    assert "Den akutte patient" in page and "Klarmeld: KBU-01" in page
    assert "Træk KBU-02 tilbage" in page
    answer = signoff_browser.post("/signoff/enrolments/e1/items/KBU-01/submit")
    assert answer.status_code == 303
    [(enrolment, path, _, authorization)] = competencies.calls
    assert (enrolment, path) == ("e1", "items/KBU-01/submit")
    assert authorization.startswith("Bearer ")


def test_an_approver_returns_an_item_only_with_a_comment(signoff_browser, identity,
                                                         competencies):
    signoff_browser.login(identity, TUTOR)
    page = text(signoff_browser.get("/signoff/enrolments/e1"))
    assert "Godkjenn KBU-02" in page
    answer = signoff_browser.post("/signoff/enrolments/e1/items/KBU-02/return",
                                  {"version": "1", "comment": ""})
    assert answer.status_code == 422 and competencies.calls == []
    signoff_browser.post("/signoff/enrolments/e1/items/KBU-02/return",
                         {"version": "1", "comment": "Mer om vurderingen"})
    assert competencies.calls[0][2] == {"version": 1, "comment": "Mer om vurderingen"}


def test_a_refusal_is_shown_in_the_persons_language(signoff_browser, identity, competencies):
    competencies.refuse = (409, "time_attestation_too_early")
    signoff_browser.login(identity, TUTOR)
    signoff_browser.get("/signoff/enrolments/e1")
    answer = signoff_browser.post("/signoff/enrolments/e1/attestations/tid-kbu-1",
                                  {"placement_id": "p1"})
    assert answer.status_code == 422
    assert "Tidsattesten kan gis fra starten av tjenestens siste måned." in text(answer)


def test_an_early_completed_service_refusal_says_completed_service_in_each_language(
        signoff_browser, identity, competencies):
    competencies.refuse = (409, "completed_service_too_early")
    signoff_browser.login(identity, TUTOR)
    signoff_browser.get("/signoff/enrolments/e1")
    answer = signoff_browser.post("/signoff/enrolments/e1/attestations/gjennomfort-tjeneste",
                                  {"placement_id": "p1"})
    assert answer.status_code == 422
    page = text(answer)
    assert "Gjennomført tjeneste kan bekreftes fra starten av tjenestens siste måned." in page
    assert "Tidsattesten" not in page


def test_the_queue_approves_the_chosen_items_in_one_action(signoff_browser, identity,
                                                           competencies):
    signoff_browser.login(identity, TUTOR)
    page = text(signoff_browser.get("/signoff/queue"))
    assert "Mette Jensen" in page and "KBU-02" in page
    signoff_browser.post("/signoff/queue/e1", {"item": "KBU-02|1"})
    assert competencies.calls[0][1:3] == ("approvals", {
        "items": [{"code": "KBU-02", "version": 1}], "comment": None})


def test_an_approver_reaches_a_trainees_one_open_enrolment_from_whom_i_assess(
        signoff_browser, identity, competencies):
    competencies.enrolments.insert(0, dict(competencies.enrolments[0], enrolment_id="e0",
                                           state="cancelled"))
    signoff_browser.login(identity, TUTOR)
    answer = signoff_browser.get("/signoff/trainees/mette")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith("/signoff/enrolments/e1")


def test_back_from_an_action_the_items_group_is_unfolded(signoff_browser, identity,
                                                         competencies):
    competencies.second_group = [item("KBU-09", "ready_for_approval", 1)]
    signoff_browser.login(identity, TUTOR)
    signoff_browser.get("/signoff/enrolments/e1")
    answer = signoff_browser.post("/signoff/enrolments/e1/items/KBU-09/recommend")
    assert answer.status_code == 303
    back = answer.headers["Location"].split("localhost", 1)[-1]
    assert back.endswith("item=KBU-09#item-KBU-09")
    page = signoff_browser.get(back).get_data(as_text=True)
    opened = [part.split("</summary>")[0] for part in page.split("<details")[1:]
              if part.startswith(' class="ds-details portal-card" open')]
    assert len(opened) == 1 and "Den kroniske patient" in opened[0]


def test_an_approver_sees_that_the_programme_is_completed_without_its_credential(
        signoff_browser, identity, competencies):
    competencies.completed_at = "2027-01-02T10:00:00+00:00"
    signoff_browser.login(identity, TUTOR)
    answer = signoff_browser.get("/signoff/enrolments/e1")
    assert answer.status_code == 200
    page = text(answer)
    assert "Utdanningen er fullført" in page
    assert "vc+jwt" not in page


def test_a_vejleder_forcing_an_attestation_reads_why_on_the_page_and_nothing_is_signed(
        signoff_browser, identity, competencies):
    competencies.refuse = (403, "role_not_permitted")
    signoff_browser.login(identity, TUTOR)
    signoff_browser.get("/signoff/enrolments/e1")
    answer = signoff_browser.post("/signoff/enrolments/e1/attestations/tid-kbu-1",
                                  {"placement_id": "p1"})
    assert answer.status_code == 403
    page = text(answer)
    assert "Rollen din kan ikke godkjenne dette." in page and "Den akutte patient" in page


def test_the_queue_approves_every_item_it_showed_of_a_trainee_in_one_press(
        signoff_browser, identity, competencies):
    competencies.waiting = ["KBU-02", "KBU-03"]
    signoff_browser.login(identity, TUTOR)
    page = text(signoff_browser.get("/signoff/queue"))
    assert "Godkjenn alle 2 punktene for Mette Jensen" in page
    signoff_browser.post("/signoff/queue/e1", {"all": "1", "shown": ["KBU-02|1", "KBU-03|1"],
                                               "item": ["KBU-03|1"]})
    assert competencies.calls[0][1:3] == ("approvals", {"items": [
        {"code": "KBU-02", "version": 1}, {"code": "KBU-03", "version": 1}], "comment": None})
