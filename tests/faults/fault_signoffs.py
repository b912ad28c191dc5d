"""Sign-offs approved through the origin while (a) the suite's own RabbitMQ node is
restarted, (b) competencies and notifications are SIGKILLed in turn (the launcher restarts
them), (c) the suite's own PostgreSQL cluster is restarted; the items of all three are made
ready once, before the first, and each fault approves its own ``FAULT_SIGNOFF_COUNT``.
Afterwards every sign-off is stored once (one record, approved by the tutor, one audit
row, one event in the outbox), its event reached an outside subscriber (at least once)
and was applied once by notifications (one inbox row, one delivery), the trainee got one
e-mail per approval (one Message-ID; a copy sent again after a crash carries the same
one), no outbox row is unsent, and the one poison message sent among the events is in
notifications' dead-letter queue and nothing else is. `make test-faults` runs this file;
the numbers are printed as a table at the end.
"""
import os
import time
from urllib.parse import quote

import pytest
import requests
from fault_workload import (
    Faults,
    Outside,
    dead_letters,
    drain,
    kill_nine,
    publish_poison,
    unsent_outbox_rows,
)
from portal_tokens import portal_factory
from signoff_workload import Approvals, Item, SignOffs, TutorLogin, outcome

from portal_contracts.signoff import ITEM_APPROVED
from portal_kit.testing_infra import wait_for

COUNT = int(os.environ.get("FAULT_SIGNOFF_COUNT", "1000"))
FAULTS = ["broker restarted", "service killed", "database restarted"]
# the wait ends as soon as everything is seen; this long only on a machine at a load of 20
SETTLE_SECONDS = 600
WITH_EVENTS = ["competencies", "notifications"]
ROWS: list[dict] = []


@pytest.fixture(scope="module")
def tutor(portal, operator):
    return TutorLogin(portal.public_url)


@pytest.fixture(scope="module")
def factory(portal):
    return portal_factory(portal.public_url, portal.logs.parent)


@pytest.fixture(scope="module")
def ready(portal, operator, tutor, factory) -> list[Item]:
    """Every fault's items ready for approval, made once before the first fault."""
    started = time.monotonic()
    items = SignOffs(portal.url, portal.public_url, operator, factory, tutor).prepare(
        COUNT * len(FAULTS), portal.databases)
    print(f"\n{len(items)} items of {len({i.trainee_id for i in items})} trainees ready for "
          f"approval in {time.monotonic() - started:.0f} s")
    return items


@pytest.fixture(scope="module", autouse=True)
def table():
    yield
    if ROWS:
        print("\n\n" + "\n".join(markdown(ROWS)))


def markdown(rows: list[dict]) -> list[str]:
    names = list(rows[0])
    return ["| " + " | ".join(names) + " |", "| " + " | ".join("---" for _ in names) + " |",
            *("| " + " | ".join(str(r[n]) for n in names) + " |" for r in rows)]


def injector(fault, portal, rabbit, postgres):
    """The fault and how many of it at least, all while approvals are in flight."""
    if fault == "broker restarted":
        return Faults(rabbit.restart, interval=5.0), 1
    if fault == "service killed":
        order = ["competencies", "notifications"]
        # each one every 20 s (the launcher gives up on a process that dies more
        # than 5 times a minute; each restart takes seconds on a loaded machine)
        return Faults(lambda: kill_nine(portal.process.pid, order), interval=10.0), 4
    return Faults(postgres.restart, interval=4.0), 3


