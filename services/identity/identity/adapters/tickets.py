"""Registration tickets minted by the invitations service, verified against its JWKS.

A ticket is a JWT (RS256, about 15 minutes) with ``iss`` = the invitations service's
issuer, ``aud`` = identity's issuer, ``jti``, ``exp``, ``invitation_id``, ``trainee``,
``role`` and ``organisation_id``. Checked in real time; each ``jti`` is accepted once
(the protocol store records it).
"""
from __future__ import annotations

from datetime import UTC, datetime

import jwt

from identity.domain.exceptions import InvalidRegistrationTicket
from identity.domain.tickets import RegistrationTicket
from portal_kit.errors import Unavailable

CLAIMS = ("jti", "exp", "invitation_id", "trainee", "role", "organisation_id")


class TicketVerifier:
    def __init__(self, jwks_url: str, issuer: str, audience: str) -> None:
        self.keys = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300, timeout=10)
        self.issuer, self.audience = issuer, audience

    def verify(self, ticket: str) -> RegistrationTicket:
        """The ticket's claims, or ``InvalidRegistrationTicket`` for anything wrong."""
        if not ticket or len(ticket) > 8000:
            raise InvalidRegistrationTicket("The registration ticket is not valid.")
        try:
            key = self.keys.get_signing_key_from_jwt(ticket)
            claims = jwt.decode(ticket, key.key, algorithms=["RS256"], audience=self.audience,
                                issuer=self.issuer, leeway=5,
                                options={"require": ["exp", "iss", "aud", "jti"]})
        except jwt.PyJWKClientConnectionError as exc:
            raise Unavailable(f"The invitations key set cannot be fetched: {exc}",
                              code="ticket_keys_unavailable") from None
        except jwt.PyJWTError:
            raise InvalidRegistrationTicket("The registration ticket is not valid, has "
                                            "expired, or is not meant for this portal.") from None
        if not all(isinstance(claims.get(name), str | int) and claims.get(name) != ""
                   for name in CLAIMS):
            raise InvalidRegistrationTicket("The registration ticket lacks a claim.")
        return RegistrationTicket(str(claims["jti"]), str(claims["invitation_id"]),
                                  str(claims["trainee"]), str(claims["role"]),
                                  str(claims["organisation_id"]),
                                  datetime.fromtimestamp(int(claims["exp"]), UTC))
