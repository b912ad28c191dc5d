"""Pure parts: the test people file, the brokers' claim shapes, settings, short-lived state."""
from pathlib import Path

import pytest

from dev_eid.brokers import BROKERS
from dev_eid.people import load_people
from dev_eid.settings import from_environment
from dev_eid.store import ExpiringStore
from dev_eid.texts import language


class TestThePeopleFile:
    def test_it_has_norwegian_and_danish_people_each_with_a_national_id_and_a_level(self):
        people = load_people()
        assert {p.broker for p in people} == {"helseid", "nemlogin"}
        assert len(people) == 15
        assert all(p.national_id and p.assurance in {"high", "substantial"} for p in people)

    def test_norwegian_ids_are_eleven_digits_and_danish_ones_ten(self):
        for person in load_people():
            assert len(person.national_id) == {"helseid": 11, "nemlogin": 10}[person.broker]

    @pytest.mark.parametrize("entry", [
        "{key: a, broker: helseid, pid: '1', given_name: A, family_name: B, security_level: 2}",
        "{key: a, broker: nemlogin, cpr: '1', given_name: A, family_name: B, nsis_level: low}",
        "{key: a, broker: idporten, pid: '1', given_name: A, family_name: B}",
    ])
    def test_a_malformed_person_stops_the_provider(self, tmp_path, entry):
        (tmp_path / "people.yaml").write_text(f"people:\n  - {entry}\n")
        with pytest.raises(ValueError):
            load_people(tmp_path / "people.yaml")

    def test_two_people_with_one_key_stop_the_provider(self, tmp_path):
        entry = "{key: a, broker: nemlogin, cpr: '1', given_name: A, family_name: B, nsis_level: high}"
        (tmp_path / "people.yaml").write_text(f"people:\n  - {entry}\n  - {entry}\n")
        with pytest.raises(ValueError, match="unique"):
            load_people(tmp_path / "people.yaml")


class TestSubjects:
    def test_the_subject_is_pairwise_per_client_and_stable(self):
        kari = next(p for p in load_people() if p.key == "kari-nordmann")
        helseid = BROKERS["helseid"]
        one = helseid.subject(b"salt", "portal-identity", kari)
        assert one == helseid.subject(b"salt", "portal-identity", kari)
        assert one != helseid.subject(b"salt", "another-client", kari)
        assert kari.national_id not in one

    def test_nemlogin_subjects_are_uuids(self):
        mette = next(p for p in load_people() if p.key == "mette-jensen")
        subject = BROKERS["nemlogin"].subject(b"salt", "portal-identity", mette)
        assert len(subject) == 36 and subject.count("-") == 4


class TestSettings:
    def test_the_defaults_are_those_of_make_run(self):
        settings = from_environment({})
        assert settings.public_url == "http://localhost:8007"
        assert (settings.host, settings.port) == ("127.0.0.1", 8007)
        assert settings.client.client_id == "portal-identity"
        assert settings.client.client_secret == "dev-eid-secret"
        assert settings.client.redirect_uris == (
            "http://localhost:8000/api/identity/v1/oauth/callback",)
        assert settings.client.jwks_uri == (
            "http://localhost:8000/api/identity/.well-known/broker-client-jwks.json")

    def test_redirect_uris_and_public_urls_come_from_the_environment(self):
        settings = from_environment({
            "PUBLIC_BASE_URL": "https://portal.test", "DEV_EID_URL": "https://eid.test/",
            "DEV_EID_REDIRECT_URIS": "https://a.test/cb, https://b.test/cb"})
        assert settings.public_url == "https://eid.test"
        assert settings.client.redirect_uris == ("https://a.test/cb", "https://b.test/cb")
        assert settings.client.jwks_uri.startswith("https://portal.test/api/identity/")

    def test_a_configured_jwks_replaces_the_jwks_uri(self):
        settings = from_environment({"DEV_EID_CLIENT_JWKS": '{"keys": []}'})
        assert settings.client.jwks == {"keys": []} and settings.client.jwks_uri is None

    def test_it_refuses_to_run_outside_development(self):
        with pytest.raises(SystemExit, match="development"):
            from_environment({"PORTAL_ENV": "production"})


class TestShortLivedState:
    def test_an_entry_is_gone_at_its_deadline_and_taken_only_once(self):
        now = [1000.0]
        store = ExpiringStore(lambda: now[0])
        store.put("code", "value", 60)
        assert store.take("code") == "value" and store.take("code") is None
        store.put("other", "value", 60)
        now[0] += 60
        assert store.get("other") is None

    def test_add_once_says_whether_it_was_new(self):
        store = ExpiringStore(lambda: 0.0)
        assert store.add_once("jti", until=10) is True
        assert store.add_once("jti", until=10) is False


@pytest.mark.parametrize(("ui_locales", "expected"), [
    (None, "nb"), ("en", "en"), ("fr da", "da"), ("no", "nb"), ("xx", "nb")])
def test_the_page_language_follows_ui_locales_else_the_brokers(ui_locales, expected):
    assert language(ui_locales, "nb") == expected


def test_the_readme_lists_every_test_person():
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    assert all(f"| `{person.key}` |" in readme for person in load_people())