@pytest.mark.parametrize("fault", FAULTS)
def test_every_sign_off_approved_through_a_fault_is_stored_once_delivered_applied_and_mailed(
        portal, tutor, ready, private_rabbit, private_postgres, fault):
    items = ready[FAULTS.index(fault) * COUNT:][:COUNT]
    work = Approvals(portal.url, tutor)
    # the earlier faults' mails are theirs (and were counted): each poll below reads this one's
    requests.delete(f"{portal.mail_url}/messages", timeout=30).raise_for_status()
    amqp = portal.vhost.amqp_uri
    outside = Outside(amqp, "competencies.events", ITEM_APPROVED)
    poison = publish_poison(amqp, "competencies.events", ITEM_APPROVED)
    faults, least = injector(fault, portal, private_rabbit, private_postgres)
    started = time.monotonic()
    with faults:
        work.approve(items)
        approved_in = time.monotonic() - started
        faults.wait_for(least)

    def settled():
        found = outcome(portal, items, ITEM_APPROVED)
        delivered = [delivery for events in found.events.values() for event in events
                     for delivery in found.deliveries.get(event, ())]
        return (len(delivered) >= len(items)
                and all(found.mails[d] for d in delivered)
                and all(unsent_outbox_rows(portal.databases[s]) == 0 for s in WITH_EVENTS)
                and dead_letters(portal.vhost).get("notifications.dead-letter", 0) >= 1
                and found)
    try:
        found = wait_for(settled, timeout=SETTLE_SECONDS, interval=2.0)
    except AssertionError:
        raise AssertionError(f"not settled within {SETTLE_SECONDS} s: "
                             f"{unsettled(portal, items)}") from None
    settled_in = time.monotonic() - started
    arrivals = outside.arrivals()
    letters = dead_letters(portal.vhost)
    poisoned = drain(amqp, "notifications.dead-letter")

    tutor_id = tutor.person_id
    sign_offs = {}
    for item in items:
        assert found.stored[(item.enrolment_id, item.code)] == [("approved", tutor_id)], item
    for sign_off_id, events in found.events.items():
        sign_offs[sign_off_id] = events
    assert len(sign_offs) == len(items), "one sign-off record per approved item"
    assert all(len(events) == 1 for events in sign_offs.values()), "one event per sign-off"
    assert all(found.approvals_audited[s] == 1 for s in sign_offs), "one audit row each"
    outside_ids: dict = {}
    for event in arrivals:
        if event["data"]["sign_off_id"] in sign_offs:
            outside_ids.setdefault(event["data"]["sign_off_id"], set()).add(event["id"])
    assert outside_ids == sign_offs, "the outside subscriber got every event, and no other"
    event_ids = [e for events in sign_offs.values() for e in events]
    assert all(found.applied[e] == 1 for e in event_ids), "applied once (notifications)"
    assert all(len(found.deliveries[e]) == 1 for e in event_ids), "one mail per event"
    copies = [found.mails[d] for e in event_ids for d in found.deliveries[e]]
    assert all(n >= 1 for n in copies)
    assert outside.unreadable == 1 and len(poisoned) == 1 and poison in poisoned[0], poisoned
    assert {q: n for q, n in letters.items() if n} == {"notifications.dead-letter": 1}
    assert 500 not in work.caller.statuses

    ROWS.append({
        "fault": fault, "injected": faults.injected, "sign-offs approved": len(work.approved),
        "approving (s)": f"{approved_in:.0f}", "settled (s)": f"{settled_in:.0f}",
        "retried calls": work.caller.retries,
        "found done on retry": work.cut_off_then_found_approved,
        "stored once": sum(len(v) == 1 for v in found.stored.values()),
        "outside: deliveries / events": f"{len(arrivals)} / {len(outside_ids)}",
        "applied once": sum(found.applied[e] == 1 for e in event_ids),
        "mails / Message-IDs": f"{sum(copies)} / {len(copies)}",
        "dead letters": f"{len(poisoned)} (the poison)",
        "load avg": f"{os.getloadavg()[0]:.1f}"})
    print(f"\n{fault}: {ROWS[-1]}; statuses {dict(work.caller.statuses)}")



def unsettled(portal, items) -> dict:
    """What is missing, for the failure's message."""
    found = outcome(portal, items, ITEM_APPROVED)
    events = [e for found_ in found.events.values() for e in found_]
    deliveries = [d for e in events for d in found.deliveries.get(e, ())]
    queues = portal.vhost.api("GET", f"/api/queues/{quote(portal.vhost.name, safe='')}").json()
    return {"items": len(items), "events in competencies' outbox": len(events),
            "applied by notifications": sum(1 for e in events if found.applied[e]),
            "deliveries": len(deliveries),
            "mailed": sum(1 for d in deliveries if found.mails[d]),
            "unsent outbox rows": {s: unsent_outbox_rows(portal.databases[s])
                                   for s in WITH_EVENTS},
            "queues (messages, consumers)": {q["name"]: (q.get("messages"), q.get("consumers"))
                                             for q in queues if q.get("messages")
                                             or "notifications" in q["name"]}}
