"""The sign-off page shows a confirmed paper document beside the item or attestation it
supports (competencies says which; the file comes through the documents pages), and where
the curriculum asks for confirmed paper, what the paper evidence still waits for."""
import pytest
from fake_signoff_competencies import FakeCompetencies, item

from fake_identity import Person, Served
from web.app import create_app
from web_testing import Browser, settings_for, text

TRAINEE = Person("mette", name="Mette Jensen", lang="en")
TUTOR = Person("soren", name="Søren Nielsen", lang="da")
CONFIRMED = {"document_id": "d-1", "kind": "course_certificate",
             "confirmed_at": "2027-01-05T10:00:00+00:00", "confirmed_by": "soren",
             "content_url": "/api/documents/v1/documents/d-1/content"}


class PaperCompetencies(FakeCompetencies):
    def progress(self, enrolment_id):
        shown = super().progress(enrolment_id)
        shown["attestations"] = [dict(item("papirdokumenter"), kind="document_confirmation",
                                      title="Bekræftelse af uploadede papirdokumenter",
                                      placement_ends_on=None, documents=[CONFIRMED],
                                      paper_evidence="awaiting_confirmation")]
        return shown


@pytest.fixture
def page_for(web_database, identity):
    fake = PaperCompetencies()
    fake.items = [dict(item("F1-01", "approved", 2), documents=[CONFIRMED],
                       paper_evidence="confirmed"), item("F1-02")]
    served = Served(fake.app)
    urls = dict(settings_for(web_database, identity.url).service_urls, competencies=served.url)
    browser = Browser(create_app(settings_for(web_database, identity.url, service_urls=urls)))

    def page(person):
        browser.login(identity, person)
        return browser.get("/signoff/enrolments/e1")
    yield page
    served.stop()


def test_a_confirmed_document_is_linked_beside_its_item_through_the_documents_pages(page_for):
    answer = page_for(TRAINEE)
    assert answer.status_code == 200
    assert 'href="/documents/d-1/file"' in answer.get_data(as_text=True)
    shown = text(answer)
    assert "Download the confirmed document (Course certificate, confirmed" in shown
    assert "Paper documents confirmed" in shown


def test_the_paper_confirmation_shows_its_state_and_offers_nothing_to_sign(page_for):
    shown = text(page_for(TUTOR))
    assert "Papirdokumenter afventer bekræftelse" in shown
    assert "Giv: Bekræftelse af uploadede papirdokumenter" not in shown
