"""Role pages are for their roles: others get the no-access page, and nobody acts for an
organisation that is not theirs (the services check again; the front end does not ask)."""
from fake_identity import Person
from web_testing import text

SIGNATORY = [{"organisation_id": "org-1", "role": "signatory"}]


def test_a_person_without_the_operator_role_is_refused_the_operators_pages(browser, identity):
    browser.login(identity, Person("p-1", lang="en"))
    for path in ("/operator/organisations", "/operator/agreement-texts", "/admin/tutors",
                 "/admin/people", "/signatory/agreements"):
        answer = browser.get(path)
        assert answer.status_code == 403 and "No access to this page" in text(answer)


def test_the_menu_offers_a_signatory_their_page(browser, identity):
    browser.login(identity, Person("p-1", lang="en", memberships=SIGNATORY))
    page = text(browser.get("/"))
    menu = page[page.index('aria-label="Main menu"'):page.index("</nav>")]
    assert "/signatory/agreements" in menu and "/operator/" not in menu


def test_a_signatory_cannot_act_for_another_organisation(browser, identity):
    identity.agreements = [{"organisation_id": "org-1", "name": "Bergen", "kind": "municipality",
                            "country": "NO", "status": "not_signed", "signed_at": None,
                            "terminated_at": None, "text_version": None}]
    browser.login(identity, Person("p-1", lang="en", memberships=SIGNATORY))
    browser.get("/")
    answer = browser.post("/signatory/agreements/org-2/sign", {"text_version": "1"})
    assert answer.status_code == 404
