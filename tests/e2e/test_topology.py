"""deploy/run.py declares every consumer's queue before the services start."""
from test_agreement_slice import PROJECTIONS, agreement_in

from e2e_portal import EARLY_CONTACT, EARLY_ORGANISATION, eventually, mails_to


def test_an_agreement_signed_before_the_services_first_started_reaches_every_consumer(
        portal, operator):
    for service, permission in PROJECTIONS.items():
        record = eventually(lambda s=service: agreement_in(portal, operator, s,
                                                           EARLY_ORGANISATION), timeout=60)
        assert record["in_force"] and record[permission], service
    mail = eventually(lambda: mails_to(portal, EARLY_CONTACT), timeout=60)[0]
    assert "Eidfjord kommune" in mail["text"]
