"""The person's notifications, the administrator's failed deliveries, and retrying them."""
import uuid

import requests

from portal_kit.testing import free_port, wait_for

V1 = "/api/notifications/v1"


def get(service, path, headers):
    return requests.get(f"{service.url}{V1}{path}", headers=headers, timeout=10)


def admin_of(tokens, organisation_id, role="municipality_admin"):
    return tokens.headers(subject=str(uuid.uuid4()), memberships=[
        {"organisation_id": organisation_id, "role": role}])


def failed_agreement(service, agreement_event, person_event):
    person, organisation = str(uuid.uuid4()), str(uuid.uuid4())
    service.publish(person_event("registered", person))
    wait_for(lambda: service.contact(person))
    service.publish(agreement_event("signed", organisation_id=organisation,
                                    signatory_person_id=person))
    wait_for(lambda: len([d for d in service.deliveries()
                          if d["status"] == "dead_lettered"]) == 3, timeout=20)
    return person, organisation


class TestMyNotifications:
    def test_a_person_reads_their_own_notifications_and_their_state(
            self, start_notifications, catchers, person_event, tokens):
        catcher = catchers()
        service = start_notifications(catcher.smtp_port)
        person = str(uuid.uuid4())
        service.publish(person_event("registered", person))
        wait_for(lambda: [d for d in service.deliveries() if d["status"] == "sent"])
        for path in (f"/people/{person}/notifications", "/people/me/notifications"):
            response = get(service, path, tokens.headers(subject=person))
            assert response.status_code == 200, response.text
            [notice] = response.json()
            assert (notice["template"], notice["status"], notice["language"]) == (
                "registration_approved", "sent", "nb")
            assert "body" not in notice and "html" not in notice

    def test_someone_else_may_not_read_them(self, start_notifications, tokens):
        service = start_notifications(free_port())
        response = get(service, f"/people/{uuid.uuid4()}/notifications",
                       tokens.headers(subject=str(uuid.uuid4())))
        assert response.status_code == 403 and response.json()["code"] == "not_allowed"
        assert get(service, "/people/me/notifications", {}).status_code == 401

    def test_an_administrator_sees_only_what_concerns_their_organisation(
            self, start_notifications, agreement_event, person_event, tokens):
        service = start_notifications(free_port(), MAIL_MAX_ATTEMPTS=1)
        person, organisation = failed_agreement(service, agreement_event, person_event)
        seen = get(service, f"/people/{person}/notifications", admin_of(tokens, organisation))
        assert [n["template"] for n in seen.json()] == ["dpa_signed"]
        other = get(service, f"/people/{person}/notifications", admin_of(tokens, "elsewhere"))
        assert other.status_code == 200 and other.json() == []
        everything = get(service, f"/people/{person}/notifications",
                         tokens.headers(roles=["operator"]))
        assert sorted(n["template"] for n in everything.json()) == [
            "dpa_signed", "registration_approved"]


class TestFailedDeliveries:
    def test_an_administrator_lists_the_deliveries_that_failed_and_retries_one(
            self, start_notifications, catchers, agreement_event, person_event, tokens):
        port = free_port()
        service = start_notifications(port, MAIL_MAX_ATTEMPTS=1)
        _, organisation = failed_agreement(service, agreement_event, person_event)
        admin = admin_of(tokens, organisation)
        failed = get(service, f"/organisations/{organisation}/failed-deliveries", admin)
        assert failed.status_code == 200, failed.text
        assert sorted(d["address"] for d in failed.json()) == sorted(
            ["post@bergen.kommune.no", "nora.eriksen@bergen.kommune.no"])
        assert {d["status"] for d in failed.json()} == {"dead_lettered"}
        assert all("ConnectionRefusedError" in d["last_error"] for d in failed.json())
        catcher = catchers(port)
        retried = requests.post(f"{service.url}{V1}/deliveries/{failed.json()[0]['id']}/retry",
                                headers=admin, timeout=10)
        assert retried.status_code == 200, retried.text
        assert retried.json()["status"] == "queued"
        [mail] = wait_for(catcher.messages)
        assert mail["to"] == [failed.json()[0]["address"]]
        again = requests.post(f"{service.url}{V1}/deliveries/{failed.json()[0]['id']}/retry",
                              headers=admin, timeout=10)
        assert again.status_code == 409

    def test_another_organisations_administrator_sees_and_retries_nothing(
            self, start_notifications, agreement_event, person_event, tokens):
        service = start_notifications(free_port(), MAIL_MAX_ATTEMPTS=1)
        _, organisation = failed_agreement(service, agreement_event, person_event)
        stranger = admin_of(tokens, "elsewhere")
        assert get(service, f"/organisations/{organisation}/failed-deliveries",
                   stranger).status_code == 403
        delivery = next(d for d in service.deliveries() if d["status"] == "dead_lettered")
        refused = requests.post(f"{service.url}{V1}/deliveries/{delivery['id']}/retry",
                                headers=stranger, timeout=10)
        assert refused.status_code == 403
        assert requests.post(f"{service.url}{V1}/deliveries/nope/retry", headers=stranger,
                             timeout=10).status_code == 404


class TestPreferences:
    def test_a_person_reads_and_changes_their_settings(self, start_notifications, tokens):
        service = start_notifications(free_port())
        me = tokens.headers(subject="p-ola")
        url = f"{service.url}{V1}/people/me/preferences"
        everything_at_once = {"awaiting_approval": "immediate", "reminders": "immediate",
                              "documents": "immediate", "sign_off_decisions": "immediate"}
        assert requests.get(url, headers=me, timeout=10).json() == everything_at_once
        changed = requests.put(url, headers=me, json={"awaiting_approval": "daily_digest",
                                                      "documents": "off"}, timeout=10)
        assert changed.status_code == 200, changed.text
        assert changed.json() == dict(everything_at_once, awaiting_approval="daily_digest",
                                      documents="off")
        assert requests.get(url, headers=tokens.headers(subject="p-other"),
                            timeout=10).json()["awaiting_approval"] == "immediate"

    def test_an_unknown_choice_is_refused_and_changes_nothing(self, start_notifications,
                                                               tokens):
        service = start_notifications(free_port())
        me = tokens.headers(subject="p-ola")
        url = f"{service.url}{V1}/people/me/preferences"
        for body in ({"reminders": "daily_digest"}, {"awaiting_approval": "weekly"},
                     {"invitations": "off"}):
            response = requests.put(url, headers=me, json=body, timeout=10)
            assert response.status_code == 422, (body, response.text)
        assert service.rows("select * from preferences") == []
