"""The fault suite's portal: the whole system as `make run` starts it (tests/e2e/e2e_portal.py),
one for the whole suite, on a RabbitMQ node and a PostgreSQL cluster of the suite's own
(tests/faults/private_servers.py), so that faults may restart them; the shared servers
(5672, 5432) are never touched."""
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
sys.path.insert(0, str(Path(__file__).parent))

from fault_workload import OperatorToken  # noqa: E402
from private_servers import PrivatePostgres, PrivateRabbit  # noqa: E402

from e2e_portal import publish_agreement_text, running_portal  # noqa: E402

# A sender SIGKILLed between claiming a mail and recording it sent leaves it claimed until
# the lease runs out (README, Notifications); the suite's portal takes it over after 20 s
# instead of 300 s so that the mail is seen within the suite's wait.
MAIL_LEASE_SECONDS = os.environ.get("FAULT_MAIL_LEASE_SECONDS", "20")


@pytest.fixture(scope="session")
def servers():
    started = time.monotonic()
    postgres, rabbit = PrivatePostgres(), PrivateRabbit()
    try:
        postgres.start()
        rabbit.start()
        print(f"\nthe private PostgreSQL and RabbitMQ up in {time.monotonic() - started:.0f} s")
        yield postgres, rabbit
    finally:
        try:
            rabbit.stop()
            postgres.stop()
        finally:
            rabbit.remove()
            postgres.remove()


@pytest.fixture(scope="session")
def private_postgres(servers):
    return servers[0]


@pytest.fixture(scope="session")
def private_rabbit(servers):
    return servers[1]


@pytest.fixture(scope="session")
def portal(private_postgres, private_rabbit, request):
    """Its data folder (with every process's log) is kept when a test failed."""
    def settings(env, vhost):
        env["MAIL_LEASE_SECONDS"] = MAIL_LEASE_SECONDS
    folder = Path(tempfile.mkdtemp(prefix="faults-portal-"))
    failed, started = request.session.testsfailed, time.monotonic()
    with running_portal(private_postgres.admin_url, private_rabbit.rabbit, folder,
                        before_start=settings) as portal:
        threading.Thread(target=keep_output, args=(portal.process, folder / "launcher.out"),
                         daemon=True).start()
        print(f"the portal up in {time.monotonic() - started:.0f} s")
        yield portal
    if request.session.testsfailed == failed:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"\nthe fault portal's logs: {folder / 'logs'}")


def keep_output(process, into: Path) -> None:
    """The launcher's output after its summary (each restart of a process it noted) into a
    file: unread, its pipe would fill up after enough restarts and block the launcher."""
    with into.open("a") as out:
        for line in process.stdout:
            out.write(line)
            out.flush()


@pytest.fixture(scope="session")
def operator(portal):
    """The operator's current headers (call it): a new token before the old one expires."""
    token = OperatorToken(portal)
    publish_agreement_text(portal, token())
    return token
