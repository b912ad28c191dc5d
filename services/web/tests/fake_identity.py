"""A stand-in for identity as contracts section 5 describes it, served over real HTTP.

It speaks just enough OpenID Connect for the web front end's tests: discovery, JWKS,
authorization code with PKCE, rotating refresh tokens whose reuse revokes the family,
revocation, registration and ``people/me``, and the public agreement list. The tests
play the browser: ``approve(authorize_url, person)`` is the person logging in at the
eID broker, and gives back the callback URL identity would redirect to.
"""
from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import Flask, jsonify, request
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

CLIENT = ("web", "test-web-secret")


@dataclass
class Person:
    sub: str
    name: str = "Kari Nordmann"
    lang: str | None = "nb"
    roles: list[str] = field(default_factory=list)
    memberships: list[dict[str, str]] = field(default_factory=list)
    pending: bool = False
    email: str | None = "kari@example.no"


@dataclass
class Family:
    person: Person
    current: str
    revoked: bool = False


class FakeIdentity:
    def __init__(self, issuer: str, web_redirect_uri: str) -> None:
        self.issuer, self.redirect_uri = issuer, web_redirect_uri
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
        self.codes: dict[str, dict[str, Any]] = {}
        self.families: dict[str, Family] = {}
        self.presented: list[str] = []  # every refresh token presented, in order
        self.revoked: list[str] = []
        self.authorize_requests: list[dict[str, str]] = []
        self.access_seconds, self.refresh_delay = 900, 0.0
        self.id_token_nonce: str | None = None  # set to send a wrong nonce
        self.token_issuer = issuer
        self.agreements: list[dict[str, Any]] = []
        self.profiles: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.app = self._routes()

    # the browser's part ------------------------------------------------------------
    def approve(self, authorize_url: str, person: Person) -> str:
        params = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
        self.authorize_requests.append(params)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"person": person, **params}
        return f"{params['redirect_uri']}?{urlencode({'code': code, 'state': params['state']})}"

    def deny(self, authorize_url: str) -> str:
        params = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
        query = {"error": "access_denied", "error_description": "no_access",
                 "state": params["state"]}
        return f"{params['redirect_uri']}?{urlencode(query)}"

    # tokens ----------------------------------------------------------------------
    def access_token(self, person: Person) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {"iss": self.token_issuer, "aud": "portal", "sub": person.sub,
                                  "iat": now, "exp": now + self.access_seconds,
                                  "assurance": "high", "name": person.name,
                                  "roles": [] if person.pending else person.roles,
                                  "memberships": [] if person.pending else person.memberships}
        if person.lang:
            claims["lang"] = person.lang
        if person.pending:
            claims["registration"] = "pending"
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)

    def _tokens(self, person: Person, nonce: str | None = None,
                family: str | None = None) -> dict[str, Any]:
        refresh = secrets.token_urlsafe(24)
        family = family or secrets.token_hex(8)
        self.families[family] = Family(person, refresh)
        answer = {"access_token": self.access_token(person), "token_type": "Bearer",
                  "expires_in": self.access_seconds, "refresh_token": refresh,
                  "scope": "openid profile offline_access"}
        if nonce is not None:
            now = int(time.time())
            answer["id_token"] = jwt.encode({"alg": "RS256", "kid": self.key.kid}, {
                "iss": self.token_issuer, "aud": CLIENT[0], "sub": person.sub, "iat": now,
                "exp": now + 300, "nonce": self.id_token_nonce or nonce}, self.key)
        return answer

    def _code_grant(self, form: dict[str, str]) -> tuple[Any, int]:
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return {"error": "invalid_grant"}, 400
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["code_challenge"]:
            return {"error": "invalid_grant", "error_description": "PKCE"}, 400
        return self._tokens(grant["person"], nonce=grant["nonce"]), 200

    def _refresh_grant(self, token: str) -> tuple[Any, int]:
        time.sleep(self.refresh_delay)
        with self.lock:
            self.presented.append(token)
            found = [(n, f) for n, f in self.families.items() if token in (f.current,)]
            if not found:  # unknown or reused: a reused token revokes its family
                for family in self.families.values():
                    family.revoked = True
                return {"error": "invalid_grant"}, 400
            name, family = found[0]
            if family.revoked:
                return {"error": "invalid_grant"}, 400
            return self._tokens(family.person, family=name), 200

    def person_of(self, authorization: str) -> Person | None:
        token = authorization.removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, KeySet([self.key])).claims
        except Exception:  # noqa: BLE001 - any bad token is a 401
            return None
        if claims["exp"] < time.time():
            return None
        for family in self.families.values():
            if family.person.sub == claims["sub"]:
                return family.person
        return None

    # the HTTP side -----------------------------------------------------------------
    def _routes(self) -> Flask:
        app = Flask("fake_identity")
        base = "/api/identity"

        @app.get(f"{base}/.well-known/openid-configuration")
        def discovery() -> Any:
            return jsonify(issuer=self.issuer,
                           authorization_endpoint=f"{self.issuer}/v1/oauth/authorize",
                           token_endpoint=f"{self.issuer}/v1/oauth/token",
                           jwks_uri=f"{self.issuer}/.well-known/jwks.json",
                           revocation_endpoint=f"{self.issuer}/v1/oauth/revoke",
                           userinfo_endpoint=f"{self.issuer}/v1/oauth/userinfo",
                           id_token_signing_alg_values_supported=["RS256"],
                           code_challenge_methods_supported=["S256"])

        @app.get(f"{base}/.well-known/jwks.json")
        def jwks() -> Any:
            return jsonify(KeySet([self.key]).as_dict(private=False))

        @app.post(f"{base}/v1/oauth/token")
        def token() -> Any:
            if request.authorization is None or (request.authorization.username,
                                                 request.authorization.password) != CLIENT:
                return jsonify(error="invalid_client"), 401
            form = request.form.to_dict()
            if form.get("grant_type") == "authorization_code":
                body, status = self._code_grant(form)
            else:
                body, status = self._refresh_grant(form.get("refresh_token", ""))
            return jsonify(body), status

        @app.post(f"{base}/v1/oauth/revoke")
        def revoke() -> Any:
            token = request.form.get("token", "")
            self.revoked.append(token)
            for family in self.families.values():
                if family.current == token:
                    family.revoked = True
            return "", 200

        @app.route(f"{base}/v1/registration", methods=["GET", "POST"])
        def registration() -> Any:
            person = self.person_of(request.headers.get("Authorization", ""))
            if person is None or not person.pending:
                return problem(401, "unauthenticated")
            if request.method == "GET":
                return jsonify(given_name="Kari", family_name="Nordmann", invitation=None)
            body = request.get_json()
            errors = {k: ["Missing data for required field."] for k in ("email", "given_name")
                      if not body.get(k)}
            if body.get("email") and "@" not in body["email"]:
                errors["email"] = ["Not a valid email address."]
            if errors:
                return problem(422, "validation_failed", errors)
            person.pending, person.lang = False, body.get("language") or person.lang
            self.profiles[person.sub] = body
            return jsonify(id=person.sub), 201

        @app.route(f"{base}/v1/people/me", methods=["GET", "PATCH"])
        def me() -> Any:
            person = self.person_of(request.headers.get("Authorization", ""))
            if person is None or person.pending:
                return problem(401, "unauthenticated")
            profile = self.profiles.setdefault(person.sub, {
                "given_name": "Kari", "family_name": "Nordmann", "email": person.email,
                "mobile": None, "language": person.lang, "time_zone": "Europe/Oslo"})
            if request.method == "PATCH":
                body = request.get_json()
                if body.get("email") is not None and "@" not in body["email"]:
                    return problem(422, "validation_failed",
                                   {"email": ["Not a valid email address."]})
                profile.update(body)
            return jsonify(id=person.sub, **profile)

        @app.get(f"{base}/v1/agreements")
        def agreements() -> Any:
            return jsonify(self.agreements)

        return app


def problem(status: int, code: str, errors: dict[str, Any] | None = None) -> Any:
    body = {"type": "about:blank", "title": code, "status": status, "detail": code,
            "code": code, **({"errors": errors} if errors else {})}
    return jsonify(body), status, {"Content-Type": "application/problem+json"}


class Served:
    """Serve a WSGI app on a free local port in a background thread."""

    def __init__(self, app: Flask) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
