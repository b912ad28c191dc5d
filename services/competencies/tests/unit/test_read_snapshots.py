"""Read snapshots (adapters/repository.py ``snapshot``): mapped domain objects filled from a
row outside any session, readable even as the first thing a process does with the ORM."""
import subprocess
import sys

FIRST_THING = """
from datetime import date
from competencies.adapters import orm, orm_signoff
from competencies.adapters.repository import snapshot
from competencies.domain.projections import Relationship
orm.start_mappers()
r = snapshot(Relationship, {"relationship_id": "r1", "trainee_id": "kari", "person_id": "ola",
                            "role": "leader", "organisation_id": "bergen",
                            "valid_from": date(2026, 1, 1), "valid_to": None, "version": 1,
                            "ended": False})
print(r.person_id, r.is_active(date(2026, 6, 1)))
"""


def test_a_snapshot_made_before_any_query_reads_like_the_loaded_object():
    done = subprocess.run([sys.executable, "-c", FIRST_THING], capture_output=True, text=True,
                          timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "ola True"), done.stderr
