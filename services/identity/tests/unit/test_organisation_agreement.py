from datetime import UTC, datetime, timedelta

import pytest

from identity.domain import events
from identity.domain.exceptions import AgreementAlreadySigned, AgreementNotInForce
from identity.domain.model import AgreementStatus, Organisation, OrganisationKind, Party

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def bergen():
    organisation = Organisation.register(
        name="Bergen kommune", kind=OrganisationKind.MUNICIPALITY, country="NO",
        organisation_number="964338531", contact_email="post@bergen.kommune.no", at=NOW,
        actor="operator")
    organisation.events.clear()
    return organisation


class TestRegistration:
    def test_a_registered_municipality_has_no_agreement_and_may_not_use_the_portal(self):
        organisation = Organisation.register(
            name="Voss herad", kind=OrganisationKind.MUNICIPALITY, country="NO",
            organisation_number="1", contact_email="post@voss.no", at=NOW, actor="operator")
        assert organisation.agreement_status is AgreementStatus.NOT_SIGNED
        assert not organisation.may_use_portal
        assert isinstance(organisation.events[0], events.OrganisationRegistered)


class TestDataProcessingAgreement:
    def test_signing_puts_the_agreement_in_force_and_records_the_event(self):
        organisation = bergen()
        organisation.sign_agreement("Ordfører Hansen", NOW, "operator")
        assert organisation.may_use_portal and organisation.agreement_version == 1
        (signed,) = organisation.events
        assert isinstance(signed, events.DpaSigned)
        assert (signed.contact_email, signed.signatory_name) == ("post@bergen.kommune.no",
                                                                 "Ordfører Hansen")

    def test_an_agreement_in_force_cannot_be_signed_again(self):
        organisation = bergen()
        organisation.sign_agreement("A", NOW, "operator")
        with pytest.raises(AgreementAlreadySigned):
            organisation.sign_agreement("A", NOW, "operator")

    @pytest.mark.parametrize("party", [Party.OPERATOR, Party.ORGANISATION])
    def test_either_party_may_terminate_the_agreement(self, party):
        organisation = bergen()
        organisation.sign_agreement("A", NOW, "operator")
        organisation.terminate_agreement(party, "Ending the service", NOW + timedelta(days=1),
                                         "operator")
        assert organisation.agreement_status is AgreementStatus.TERMINATED
        assert not organisation.may_use_portal
        assert organisation.events[-1].terminated_by_party == party.value

    def test_an_agreement_that_is_not_in_force_cannot_be_terminated(self):
        with pytest.raises(AgreementNotInForce):
            bergen().terminate_agreement(Party.OPERATOR, "x", NOW, "operator")

    def test_after_termination_a_new_agreement_is_a_new_version(self):
        organisation = bergen()
        organisation.sign_agreement("A", NOW, "operator")
        organisation.terminate_agreement(Party.ORGANISATION, "x", NOW, "operator")
        organisation.sign_agreement("B", NOW + timedelta(days=9), "operator")
        assert organisation.agreement_version == 2 and organisation.may_use_portal
        assert organisation.terminated_at is None
