from datetime import UTC, datetime, timedelta

from invitations.domain.model import OrganisationAgreement
from invitations.schemas.events import AgreementChangedIn

SIGNED_AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
LATER = SIGNED_AT + timedelta(days=30)


def agreement(version=1, in_force=True):
    return OrganisationAgreement("org-1", "Bergen kommune", version, in_force, SIGNED_AT)


class TestAnAgreementOnlyMovesForward:
    def test_a_newer_version_applies(self):
        record = agreement(version=1, in_force=False)
        assert record.apply(2, True, LATER, "Bergen kommune")
        assert (record.agreement_version, record.may_send_invitations) == (2, True)
        assert record.changed_at == LATER

    def test_an_older_version_is_ignored(self):
        record = agreement(version=2)
        assert not record.apply(1, False, LATER, "Bergen kommune")
        assert (record.agreement_version, record.may_send_invitations) == (2, True)
        assert record.changed_at == SIGNED_AT

    def test_termination_of_the_current_version_closes_invitations(self):
        record = agreement(version=1)
        assert record.apply(1, False, LATER, "Bergen kommune")
        assert not record.may_send_invitations

    def test_a_late_signature_of_a_terminated_version_is_ignored(self):
        record = agreement(version=1, in_force=False)
        assert not record.apply(1, True, LATER, "Bergen kommune")
        assert not record.may_send_invitations

    def test_re_signing_after_termination_with_a_new_version_reopens_invitations(self):
        record = agreement(version=1)
        record.apply(1, False, LATER, "Bergen kommune")
        assert record.apply(2, True, LATER + timedelta(days=1), "Bergen kommune")
        assert (record.agreement_version, record.may_send_invitations) == (2, True)

    def test_the_same_state_delivered_again_changes_nothing(self):
        record = agreement(version=1)
        assert not record.apply(1, True, LATER, "Bergen kommune")
        assert record.changed_at == SIGNED_AT

    def test_a_newer_version_takes_the_organisations_new_name(self):
        record = agreement(version=1)
        record.apply(2, True, LATER, "Bjørgvin kommune")
        assert record.organisation_name == "Bjørgvin kommune"


class TestIdentitysEventDataIsReadLeniently:
    def test_fields_this_service_does_not_know_are_left_out(self):
        data = AgreementChangedIn().load({
            "organisation_id": "org-1", "organisation_name": "Bergen kommune",
            "agreement_version": 3, "kind": "municipality", "contact_email": "post@bergen.no"})
        assert data == {"organisation_id": "org-1", "organisation_name": "Bergen kommune",
                        "agreement_version": 3}
