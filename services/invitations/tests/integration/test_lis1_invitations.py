"""LIS1 invitations through the service: the trainee invites, the link opens, identity's
word binds; every abuse a 4xx problem with a code and nothing changed."""
from datetime import timedelta

import pytest
from invitation_world import BERGEN, TODAY, link_token

from portal_contracts import invitations as contract


@pytest.fixture
def kari(world):
    world.person("kari", "Kari", "Nordmann")
    world.placed("kari")
    return "kari"


def count(world, table):
    return world.rows(f"SELECT count(*) FROM {table}")[0][0]  # noqa: S608 - test tables


class TestInviting:
    def test_the_invitation_mail_goes_to_the_private_exchange_and_the_event_has_no_secret(
            self, world, kari):
        made = world.invite(kari, "supervisor", "lars@example.org", language="nb")
        assert made.status_code == 201, made.text
        body = made.json()
        assert (body["role"], body["state"], body["organisation_id"]) == (
            "supervisor", "pending", BERGEN)
        mail = world.mails("invitation")[0]
        assert mail["recipient"]["email"] == "lars@example.org"
        assert mail["recipient"]["language"] == "nb"
        assert (mail["trainee_name"], mail["organisation_name"], mail["role"]) == (
            "Kari Nordmann", "Bergen kommune", "supervisor")
        sent = world.published(contract.INVITATION_SENT)[0]
        assert sent["invitation_id"] == body["id"]
        published = str(world.events())
        assert link_token(mail) not in published and "lars@example.org" not in published
        stored = world.rows("SELECT link_digest FROM invitations")[0][0]
        assert stored != link_token(mail) and link_token(mail) not in str(world.rows(
            "SELECT * FROM invitations"))

    def test_each_role_is_its_own_invitation_and_missing_roles_are_shown(self, world, kari):
        for role in ("leader", "advisor", "supervisor"):
            assert world.invite(kari, role).status_code == 201
        team = world.api("GET", "/me/team", as_=kari).json()
        assert sorted(i["role"] for i in team["invitations"]) == [
            "advisor", "leader", "supervisor"]
        assert team["missing_roles"] == ["leader", "advisor", "supervisor"]

    def test_inviting_into_an_organisation_without_an_agreement_is_refused(self, world, kari):
        world.terminate(BERGEN)
        refused = world.invite(kari)
        assert (refused.status_code, refused.json()["code"]) == (403, "dpa_not_active")
        assert count(world, "invitations") == 0 and count(world, "outbox") == 0

    def test_a_second_pending_leader_is_refused_and_nothing_changes(self, world, kari):
        assert world.invite(kari, "leader").status_code == 201
        refused = world.invite(kari, "leader")
        assert (refused.status_code, refused.json()["code"]) == (409, "invitation_pending")
        assert count(world, "invitations") == 1

    def test_without_a_current_placement_there_is_no_team_to_invite_into(self, world):
        refused = world.invite("nobody")
        assert (refused.status_code, refused.json()["code"]) == (409, "no_current_placement")

    def test_bad_fields_are_refused_with_422(self, world, kari):
        refused = world.api("POST", "/invitations", as_=kari,
                            json={"role": "boss", "email": "not-an-address", "extra": 1})
        assert refused.status_code == 422
        assert set(refused.json()["errors"]) == {"role", "email", "extra"}

    def test_acting_on_another_trainees_invitation_is_refused(self, world, kari):
        invitation = world.invite(kari).json()
        for action in ("resend", "revoke"):
            refused = world.api("POST", f"/invitations/{invitation['id']}/{action}",
                                as_="mallory")
            assert (refused.status_code, refused.json()["code"]) == (403, "not_your_team")
        assert world.api("GET", f"/invitations/{invitation['id']}",
                         as_="mallory").status_code == 403
        assert world.rows("SELECT state FROM invitations")[0][0] == "pending"
        assert world.api("GET", "/trainees/kari/team", as_="mallory").status_code == 403


