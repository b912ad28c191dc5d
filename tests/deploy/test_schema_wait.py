"""python -m portal_kit.migrations wait: a pod starts only on a database at the head revision."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def wait(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "portal_kit.migrations", "wait",
                           "services/competencies", "--timeout", "0"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_waiting_fails_on_an_unmigrated_database_and_passes_once_migrated(tmp_path):
    env = dict(os.environ, COMPETENCIES_DATABASE_URL=f"sqlite:///{tmp_path}/competencies.db")
    refused = wait(env)
    assert refused.returncode == 1
    assert "not at the head of its migrations" in refused.stderr
    subprocess.run([sys.executable, "-m", "alembic", "-c", "services/competencies/alembic.ini",
                    "upgrade", "head"], cwd=ROOT, env=env, check=True, capture_output=True)
    assert wait(env).returncode == 0


def test_a_database_one_migration_behind_is_not_at_head(tmp_path):
    env = dict(os.environ, COMPETENCIES_DATABASE_URL=f"sqlite:///{tmp_path}/competencies.db")
    subprocess.run([sys.executable, "-m", "alembic", "-c", "services/competencies/alembic.ini",
                    "upgrade", "head"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "alembic", "-c", "services/competencies/alembic.ini",
                    "downgrade", "-1"], cwd=ROOT, env=env, check=True, capture_output=True)
    assert wait(env).returncode == 1
