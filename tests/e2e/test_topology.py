"""deploy/run.py declares every consumer's queue before the services start."""
from test_agreement_slice import PROJECTIONS, agreement_in

from e2e_portal import (
    EARLY_CONTACT,
    EARLY_ORGANISATION,
    eventually,
    mails_to,
    queues_not_of_the_default_type,
)


def test_an_agreement_signed_before_the_services_first_started_reaches_every_consumer(
        portal, operator):
    for service, permission in PROJECTIONS.items():
        record = eventually(lambda s=service: agreement_in(portal, operator, s,
                                                           EARLY_ORGANISATION), timeout=60)
        assert record["in_force"] and record[permission], service
    mail = eventually(lambda: mails_to(portal, EARLY_CONTACT), timeout=60)[0]
    assert "Eidfjord kommune" in mail["text"]


def test_every_queue_the_portal_declared_is_of_its_vhosts_default_type(portal):
    """Quorum queues on a quorum vhost (``make quorum``, as production): the handlers'
    queues, the dead-letter queues and the recorder alike; none declared classic."""
    assert queues_not_of_the_default_type(portal.vhost) == {}
