"""Attestations: the time attestation only from the placement's last month, in the
organisation's time zone; attestations that need the plan's items approved first."""
from datetime import UTC, date, datetime

import pytest

from competencies.domain.attestations import (
    check_items_approved,
    check_timing,
    last_month_starts,
    organisation_today,
)
from competencies.domain.signoff import Actor, EnrolmentRef, SignOff
from competencies.domain.signoff_exceptions import (
    CompletedServiceTooEarly,
    ItemsNotAllApproved,
    TimeAttestationTooEarly,
)

ENDS = date(2027, 6, 30)
ENROLMENT = EnrolmentRef("enr-1", "mette", "hovedstaden", "kbu", "2017")


@pytest.mark.parametrize("ends_on,starts", [
    (date(2027, 6, 30), date(2027, 5, 31)), (date(2027, 3, 31), date(2027, 3, 1)),
    (date(2027, 1, 15), date(2026, 12, 16)), (date(2028, 3, 30), date(2028, 3, 1))])
def test_the_last_month_starts_the_day_after_the_same_day_a_month_before_the_end(ends_on,
                                                                                starts):
    assert last_month_starts(ends_on) == starts


class TestTheTimeAttestation:
    def test_is_refused_the_day_before_the_last_month(self):
        with pytest.raises(TimeAttestationTooEarly):
            check_timing("time_attestation", ENDS, date(2027, 5, 30))

    def test_is_accepted_on_the_first_day_of_the_last_month(self):
        check_timing("time_attestation", ENDS, date(2027, 5, 31))

    def test_is_accepted_after_the_placement_ended(self):
        check_timing("time_attestation", ENDS, date(2027, 8, 1))

    def test_counts_the_day_in_the_organisations_time_zone(self):
        # 22:30 UTC on 30 May is already 31 May in Copenhagen (summer time, UTC+2).
        late = datetime(2027, 5, 30, 22, 30, tzinfo=UTC)
        check_timing("time_attestation", ENDS, organisation_today(late, "DK"))
        early = datetime(2027, 5, 30, 21, 30, tzinfo=UTC)
        with pytest.raises(TimeAttestationTooEarly):
            check_timing("time_attestation", ENDS, organisation_today(early, "DK"))

    def test_the_completed_service_confirmation_follows_the_same_timing(self):
        with pytest.raises(TimeAttestationTooEarly):
            check_timing("completed_service", ENDS, date(2027, 4, 1))

    def test_an_early_completed_service_refusal_says_completed_service_not_time(self):
        with pytest.raises(CompletedServiceTooEarly) as refused:
            check_timing("completed_service", ENDS, date(2027, 4, 1))
        assert refused.value.code == "completed_service_too_early"
        assert str(refused.value).startswith("Completed service can be confirmed from "
                                             "2027-05-31")
        assert "time attestation" not in str(refused.value)

    def test_an_early_time_attestation_refusal_names_the_time_attestation(self):
        with pytest.raises(TimeAttestationTooEarly) as refused:
            check_timing("time_attestation", ENDS, date(2027, 4, 1))
        assert refused.value.code == "time_attestation_too_early"
        assert str(refused.value).startswith("The time attestation can be given from")

    def test_the_learning_objective_attestation_has_no_timing_rule(self):
        check_timing("learning_objective_attestation", ENDS, date(2027, 1, 1))


def approved_item(code):
    record = SignOff.start(f"so-{code}", ENROLMENT, code, "learning_objective")
    record.submit("mette", "soren", datetime(2027, 3, 1, tzinfo=UTC))
    record.approve(Actor("soren", "tutor"), datetime(2027, 3, 2, tzinfo=UTC))
    return record


class TestAttestationsThatNeedTheItems:
    def test_the_learning_objective_attestation_waits_for_every_item_of_the_plan(self):
        with pytest.raises(ItemsNotAllApproved) as refused:
            check_items_approved("learning_objective_attestation", ["KBU-01", "KBU-02"],
                                 [approved_item("KBU-01")])
        assert refused.value.errors == {"missing": ["KBU-02"]}

    def test_the_learning_objective_attestation_is_given_once_every_item_is_approved(self):
        check_items_approved("learning_objective_attestation", ["KBU-01", "KBU-02"],
                             [approved_item("KBU-01"), approved_item("KBU-02")])

    def test_an_item_only_ready_for_approval_does_not_count(self):
        ready = SignOff.start("so-x", ENROLMENT, "KBU-01", "learning_objective")
        ready.submit("mette", "soren", datetime(2027, 3, 1, tzinfo=UTC))
        with pytest.raises(ItemsNotAllApproved):
            check_items_approved("completed_service", ["KBU-01"], [ready])

    def test_the_time_attestation_does_not_wait_for_the_items(self):
        check_items_approved("time_attestation", ["KBU-01"], [])