class TestTheLinkOnSqlite:
    """make run keeps each service's data in SQLite, on one connection."""

    @pytest.fixture
    def database_url(self, tmp_path):
        return f"sqlite:///{tmp_path}/invitations.db"

    def test_a_good_link_opens_on_sqlite_whose_one_connection_the_lookup_holds(
            self, world, kari):
        # make run's SQLite has one connection: the ticket key's use was recorded on a
        # second one while the lookup held it, so every good link waited 30 s for a 503
        invitation = world.invite(kari, "leader").json()
        opened = world.api("POST", "/links/open",
                           json={"token": link_token(world.mails("invitation")[0])})
        assert opened.status_code == 200, opened.text
        assert opened.json()["invitation_id"] == invitation["id"]


class TestTheLink:
    def test_opening_shows_the_invitation_and_mints_a_ticket_identity_can_verify(
            self, world, kari):
        invitation = world.invite(kari, "advisor").json()
        token = link_token(world.mails("invitation")[0])
        for _ in range(2):  # a mail scanner opening it first spends nothing
            opened = world.api("POST", "/links/open", json={"token": token})
            assert opened.status_code == 200, opened.text
        shown = opened.json()
        assert (shown["invitation_id"], shown["role"], shown["trainee_name"],
                shown["organisation_name"]) == (invitation["id"], "advisor", "Kari Nordmann",
                                                "Bergen kommune")
        claims = world.verify_ticket(shown["registration_ticket"])
        assert (claims["invitation_id"], claims["trainee"], claims["role"],
                claims["organisation_id"]) == (invitation["id"], "kari", "advisor", BERGEN)
        assert claims["exp"] - claims["iat"] == 900 and claims["jti"]

    def test_unknown_used_expired_and_revoked_links_get_one_and_the_same_answer(
            self, world, kari):
        used, revoked, expired = (world.invite(kari, role).json()
                                  for role in ("leader", "advisor", "supervisor"))
        tokens = {m["invitation_id"]: link_token(m)
                  for m in world.mails("invitation", 3)}
        world.person("ola", "Ola", "Hansen")
        world.accepted(used, "ola")
        world.published(contract.INVITATION_BOUND)
        world.api("POST", f"/invitations/{revoked['id']}/revoke", as_=kari)
        world.shift_clock(timedelta(days=15))
        answers = [world.api("POST", "/links/open", json={"token": token})
                   for token in (tokens[used["id"]], tokens[revoked["id"]],
                                 tokens[expired["id"]], "guessed-" + "x" * 40)]
        assert {a.status_code for a in answers} == {404}
        assert len({a.text for a in answers}) == 1
        assert answers[0].json()["code"] == "invitation_link_invalid"

    @pytest.mark.parametrize("extra_config", [{"INVITATION_LINK_RATE_LIMIT": "3/60"}])
    def test_lookups_are_rate_limited_with_retry_after(self, world):
        answers = [world.api("POST", "/links/open", json={"token": f"guess-{n}"},
                             headers={"X-Forwarded-For": "192.0.2.7"}) for n in range(4)]
        assert [a.status_code for a in answers] == [404, 404, 404, 429]
        assert int(answers[-1].headers["Retry-After"]) >= 1
        assert answers[-1].json()["code"] == "rate_limited"

    def test_resending_kills_the_old_link(self, world, kari):
        invitation = world.invite(kari).json()
        first = link_token(world.mails("invitation")[0])
        assert world.api("POST", f"/invitations/{invitation['id']}/resend",
                         as_=kari).status_code == 200
        second = link_token(world.mails("invitation", 2)[1])
        assert world.api("POST", "/links/open", json={"token": first}).status_code == 404
        assert world.api("POST", "/links/open", json={"token": second}).status_code == 200


