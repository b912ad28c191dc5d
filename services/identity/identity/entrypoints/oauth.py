"""The portal's OpenID provider endpoints and the eID callback (nameko, only translating)."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request, Response

from identity.adapters.oauth.discovery import metadata
from identity.domain import commands
from identity.domain.exceptions import InsufficientScope
from identity.entrypoints.protocol_http import call_of, respond
from identity.schemas import http as schemas
from identity.service_layer import views
from portal_kit.errors import Unauthenticated
from portal_kit.http import api
from portal_kit.problems import REALM, bearer_challenge, from_exception, internal_error

V1 = "/api/identity/v1"
OAUTH = ("oauth",)
REDIRECTS = {302: "Redirect to the eID broker or back to the client", 400: "Bad request"}


class OAuthEndpoints:
    runtime: Any

    def _issuer(self) -> str:
        return str(self.runtime.extras["issuer"])

    @api("GET", "/api/identity/.well-known/openid-configuration",
         summary="OpenID provider metadata (discovery)", tags=OAUTH)
    def discovery(self, request: Request) -> dict:
        return metadata(self._issuer())

    @api("GET", "/api/identity/.well-known/jwks.json", summary="Public keys of access tokens",
         tags=OAUTH)
    def jwks(self, request: Request) -> dict:
        return self.runtime.extras["tokens"].jwks()

    @api("GET", "/api/identity/.well-known/broker-client-jwks.json",
         summary="identity's public key for private_key_jwt towards the eID brokers", tags=OAUTH)
    def broker_client_jwks(self, request: Request) -> dict:
        return {"keys": [self.runtime.extras["broker_client_key"].public_jwk]}

    @api("GET", f"{V1}/oauth/authorize", summary="Authorization endpoint (code + PKCE S256)",
         tags=OAUTH, responses=REDIRECTS)
    def authorize(self, request: Request) -> Response:
        """Browser GET; ``eid=helseid|nemlogin`` picks the broker, ``registration_ticket``
        carries an invitation; ``request_uri`` from PAR."""
        call = call_of(request, "authorize", self._issuer())
        return respond(self.runtime.handle(commands.Authorize(call)))

    @api("GET", f"{V1}/oauth/callback", summary="Return from the eID broker", tags=OAUTH,
         responses=REDIRECTS)
    def callback(self, request: Request) -> Response:
        args = request.args
        return respond(self.runtime.handle(commands.CompleteLogin(
            args.get("state"), args.get("code"), args.get("error"))))

    @api("POST", f"{V1}/oauth/par", summary="Pushed authorization request (RFC 9126)",
         tags=OAUTH, status=201, responses={400: "Invalid request", 401: "Invalid client"})
    def par(self, request: Request) -> Response:
        return respond(self.runtime.handle(call_of(request, "par", self._issuer())))

    @api("POST", f"{V1}/oauth/token", summary="Token endpoint: authorization_code, "
         "refresh_token (rotating), client_credentials", request=schemas.TokenIn(),
         response=schemas.TokenOut(), tags=OAUTH,
         responses={400: "invalid_grant and other OAuth errors", 401: "invalid_client",
                    429: "Rate limited (Retry-After)"})
    def token(self, request: Request) -> Response:
        """Form-encoded as OAuth prescribes (or JSON); client_secret_basic or _post."""
        return respond(self.runtime.handle(call_of(request, "token", self._issuer())))

    @api("POST", f"{V1}/oauth/revoke", summary="Revoke a refresh token (ends its family)",
         tags=OAUTH, responses={401: "invalid_client"})
    def revoke(self, request: Request) -> Response:
        return respond(self.runtime.handle(call_of(request, "revoke", self._issuer())))

    @api("GET,POST", f"{V1}/oauth/logout", summary="End session (RP-initiated logout)",
         tags=OAUTH, responses={302: "Back to the client's post-logout URI"})
    def logout(self, request: Request) -> Response:
        return respond(self.runtime.handle(call_of(request, "logout", self._issuer())))

    @api("GET", f"{V1}/oauth/userinfo", summary="UserInfo of the access token's person",
         auth="person", tags=OAUTH,
         responses={401: "No token, or an invalid one (WWW-Authenticate names invalid_token)",
                    403: "The token lacks the openid scope (insufficient_scope)"})
    def userinfo(self, request: Request) -> dict | Response:
        """Refusals carry RFC 6750's challenge, as OpenID Connect's UserInfo asks."""
        try:
            person = self.runtime.authenticate(request, allow_registration_pending=True)
            return self.runtime.query(views.userinfo, by=person)
        except (Unauthenticated, InsufficientScope) as refused:
            response = from_exception(refused) or internal_error()
            response.headers["WWW-Authenticate"] = challenge(refused)
            return response


def challenge(refused: Unauthenticated | InsufficientScope) -> str:
    """``WWW-Authenticate`` for a refused bearer token (RFC 6750 section 3)."""
    if isinstance(refused, InsufficientScope):
        return f'Bearer realm="{REALM}", error="insufficient_scope", scope="{refused.scope}"'
    return bearer_challenge(refused)
