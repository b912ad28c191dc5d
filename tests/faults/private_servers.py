"""A RabbitMQ node and a PostgreSQL cluster of the fault suite's own, on free ports in a
temporary folder, so that a fault can stop and start them for real (the shared servers on
5672 and 5432 are never touched: other test runs use them).

The RabbitMQ node is started from RabbitMQ's own scripts (not the Debian wrapper, which
would switch to the ``rabbitmq`` user and its cookie) with every path of its own: node
name, AMQP, distribution and management ports, Mnesia and log folders, the enabled
plugins file (``[rabbitmq_management].``) and a HOME holding its Erlang cookie, which
``rabbitmqctl -n <node>`` is given too. The PostgreSQL cluster is made with ``initdb`` (as
the ``postgres`` user when run as root: PostgreSQL refuses root) and listens on 127.0.0.1 and a
socket in its own folder. ``restart()`` stops and starts each for real; what the broker
keeps across it is what it keeps on disk (durable queues, persistent messages, vhosts,
users), and what PostgreSQL keeps is what was committed.
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from portal_kit.testing_infra import Rabbit, free_port_block

RABBIT_SBIN = next(iter(sorted(Path("/usr/lib/rabbitmq/lib").glob("rabbitmq_server-*/sbin"))),
                   Path("/usr/lib/rabbitmq/sbin"))
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)),
              Path("/usr/lib/postgresql/15/bin"))
STARTUP_SECONDS = 180


class PrivateRabbit:
    """``rabbitmq-server -detached`` as a node of our own; ``rabbitmqctl stop`` to stop it."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="faults-rabbit-"))
        base = free_port_block(3)
        self.amqp_port, self.dist_port, self.api_port = base, base + 1, base + 2
        self.node = f"faults-{secrets.token_hex(3)}@localhost"
        home = self.folder / "home"
        for folder in (home, self.folder / "mnesia", self.folder / "log"):
            folder.mkdir()
        cookie = home / ".erlang.cookie"
        cookie.write_text(secrets.token_hex(16))
        cookie.chmod(0o400)
        (self.folder / "enabled_plugins").write_text("[rabbitmq_management].\n")
        (self.folder / "rabbitmq.conf").write_text(
            f"listeners.tcp.default = {self.amqp_port}\n"
            f"management.tcp.port = {self.api_port}\n"
            "management.tcp.ip = 127.0.0.1\n"
            "collect_statistics_interval = 1000\n")
        self.env = dict(
            os.environ, HOME=str(home), RABBITMQ_NODENAME=self.node,
            RABBITMQ_NODE_PORT=str(self.amqp_port), RABBITMQ_DIST_PORT=str(self.dist_port),
            RABBITMQ_MNESIA_BASE=str(self.folder / "mnesia"),
            RABBITMQ_LOG_BASE=str(self.folder / "log"),
            RABBITMQ_ENABLED_PLUGINS_FILE=str(self.folder / "enabled_plugins"),
            RABBITMQ_CONFIG_FILE=str(self.folder / "rabbitmq.conf"),
            RABBITMQ_PID_FILE=str(self.folder / "pid"))
        self.rabbit = Rabbit(f"amqp://guest:guest@127.0.0.1:{self.amqp_port}/",
                             f"http://guest:guest@127.0.0.1:{self.api_port}")
        self.restarts = 0

    def ctl(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([str(RABBIT_SBIN / "rabbitmqctl"), "-n", self.node, *args],
                              env=self.env, capture_output=True, text=True, timeout=timeout)

    def start(self) -> None:
        subprocess.run([str(RABBIT_SBIN / "rabbitmq-server"), "-detached"], env=self.env,
                       check=True, timeout=60)
        # up once its AMQP listener takes connections and its management API answers (both
        # come last in its boot, after the vhosts and queues kept on disk are back): polled
        # here, which costs nothing, where each rabbitmqctl call starts an Erlang VM of its
        # own (seconds of CPU on a loaded machine)
        deadline = time.monotonic() + STARTUP_SECONDS
        while not (self._amqp_answers() and self._management_answers()):
            assert time.monotonic() < deadline, "the private RabbitMQ did not start: " + \
                self.ctl("status", timeout=60).stderr
            time.sleep(0.2)

    def stop(self) -> None:
        self.ctl("stop")

    def restart(self) -> int:
        """Stop the node (its connections close, as a broker's restart closes them) and
        start it again from what it kept on disk."""
        stopped = self.ctl("stop")
        assert stopped.returncode == 0, stopped.stderr
        self.start()
        self.restarts += 1
        return 1

    def _amqp_answers(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.amqp_port), timeout=5).close()
        except OSError:
            return False
        return True

    def _management_answers(self) -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{self.api_port}/api/overview",
                                auth=("guest", "guest"), timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class PrivatePostgres:
    """A cluster of our own (``initdb``), started and restarted with ``pg_ctl``."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="faults-postgres-"))
        self.folder.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.data = self.folder / "data"
        self.port = free_port_block(1)
        self.admin_url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self.restarts = 0
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust",
                          "-U", "postgres", "-E", "UTF8", "--no-sync")

    def _as_postgres(self, *command: str) -> None:
        """As the ``postgres`` user when we are root (PostgreSQL refuses root), else as us."""
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*as_postgres, *command], check=True, capture_output=True,
                       timeout=STARTUP_SECONDS)

    def _ctl(self, action: str) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t",
                          str(STARTUP_SECONDS), "-m", "fast", "-l", str(self.folder / "log"),
                          "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
                          " -c max_connections=300", action)

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> int:
        """A fast shutdown (every session ended, open transactions rolled back), then up."""
        self._ctl("restart")
        self.restarts += 1
        return 1

    def stop(self) -> None:
        self._ctl("stop")

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
