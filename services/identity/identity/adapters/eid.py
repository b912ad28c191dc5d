"""The relying party towards the national eID brokers (HelseID, NemLog-in), on Authlib.

Authorization code + PKCE (S256), ``state`` and ``nonce``, pushed authorization requests
(RFC 9126) where the broker offers them, ``private_key_jwt`` client assertions (RFC 7523)
or a client secret, and the ID token verified against the broker's JWKS found by
discovery. Each broker's claims are read by its profile (``helseid`` or ``nemlogin``).
"""
from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.urls import add_params_to_uri
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidClaimError, JoseError, MissingClaimError
from joserfc.jwk import KeySet, RSAKey
from joserfc.jws import JWSRegistry

from identity.adapters.keys import SigningKey
from identity.domain.exceptions import EidLoginFailed, EidUnavailable
from identity.domain.login import HIGH, SUBSTANTIAL, EidIdentity
from identity.domain.national_id import national_id

HELSEID_PID = "helseid://claims/identity/pid"
HELSEID_HPR = "helseid://claims/hpr/hpr_number"
HELSEID_LEVEL = "helseid://claims/identity/security_level"
NEMLOGIN_CPR = "https://data.gov.dk/model/core/eid/cprNumber"
NEMLOGIN_LOA = "https://data.gov.dk/concept/core/nsis/loa"
FORGERY_CODES = {"iss": "id_token_wrong_issuer", "aud": "id_token_wrong_audience",
                 "azp": "id_token_wrong_audience", "nonce": "id_token_nonce_mismatch"}


@dataclass(frozen=True)
class BrokerSettings:
    name: str
    discovery_url: str
    client_id: str
    client_auth: str
    client_secret: str | None
    scope: str
    profile: str
    label: str


