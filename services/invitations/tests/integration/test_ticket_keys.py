"""The registration tickets' key set: a new key is published at once, the old one until the
last ticket it signed has expired (identity verifies across a rotation)."""
from datetime import UTC, datetime, timedelta

import jwt
from invitation_world import SERVICE_DIR

from invitations.adapters import orm
from invitations.adapters.tickets import LEEWAY, TICKET_LIFETIME, SigningKey, TicketSigner
from invitations.domain.invitations import Invitation
from portal_kit.db import make_engine
from portal_kit.testing import migrate

ISSUER, AUDIENCE = "http://localhost:8000/api/invitations", "http://localhost:8000/api/identity"


class Clock:
    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def now(self) -> datetime:
        return self.at


def invitation() -> Invitation:
    return Invitation("inv-1", "kari", "leader", "pl-1", "bergen", "ola@example.org", "nb",
                      "pending", "digest", "kari", datetime.now(UTC), datetime.now(UTC))


def verify(ticket: str, jwks: dict) -> dict:
    keys = {k["kid"]: jwt.PyJWK(k).key for k in jwks["keys"]}
    return jwt.decode(ticket, keys[jwt.get_unverified_header(ticket)["kid"]],
                      algorithms=["RS256"], audience=AUDIENCE, issuer=ISSUER)


def test_the_old_key_stays_published_until_its_last_ticket_expired(database_url):
    migrate(SERVICE_DIR, database_url)
    orm.start_mappers()
    engine, clock = make_engine(database_url), Clock()
    old = TicketSigner(SigningKey.generate(), engine, ISSUER, AUDIENCE, clock)
    ticket = old.mint(invitation())
    new = TicketSigner(SigningKey.generate(), engine, ISSUER, AUDIENCE, clock)
    assert verify(ticket, new.jwks())["invitation_id"] == "inv-1"
    assert verify(new.mint(invitation()), new.jwks())["role"] == "leader"
    clock.at += TICKET_LIFETIME + LEEWAY + timedelta(seconds=1)
    assert [k["kid"] for k in new.jwks()["keys"]] == [new.key.kid]
    engine.dispose()


def test_a_decoy_signature_is_trusted_by_nobody(database_url):
    migrate(SERVICE_DIR, database_url)
    engine = make_engine(database_url)
    signer = TicketSigner(SigningKey.generate(), engine, ISSUER, AUDIENCE)
    signer.mint_decoy()
    assert [k["kid"] for k in signer.jwks()["keys"]] == [signer.key.kid]
    engine.dispose()
