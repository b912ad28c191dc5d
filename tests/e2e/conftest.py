"""The whole portal, started as a user starts it (deploy/run.py), on PostgreSQL and a fresh vhost."""
import subprocess
import sys
from pathlib import Path

import pytest

from portal_kit.testing_infra import Rabbit, publish_event

sys.path.insert(0, str(Path(__file__).parent))

import event_contract  # noqa: E402

from e2e_portal import ROOT, running_portal, signed_before_the_services_started  # noqa: E402


def pytest_collection_modifyitems(items):
    """One portal serves every end-to-end test, so a story that builds on the seeded people's
    first steps (their first login and registration are tests of their own) declares
    ``AFTER_FIRST_STEPS = True`` and runs after the others of this folder."""
    here = [i for i, item in enumerate(items) if Path(item.path).parent == Path(__file__).parent]
    ordered = sorted((items[i] for i in here),
                     key=lambda item: getattr(item.module, "AFTER_FIRST_STEPS", False))
    for i, item in zip(here, ordered, strict=True):
        items[i] = item


@pytest.fixture(scope="session")
def portal(postgres_admin_url, rabbit: Rabbit, tmp_path_factory):
    with running_portal(postgres_admin_url, rabbit, tmp_path_factory.mktemp("portal"),
                        before_start=_prepare_then_publish_early) as portal:
        yield portal
        emitted = event_contract.recorded(portal.vhost.amqp_uri)
        assert emitted, "the end-to-end run emitted events"
        broken = event_contract.mismatches(emitted)
        assert broken == [], "events that break docs/asyncapi.yaml:\n" + "\n".join(broken)


def _prepare_then_publish_early(env, vhost):
    """Migrate and declare the queues only, then publish before any service runs."""
    prepared = subprocess.run([sys.executable, "deploy/run.py", "--prepare"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
    assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    event_contract.start_recording(vhost.amqp_uri)
    publish_event(vhost.amqp_uri, "identity.events", signed_before_the_services_started())


@pytest.fixture
def operator(portal):
    """A fresh operator token for each test: on a loaded machine the run outlasts one."""
    return portal.operator()
