"""The programme pages' words: field labels, notices after an action, the competencies
service's refusal codes in words a person understands, and where each refusal belongs."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

LABELS = {"trainee_id": _l("Trainee"), "curriculum": _l("Curriculum and version"),
          "starts_on": _l("From"), "ends_on": _l("To"), "place_id": _l("Place of training"),
          "element": _l("Training element"), "reason": _l("Reason"),
          "tutor_id": _l("Personal tutor"), "opened_until": _l("Open until"),
          "agreement_holder_id": _l("Agreement holder")}
NOTICES = {"enrolled": _l("The trainee is enrolled. Add their placements below."),
           "placed": _l("The placement is recorded."),
           "enrolment_cancelled": _l("The enrolment is cancelled."),
           "placement_correct": _l("The placement's dates are corrected."),
           "placement_tutor": _l("The personal tutor is chosen."),
           "placement_cancel": _l("The placement is cancelled."),
           "opened": _l("Access is opened until the date you chose.")}
CODE_MESSAGES = {
    "curriculum_version_unknown": _l("There is no such version of this curriculum."),
    "curriculum_unknown": _l("There is no such curriculum."),
    "placements_overlap": _l("This placement overlaps another placement of the trainee."),
    "placement_ends_before_start": _l("The end date is before the start date."),
    "enrolment_ends_before_start": _l("The end date is before the start date."),
    "trainee_not_visible": _l("You cannot see this trainee's record (any longer)."),
    "opening_reason_required": _l("Give the reason for opening the access."),
    "opening_too_long": _l("Access can be opened for a short period only. Choose an "
                           "earlier date."),
    "not_a_tutor_of_place": _l("This person is not a tutor of the place of training."),
    "not_holder_administrator": _l("You do not administer this organisation."),
    "enrolment_cancelled": _l("The enrolment is cancelled; it can no longer be changed."),
    "placement_cancelled": _l("The placement is cancelled; it can no longer be changed."),
    "already_enrolled": _l("The person is already enrolled in this programme."),
    "element_unknown": _l("The curriculum has no such training element."),
    "place_unknown": _l("There is no such place of training."),
    "not_a_former_trainee_of_place": _l("The person has no ended placement at this place."),
    "reason_required": _l("Give the reason."),
    "no_current_version": _l("No version of this curriculum applies today. Choose a version."),
    "holder_unknown": _l("The organisation cannot enrol trainees."),
    "curriculum_country_mismatch": _l("This curriculum belongs to another country."),
    "trainee_unknown": _l("The portal does not know this person yet."),
    "enrolment_unknown": _l("We could not find this enrolment."),
    "placement_unknown": _l("We could not find this placement."),
    "placement_outside_enrolment": _l("The placement must lie within the enrolment's dates."),
    "place_not_of_holder": _l("The place of training belongs to another organisation."),
    "tutor_already_assigned": _l("This tutor is already the personal tutor."),
    "opening_ends_before_start": _l("Choose a date from today on."),
}
# where a refusal belongs when the service names no field
FIELD_OF_CODE = {"curriculum_version_unknown": "curriculum", "curriculum_unknown": "curriculum",
                 "placements_overlap": "starts_on", "placement_ends_before_start": "ends_on",
                 "enrolment_ends_before_start": "ends_on",
                 "opening_reason_required": "reason", "opening_too_long": "opened_until",
                 "not_a_tutor_of_place": "tutor_id", "already_enrolled": "trainee_id",
                 "element_unknown": "element", "place_unknown": "place_id",
                 "not_a_former_trainee_of_place": "trainee_id", "reason_required": "reason",
                 "no_current_version": "curriculum", "curriculum_country_mismatch": "curriculum",
                 "trainee_unknown": "trainee_id", "placement_outside_enrolment": "starts_on",
                 "place_not_of_holder": "place_id", "tutor_already_assigned": "tutor_id",
                 "opening_ends_before_start": "opened_until"}
# a field the service names that the form shows as another
FIELD_OF_ERROR = {"curriculum_version": "curriculum"}
TRAINEE_SECTIONS = (("current", _l("Current trainees")), ("planned", _l("Planned trainees")),
                    ("former", _l("Former trainees (up to a year after they left)")))
READER_ROLES = {"tutor": _l("Tutor"), "administrator": _l("Administrator"),
                "operator": _l("Operator"), "approver": _l("Approver"),
                "region_admin": _l("Region administrator"), "authority": _l("Authority")}


def curriculum_options(curricula: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """One choice per curriculum version, the current one first: ``kbu@2017``."""
    ordered = sorted(curricula, key=lambda c: (str(c.get("title") or c.get("programme")),
                                               not c.get("current"), str(c.get("version"))))
    return [(f"{c['curriculum']}@{c['version']}", _option(c)) for c in ordered]


def _option(curriculum: Mapping[str, Any]) -> str:
    title = curriculum.get("title") or curriculum.get("programme") or curriculum["curriculum"]
    if curriculum.get("current"):
        return gettext("%(title)s, version %(version)s (current)", title=title,
                       version=curriculum["version"])
    return gettext("%(title)s, version %(version)s", title=title, version=curriculum["version"])
