"""Agreements signed while faults hit the portal: afterwards each is stored once, its event
reached an outside subscriber (at least once, one event per agreement), the invitations
projection applied it, its contact got one e-mail, no outbox holds anything back and no
dead-letter queue holds anything. `make test-faults` runs this file; the numbers are
printed. Faults touch only this portal: its own databases' backends, its own processes,
its own vhost's connections (never the shared servers).
"""
import os

import pytest
import requests
from fault_workload import (
    Agreements,
    Faults,
    Outside,
    close_connections,
    dead_letters,
    deliveries_to,
    kill_nine,
    terminate_backends,
    unsent_outbox_rows,
)

from e2e_portal import eventually, mails_to

COUNT = int(os.environ.get("FAULT_COUNT", "60"))
LEAST_FAULTS = 3
SETTLE_SECONDS = 300
WITH_EVENTS = ["identity", "invitations", "notifications"]
UNITS = {"database": "database backends terminated", "service killed": "services SIGKILLed",
         "broker connections": "AMQP connections closed"}


def injector(fault, portal, admin_url):
    if fault == "database":
        urls = [portal.databases[s] for s in WITH_EVENTS]
        return Faults(lambda: terminate_backends(admin_url, urls), interval=1.0)
    if fault == "service killed":
        order = ["invitations", "notifications", "identity"]
        # each one at most every 15 s: the launcher gives up on a process that dies more
        # than 5 times a minute (and with it the whole portal)
        return Faults(lambda: kill_nine(portal.process.pid, order), interval=5.0)
    return Faults(lambda: close_connections(portal.vhost), interval=1.5)


def mailed(portal, addresses, timeout):
    """Each address's mails once all have some; else what became of the missing ones."""
    mails = {}

    def everyone() -> bool:
        for address in addresses:
            if address not in mails and (found := mails_to(portal, address)):
                mails[address] = found
        return len(mails) == len(addresses)
    try:
        eventually(everyone, timeout=timeout)
    except AssertionError:
        missing = [a for a in addresses if a not in mails]
        raise AssertionError(f"no mail within {timeout} s; their deliveries: "
                             f"{deliveries_to(portal.databases['notifications'], missing)}") from None
    return mails


def in_force(portal, operator, organisation_id):
    answer = requests.get(f"{portal.url}/api/invitations/v1/organisations/{organisation_id}"
                          "/agreement", headers=operator(), timeout=10)
    return answer.status_code == 200 and answer.json()["in_force"]


@pytest.mark.parametrize("fault", ["database", "service killed", "broker connections"])
def test_every_agreement_signed_through_a_fault_is_stored_delivered_and_mailed_once(
        portal, operator, private_postgres, fault):
    outside = Outside(portal.vhost.amqp_uri, "identity.events", "portal.identity.dpa.signed.v2")
    work = Agreements(portal.url, operator)
    with injector(fault, portal, private_postgres.admin_url) as faults:
        while len(work.signed) < COUNT or faults.injected < LEAST_FAULTS:
            faults.check()
            work.run(1)
    # the waits below end as soon as they see the outcome; theirs is the time a machine at a
    # load average of 20 may need (a killed sender's mail comes after its 20 s lease)
    for signed in work.signed:
        assert eventually(lambda s=signed: in_force(portal, operator, s.organisation_id),
                          timeout=SETTLE_SECONDS), signed
    mails = mailed(portal, [s.email for s in work.signed], timeout=SETTLE_SECONDS)
    eventually(lambda: all(unsent_outbox_rows(portal.databases[s]) == 0 for s in WITH_EVENTS),
               timeout=SETTLE_SECONDS)
    arrivals = outside.arrivals()
    ids_by_subject = {}
    for event in arrivals:
        ids_by_subject.setdefault(event["subject"], set()).add(event["id"])
    message_ids = {email: {m["message_id"] for m in found} for email, found in mails.items()}
    print(f"\n{fault}: {faults.injected} {UNITS[fault]}, {len(work.signed)} agreements signed "
          f"({work.retries} retried calls; statuses {dict(work.statuses)}); outside subscriber: "
          f"{len(arrivals)} deliveries of {sum(map(len, ids_by_subject.values()))} events; "
          f"e-mails: {sum(map(len, mails.values()))} for {len(mails)} contacts; "
          f"dead letters {dead_letters(portal.vhost)}")
    assert 500 not in work.statuses
    assert {f"organisations/{s.organisation_id}" for s in work.signed} <= set(ids_by_subject)
    assert all(len(ids_by_subject[f"organisations/{s.organisation_id}"]) == 1
               for s in work.signed), "one event per agreement"
    assert all(len(ids) == 1 for ids in message_ids.values()), message_ids
    assert all(count == 0 for count in dead_letters(portal.vhost).values())
