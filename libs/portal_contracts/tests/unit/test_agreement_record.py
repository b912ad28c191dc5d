from datetime import UTC, datetime, timedelta

from portal_contracts.agreements import AgreementChange, AgreementRecord, record_agreement_change

SIGNED_AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
LATER = SIGNED_AT + timedelta(days=30)


def record(version=1, in_force=True):
    return AgreementRecord("org-1", "Bergen kommune", version, in_force, SIGNED_AT)


def change(version, in_force, at=LATER, name="Bergen kommune"):
    return AgreementChange("org-1", name, version, in_force, at)


class TestAnAgreementRecordOnlyMovesForward:
    def test_a_newer_version_applies(self):
        agreement = record(version=1, in_force=False)
        assert agreement.apply(change(2, True))
        assert (agreement.agreement_version, agreement.in_force) == (2, True)
        assert agreement.changed_at == LATER

    def test_an_older_version_is_ignored(self):
        agreement = record(version=2)
        assert not agreement.apply(change(1, False))
        assert (agreement.agreement_version, agreement.in_force) == (2, True)
        assert agreement.changed_at == SIGNED_AT

    def test_termination_of_the_current_version_applies(self):
        agreement = record(version=1)
        assert agreement.apply(change(1, False))
        assert not agreement.in_force

    def test_a_late_signature_of_a_terminated_version_is_ignored(self):
        agreement = record(version=1, in_force=False)
        assert not agreement.apply(change(1, True))
        assert not agreement.in_force

    def test_re_signing_after_termination_with_a_new_version_applies(self):
        agreement = record(version=1)
        agreement.apply(change(1, False))
        assert agreement.apply(change(2, True, LATER + timedelta(days=1)))
        assert (agreement.agreement_version, agreement.in_force) == (2, True)

    def test_the_same_state_delivered_again_changes_nothing(self):
        agreement = record(version=1)
        assert not agreement.apply(change(1, True))
        assert agreement.changed_at == SIGNED_AT

    def test_a_newer_version_takes_the_organisations_new_name(self):
        agreement = record(version=1)
        agreement.apply(change(2, True, name="Bjørgvin kommune"))
        assert agreement.organisation_name == "Bjørgvin kommune"


class FakeRecords:
    def __init__(self):
        self.records = {}

    def get_for_update(self, organisation_id):
        return self.records.get(organisation_id)

    def add(self, agreement):
        self.records[agreement.organisation_id] = agreement


class TestRecordingAChange:
    def test_the_first_change_starts_the_record(self):
        records = FakeRecords()
        record_agreement_change(records, change(1, True), AgreementRecord)
        assert records.records["org-1"].in_force

    def test_a_later_change_moves_the_existing_record(self):
        records = FakeRecords()
        record_agreement_change(records, change(1, True), AgreementRecord)
        record_agreement_change(records, change(1, False), AgreementRecord)
        assert not records.records["org-1"].in_force
