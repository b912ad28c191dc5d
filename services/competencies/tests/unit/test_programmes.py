"""Enrolments and placements: the programme's rules, on the aggregate with fixed times."""
from datetime import date

import pytest
from programme_builders import ADMIN, HOLDER, curriculum, enrolled, noon, placed

from competencies.domain import events
from competencies.domain.curricula import current_version
from competencies.domain.exceptions import BadEnrolment, BadPlacement, ProgrammeConflict
from competencies.domain.programmes import Enrolment

AUG, FEB, JUL = date(2026, 8, 1), date(2027, 2, 1), date(2027, 7, 31)


class TestEnrolling:
    def test_makes_the_person_a_trainee_on_the_named_version_and_says_so(self):
        lis1 = curriculum("lis1", "2020-03")
        enrolment = Enrolment.enrol("e", "kari", lis1, "bergen", AUG, None, ADMIN, noon(AUG))
        (created,) = enrolment.events
        assert isinstance(created, events.EnrolmentCreated)
        assert (created.curriculum, created.curriculum_version, created.country) == (
            "lis1", "2020-03", "NO")
        assert enrolment.audit[0].action == "enrolment.created"
        assert enrolment.audit[0].trainee_id == "kari"

    def test_refuses_an_enrolment_that_ends_before_it_starts(self):
        with pytest.raises(BadEnrolment) as refused:
            Enrolment.enrol("e", "t", curriculum(), HOLDER, JUL, AUG, ADMIN, noon(AUG))
        assert refused.value.code == "enrolment_ends_before_start"

    def test_new_enrolments_get_the_version_current_today(self):
        versions = [curriculum("lis1", "2020-03"), curriculum("lis1", "2025-09")]
        assert current_version(versions, date(2025, 8, 31)).version == "2020-03"
        assert current_version(versions, date(2025, 9, 1)).version == "2025-09"

    def test_a_trainee_stays_on_their_version_when_a_newer_one_is_current(self):
        enrolment = Enrolment.enrol("e", "kari", curriculum("lis1", "2020-03"), "bergen",
                                    date(2025, 3, 1), None, ADMIN, noon(date(2025, 3, 1)))
        newer = current_version([curriculum("lis1", "2020-03"), curriculum("lis1", "2025-09")],
                                date(2026, 1, 1))
        placement = placed(enrolment, "kommune", date(2026, 1, 1), date(2026, 6, 30))
        assert newer.version == "2025-09"
        assert enrolment.curriculum_version == "2020-03"
        assert enrolment.events[-1].curriculum_version == "2020-03"
        assert placement.plan == ["KLK", "FKM-K"]


class TestLis1Plans:
    @pytest.mark.parametrize("element,plan,kind", [
        ("sykehus-indremedisin", ["KLS", "FKM-S"], "hospital"),
        ("sykehus-kirurgi", ["KLS", "FKM-S"], "hospital"),
        ("sykehus-psykiatri", ["KLP", "FKM-S"], "psychiatry"),
        ("kommune", ["KLK", "FKM-K"], "municipality")])
    def test_are_assigned_automatically_from_the_placements_element(self, element, plan, kind):
        enrolment = enrolled("lis1", "2025-09", ends=None)
        placement = placed(enrolment, element, AUG, FEB)
        (recorded,) = enrolment.events
        assert placement.plan == recorded.plan == plan
        assert recorded.element_kind == kind


