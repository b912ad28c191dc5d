"""The sign-off pages' attestations over a fake of competencies' API: the trainee marks an
attestation ready or recalls it, the approver gives it (on the trainee's page or from the
queue) or returns it only with a comment, each with the version read and the placement; an
administrator moves a trainee to the next curriculum version; the history shows the move."""
import pytest
from fake_signoff_attestations import LAERINGSMAAL, TID, FakeAttestations

from fake_identity import Person, Served
from web.app import create_app
from web_testing import Browser, settings_for, text

TRAINEE = Person("mette", name="Mette Jensen", lang="da")
TUTOR = Person("soren", name="Søren Nielsen", lang="nb")
ADMIN = Person("per", name="Per Dahl", lang="en",
               memberships=[{"organisation_id": "bergen", "role": "municipality_admin"}])


def started(fake):
    served = Served(fake.app)
    fake.url = served.url
    return fake, served


@pytest.fixture
def competencies():
    fake, served = started(FakeAttestations())
    yield fake
    served.stop()


@pytest.fixture
def lis1_competencies():
    fake, served = started(FakeAttestations("lis1", "2020-03"))
    yield fake
    served.stop()


def browser_for(web_database, identity, fake):
    settings = settings_for(web_database, identity.url)
    urls = dict(settings.service_urls, competencies=fake.url)
    return Browser(create_app(settings_for(web_database, identity.url, service_urls=urls)))


@pytest.fixture
def signoff_browser(web_database, identity, competencies):
    return browser_for(web_database, identity, competencies)


def test_the_trainee_marks_an_attestation_ready_for_its_placement(signoff_browser, identity,
                                                                  competencies):
    signoff_browser.login(identity, TRAINEE)
    page = text(signoff_browser.get("/signoff/enrolments/e1"))
    assert f"Klarmeld: {LAERINGSMAAL}" in page and f"Træk tilbage: {TID}" in page
    answer = signoff_browser.post("/signoff/enrolments/e1/attestations/laeringsmaal-kbu-1/"
                                  "submit", {"placement_id": "p1"})
    assert answer.status_code == 303
    [(enrolment, path, body, authorization)] = competencies.calls
    assert (enrolment, path, body) == ("e1", "attestations/laeringsmaal-kbu-1/submit",
                                       {"placement_id": "p1"})
    assert authorization.startswith("Bearer ")


def test_the_trainee_recalls_an_attestation_with_the_version_read(signoff_browser, identity,
                                                                  competencies):
    signoff_browser.login(identity, TRAINEE)
    signoff_browser.get("/signoff/enrolments/e1")
    signoff_browser.post("/signoff/enrolments/e1/attestations/tid-kbu-1/recall",
                         {"placement_id": "p1", "version": "1"})
    assert competencies.calls[0][1:3] == ("attestations/tid-kbu-1/recall",
                                          {"placement_id": "p1", "version": 1})


def test_the_approver_returns_an_attestation_only_with_a_comment(signoff_browser, identity,
                                                                 competencies):
    signoff_browser.login(identity, TUTOR)
    page = text(signoff_browser.get("/signoff/enrolments/e1"))
    assert f"Gi: {TID}" in page and f"Send tilbake med kommentaren: {TID}" in page
    answer = signoff_browser.post("/signoff/enrolments/e1/attestations/tid-kbu-1/return",
                                  {"placement_id": "p1", "version": "1", "comment": ""})
    assert answer.status_code == 422 and competencies.calls == []
    signoff_browser.post("/signoff/enrolments/e1/attestations/tid-kbu-1/return",
                         {"placement_id": "p1", "version": "1", "comment": "Orlov mangler"})
    assert competencies.calls[0][1:3] == ("attestations/tid-kbu-1/return", {
        "placement_id": "p1", "version": 1, "comment": "Orlov mangler"})


