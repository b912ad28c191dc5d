"""The programme pages (issue 7) against a fake of the competencies API: an administrator
enrols and places trainees, corrects and cancels, chooses a personal tutor; a trainee reads
their curriculum, searchable without JavaScript; a tutor reads their trainees; a region
opens access to a former trainee. Refusals are shown beside the field they concern."""
import re

import pytest
from fake_competencies import (
    ADMIN,
    REGION,
    TRAINEE,
    TUTOR,
    FakeCompetencies,
    IdentityWithPeople,
)

from fake_identity import Person, Served
from web.app import create_app
from web_testing import PUBLIC, Browser, settings_for, text


@pytest.fixture
def identity():
    fake = IdentityWithPeople(f"{PUBLIC}/api/identity", f"{PUBLIC}/auth/callback")
    served = Served(fake.app)
    fake.url = served.url
    yield fake
    served.stop()


@pytest.fixture
def competencies(identity):
    fake = FakeCompetencies(identity)
    served = Served(fake.app)
    fake.url = served.url
    yield fake
    served.stop()


@pytest.fixture
def app(web_database, identity, competencies):
    settings = settings_for(web_database, identity.url)
    urls = {**settings.service_urls, "competencies": competencies.url}
    return create_app(settings_for(web_database, identity.url, service_urls=urls))


@pytest.fixture
def admin(browser, identity):
    browser.login(identity, ADMIN)
    return browser


def enrol(browser, **fields):
    browser.get("/programmes/enrolments")
    data = {"trainee_id": "t-kari", "curriculum": "lis1@2020-03", "starts_on": "2026-09-01",
            "ends_on": "2028-02-29", **fields}
    return browser.post("/programmes/enrolments", data)


def enrolled(browser, competencies):
    answer = enrol(browser)
    return answer.headers["Location"].split("?")[0], next(iter(competencies.enrolments))


def place(browser, page, **fields):
    browser.get(page)
    data = {"place_id": "place-legevakt", "element": "kommune", "starts_on": "2026-09-01",
            "ends_on": "2027-02-28", **fields}
    return browser.post(f"{page}/placement", data)


def error_of(page, name):
    found = re.search(rf'id="f-{name}-error">([^<]*)<', page)
    return found.group(1) if found else None


class TestTheAdministratorsEnrolments:
    def test_the_form_offers_the_people_of_the_organisation_and_its_countrys_curricula(
            self, admin):
        page = text(admin.get("/programmes/enrolments"))
        assert "Programmes of Bergen kommune" in page
        assert '<option value="t-kari">Kari Nordmann</option>' in page
        assert "LIS1, version 2025-09 (current)" in page and "lis1@2020-03" in page
        assert "kbu@2017" not in page  # a Danish curriculum is no choice for Bergen

    def test_enrolling_sends_the_chosen_version_and_shows_the_enrolment(self, admin,
                                                                       competencies):
        answer = enrol(admin)
        assert answer.status_code == 303 and "notice=enrolled" in answer.headers["Location"]
        assert competencies.sent[-1] == ("POST", "/api/competencies/v1/enrolments", {
            "trainee_id": "t-kari", "curriculum": "lis1", "curriculum_version": "2020-03",
            "starts_on": "2026-09-01", "ends_on": "2028-02-29",
            "agreement_holder_id": "h-bergen"})
        page = text(admin.get(answer.headers["Location"]))
        assert "The trainee is enrolled." in page and "Kari Nordmann: LIS1" in page
        assert "Kari Nordmann" in text(admin.get("/programmes/enrolments"))

    def test_an_unknown_curriculum_version_is_refused_beside_the_curriculum(self, admin):
        answer = enrol(admin, curriculum="lis1@1999")
        assert answer.status_code == 422
        assert error_of(text(answer), "curriculum") == "There is no such version of this curriculum."
        assert 'id="error-summary"' in text(answer)

    def test_a_missing_start_date_is_refused_beside_the_field(self, admin):
        answer = enrol(admin, starts_on="")
        assert answer.status_code == 422 and error_of(text(answer), "starts_on") == (
            "Fill in this field.")

    def test_an_enrolment_that_ends_before_it_starts_is_refused_beside_the_end(self, admin):
        answer = enrol(admin, ends_on="2020-01-01")
        assert error_of(text(answer), "ends_on") == "The end date is before the start date."

    def test_a_form_without_the_csrf_token_changes_nothing(self, admin, competencies):
        admin.get("/programmes/enrolments")
        answer = admin.post("/programmes/enrolments", {"trainee_id": "t-kari"}, csrf=False)
        assert answer.status_code == 403 and competencies.sent == []

    def test_the_operator_chooses_the_organisation_to_enrol_for(self, browser, identity):
        identity.agreements = [*identity.agreements, {**identity.agreements[0],
                                                      "organisation_id": "h-oslo",
                                                      "name": "Oslo kommune"}]
        browser.login(identity, Person("op", lang="en", roles=["operator"]))
        page = text(browser.get("/programmes/enrolments?organisation=h-bergen"))
        assert '<option value="h-bergen" selected>Bergen kommune</option>' in page
        assert '<option value="h-oslo">Oslo kommune</option>' in page
        assert "Kari Nordmann</option>" in page

    def test_people_without_an_administrators_role_are_refused(self, browser, identity):
        browser.login(identity, TRAINEE)
        assert browser.get("/programmes/enrolments").status_code == 403

    def test_an_enrolment_of_another_organisation_is_not_found(self, admin, competencies):
        enrolled(admin, competencies)
        found = next(iter(competencies.enrolments.values()))
        found["agreement_holder_id"] = "h-elsewhere"
        assert admin.get(f"/programmes/enrolments/{found['enrolment_id']}").status_code == 404


