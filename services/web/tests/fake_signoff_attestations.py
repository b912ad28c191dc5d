"""The fake of competencies' sign-off API with attestations of a placement (one marked ready
for approval, one not started), a queue that holds an attestation, the loaded curriculum
versions and a history with a move to a newer version."""
from __future__ import annotations

from typing import Any

from fake_signoff_competencies import FakeCompetencies, item
from flask import jsonify

V1 = "/api/competencies/v1"
TID = "Attestation for tidsmæssigt gennemført ansættelse, 1. ansættelse"
LAERINGSMAAL = "Attestation for opfyldte læringsmål, 1. ansættelse"


def attestation(code: str, kind: str, title: str, state: str = "not_started",
                version: int = 0, may_give: bool = True) -> dict[str, Any]:
    return dict(item(code, state, version), kind=kind, title=title, placement_id="p1",
                placement_ends_on="2027-06-30", submitted_at="2027-06-02T10:00:00+00:00",
                may_give=may_give)


class FakeAttestations(FakeCompetencies):
    def __init__(self, curriculum: str = "kbu", version: str = "2017") -> None:
        super().__init__()
        self.curriculum, self.version = curriculum, version
        self.attestations = [
            attestation("tid-kbu-1", "time_attestation", TID, "ready_for_approval", 1),
            attestation("laeringsmaal-kbu-1", "learning_objective_attestation", LAERINGSMAAL)]
        self.app.view_functions["queue"] = self.queue
        self.app.add_url_rule(f"{V1}/curricula", "curricula", self.curricula)
        self.app.add_url_rule(f"{V1}/enrolments/<enrolment_id>/history", "history",
                              self.history)

    def progress(self, enrolment_id: str) -> dict[str, Any]:
        return dict(super().progress(enrolment_id), attestations=self.attestations,
                    curriculum=self.curriculum, curriculum_version=self.version)

    def queue(self) -> Any:
        return jsonify([{"trainee_id": "mette", "trainee_name": "Mette Jensen",
                         "enrolment_id": "e1", "curriculum": "kbu", "items": [],
                         "attestations": [self.attestations[0]]}])

    def curricula(self) -> Any:
        return jsonify([{"curriculum": "lis1", "version": "2020-03", "previous_version": None},
                        {"curriculum": "lis1", "version": "2025-09",
                         "previous_version": "2020-03"}])

    def history(self, enrolment_id: str) -> Any:
        return jsonify([{"id": 7, "at": "2027-05-20T08:15:00+00:00", "actor": "per",
                         "on_behalf_of": None, "action": "enrolment.curriculum_version_changed",
                         "subject_type": "enrolment", "subject_id": enrolment_id,
                         "from_state": "2020-03", "to_state": "2025-09", "reason": None,
                         "detail": {"needs_approval_again": ["FKMK-03"],
                                    "approvals_kept": ["KLK-001"]},
                         "correlation_id": None}])
