"""Who sees a trainee's record, when: the tutor's year, the region's opening, the others."""
from datetime import UTC, date, datetime

import pytest
from programme_builders import ADMIN, HOLDER, PRACTICE, enrolled, noon, placed

from competencies.domain.exceptions import BadOpening, TraineeNotVisible
from competencies.domain.projections import Relationship
from competencies.domain.visibility import AccessOpening, Reader, a_year_after, sight, tutor_sight

TUTOR = Reader("soren", tutor_of=frozenset({PRACTICE}))
ENDS = date(2027, 1, 31)


def kbu_placed():
    enrolment = enrolled()
    return enrolment, placed(enrolment, "kbu-1", date(2026, 8, 1), ENDS)


def opening(today, until, reason="Written request from the tutor", max_days=30):
    return AccessOpening.open("op-1", "trainee-1", PRACTICE, HOLDER, today, until, reason,
                              max_days, ADMIN, noon(today))


def at(day):
    return noon(day)


class TestATutor:
    @pytest.mark.parametrize("day,group", [(date(2026, 7, 1), "planned"),
                                           (date(2026, 8, 1), "current"), (ENDS, "current")])
    def test_sees_every_planned_and_current_trainee_of_the_practice(self, day, group):
        enrolment, placement = kbu_placed()
        assert tutor_sight(enrolment, placement, [], at(day)).group == group

    def test_sees_a_former_trainee_for_a_year_after_the_placement_ended(self):
        enrolment, placement = kbu_placed()
        seen = tutor_sight(enrolment, placement, [], at(date(2028, 1, 31)))
        assert (seen.group, seen.visible_until) == ("former", date(2028, 1, 31))

    def test_no_longer_sees_them_the_day_after_the_year(self):
        enrolment, placement = kbu_placed()
        assert tutor_sight(enrolment, placement, [], at(date(2028, 2, 1))) is None
        with pytest.raises(TraineeNotVisible):
            sight(TUTOR, "trainee-1", [enrolment], [], [], at(date(2028, 2, 1)))

    def test_counts_the_year_in_the_curriculum_countrys_local_date(self):
        enrolment, placement = kbu_placed()
        # 23:30 UTC on 31 Jan 2028 is already 1 Feb in Copenhagen
        late = datetime(2028, 1, 31, 23, 30, tzinfo=UTC)
        assert tutor_sight(enrolment, placement, [], late) is None

    def test_sees_them_again_while_the_regions_opening_is_open(self):
        enrolment, placement = kbu_placed()
        opened = opening(date(2028, 6, 1), date(2028, 6, 30))
        seen = tutor_sight(enrolment, placement, [opened], at(date(2028, 6, 30)))
        assert (seen.visible_until, seen.opening_id) == (date(2028, 6, 30), "op-1")
        assert sight(TUTOR, "trainee-1", [enrolment], [opened], [],
                     at(date(2028, 6, 15))).opening_id == "op-1"

    def test_not_after_the_opening_closed(self):
        enrolment, placement = kbu_placed()
        opened = opening(date(2028, 6, 1), date(2028, 6, 30))
        assert tutor_sight(enrolment, placement, [opened], at(date(2028, 7, 1))) is None

    def test_does_not_see_a_trainee_placed_at_another_practice(self):
        enrolment, _ = kbu_placed()
        elsewhere = Reader("anne", tutor_of=frozenset({"practice-b"}))
        with pytest.raises(TraineeNotVisible):
            sight(elsewhere, "trainee-1", [enrolment], [], [], at(date(2026, 9, 1)))

    def test_does_not_see_a_cancelled_placement(self):
        enrolment, placement = kbu_placed()
        enrolment.cancel_placement(placement.placement_id, "Mistake", ADMIN, at(ENDS))
        assert tutor_sight(enrolment, placement, [], at(date(2026, 9, 1))) is None


class TestAnAccessOpening:
    def test_needs_a_reason(self):
        with pytest.raises(BadOpening) as refused:
            opening(date(2028, 6, 1), date(2028, 6, 10), reason="  ")
        assert refused.value.code == "opening_reason_required"

    def test_may_last_the_configured_maximum_and_no_longer(self):
        assert opening(date(2028, 6, 1), date(2028, 6, 30)).opened_until == date(2028, 6, 30)
        with pytest.raises(BadOpening) as refused:
            opening(date(2028, 6, 1), date(2028, 7, 1))
        assert refused.value.code == "opening_too_long"

    def test_cannot_end_before_it_starts(self):
        with pytest.raises(BadOpening) as refused:
            opening(date(2028, 6, 1), date(2028, 5, 31))
        assert refused.value.code == "opening_ends_before_start"

    def test_is_announced_and_audited_with_its_reason(self):
        opened = opening(date(2028, 6, 1), date(2028, 6, 10))
        assert opened.events[0].reason == opened.audit[0].reason == (
            "Written request from the tutor")
        assert opened.audit[0].action == "access.opened"


class TestOtherReaders:
    def test_the_trainee_always_reads_their_own_record(self):
        enrolment, _ = kbu_placed()
        assert sight(Reader("trainee-1"), "trainee-1", [enrolment], [], [],
                     at(date(2040, 1, 1))).read_as == "trainee"

    def test_an_administrator_of_the_holder_reads_the_holders_enrolments(self):
        enrolment, _ = kbu_placed()
        seen = sight(Reader("jens", administers=frozenset({HOLDER})), "trainee-1",
                     [enrolment], [], [], at(date(2026, 9, 1)))
        assert (seen.read_as, seen.enrolment_ids) == ("administrator", frozenset({"enr-1"}))

    def test_an_administrator_of_another_holder_does_not(self):
        enrolment, _ = kbu_placed()
        with pytest.raises(TraineeNotVisible):
            sight(Reader("per", administers=frozenset({"bergen"})), "trainee-1", [enrolment],
                  [], [], at(date(2026, 9, 1)))

    def test_a_related_approver_reads_only_inside_the_relationships_window(self):
        enrolment, _ = kbu_placed()
        related = Relationship("r", "trainee-1", "ola", "leader", HOLDER, date(2026, 8, 1),
                               date(2026, 12, 31), 1)
        assert sight(Reader("ola"), "trainee-1", [enrolment], [], [related],
                     at(date(2026, 9, 1))).read_as == "relationship"
        with pytest.raises(TraineeNotVisible):
            sight(Reader("ola"), "trainee-1", [enrolment], [], [related], at(date(2027, 1, 1)))

    def test_a_leader_related_through_another_holder_does_not_read_this_holders_enrolment(
            self):
        enrolment, _ = kbu_placed()
        elsewhere = Relationship("r", "trainee-1", "sven", "leader", "oslo", date(2026, 8, 1),
                                 date(2026, 12, 31), 1)
        with pytest.raises(TraineeNotVisible):
            sight(Reader("sven"), "trainee-1", [enrolment], [], [elsewhere],
                  at(date(2026, 9, 1)))


def test_a_year_after_29_february_is_28_february():
    assert a_year_after(date(2028, 2, 29)) == date(2029, 2, 28)