class TestPlacements:
    def test_a_placement_is_recorded_and_listed_with_its_plan(self, admin, competencies):
        page, _ = enrolled(admin, competencies)
        answer = place(admin, page)
        assert answer.status_code == 303
        shown = text(admin.get(answer.headers["Location"]))
        assert "The placement is recorded." in shown and "Bergen legevakt" in shown
        assert "plan KLK, FKM-K" in shown
        assert "Bergen legevakt" in text(admin.get("/programmes/enrolments"))

    def test_overlapping_placements_are_refused_beside_the_start(self, admin, competencies):
        page, _ = enrolled(admin, competencies)
        place(admin, page)
        answer = place(admin, page, starts_on="2027-01-01", ends_on="2027-06-30")
        assert answer.status_code == 422
        assert error_of(text(answer), "starts_on") == (
            "This placement overlaps another placement of the trainee.")
        assert 'value="2027-06-30"' in text(answer)  # what was typed stays

    def test_a_placement_that_ends_before_it_starts_is_refused_beside_the_end(
            self, admin, competencies):
        page, _ = enrolled(admin, competencies)
        answer = place(admin, page, ends_on="2026-01-01")
        assert error_of(text(answer), "ends_on") == "The end date is before the start date."

    def test_the_dates_are_corrected_and_the_placement_cancelled_with_a_reason(
            self, admin, competencies):
        page, _ = enrolled(admin, competencies)
        place(admin, page)
        placement = next(iter(competencies.enrolments.values()))["placements"][0]
        here = f"{page}/placements/{placement['placement_id']}"
        assert 'value="2026-09-01"' in text(admin.get(here))
        answer = admin.post(f"{here}/correct", {"starts_on": "2026-09-15",
                                                "ends_on": "2027-03-14"})
        assert "notice=placement_correct" in answer.headers["Location"]
        assert placement["starts_on"] == "2026-09-15"
        refused = admin.post(f"{here}/cancel", {"reason": " "})
        assert refused.status_code == 422 and error_of(text(refused), "reason")
        assert admin.post(f"{here}/cancel", {"reason": "Wrong practice"}).status_code == 303
        assert placement["state"] == "cancelled"

    def test_with_several_tutors_the_administrator_chooses_the_personal_tutor(
            self, admin, competencies):
        page, _ = enrolled(admin, competencies)
        place(admin, page)
        placement = next(iter(competencies.enrolments.values()))["placements"][0]
        here = f"{page}/placements/{placement['placement_id']}"
        shown = text(admin.get(here))
        assert "Ingrid Berg</option>" in shown and "Lars Johansen</option>" in shown
        refused = admin.post(f"{here}/tutor", {"tutor_id": "t-kari"})
        assert error_of(text(refused), "tutor_id") == (
            "This person is not a tutor of the place of training.")
        assert admin.post(f"{here}/tutor", {"tutor_id": "tutor-2"}).status_code == 303
        assert placement["tutor_id"] == "tutor-2"

    def test_an_enrolment_is_cancelled_only_with_a_reason(self, admin, competencies):
        page, enrolment_id = enrolled(admin, competencies)
        admin.get(page)
        refused = admin.post(f"{page}/cancel", {"reason": ""})
        assert refused.status_code == 422 and error_of(text(refused), "reason")
        assert admin.post(f"{page}/cancel", {"reason": "Mistake"}).status_code == 303
        assert competencies.enrolments[enrolment_id]["state"] == "cancelled"
        assert "Add a placement" not in text(admin.get(page))


