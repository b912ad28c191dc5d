"""Access tokens for tests: one RSA key, its JWKS served locally, tokens signed with it.

A service under test trusts the key through its ordinary configuration, exactly
as it trusts identity's key in production (no subclass, no patch)::

    config = service_config(database_url, vhost, JWKS_URL=tokens.jwks_url)
    requests.get(url, headers=tokens.headers(roles=["operator"]))

Tokens carry the issuer and audience ``portal_kit.runtime`` expects by default.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "http://localhost:8000/api/identity"
AUDIENCE = "portal"


class TokenFactory:
    """Signs RS256 tokens with a key made for this test session."""

    def __init__(self, issuer: str = ISSUER, audience: str = AUDIENCE,
                 kid: str = "portal-test-key") -> None:
        self.issuer, self.audience, self.kid = issuer, audience, kid
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.jwks_url = ""

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [dict(public, kid=self.kid, use="sig", alg="RS256")]}

    def token(self, roles: Iterable[str] = (), subject: str = "operator",
              lifetime: int = 300, **claims: Any) -> str:
        """A signed token; ``claims`` add to or override the standard ones."""
        now = int(time.time())
        body = {"iss": self.issuer, "aud": self.audience, "sub": subject, "roles": list(roles),
                "iat": now, "exp": now + lifetime}
        return jwt.encode(dict(body, **claims), self.key, algorithm="RS256",
                          headers={"kid": self.kid})

    def headers(self, roles: Iterable[str] = (), **claims: Any) -> dict[str, str]:
        """An ``Authorization`` header carrying ``token(roles, **claims)``."""
        return {"Authorization": f"Bearer {self.token(roles, **claims)}"}

    @contextmanager
    def serving(self) -> Iterator[TokenFactory]:
        """Serve ``jwks()`` at ``jwks_url`` on 127.0.0.1 while the block runs."""
        server = ThreadingHTTPServer(("127.0.0.1", 0), _jwks_handler(self.jwks()))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.jwks_url = f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()
            self.jwks_url = ""


def _jwks_handler(jwks: dict[str, Any]) -> type[BaseHTTPRequestHandler]:
    body = json.dumps(jwks).encode()

    class JwksHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet: no access log on the test's stderr."""

    return JwksHandler