class TestPlacements:
    def test_refuses_one_that_ends_before_it_starts(self):
        with pytest.raises(BadPlacement) as refused:
            placed(enrolled(), "kbu-1", FEB, AUG)
        assert refused.value.code == "placement_ends_before_start"

    def test_refuses_overlapping_placements_of_one_trainee(self):
        enrolment = enrolled()
        placed(enrolment, "kbu-1", AUG, date(2027, 1, 31))
        with pytest.raises(ProgrammeConflict) as refused:
            placed(enrolment, "kbu-2", date(2027, 1, 31), JUL)
        assert refused.value.code == "placements_overlap"
        assert len(enrolment.placements) == 1

    def test_allow_back_to_back_placements(self):
        enrolment = enrolled()
        placed(enrolment, "kbu-1", AUG, date(2027, 1, 31))
        placed(enrolment, "kbu-2", FEB, JUL)
        assert [p.element for p in enrolment.active_placements()] == ["kbu-1", "kbu-2"]

    def test_refuse_an_element_the_curriculum_does_not_have(self):
        with pytest.raises(BadPlacement) as refused:
            placed(enrolled(), "kommune", AUG, FEB)
        assert refused.value.code == "element_unknown"

    def test_refuse_dates_outside_the_enrolment(self):
        with pytest.raises(BadPlacement) as refused:
            placed(enrolled(), "kbu-2", FEB, date(2027, 8, 31))
        assert refused.value.code == "placement_outside_enrolment"

    def test_a_cancelled_placement_no_longer_blocks_its_dates(self):
        enrolment = enrolled()
        first = placed(enrolment, "kbu-1", AUG, date(2027, 1, 31))
        enrolment.cancel_placement(first.placement_id, "Wrong practice", ADMIN, noon(AUG))
        placed(enrolment, "kbu-1", AUG, date(2027, 1, 31), placement_id="again")
        assert isinstance(enrolment.events[1], events.PlacementCancelled)

    def test_a_cancellation_needs_a_reason(self):
        enrolment = enrolled()
        first = placed(enrolment, "kbu-1", AUG, date(2027, 1, 31))
        with pytest.raises(BadPlacement) as refused:
            enrolment.cancel_placement(first.placement_id, "  ", ADMIN, noon(AUG))
        assert refused.value.code == "reason_required"

    def test_changing_dates_is_checked_against_the_other_placements(self):
        enrolment = enrolled()
        placed(enrolment, "kbu-1", AUG, date(2027, 1, 31))
        second = placed(enrolment, "kbu-2", FEB, JUL)
        with pytest.raises(ProgrammeConflict):
            enrolment.change_placement(second.placement_id, curriculum(), date(2027, 1, 15),
                                       JUL, ADMIN, noon(FEB))
        enrolment.change_placement(second.placement_id, curriculum(), date(2027, 2, 15), JUL,
                                   ADMIN, noon(FEB))
        assert second.starts_on == date(2027, 2, 15)
        assert isinstance(enrolment.events[-1], events.PlacementChanged)


class TestPersonalTutor:
    def test_is_a_tutor_of_the_placements_practice(self):
        enrolment = enrolled()
        placement = placed(enrolment, "kbu-1", AUG, date(2027, 1, 31))
        with pytest.raises(BadPlacement) as refused:
            enrolment.assign_tutor(placement.placement_id, "elsewhere", frozenset({"soren"}),
                                   ADMIN, noon(AUG))
        assert refused.value.code == "not_a_tutor_of_place"

    def test_is_one_at_a_time_a_new_one_replacing_the_previous(self):
        enrolment = enrolled()
        placement = placed(enrolment, "kbu-1", AUG, date(2027, 1, 31))
        tutors = frozenset({"soren", "anne"})
        enrolment.assign_tutor(placement.placement_id, "soren", tutors, ADMIN, noon(AUG))
        enrolment.assign_tutor(placement.placement_id, "anne", tutors, ADMIN, noon(AUG))
        assigned = [e for e in enrolment.events if isinstance(e, events.TutorAssigned)]
        assert [(e.tutor_id, e.previous_tutor_id) for e in assigned] == [
            ("soren", None), ("anne", "soren")]
        assert placement.tutor_id == "anne"
        assert (assigned[-1].valid_from, assigned[-1].valid_to) == (AUG, date(2027, 1, 31))

    def test_refuses_the_same_tutor_twice(self):
        enrolment = enrolled()
        placement = placed(enrolment, "kbu-1", AUG, date(2027, 1, 31))
        enrolment.assign_tutor(placement.placement_id, "soren", frozenset({"soren"}), ADMIN,
                               noon(AUG))
        with pytest.raises(ProgrammeConflict) as refused:
            enrolment.assign_tutor(placement.placement_id, "soren", frozenset({"soren"}),
                                   ADMIN, noon(AUG))
        assert refused.value.code == "tutor_already_assigned"


class TestCancellingAnEnrolment:
    def test_cancels_its_placements_first_then_itself(self):
        enrolment = enrolled()
        placed(enrolment, "kbu-1", AUG, date(2027, 1, 31))
        placed(enrolment, "kbu-2", FEB, JUL)
        enrolment.events.clear()
        enrolment.cancel("Recorded by mistake", ADMIN, noon(AUG))
        assert [type(e).__name__ for e in enrolment.events] == [
            "PlacementCancelled", "PlacementCancelled", "EnrolmentCancelled"]
        assert enrolment.state == "cancelled"

    def test_refuses_any_change_afterwards(self):
        enrolment = enrolled()
        enrolment.cancel("Withdrawn", ADMIN, noon(AUG))
        with pytest.raises(ProgrammeConflict) as refused:
            placed(enrolment, "kbu-1", AUG, FEB)
        assert refused.value.code == "enrolment_cancelled"
