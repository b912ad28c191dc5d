"""schemas/plain.py: a schema's dump made of plain functions answers what the schema does."""
from datetime import UTC, date, datetime

from competencies.schemas import signoff_http as schemas
from competencies.schemas.plain import plain

AT = datetime(2026, 12, 1, 19, 30, 5, 120000, tzinfo=UTC)


def record(**values):
    return {"sign_off_id": "s1", "enrolment_id": "not in the schema", "code": "KLK-001",
            "kind": "learning_objective", "placement_id": None, "state": "approved",
            "version": 3, "approver_id": "ola", "submitted_at": AT, "decided_at": AT,
            "decided_by": "ola", "decided_role": "leader", "on_behalf_of": None,
            "comment": None, "title": "Tittel",
            "activities": [{"activity_id": "a1", "title": "Vakt", "performed_on": date(2026, 11, 3),
                            "logged_at": AT, "confirmed_by": None, "confirmed_at": None,
                            "carried_from": "not in the schema"}],
            "recommendations": [{"by": "ingrid", "role": "advisor", "comment": "ok", "at": AT}],
            **values}


def test_fields_given_are_formatted_as_the_schema_does_and_others_left_out():
    schema = schemas.QueueEntryOut(many=True)
    answer = [{"trainee_id": "kari", "trainee_name": "Kari", "enrolment_id": "e1",
               "curriculum": "lis1", "items": [record(), record(placement_ends_on=date(2027, 1, 1),
                                                            documents=[], paper_evidence=None)],
               "attestations": []}]
    assert plain(schema)(answer) == schema.dump(answer)
    assert "enrolment_id" not in plain(schema)(answer)[0]["items"][0]


def test_counts_missing_and_none_are_dumped_as_the_progress_schema_does():
    schema = schemas.ProgressOut()
    answer = {"enrolment_id": "e1", "trainee_id": "kari", "programme": "LIS1",
              "curriculum": "lis1", "curriculum_version": "2020-03", "required": 2,
              "approved": 1, "completed_at": None, "credential_id": None,
              "groups": [{"code": "KLK", "title": "K", "kind": "phase", "total": 1,
                          "counts": {"approved": 1, "returned": 0}, "items": [record()]}],
              "attestations": [], "missing": [{"code": "X", "kind": "y", "placement_id": None}],
              "missing_elements": ["kommune"]}
    assert plain(schema)(answer) == schema.dump(answer)
