"""Queues declared ahead of the services: events published before a consumer first starts wait."""
import json
import os
import subprocess
import sys
from pathlib import Path

from kit_ledger import LedgerService, thing
from portal_kit.testing import wait_for

HERE = Path(__file__).parent


def declare_topology(amqp_uri, *modules):
    """Run the topology command as a deployment does (a separate process)."""
    env = dict(os.environ, AMQP_URI=amqp_uri,
               PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "portal_kit.topology", "declare", *modules],
                          env=env, capture_output=True, text=True, timeout=120, check=True)


def test_an_event_published_before_its_consumer_first_starts_is_handled_when_it_starts(
        container_factory, ledger_config, broker, db):
    declared = declare_topology(ledger_config["AMQP_URI"], "kit_ledger")
    assert "declared queue evt-source-portal.source.thing.happened.v1--ledger.on_thing bound " \
           "to source.events with portal.source.thing.happened.v1" in declared.stdout
    assert "declared queue ledger.dead-letter" in declared.stdout
    early = thing(note="published before the ledger first started")
    broker.publish(early)
    container_factory(LedgerService, ledger_config).start()
    wait_for(lambda: db("select 1 from entries where event_id = :e", e=early["id"]), timeout=30)


def test_declaring_again_after_the_service_started_changes_nothing(
        container_factory, ledger_config, vhost):
    declare_topology(ledger_config["AMQP_URI"], "kit_ledger")
    container_factory(LedgerService, ledger_config).start()
    declare_topology(ledger_config["AMQP_URI"], "kit_ledger")
    queues = {q["name"]: q for q in vhost.api("GET", f"/api/queues/{vhost.name}").json()}
    consumer = queues["evt-source-portal.source.thing.happened.v1--ledger.on_thing"]
    arguments = {k: v for k, v in consumer["arguments"].items()
                 if k != "x-queue-type"}  # a quorum vhost records its default type
    assert (consumer["durable"], consumer["auto_delete"], arguments) == (True, False, {})
    assert queues["ledger.dead-letter"]["durable"] is True


def test_the_command_logs_json_lines_and_fails_on_a_module_it_cannot_find(ledger_config):
    declared = declare_topology(ledger_config["AMQP_URI"], "kit_ledger")
    result = subprocess.run([sys.executable, "-m", "portal_kit.topology", "declare", "no_such_mod"],
                            env=dict(os.environ, AMQP_URI=ledger_config["AMQP_URI"]),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    lines = (declared.stdout + declared.stderr + result.stdout + result.stderr).splitlines()
    assert [json.loads(line)["level"] for line in lines][-1] == "error"