def test_a_viewer_the_service_says_may_not_give_an_attestation_sees_no_button_for_it(
        signoff_browser, identity, competencies):
    competencies.attestations = [
        dict(a, may_give=False) for a in competencies.attestations]  # a KBU vejleder's view
    competencies.may = ["approve_item"]
    signoff_browser.login(identity, TUTOR)
    page = text(signoff_browser.get("/signoff/enrolments/e1"))
    assert TID in page and LAERINGSMAAL in page  # shown, with their state
    assert f"Gi: {TID}" not in page and f"Gi: {LAERINGSMAAL}" not in page
    assert f"Send tilbake med kommentaren: {TID}" not in page
    assert "Godkjenn KBU-02" in page  # the competency she may approve


def test_a_viewer_who_may_sign_nothing_sees_the_items_without_approval_buttons(
        signoff_browser, identity, competencies):
    competencies.may = []
    signoff_browser.login(identity, TUTOR)
    page = text(signoff_browser.get("/signoff/enrolments/e1"))
    assert "KBU-02" in page and "Godkjenn KBU-02" not in page
    assert "Send KBU-02 tilbake med kommentaren" not in page


def test_a_refused_return_is_shown_in_the_persons_language(signoff_browser, identity,
                                                           competencies):
    competencies.refuse = (409, "not_awaiting_approval")
    signoff_browser.login(identity, TUTOR)
    signoff_browser.get("/signoff/enrolments/e1")
    answer = signoff_browser.post("/signoff/enrolments/e1/attestations/tid-kbu-1/return",
                                  {"placement_id": "p1", "version": "1", "comment": "Nei"})
    assert answer.status_code == 422
    assert "Den er ikke meldt klar til godkjenning." in text(answer)


def test_the_queue_lists_an_attestation_and_gives_it_with_the_version(signoff_browser,
                                                                      identity, competencies):
    signoff_browser.login(identity, TUTOR)
    page = text(signoff_browser.get("/signoff/queue"))
    assert "Attestasjoner som venter på deg" in page and f"Gi: {TID}" in page
    answer = signoff_browser.post("/signoff/enrolments/e1/attestations/tid-kbu-1",
                                  {"placement_id": "p1", "version": "1", "from": "queue"})
    assert answer.status_code == 303 and "/signoff/queue" in answer.headers["Location"]
    assert competencies.calls[0][1:3] == ("attestations/tid-kbu-1/approve",
                                          {"placement_id": "p1", "version": 1})


def test_a_signing_refusal_from_the_queue_is_said_on_the_queue(signoff_browser, identity,
                                                                competencies):
    competencies.refuse = (403, "outside_window")
    signoff_browser.login(identity, TUTOR)
    signoff_browser.get("/signoff/queue")
    answer = signoff_browser.post("/signoff/enrolments/e1/attestations/tid-kbu-1",
                                  {"placement_id": "p1", "version": "1", "from": "queue"})
    assert answer.status_code == 403
    page = text(answer)
    assert "Attestasjoner som venter på deg" in page
    assert "Retten din til å godkjenne for denne legen gjelder ikke i dag." in page


def test_an_administrator_moves_a_trainee_to_the_next_version(web_database, identity,
                                                              lis1_competencies):
    browser = browser_for(web_database, identity, lis1_competencies)
    browser.login(identity, ADMIN)
    page = text(browser.get("/signoff/enrolments/e1"))
    assert "Move to version 2025-09" in page and "Move to version 2020-03" not in page
    answer = browser.post("/signoff/enrolments/e1/curriculum-version",
                          {"curriculum_version": "2025-09"})
    assert answer.status_code == 303
    assert lis1_competencies.calls[0][1:3] == ("curriculum-version",
                                               {"curriculum_version": "2025-09"})


def test_the_move_is_not_offered_to_the_trainee(web_database, identity, lis1_competencies):
    browser = browser_for(web_database, identity, lis1_competencies)
    browser.login(identity, TRAINEE)
    assert "Flyt til version" not in text(browser.get("/signoff/enrolments/e1"))


def test_the_history_shows_the_move_and_what_needs_approval_again(web_database, identity,
                                                                  lis1_competencies):
    browser = browser_for(web_database, identity, lis1_competencies)
    browser.login(identity, ADMIN)
    page = text(browser.get("/signoff/enrolments/e1/history"))
    assert "Moved to a newer curriculum version; to be approved again: FKMK-03" in page