class TestBinding:
    def test_a_shortened_placement_ends_its_teams_relationships_on_its_new_last_day(
            self, world):
        world.person("kari", "Kari", "Nordmann")
        placement = world.placed("kari")
        invitation = world.invite("kari", "leader").json()
        world.person("ola", "Ola", "Hansen")
        world.accepted(invitation, "ola")
        world.published(contract.RELATIONSHIP_GRANTED)
        ends = TODAY + timedelta(days=20)
        world.change_placement(placement, "kari", BERGEN, BERGEN,
                               TODAY - timedelta(days=30), ends)
        [changed] = world.published(contract.RELATIONSHIP_CHANGED)
        assert (changed["person_id"], changed["role"], changed["valid_to"], changed["version"]
                ) == ("ola", "leader", ends.isoformat(), 2)

    def test_identitys_word_binds_the_invitation_and_an_outside_subscriber_reads_it(
            self, world, kari):
        invitation = world.invite(kari).json()
        token = link_token(world.mails("invitation")[0])
        world.person("lars", "Lars", "Johansen")
        world.accepted(invitation, "lars")
        granted = world.published(contract.RELATIONSHIP_GRANTED)[0]
        assert (granted["trainee_id"], granted["person_id"], granted["role"],
                granted["organisation_id"], granted["version"]) == (
            "kari", "lars", "supervisor", BERGEN, 1)
        assert granted["valid_from"] == TODAY.isoformat()
        assert world.api("POST", "/links/open", json={"token": token}).status_code == 404
        acting = world.api("GET", "/trainees/kari/relationships", as_=kari).json()
        assert [(a["person_id"], a["role"]) for a in acting] == [("lars", "supervisor")]
        mine = world.api("GET", "/me/trainees", as_="lars").json()
        assert [(a["trainee_id"], a["role"]) for a in mine] == [("kari", "supervisor")]

    def test_the_trainee_accepting_their_own_invitation_is_refused_with_a_reason(
            self, world, kari):
        invitation = world.invite(kari).json()
        world.accepted(invitation, "kari")
        refused = world.published(contract.INVITATION_BINDING_REFUSED)[0]
        assert (refused["reason"], refused["person_id"]) == ("own_invitation", "kari")
        assert count(world, "relationships") == 0

    def test_a_revoked_invitation_is_not_bound(self, world, kari):
        invitation = world.invite(kari).json()
        world.api("POST", f"/invitations/{invitation['id']}/revoke", as_=kari,
                  json={"reason": "wrong person"})
        world.accepted(invitation, "lars")
        assert world.published(contract.INVITATION_BINDING_REFUSED)[0]["reason"] == "revoked"

    def test_one_person_cannot_be_leader_and_advisor_of_the_same_trainee(self, world, kari):
        leader = world.invite(kari, "leader").json()
        world.accepted(leader, "ola")
        world.published(contract.RELATIONSHIP_GRANTED)
        advisor = world.invite(kari, "advisor").json()
        world.accepted(advisor, "ola")
        assert world.published(contract.INVITATION_BINDING_REFUSED)[0]["reason"] == \
            "conflicting_role"
        assert count(world, "relationships") == 1

    def test_a_replacement_leader_ends_the_old_one_when_accepting(self, world, kari):
        world.accepted(world.invite(kari, "leader").json(), "ola")
        world.published(contract.RELATIONSHIP_GRANTED)
        replacement = world.invite(kari, "leader").json()
        assert world.api("GET", "/trainees/kari/relationships",
                         as_=kari).json()[0]["person_id"] == "ola"
        world.accepted(replacement, "per")
        ended = world.published(contract.RELATIONSHIP_ENDED)[0]
        assert (ended["person_id"], ended["reason"], ended["version"]) == ("ola", "replaced", 2)
        acting = world.api("GET", "/trainees/kari/relationships", as_=kari).json()
        assert [(a["person_id"], a["role"]) for a in acting] == [("per", "leader")]

    def test_a_second_acceptance_of_a_used_invitation_is_refused_as_already_used(self, world, kari):
        invitation = world.invite(kari).json()
        world.accepted(invitation, "lars")
        world.published(contract.RELATIONSHIP_GRANTED)
        world.accepted(invitation, "lars")  # a new event id: the invitation is used up
        assert world.published(contract.INVITATION_BINDING_REFUSED)[0]["reason"] == \
            "already_used"
        assert count(world, "relationships") == 1


