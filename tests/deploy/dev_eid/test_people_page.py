"""The authorize page: every test person of its broker, as buttons, usable without JavaScript."""
import pytest

from dev_eid.people import load_people
from relying_party import Browser

PEOPLE = load_people()


def page_of(provider, client_key, broker, **overrides):
    rp = provider.relying_party(broker, key=client_key)
    return Browser().open(rp.login_url(**overrides))


@pytest.mark.parametrize("broker", ["helseid", "nemlogin"])
def test_the_page_lists_every_test_person_of_its_broker_and_no_other(
        provider, client_key, broker):
    page = page_of(provider, client_key, broker)
    assert page.status == 200
    assert page.people() == [p.key for p in PEOPLE if p.broker == broker]


@pytest.mark.parametrize(("broker", "lang"), [("helseid", "nb"), ("nemlogin", "da")])
def test_the_page_speaks_the_brokers_language_and_says_so(provider, client_key, broker, lang):
    assert page_of(provider, client_key, broker).lang == lang


def test_ui_locales_choose_the_pages_language(provider, client_key):
    page = page_of(provider, client_key, "helseid", ui_locales="en")
    assert page.lang == "en" and "Choose a test person" in page.headings


def test_each_button_names_the_person_and_points_to_a_description(provider, client_key):
    page = page_of(provider, client_key, "helseid")
    kari = next(b for b in page.buttons if b.get("value") == "kari-nordmann")
    assert kari["text"] == "Logg inn som Kari Nordmann"
    assert "LIS1 doctor in Bergen" in page.texts[kari["aria-describedby"]]
    assert "9144889" in page.texts[kari["aria-describedby"]]


def test_the_page_works_with_a_plain_form_and_no_script(provider, client_key):
    page = page_of(provider, client_key, "nemlogin")
    assert page.scripts == 0
    assert [form.get("method") for form in page.forms] == ["post"]
    assert all(b.get("type") == "submit" for b in page.buttons)
    assert page.headings[0] == "Vælg testperson"


def test_the_page_may_not_be_framed_or_cached(provider, client_key):
    rp = provider.relying_party("helseid", key=client_key)
    response = Browser().http.get(rp.login_url(), timeout=10)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
