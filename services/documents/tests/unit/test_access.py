"""Who sees and decides a trainee's documents: the trainee, approvers in their window,
administrators of the trainee's organisations."""
from datetime import UTC, date, datetime

from document_world import (
    OTHER_REGION,
    REGION,
    STRANGER,
    TRAINEE,
    TUTOR,
    VEJLEDER,
    grant,
    person,
    relations,
)

from documents.domain.access import AccessOpening, Placement

IN_WINDOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BEFORE = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
AFTER = datetime(2026, 8, 1, 12, 0, tzinfo=UTC)


def test_the_trainee_sees_their_own_documents():
    assert relations().may_view(person(TRAINEE), AFTER)


def test_the_tutor_sees_and_confirms_only_inside_the_window():
    tutor = person(TUTOR)
    known = relations()
    assert known.may_view(tutor, IN_WINDOW) and known.may_confirm(tutor, IN_WINDOW)
    for outside in (BEFORE, AFTER):
        assert not known.may_view(tutor, outside)
        assert not known.may_confirm(tutor, outside)


def test_the_window_is_read_in_the_countrys_time_zone():
    last_day = relations(grant(valid_to=date(2026, 7, 31)))
    just_past_midnight_in_copenhagen = datetime(2026, 7, 31, 22, 30, tzinfo=UTC)
    assert not last_day.may_confirm(person(TUTOR), just_past_midnight_in_copenhagen)
    assert last_day.may_confirm(person(TUTOR), datetime(2026, 7, 31, 21, 30, tzinfo=UTC))


def test_a_vejleder_sees_in_the_window_but_does_not_confirm_paper_evidence():
    known = relations(grant(), grant(VEJLEDER, role="vejleder"))
    assert known.may_view(person(VEJLEDER), IN_WINDOW)
    assert not known.may_confirm(person(VEJLEDER), IN_WINDOW)
    assert known.confirmers(IN_WINDOW) == [TUTOR]


def test_an_open_ended_grant_lasts_until_it_is_ended():
    assert relations(grant(valid_to=None)).may_confirm(person(TUTOR), AFTER)


def test_a_stranger_sees_nothing():
    assert not relations().may_view(person(STRANGER), IN_WINDOW)


def test_an_administrator_of_the_trainees_organisation_sees_and_may_erase():
    admin = person("p-jens", (REGION, "region_admin"))
    assert relations().may_view(admin, IN_WINDOW) and relations().may_erase(admin)
    assert not relations().may_confirm(admin, IN_WINDOW)


def test_an_administrator_elsewhere_or_a_tutor_membership_gives_no_access():
    elsewhere = person("p-x", (OTHER_REGION, "region_admin"), (REGION, "tutor"))
    assert not relations().may_view(elsewhere, IN_WINDOW)
    assert not relations().may_erase(elsewhere)


def test_the_organisation_of_a_placement_counts_too():
    placed = Placement("pl-1", "enr-1", TRAINEE, OTHER_REGION, date(2026, 2, 1),
                       date(2026, 7, 31))
    admin = person("p-y", (OTHER_REGION, "health_trust_admin"))
    assert relations(placements=(placed,)).may_view(admin, IN_WINDOW)


def test_the_operator_sees_and_may_erase():
    operator = person("operator", operator=True)
    assert relations().may_view(operator, IN_WINDOW) and relations().may_erase(operator)


def test_an_ended_grant_gives_no_right_even_inside_its_window():
    ended = grant()
    ended.ended = True
    assert not relations(ended).may_view(person(TUTOR), IN_WINDOW)
    assert relations(ended).confirmers(IN_WINDOW) == []


def test_a_later_version_of_a_grant_replaces_it_and_an_earlier_one_is_ignored():
    known = grant(VEJLEDER, role="vejleder", version=2)
    assert not known.take(grant(VEJLEDER, role="vejleder", version=1, ended=True))
    assert known.take(grant(VEJLEDER, role="vejleder", version=3, valid_to=date(2026, 3, 1)))
    assert (known.version, known.valid_to, known.ended) == (3, date(2026, 3, 1), False)


def test_a_reopened_record_is_seen_by_the_tutors_of_that_practice_while_it_is_open():
    opening = AccessOpening("o-1", TRAINEE, "practice-1", REGION, date(2027, 5, 1),
                            date(2027, 5, 14))
    known = relations()
    known.openings.append(opening)
    tutor_there = person("p-lise", ("practice-1", "tutor"))
    assert known.may_view(tutor_there, datetime(2027, 5, 14, 12, 0, tzinfo=UTC))
    assert not known.may_view(tutor_there, datetime(2027, 5, 15, 12, 0, tzinfo=UTC))
    assert not known.may_confirm(tutor_there, datetime(2027, 5, 2, 12, 0, tzinfo=UTC))
    assert not known.may_view(person("p-lise", ("practice-2", "tutor")),
                              datetime(2027, 5, 2, 12, 0, tzinfo=UTC))


class TestAFormerTutor:
    """As in competencies (``domain/visibility.py``): a tutor of the practice sees a former
    trainee's documents until a year after the placement there ended (local date), read-only;
    confirming stays inside the personal tutor's window."""

    PLACED = Placement("pl-1", "enr-1", TRAINEE, REGION, date(2026, 2, 1), date(2026, 7, 31),
                       place_id="practice-1")

    def known(self):
        return relations(grant(placement_id="pl-1", place_id="practice-1"),
                         placements=(self.PLACED,))

    def test_the_tutor_of_the_practice_sees_for_a_year_after_the_placement_ended(self):
        tutor = person(TUTOR, ("practice-1", "tutor"))
        a_year_on = datetime(2027, 7, 31, 12, 0, tzinfo=UTC)
        assert self.known().may_view(tutor, a_year_on)
        assert not self.known().may_view(tutor, datetime(2027, 8, 1, 12, 0, tzinfo=UTC))

    def test_the_year_ends_at_midnight_in_the_countrys_time_zone(self):
        tutor = person(TUTOR, ("practice-1", "tutor"))
        assert self.known().may_view(tutor, datetime(2027, 7, 31, 21, 30, tzinfo=UTC))
        assert not self.known().may_view(tutor, datetime(2027, 7, 31, 22, 30, tzinfo=UTC))

    def test_after_the_placement_the_former_tutor_no_longer_confirms(self):
        tutor = person(TUTOR, ("practice-1", "tutor"))
        assert not self.known().may_confirm(tutor, AFTER)
        assert self.known().confirmers(AFTER) == []

    def test_another_tutor_of_that_practice_sees_current_and_planned_trainees_too(self):
        colleague = person("p-lise", ("practice-1", "tutor"))
        assert self.known().may_view(colleague, BEFORE)
        assert self.known().may_view(colleague, IN_WINDOW)
        assert not self.known().may_confirm(colleague, IN_WINDOW)

    def test_a_tutor_of_another_practice_or_a_cancelled_placement_gives_nothing(self):
        assert not self.known().may_view(person("p-x", ("practice-2", "tutor")), AFTER)
        cancelled = Placement("pl-2", "enr-1", TRAINEE, REGION, date(2026, 2, 1),
                              date(2026, 7, 31), cancelled=True, place_id="practice-1")
        assert not relations(placements=(cancelled,)).may_view(
            person("p-lise", ("practice-1", "tutor")), AFTER)

    def test_without_the_tutor_membership_of_the_practice_the_former_tutor_sees_nothing(self):
        assert not self.known().may_view(person(TUTOR), AFTER)
