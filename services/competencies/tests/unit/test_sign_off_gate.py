from datetime import UTC, datetime

from competencies.domain.model import OrganisationAgreement
from portal_contracts.agreements import AgreementChange

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_the_gate_is_open_exactly_while_the_agreement_is_in_force():
    agreement = OrganisationAgreement("org-1", "Bergen kommune", 1, True, AT)
    assert agreement.may_record_sign_offs
    agreement.apply(AgreementChange("org-1", "Bergen kommune", 1, False, AT))
    assert not agreement.may_record_sign_offs
    agreement.apply(AgreementChange("org-1", "Bergen kommune", 2, True, AT))
    assert agreement.may_record_sign_offs
