import os
import subprocess
import sys

from e2e_portal import ROOT


def test_the_launcher_says_at_once_when_the_broker_cannot_be_reached(tmp_path):
    env = dict(os.environ, AMQP_URI="amqp://guest:guest@127.0.0.1:9/", PORTAL_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "deploy/run.py"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "RabbitMQ is not reachable at amqp://guest:***@127.0.0.1:9/" in result.stderr
    assert "rabbitmq-server -detached" in result.stderr


def test_the_launcher_runs_five_services_the_origin_and_the_mail_catcher(portal):
    children = subprocess.run(["pgrep", "-P", str(portal.process.pid)], capture_output=True,
                              text=True).stdout.split()
    assert len(children) == 7  # five services, the origin and the mail catcher
