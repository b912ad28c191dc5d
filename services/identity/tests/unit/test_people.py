from datetime import UTC, datetime

import pytest

from identity.adapters.national_ids import NationalIdHasher
from identity.adapters.register import LocalRegisterExtract
from identity.domain import events
from identity.domain.exceptions import MembershipExists, RegistrationNotPending
from identity.domain.national_id import NationalId
from identity.domain.people import Contact, Person, PersonStatus, Role
from identity.domain.register import RegisterQuery
from identity.domain.tickets import RegistrationTicket

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
TICKET = RegistrationTicket("j-1", "inv-1", "trainee-1", "supervisor", "org-1", NOW)
KARI = Contact("Kari", "Nordmann", "kari@example.no", None, "nb")


def profile():
    person = Person.create_profile(country="NO", contact=Contact("Kari", "Nordmann"), at=NOW,
                                   actor="admin", hpr_number="9144889", organisation_id="org")
    person.events.clear()
    return person


class TestRegistration:
    def test_a_profile_matched_at_login_is_pending_until_it_registers(self):
        person = profile()
        person.recognise("digest", "9144889", None)
        assert person.status is PersonStatus.PENDING and person.registration_pending
        person.register(KARI, NOW)
        assert person.status is PersonStatus.REGISTERED and not person.registration_pending
        assert [type(e) for e in person.events] == [events.PersonRegistered]

    def test_registering_twice_is_refused(self):
        person = profile()
        person.register(KARI, NOW)
        with pytest.raises(RegistrationNotPending):
            person.register(KARI, NOW)

    def test_an_invitation_held_while_pending_is_accepted_with_the_registration(self):
        person = Person.arrive(country="NO", contact=Contact("U", "P"), national_id_hash="d",
                               hpr_number=None, authorisation_id=None, at=NOW)
        person.hold_invitation(TICKET, NOW)
        assert person.events == []
        person.register(KARI, NOW)
        assert [type(e) for e in person.events] == [events.PersonRegistered,
                                                    events.InvitationAccepted]
        assert person.pending_invitation is None

    def test_a_registered_person_accepts_an_invitation_at_once(self):
        person = profile()
        person.register(KARI, NOW)
        person.events.clear()
        person.hold_invitation(TICKET, NOW)
        assert person.events[0].invitation_id == "inv-1"

    def test_no_event_carries_a_national_id_hash(self):
        person = profile()
        person.recognise("secret-digest", None, None)
        person.register(KARI, NOW)
        assert "secret-digest" not in repr(person.events)


class TestMemberships:
    def test_a_membership_is_granted_once_and_is_an_event_and_an_audit_entry(self):
        person = profile()
        person.grant("practice-1", "region-1", Role.TUTOR, NOW, "admin")
        with pytest.raises(MembershipExists):
            person.grant("practice-1", "region-1", Role.TUTOR, NOW, "admin")
        assert isinstance(person.events[0], events.MembershipGranted)
        assert person.audit[-1].action == "membership.granted"

    def test_tokens_leave_out_memberships_without_an_agreement_in_force_except_signing(self):
        person = profile()
        person.grant("bergen", "bergen", Role.MUNICIPALITY_ADMIN, NOW, "operator")
        person.grant("bergen", "bergen", Role.SIGNATORY, NOW, "operator")
        person.grant("voss", "voss", Role.MUNICIPALITY_ADMIN, NOW, "operator")
        assert person.token_memberships(lambda org: org == "voss") == [
            ("bergen", "signatory"), ("voss", "municipality_admin")]

    def test_withdrawing_removes_it_with_a_reason(self):
        person = profile()
        person.grant("p", "r", Role.TUTOR, NOW, "admin")
        person.withdraw("p", "r", Role.TUTOR, NOW, "admin", "left the practice")
        assert person.memberships == [] and person.audit[-1].reason == "left the practice"


class TestTheRegisterExtract:
    @pytest.fixture(scope="class")
    def register(self):
        return LocalRegisterExtract(NationalIdHasher(b"k"))

    def test_the_test_doctors_are_in_it(self, register):
        assert register.get("NO", "9144889").family_name == "Nordmann"
        assert register.get("DK", "3SN7P").given_name == "Søren"

    def test_a_danish_doctor_is_found_by_cpr_as_at_login(self, register):
        assert register.by_national_id(NationalId("DK", "1103704321")).register_id == "3SN7P"
        assert register.by_national_id(NationalId("NO", "12859140090")) is None

    def test_search_by_name_words_in_any_order_and_by_country(self, register):
        found = register.search(RegisterQuery(name="nordmann kari"))
        assert [e.register_id for e in found] == ["9144889"]
        assert len(register.search(RegisterQuery(country="DK", limit=500))) == 160

    def test_it_is_realistic_in_size(self, register):
        assert len(register.search(RegisterQuery(country="NO", limit=1000))) == 240
