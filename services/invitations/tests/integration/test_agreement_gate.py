"""invitations's agreement gate against real PostgreSQL and RabbitMQ (tokens from the kit's fixture)."""
from pathlib import Path

import pytest

from invitations.entrypoints.service import InvitationsService
from portal_contracts.testing import AgreementGateTests, Gate
from portal_kit.testing import base_url, migrate, service_config

SERVICE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def gate(container_factory, database_url, vhost, tokens):
    migrate(SERVICE_DIR, database_url)
    config = service_config(database_url, vhost, JWKS_URL=tokens.jwks_url)
    container = container_factory(InvitationsService, config)
    container.start()
    return Gate(container, vhost.amqp_uri, base_url(config))


class TestInvitationsAgreementGate(AgreementGateTests):
    service = "invitations"
    permission = "may_send_invitations"
