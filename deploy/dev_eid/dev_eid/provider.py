"""One broker's OpenID provider: Authlib's authorization server wired with this package's parts."""
from __future__ import annotations

from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc9207 import IssuerParameter
from authlib.oidc.core import UserInfo, UserInfoEndpoint
from joserfc.jwk import RSAKey

from .brokers import Broker
from .clients import RelyingParty
from .grants import BrokerOpenIDCode, CodeGrant, PrivateKeyJWT, RequiredS256, SystemClientGrant
from .models import AccessToken
from .par import PushedAuthorizationEndpoint, PushedRequestResolver
from .people import Person
from .settings import Settings
from .store import Clock, ExpiringStore

PATHS = {"authorization_endpoint": "/connect/authorize", "token_endpoint": "/connect/token",
         "pushed_authorization_request_endpoint": "/connect/par",
         "userinfo_endpoint": "/connect/userinfo",
         "jwks_uri": "/.well-known/openid-configuration/jwks"}


class BrokerServer(AuthorizationServer):
    """The issuer ``{DEV_EID_URL}/{broker}``: its client, people, key and short-lived state."""

    def __init__(self, broker: Broker, settings: Settings, people: list[Person],
                 signing_key: RSAKey, salt: bytes, clock: Clock) -> None:
        super().__init__(query_client=self._find_client, save_token=self._save_token)
        self.broker, self.settings, self.clock = broker, settings, clock
        self.issuer = f"{settings.public_url}/{broker.name}"
        self.people = {p.key: p for p in people if p.broker == broker.name}
        self.signing_key, self.salt = signing_key, salt
        self.client = RelyingParty(settings.client, clock)
        self.codes, self.pushed, self.tokens, self.spent, self.nonces, self.assertion_ids = (
            ExpiringStore(clock) for _ in range(6))
        self.load_config({"OAUTH2_SCOPES_SUPPORTED": list(broker.scopes),
                          "OAUTH2_TOKEN_EXPIRES_IN": {
                              "authorization_code": settings.access_token_seconds}})
        self._wire()

    def _wire(self) -> None:
        self.register_grant(CodeGrant, [RequiredS256(required=True), BrokerOpenIDCode(self)])
        if "client_credentials" in self.broker.grant_types:
            self.register_grant(SystemClientGrant)
        self.register_client_auth_method("private_key_jwt", PrivateKeyJWT(self))
        self.register_endpoint(PushedAuthorizationEndpoint)
        protector = ResourceProtector()
        protector.register_token_validator(_TokenValidator(self.tokens))
        self.register_endpoint(_UserInfo(self, resource_protector=protector))
        self.register_extension(_Issuer(self.issuer))
        PushedRequestResolver(self, required=self.broker.require_par).register()

    def url(self, name: str) -> str:
        return self.issuer + PATHS[name]

    @property
    def audiences(self) -> list[str]:
        """What a client assertion may name as ``aud`` (RFC 7523 §3, RFC 9126 §2)."""
        return [self.issuer, self.url("token_endpoint"),
                self.url("pushed_authorization_request_endpoint")]

    def user_info(self, person: Person) -> UserInfo:
        subject = self.broker.subject(self.salt, self.client.get_client_id(), person)
        return UserInfo(self.broker.claims(person, subject))

    def revoke_tokens_of(self, code: str) -> None:
        """A code redeemed twice: what the first redemption got stops working (RFC 6749 §4.1.2)."""
        access_token = self.spent.take(code)
        if access_token:
            self.tokens.take(access_token)

    def _find_client(self, client_id: str) -> RelyingParty | None:
        return self.client if client_id == self.client.get_client_id() else None

    def _save_token(self, token: dict[str, Any], request: Any) -> None:
        seconds = int(token["expires_in"])
        self.tokens.put(token["access_token"], AccessToken(
            token["access_token"], request.client, request.user, token["scope"], seconds),
            seconds)
        if request.authorization_code is not None:
            self.spent.put(request.authorization_code.code, token["access_token"], seconds)


class _TokenValidator(BearerTokenValidator):
    def __init__(self, tokens: ExpiringStore) -> None:
        super().__init__()
        self.tokens = tokens

    def authenticate_token(self, token_string: str) -> AccessToken | None:
        return self.tokens.get(token_string)


class _UserInfo(UserInfoEndpoint):
    def __init__(self, server: BrokerServer, resource_protector: ResourceProtector) -> None:
        super().__init__(server, resource_protector)
        self.broker_server = server

    def get_issuer(self) -> str:
        return self.broker_server.issuer

    def generate_user_info(self, user: Any, scope: str) -> UserInfo:
        return self.broker_server.user_info(user)


class _Issuer(IssuerParameter):
    """RFC 9207: every authorization response names its issuer (``iss``)."""

    def __init__(self, issuer: str) -> None:
        self.issuer = issuer

    def get_issuer(self) -> str:
        return self.issuer
