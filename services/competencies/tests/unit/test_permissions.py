"""The permission matrix, cell by cell: programme x kind of sign-off x role."""
from datetime import date
from pathlib import Path

import pytest

from competencies.domain.permissions import Right, load_permissions
from competencies.domain.signoff_exceptions import (
    AssuranceTooLow,
    NotAssigned,
    OutsideWindow,
    RoleNotPermitted,
)

MATRIX_FILE = Path(__file__).parents[2] / "competencies" / "data" / "permissions.yaml"
PERMISSIONS = load_permissions(MATRIX_FILE.read_text(encoding="utf-8"))
ROLES = ("trainee", "tutor", "vejleder", "leader", "delegate", "advisor", "supervisor")
ACTIONS = ("submit", "log_activity", "confirm_activity", "recommend", "approve_item",
           "time_attestation", "learning_objective_attestation", "completed_service")

# What the domain documents say, written out by hand: (programme, action) -> roles allowed.
EXPECTED = {
    ("kbu", "submit"): {"trainee"},
    ("kbu", "approve_item"): {"tutor", "vejleder"},
    ("kbu", "time_attestation"): {"tutor"},
    ("kbu", "learning_objective_attestation"): {"tutor"},
    ("general_practice_new", "submit"): {"trainee"},
    ("general_practice_new", "approve_item"): {"tutor"},
    ("general_practice_new", "time_attestation"): {"tutor"},
    ("general_practice_old", "submit"): {"trainee"},
    ("general_practice_old", "approve_item"): {"tutor"},
    ("general_practice_old", "time_attestation"): {"tutor"},
    ("specialty", "submit"): {"trainee"},
    ("specialty", "approve_item"): {"tutor", "vejleder"},
    ("specialty", "time_attestation"): {"tutor"},
    ("specialty", "completed_service"): {"tutor"},
    ("lis1", "submit"): {"trainee"},
    ("lis1", "log_activity"): {"trainee"},
    ("lis1", "confirm_activity"): {"supervisor"},
    ("lis1", "recommend"): {"advisor", "supervisor"},
    ("lis1", "approve_item"): {"leader", "delegate"},
    ("lis1", "completed_service"): {"leader"},
}
PROGRAMMES = ("kbu", "general_practice_new", "general_practice_old", "specialty", "lis1")
CELLS = [(p, a, r, r in EXPECTED.get((p, a), set()))
         for p in PROGRAMMES for a in ACTIONS for r in ROLES]
DAY = date(2027, 3, 1)


@pytest.mark.parametrize("programme,action,role,allowed", CELLS,
                         ids=[f"{p}-{a}-{r}-{'yes' if ok else 'no'}" for p, a, r, ok in CELLS])
def test_each_cell_of_the_matrix_allows_exactly_what_the_rules_say(programme, action, role,
                                                                   allowed):
    assert PERMISSIONS.may(programme, action, role) is allowed


@pytest.mark.parametrize("curriculum,country,programme", [
    ("kbu", "DK", "kbu"), ("almen-medicin-2013", "DK", "general_practice_new"),
    ("almen-medicin-old", "DK", "general_practice_old"), ("anaestesiologi", "DK", "specialty"),
    ("intern-medicin", "DK", "specialty"), ("lis1", "NO", "lis1")])
def test_each_shipped_curriculum_belongs_to_its_programme(curriculum, country, programme):
    assert PERMISSIONS.programme_of(curriculum, country) == programme


class TestTheRightOneSignsWith:
    def test_a_vejleder_approves_a_kbu_competency_inside_the_window(self):
        right = Right("v1", "vejleder", date(2027, 1, 1), date(2027, 6, 30))
        assert PERMISSIONS.signing_right("kbu", "approve_item", [right], DAY) == right

    @pytest.mark.parametrize("attestation", ["time_attestation",
                                             "learning_objective_attestation"])
    def test_a_vejleder_is_refused_both_kbu_attestations(self, attestation):
        right = Right("v1", "vejleder", date(2027, 1, 1), date(2027, 6, 30))
        with pytest.raises(RoleNotPermitted):
            PERMISSIONS.signing_right("kbu", attestation, [right], DAY)

    def test_someone_with_no_right_for_the_trainee_is_not_assigned(self):
        with pytest.raises(NotAssigned):
            PERMISSIONS.signing_right("kbu", "approve_item", [], DAY)

    def test_a_right_before_its_first_day_is_outside_the_window(self):
        right = Right("t1", "tutor", date(2027, 3, 2), date(2027, 8, 31))
        with pytest.raises(OutsideWindow):
            PERMISSIONS.signing_right("kbu", "approve_item", [right], DAY)

    def test_a_right_after_its_last_day_is_outside_the_window(self):
        right = Right("t1", "tutor", date(2026, 9, 1), date(2027, 2, 28))
        with pytest.raises(OutsideWindow):
            PERMISSIONS.signing_right("kbu", "approve_item", [right], DAY)

    def test_the_first_and_last_day_of_the_window_count(self):
        right = Right("t1", "tutor", DAY, DAY)
        assert PERMISSIONS.signing_right("kbu", "approve_item", [right], DAY) == right

    def test_a_right_with_no_end_covers_every_day_from_its_start(self):
        right = Right("l1", "leader", date(2026, 1, 1), None)
        assert PERMISSIONS.signing_right("lis1", "approve_item", [right],
                                         date(2040, 1, 1)) == right

    def test_the_tutor_of_another_placement_is_not_assigned_to_this_placements_attestation(
            self):
        right = Right("t1", "tutor", date(2027, 1, 1), date(2027, 6, 30), placement_id="p1")
        with pytest.raises(NotAssigned):
            PERMISSIONS.signing_right("kbu", "time_attestation", [right], DAY, "p2")

    def test_a_tutor_signs_with_the_tutor_right_when_also_vejleder(self):
        rights = [Right("t1", "vejleder"), Right("t1", "tutor")]
        assert PERMISSIONS.signing_right("kbu", "approve_item", rights, DAY).role == "tutor"

    def test_an_expired_right_gives_way_to_another_valid_one(self):
        rights = [Right("t1", "tutor", date(2026, 1, 1), date(2026, 6, 30)),
                  Right("t1", "vejleder", date(2027, 1, 1), None)]
        assert PERMISSIONS.signing_right("kbu", "approve_item", rights, DAY).role == "vejleder"


class TestAssurance:
    def test_norway_requires_a_high_assurance_login_to_sign(self):
        PERMISSIONS.check_assurance("NO", "high")
        with pytest.raises(AssuranceTooLow):
            PERMISSIONS.check_assurance("NO", "substantial")

    def test_denmark_accepts_a_substantial_assurance_login(self):
        PERMISSIONS.check_assurance("DK", "substantial")
        PERMISSIONS.check_assurance("DK", "high")

    def test_a_token_without_assurance_never_signs(self):
        for country in ("NO", "DK"):
            with pytest.raises(AssuranceTooLow):
                PERMISSIONS.check_assurance(country, None)


def test_lis1_approval_requires_the_advisor_and_a_supervisor_to_recommend_first():
    assert set(PERMISSIONS.required_recommendations("lis1")) == {"advisor", "supervisor"}
    assert PERMISSIONS.required_recommendations("kbu") == ()


@pytest.mark.parametrize("role,allowed", [
    ("region_admin", True), ("municipality_admin", True), ("health_trust_admin", True),
    ("operator", True), ("tutor", False), ("leader", False), ("trainee", False)])
def test_only_an_administrator_of_the_holder_or_the_operator_resets(role, allowed):
    assert PERMISSIONS.may_reset(role) is allowed