class TestMyProgramme:
    @pytest.fixture
    def trainee(self, admin, competencies, identity):
        enrolled(admin, competencies)
        browser = Browser(admin.client.application)
        browser.login(identity, TRAINEE)
        return browser

    def test_every_item_is_there_grouped_in_collapsible_plans(self, trainee):
        page = text(trainee.get("/programmes/mine"))
        assert page.count('class="ds-details portal-group"') == 5
        assert page.count('class="portal-item"') == 151
        assert "Direct observation" in page and "Vakt" in page
        assert "Kan vurdere &lt;b&gt;pasienten&lt;/b&gt;" in page

    def test_a_search_without_javascript_narrows_to_matching_items_and_opens_their_groups(
            self, trainee):
        page = text(trainee.get("/programmes/mine?q=hjertestans"))
        assert page.count('class="portal-item"') == 5
        assert page.count('class="ds-details portal-group" open') == 5
        assert text(trainee.get("/programmes/mine?q=KLP-016")).count('class="portal-item"') == 1

    def test_the_state_filter_shows_only_items_in_that_state(self, trainee, competencies):
        competencies.states["KLS-003"] = "approved"
        page = text(trainee.get("/programmes/mine?state=approved"))
        assert page.count('class="portal-item"') == 1 and "KLS-003" in page

    def test_htmx_gets_only_the_curriculum(self, trainee):
        answer = trainee.get("/programmes/mine?q=KLS-001", headers={"HX-Request": "true"})
        assert "<html" not in text(answer) and "KLS-001" in text(answer)

    def test_a_person_not_enrolled_is_told_who_enrols_them(self, browser, identity):
        browser.login(identity, TUTOR)
        assert "You are not enrolled in a programme yet." in text(browser.get("/programmes/mine"))

    def test_the_page_speaks_the_persons_language(self, trainee, competencies):
        trainee.get("/programmes/mine")
        trainee.post("/language", {"language": "nb", "return_to": "/programmes/mine"})
        page = text(trainee.get("/programmes/mine"))
        assert "Mitt program" in page and "Direkte observasjon" in page


class TestTheTutorsPages:
    def test_my_trainees_lists_current_planned_and_former(self, browser, identity):
        browser.login(identity, TUTOR)
        page = text(browser.get("/programmes/trainees"))
        assert "Current trainees (1)" in page and "Planned trainees (0)" in page
        assert "Old Trainee" in page and "/programmes/trainees/t-kari" in page

    def test_a_record_the_tutor_may_read_is_shown_and_the_trainee_sees_the_reading(
            self, admin, competencies, identity):
        enrolled(admin, competencies)
        competencies.readable.add(("tutor-1", "t-kari"))
        tutor = Browser(admin.client.application)
        tutor.login(identity, TUTOR)
        page = text(tutor.get("/programmes/trainees/t-kari"))
        assert "Record of Kari Nordmann" in page and page.count('class="portal-item"') == 151
        trainee = Browser(admin.client.application)
        trainee.login(identity, TRAINEE)
        reads = text(trainee.get("/programmes/mine/reads"))
        assert "Ingrid Berg" in reads and "1 reading logged" in reads

    def test_a_record_the_tutor_may_not_read_is_refused(self, browser, identity):
        browser.login(identity, TUTOR)
        assert browser.get("/programmes/trainees/t-kari").status_code == 403


class TestOpeningAccess:
    @pytest.fixture
    def region(self, browser, identity):
        browser.login(identity, REGION)
        browser.get("/programmes/access")
        return browser

    def send(self, region, **fields):
        return region.post("/programmes/access", {"trainee_id": "t-kari",
                                                  "place_id": "place-legevakt",
                                                  "opened_until": "2027-01-15",
                                                  "reason": "Paper document", **fields})

    def test_access_is_opened_with_a_reason_and_an_end(self, region, competencies):
        assert "notice=opened" in self.send(region).headers["Location"]
        assert competencies.sent[-1][2]["reason"] == "Paper document"

    def test_an_opening_without_a_reason_is_refused_beside_the_reason(self, region):
        answer = self.send(region, reason="")
        assert error_of(text(answer), "reason") == "Give the reason for opening the access."

    def test_an_opening_too_long_is_refused_beside_the_date(self, region):
        answer = self.send(region, opened_until="2027-12-31")
        assert error_of(text(answer), "opened_until").startswith("Access can be opened for a")

    def test_only_a_region_administrator_opens_access(self, admin):
        assert admin.get("/programmes/access").status_code == 403