class TestExpiryAndReminders:
    def test_a_reminder_goes_out_before_expiry_and_expiry_is_marked_and_announced(
            self, world, kari):
        invitation = world.invite(kari).json()
        world.sweep()
        assert not world.sent("invitation_reminder")
        world.shift_clock(timedelta(days=12))
        world.sweep()
        world.sweep()  # once only
        reminder = world.mails("invitation_reminder")
        assert len(reminder) == 1 and reminder[0]["recipient"]["email"] == invitation["email"]
        assert world.published(contract.INVITATION_REMINDER_DUE)[0]["invitation_id"] == \
            invitation["id"]
        assert world.api("POST", "/links/open", json={
            "token": link_token(reminder[0])}).status_code == 200
        world.shift_clock(timedelta(days=14, seconds=5))
        world.sweep()
        assert world.published(contract.INVITATION_EXPIRED)[0]["invitation_id"] == \
            invitation["id"]
        assert world.rows("SELECT state FROM invitations")[0][0] == "expired"


class TestAdministratorsAndAudit:
    ADMIN = ((BERGEN, "municipality_admin"),)

    def test_a_municipality_administrator_sees_every_team_and_corrects_one(self, world, kari):
        invitation = world.invite(kari).json()
        world.accepted(invitation, "lars")
        granted = world.published(contract.RELATIONSHIP_GRANTED)[0]
        overview = world.api("GET", f"/organisations/{BERGEN}/overview", as_="per",
                             memberships=self.ADMIN).json()
        assert [t["trainee_id"] for t in overview["teams"]] == ["kari"]
        assert overview["teams"][0]["missing_roles"] == ["leader", "advisor"]
        ended = world.api("POST", f"/relationships/{granted['relationship_id']}/end",
                          as_="per", memberships=self.ADMIN, json={"reason": "wrong person"})
        assert ended.status_code == 200 and ended.json()["state"] == "ended"
        assert world.published(contract.RELATIONSHIP_ENDED)[0]["reason"] == \
            "ended_by_administrator"
        assert world.api("POST", "/invitations", as_="per", memberships=self.ADMIN, json={
            "role": "leader", "email": "ola@example.org", "trainee_id": "kari"}
        ).status_code == 201

    def test_others_neither_see_the_overview_nor_end_relationships(self, world, kari):
        world.accepted(world.invite(kari).json(), "lars")
        granted = world.published(contract.RELATIONSHIP_GRANTED)[0]
        assert world.api("GET", f"/organisations/{BERGEN}/overview",
                         as_=kari).status_code == 403
        refused = world.api("POST", f"/relationships/{granted['relationship_id']}/end",
                            as_=kari, json={"reason": "mine"})
        assert (refused.status_code, refused.json()["code"]) == (403, "not_allowed")
        assert world.rows("SELECT state FROM relationships")[0][0] == "active"

    def test_the_trainee_reads_who_did_what_in_the_audit_log_and_nobody_else_does(
            self, world, kari):
        invitation = world.invite(kari).json()
        world.api("POST", f"/invitations/{invitation['id']}/resend", as_=kari)
        world.api("POST", f"/invitations/{invitation['id']}/revoke", as_=kari,
                  json={"reason": "typo in the address"})
        log = world.api("GET", "/trainees/kari/audit", as_=kari).json()
        assert [(e["action"], e["actor"]) for e in log] == [
            ("invitation.revoked", "kari"), ("invitation.resent", "kari"),
            ("invitation.sent", "kari")]
        assert log[0]["reason"] == "typo in the address"
        assert world.api("GET", "/trainees/kari/audit", as_="mallory").status_code == 403
        assert world.api("GET", "/trainees/kari/audit", as_="per",
                         memberships=self.ADMIN).status_code == 200
