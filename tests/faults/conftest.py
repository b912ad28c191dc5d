"""The fault suite's portal: the whole system as `make run` starts it, on PostgreSQL and a
fresh vhost (tests/e2e/e2e_portal.py), one for the whole suite."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
sys.path.insert(0, str(Path(__file__).parent))

from e2e_portal import publish_agreement_text, running_portal  # noqa: E402


@pytest.fixture(scope="session")
def portal(postgres_admin_url, rabbit, tmp_path_factory):
    with running_portal(postgres_admin_url, rabbit, tmp_path_factory.mktemp("faults")) as portal:
        yield portal


@pytest.fixture(scope="session")
def operator(portal):
    headers = portal.operator()
    publish_agreement_text(portal, headers)
    return headers
