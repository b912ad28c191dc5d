"""More than one process of a service (``PORTAL_PROCESSES``, ``<SERVICE>_PROCESSES``): they
share the service's HTTP port as nameko listens on it (``eventlet.listen``, SO_REUSEPORT)
and need PostgreSQL."""
import sys
import time
from pathlib import Path

import pytest
import requests

from portal_kit.testing_infra import free_port

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "deploy"))

import run  # noqa: E402
from launcher import Process  # noqa: E402

POSTGRES = "postgresql://postgres@127.0.0.1:5432/x"
ANSWERS_ITS_PID = """
import os, sys, eventlet
from eventlet import wsgi
eventlet.monkey_patch()
sock = eventlet.listen(("127.0.0.1", int(sys.argv[1])))  # as nameko's WebServer listens
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]
wsgi.server(sock, app, log_output=False)
"""


def env(**values):
    base = {f"{s.upper()}_DATABASE_URL": "sqlite:///x.db" for s in run.SERVICES}
    return {**base, **values}


def test_each_service_runs_one_process_unless_told_otherwise():
    assert [run.process_count(env(), s) for s in run.SERVICES] == [1] * 5


def test_portal_processes_sets_every_service_and_a_service_of_its_own_overrides_it():
    on_postgres = env(**{f"{s.upper()}_DATABASE_URL": POSTGRES for s in run.SERVICES},
                      PORTAL_PROCESSES="2", NOTIFICATIONS_PROCESSES="1",
                      COMPETENCIES_PROCESSES="3")
    assert {s: run.process_count(on_postgres, s) for s in run.SERVICES} == {
        "identity": 2, "invitations": 2, "competencies": 3, "documents": 2,
        "notifications": 1}


def test_more_than_one_process_on_sqlite_is_refused_before_anything_starts():
    with pytest.raises(SystemExit, match="2 processes of competencies need PostgreSQL"):
        run.process_count(env(COMPETENCIES_PROCESSES="2"), "competencies")
    with pytest.raises(SystemExit, match="at least 1"):
        run.process_count(env(PORTAL_PROCESSES="0"), "identity")
    with pytest.raises(SystemExit, match="whole number"):
        run.process_count(env(PORTAL_PROCESSES="two"), "identity")


def test_the_processes_of_one_service_share_its_address_each_ready_once_it_listens(tmp_path):
    values = env(COMPETENCIES_DATABASE_URL=POSTGRES, COMPETENCIES_PROCESSES="2",
                 PORTAL_DATA_DIR=str(tmp_path), PORTAL_PORT="8400", SMTP_HOST="mail",
                 SMTP_PORT="25", SMS_GATEWAY_URL="http://sms", PORTAL_ENV="production",
                 WEB_HTTP_ADDRESS="127.0.0.1:8406", WEB_DATABASE_URL="sqlite:///w.db",
                 DEV_EID_HTTP_ADDRESS="127.0.0.1:8407",
                 **{f"{s.upper()}_HTTP_ADDRESS": f"127.0.0.1:{8401 + n}"
                    for n, s in enumerate(run.SERVICES)})
    started = {p.name: p for p in run.processes(values)}
    assert [n for n in started if n.startswith("competencies")] == [
        "competencies-1", "competencies-2"]
    assert started["competencies-1"].command == started["competencies-2"].command
    assert {started[f"competencies-{n}"].listen_port for n in (1, 2)} == {8403}
    assert started["identity"].listen_port is None  # alone on its port


def test_two_processes_listening_as_nameko_does_share_one_port_and_both_answer(tmp_path):
    port = free_port()
    servers = [Process(f"server-{n}", [sys.executable, "-c", ANSWERS_ITS_PID, str(port)], {},
                       tmp_path / f"server-{n}.log", f"http://127.0.0.1:{port}/",
                       listen_port=port) for n in (1, 2)]
    try:
        servers[0].start()
        deadline = time.monotonic() + 30
        while not servers[0].ready() and time.monotonic() < deadline:
            time.sleep(0.1)
        servers[1].start()
        assert servers[0].ready()
        while not servers[1].ready() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert servers[1].ready()
        answered = set()
        for _ in range(200):  # a new connection each time, as the origin makes them
            answered.add(requests.get(f"http://127.0.0.1:{port}/", timeout=5).text)
            if len(answered) == 2:
                break
        assert answered == {str(s.popen.pid) for s in servers}
    finally:
        for server in servers:
            server.stop()


def test_a_process_that_does_not_listen_is_not_ready_while_another_answers_the_port(
        tmp_path):
    port = free_port()
    server = Process("server", [sys.executable, "-c", ANSWERS_ITS_PID, str(port)], {},
                     tmp_path / "server.log", f"http://127.0.0.1:{port}/", listen_port=port)
    sleeper = Process("sleeper", [sys.executable, "-c", "import time; time.sleep(60)"], {},
                      tmp_path / "sleeper.log", f"http://127.0.0.1:{port}/", listen_port=port)
    try:
        server.start()
        sleeper.start()
        deadline = time.monotonic() + 30
        while not server.ready() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert server.ready() and not sleeper.ready()
    finally:
        for p in (server, sleeper):
            p.stop()