class EidBroker:
    def __init__(self, settings: BrokerSettings, callback_url: str, client_key: SigningKey,
                 allow_synthetic: bool, timeout: float = 10.0) -> None:
        self.settings, self.callback_url = settings, callback_url
        self.client_key, self.allow_synthetic, self.timeout = client_key, allow_synthetic, timeout
        self._metadata: tuple[float, dict[str, Any]] | None = None
        self._jwks: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        return self.settings.name

    def metadata(self) -> dict[str, Any]:
        if self._metadata is None or time.monotonic() - self._metadata[0] > 300:
            self._metadata = (time.monotonic(), self._get_json(self.settings.discovery_url))
        return self._metadata[1]

    def begin(self, state: str, nonce: str, verifier: str, ui_locales: str | None) -> str:
        """The broker's authorize URL for this login (pushed first when it takes PAR)."""
        meta = self.metadata()
        params = {"response_type": "code", "client_id": self.settings.client_id,
                  "redirect_uri": self.callback_url, "scope": self.settings.scope,
                  "state": state, "nonce": nonce, "code_challenge_method": "S256",
                  "code_challenge": create_s256_code_challenge(verifier)}
        if ui_locales:
            params["ui_locales"] = ui_locales
        if meta.get("pushed_authorization_request_endpoint"):
            params = {"client_id": self.settings.client_id,
                      "request_uri": self._push(meta, params)}
        return add_params_to_uri(meta["authorization_endpoint"], list(params.items()))

    def finish(self, code: str, verifier: str, nonce: str) -> EidIdentity:
        """Exchange the code, verify the ID token, read the person from its claims."""
        meta = self.metadata()
        with self._session(meta) as session:
            try:
                token = session.fetch_token(meta["token_endpoint"], grant_type="authorization_code",
                                            code=code, code_verifier=verifier,
                                            redirect_uri=self.callback_url, timeout=self.timeout)
            except requests.RequestException as exc:
                raise EidUnavailable(f"The eID broker cannot be reached: {exc}") from None
            except Exception as exc:  # Authlib's OAuthError: the broker refused the code
                raise EidLoginFailed("The eID broker refused the login.",
                                     code="eid_code_rejected") from exc
            claims = self._verified_claims(token, nonce, meta)
            if self._missing_person(claims) and meta.get("userinfo_endpoint"):
                claims = dict(self._userinfo(session, meta, token, claims["sub"]), **claims)
        return self.identity(claims)

    def identity(self, claims: Mapping[str, Any]) -> EidIdentity:
        if self.settings.profile == "helseid":
            return self._helseid(claims)
        return self._nemlogin(claims)

    def _helseid(self, claims: Mapping[str, Any]) -> EidIdentity:
        assurance = {"4": HIGH, "3": SUBSTANTIAL}.get(str(claims.get(HELSEID_LEVEL)))
        return self._person(claims, "NO", claims.get(HELSEID_PID), assurance,
                            claims.get(HELSEID_HPR))

    def _nemlogin(self, claims: Mapping[str, Any]) -> EidIdentity:
        assurance = {"high": HIGH, "substantial": SUBSTANTIAL}.get(
            str(claims.get(NEMLOGIN_LOA, "")).lower())
        return self._person(claims, "DK", claims.get(NEMLOGIN_CPR), assurance, None)

    def _person(self, claims: Mapping[str, Any], country: str, number: Any,
                assurance: str | None, hpr: Any) -> EidIdentity:
        if assurance is None:
            raise EidLoginFailed("The eID login's assurance level is too low.",
                                 code="insufficient_assurance")
        if not isinstance(number, str):
            raise EidLoginFailed("The eID login names no national identity number.",
                                 code="id_token_invalid")
        nid = national_id(country, number, allow_synthetic=self.allow_synthetic)
        return EidIdentity(self.name, nid, str(claims.get("given_name") or ""),
                           str(claims.get("family_name") or ""), assurance,
                           str(hpr) if hpr else None)

    def _missing_person(self, claims: Mapping[str, Any]) -> bool:
        return HELSEID_PID not in claims and NEMLOGIN_CPR not in claims

    def _verified_claims(self, token: Mapping[str, Any], nonce: str,
                         meta: Mapping[str, Any]) -> dict[str, Any]:
        if "id_token" not in token:
            raise EidLoginFailed("The eID broker sent no ID token.", code="id_token_invalid")
        try:
            decoded = self._decode(token["id_token"], meta, refresh=False)
            claims = CodeIDToken(decoded.claims, decoded.header, {
                "iss": {"essential": True, "values": [meta["issuer"]]},
                "aud": {"essential": True, "values": [self.settings.client_id]}},
                {"nonce": nonce, "client_id": self.settings.client_id,
                 "access_token": token.get("access_token")})
            claims.validate(leeway=60)
        except (InvalidClaimError, MissingClaimError) as exc:
            raise EidLoginFailed(f"The ID token is not valid: {exc}",
                                 code=FORGERY_CODES.get(exc.claim, "id_token_invalid")) from None
        except (JoseError, ValueError) as exc:
            raise EidLoginFailed(f"The ID token is not valid: {exc}",
                                 code="id_token_invalid") from None
        return dict(claims)

    def _decode(self, id_token: str, meta: Mapping[str, Any], refresh: bool) -> Any:
        if self._jwks is None or refresh:
            self._jwks = self._get_json(meta["jwks_uri"])
        registry = JWSRegistry(algorithms=["RS256", "PS256", "ES256"])
        try:
            return jwt.decode(id_token, KeySet.import_key_set(self._jwks), registry=registry)
        except JoseError:
            if refresh:
                raise
            return self._decode(id_token, meta, refresh=True)

    def _userinfo(self, session: OAuth2Session, meta: Mapping[str, Any],
                  token: Mapping[str, Any], subject: str) -> dict[str, Any]:
        response = session.get(meta["userinfo_endpoint"], timeout=self.timeout)
        info = response.json() if response.ok else {}
        return info if info.get("sub") == subject else {}

    def _push(self, meta: Mapping[str, Any], params: dict[str, str]) -> str:
        with self._session(meta) as session:
            auth = session.client_auth(self.settings.client_auth)
            try:
                response = session.post(meta["pushed_authorization_request_endpoint"],
                                        data=params, auth=auth, withhold_token=True,
                                        timeout=self.timeout)
            except requests.RequestException as exc:
                raise EidUnavailable(f"The eID broker cannot be reached: {exc}") from None
        if response.status_code not in (200, 201) or "request_uri" not in response.json():
            raise EidUnavailable(f"The eID broker refused the pushed request "
                                 f"({response.status_code}).")
        return str(response.json()["request_uri"])

    def _session(self, meta: Mapping[str, Any]) -> OAuth2Session:
        method = self.settings.client_auth
        secret: Any = self.settings.client_secret
        if method == "private_key_jwt":
            secret = RSAKey.import_key(self.client_key.pem, {"kid": self.client_key.kid})
        session = OAuth2Session(self.settings.client_id, secret,
                                token_endpoint_auth_method=method,
                                redirect_uri=self.callback_url)
        if method == "private_key_jwt":
            session.register_client_auth_method(PrivateKeyJWT(
                meta["token_endpoint"], headers={"kid": self.client_key.kid}))
        return session

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = requests.get(url, timeout=self.timeout)
            response.raise_for_status()
            return dict(response.json())
        except (requests.RequestException, ValueError) as exc:
            raise EidUnavailable(f"The eID broker cannot be reached: {exc}") from None
