from datetime import UTC, datetime, timedelta

import pytest

from identity.domain import events
from identity.domain.agreements import EID, PAPER, AgreementText, Signature
from identity.domain.exceptions import (
    AgreementAlreadySigned,
    AgreementNotInForce,
    InvalidOrganisationNumber,
    NotAnAgreementHolder,
    NothingToChange,
    OrganisationNotOnboarded,
)
from identity.domain.model import AgreementStatus, Organisation, OrganisationKind, Party

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
TEXT_1 = AgreementText(1, "Databehandleravtale", "…", NOW, "operator")
TEXT_2 = AgreementText(2, "Databehandleravtale 2027", "…", NOW, "operator")
PAPER_SIGNATURE = Signature("Ordfører Hansen", PAPER)


def bergen(**overrides):
    values = {"name": "Bergen kommune", "kind": OrganisationKind.MUNICIPALITY, "country": "NO",
              "organisation_number": "964338531", "contact_email": "post@bergen.kommune.no",
              "code": "4601", "at": NOW, "actor": "operator"}
    organisation = Organisation.register(**dict(values, **overrides))
    organisation.events.clear()
    return organisation


class TestOnboarding:
    def test_a_new_contact_email_is_an_update_with_its_audit_entry(self):
        organisation = bergen()
        organisation.audit.clear()
        assert organisation.onboard(None, "postmottak@bergen.kommune.no", NOW, "operator")
        assert organisation.contact_email == "postmottak@bergen.kommune.no"
        assert [type(e) for e in organisation.events] == [events.OrganisationUpdated]
        assert len(organisation.audit) == 1

    def test_the_same_values_again_change_nothing_and_write_no_event_nor_audit_entry(self):
        organisation = bergen()
        organisation.audit.clear()
        assert not organisation.onboard("964 338 531", "post@bergen.kommune.no", NOW,
                                        "operator")
        assert not organisation.onboard(None, "post@bergen.kommune.no", NOW, "operator")
        assert organisation.events == [] and organisation.audit == []

    def test_an_empty_onboarding_is_refused_and_changes_nothing(self):
        organisation = bergen()
        organisation.audit.clear()
        with pytest.raises(NothingToChange) as refused:
            organisation.onboard(None, "", NOW, "operator")
        assert refused.value.code == "nothing_to_change"
        assert organisation.events == [] and organisation.audit == []


class TestRegistration:
    def test_a_registered_municipality_has_no_agreement_and_may_not_use_the_portal(self):
        organisation = Organisation.register(
            name="Voss herad", kind=OrganisationKind.MUNICIPALITY, country="NO", code="4621",
            at=NOW, actor="operator")
        assert organisation.agreement_status is AgreementStatus.NOT_SIGNED
        assert not organisation.may_use_portal and organisation.is_holder
        assert isinstance(organisation.events[0], events.OrganisationRegistered)

    def test_an_invalid_organisation_number_is_refused(self):
        with pytest.raises(InvalidOrganisationNumber):
            bergen(organisation_number="964338532")

    def test_a_danish_region_is_checked_as_a_cvr_number(self):
        region = bergen(name="Region Hovedstaden", kind=OrganisationKind.REGION, country="DK",
                        organisation_number="29190623", code="1084")
        assert region.organisation_number == "29190623"

    def test_a_municipality_is_norwegian_and_a_region_danish(self):
        with pytest.raises(NotAnAgreementHolder):
            bergen(country="DK", organisation_number=None)

    def test_a_place_of_training_names_its_agreement_holder_and_the_event_says_so(self):
        holder = bergen()
        practice = Organisation.register(name="Legesenter", kind=OrganisationKind.PRACTICE,
                                         country="NO", holder=holder, at=NOW, actor="operator")
        assert practice.holder_id == holder.id and not practice.is_holder
        assert practice.events[0].agreement_holder_id == holder.id

    def test_a_place_without_a_holder_is_refused(self):
        with pytest.raises(NotAnAgreementHolder):
            Organisation.register(name="Legesenter", kind=OrganisationKind.PRACTICE,
                                  country="NO", at=NOW, actor="operator")


class TestDataProcessingAgreement:
    def test_signing_puts_the_agreement_in_force_on_the_text_version_and_records_it(self):
        organisation = bergen()
        organisation.sign_agreement(TEXT_1, PAPER_SIGNATURE, NOW, "operator")
        assert organisation.may_use_portal and organisation.agreement_version == 1
        (signed,) = organisation.events
        assert isinstance(signed, events.DpaSigned)
        assert (signed.text_version, signed.signature_method) == (1, PAPER)
        assert organisation.history[0].action == "signed"

    def test_a_signatory_signing_with_eid_is_named_by_person_id(self):
        organisation = bergen()
        organisation.sign_agreement(TEXT_1, Signature("Nora Eriksen", EID, "p-1"), NOW, "p-1")
        assert organisation.events[0].signatory_person_id == "p-1"
        assert organisation.signature_method == EID

    def test_signing_needs_the_organisation_number_and_contact_email_first(self):
        organisation = bergen(organisation_number=None, contact_email=None)
        with pytest.raises(OrganisationNotOnboarded):
            organisation.sign_agreement(TEXT_1, PAPER_SIGNATURE, NOW, "operator")

    def test_a_place_of_training_signs_nothing(self):
        practice = Organisation.register(name="Legesenter", kind=OrganisationKind.PRACTICE,
                                         country="NO", holder=bergen(), at=NOW, actor="o")
        with pytest.raises(NotAnAgreementHolder):
            practice.sign_agreement(TEXT_1, PAPER_SIGNATURE, NOW, "operator")

    def test_signing_twice_is_refused(self):
        organisation = bergen()
        organisation.sign_agreement(TEXT_1, PAPER_SIGNATURE, NOW, "operator")
        with pytest.raises(AgreementAlreadySigned):
            organisation.sign_agreement(TEXT_2, PAPER_SIGNATURE, NOW, "operator")

    def test_the_agreement_stays_in_force_on_the_text_it_signed_until_terminated(self):
        organisation = bergen()
        organisation.sign_agreement(TEXT_1, PAPER_SIGNATURE, NOW, "operator")
        assert organisation.agreement_text_version == 1 and organisation.may_use_portal

    def test_termination_ends_it_and_re_signing_the_same_text_is_a_new_version(self):
        organisation = bergen()
        organisation.sign_agreement(TEXT_1, PAPER_SIGNATURE, NOW, "operator")
        organisation.terminate_agreement(Party.ORGANISATION, "New supplier",
                                         NOW + timedelta(days=1), "operator")
        assert not organisation.may_use_portal
        organisation.sign_agreement(TEXT_1, PAPER_SIGNATURE, NOW + timedelta(days=2), "o")
        assert organisation.agreement_version == 2 and organisation.may_use_portal
        assert [e.agreement_version for e in organisation.events] == [1, 1, 2]
        assert [h.action for h in organisation.history] == ["signed", "terminated", "signed"]

    def test_terminating_without_an_agreement_in_force_is_refused(self):
        with pytest.raises(AgreementNotInForce):
            bergen().terminate_agreement(Party.OPERATOR, "x", NOW, "operator")

    def test_every_change_is_an_audit_entry(self):
        organisation = bergen()
        organisation.audit.clear()
        organisation.sign_agreement(TEXT_1, PAPER_SIGNATURE, NOW, "operator")
        organisation.terminate_agreement(Party.OPERATOR, "Breach", NOW, "operator")
        assert [(a.action, a.to_state) for a in organisation.audit] == [
            ("agreement.signed", "signed"), ("agreement.terminated", "terminated")]
