"""Pages that show what a service answers: the public agreement list."""
from web_testing import text

ROWS = [
    {"organisation_id": "1", "name": "Bergen kommune", "kind": "municipality", "country": "NO",
     "status": "signed", "signed_at": "2026-03-04T10:00:00+00:00", "terminated_at": None},
    {"organisation_id": "2", "name": "Region Hovedstaden", "kind": "region", "country": "DK",
     "status": "terminated", "signed_at": None, "terminated_at": "2026-05-06T10:00:00+00:00"},
    {"organisation_id": "3", "name": "Alver kommune <b>", "kind": "municipality",
     "country": "NO", "status": "not_signed", "signed_at": None, "terminated_at": None},
]


class TestAgreementList:
    def test_everyone_sees_every_holder_in_name_order(self, browser, identity):
        identity.agreements = ROWS
        page = text(browser.get("/agreements"))
        assert page.index("Alver") < page.index("Bergen") < page.index("Region Hovedstaden")
        assert "3 agreement holders found" in page
        assert "Alver kommune &lt;b&gt;" in page

    def test_a_search_narrows_by_name_country_and_status(self, browser, identity):
        identity.agreements = ROWS
        page = text(browser.get("/agreements?q=KOMMUNE&country=NO&status=signed"))
        assert "Bergen kommune" in page and "Alver" not in page and "Hovedstaden" not in page
        assert "1 agreement holder found" in page

    def test_htmx_gets_only_the_results_and_a_history_restore_the_whole_page(
            self, browser, identity):
        identity.agreements = ROWS
        partial = text(browser.get("/agreements?q=bergen", headers={"HX-Request": "true"}))
        assert "<html" not in partial and "Bergen kommune" in partial
        restored = text(browser.get("/agreements?q=bergen", headers={
            "HX-Request": "true", "HX-History-Restore-Request": "true"}))
        assert "<html" in restored

    def test_dates_and_statuses_are_written_in_the_pages_language(self, browser, identity):
        identity.agreements = ROWS
        danish = text(browser.get("/agreements", headers={"Accept-Language": "da"}))
        assert "4. marts 2026" in danish and "Opsagt" in danish and "Underskrevet" in danish
        norwegian = text(browser.get("/agreements", headers={"Accept-Language": "nb"}))
        assert "4. mars 2026" in norwegian and "Sagt opp" in norwegian
        english = text(browser.get("/agreements", headers={"Accept-Language": "en"}))
        assert "March 4, 2026" in english
