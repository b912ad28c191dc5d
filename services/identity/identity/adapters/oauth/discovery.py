"""The portal's OpenID provider metadata (OpenID Connect Discovery 1.0, RFC 8414)."""
from __future__ import annotations

from typing import Any

from identity.adapters.oauth.clients import AUTH_METHODS, MACHINE_SCOPES, PERSON_SCOPES

PORTAL_CLAIMS = ["sub", "name", "given_name", "family_name", "email", "locale", "zoneinfo",
                 "assurance", "roles", "memberships", "lang", "registration"]


def metadata(issuer: str) -> dict[str, Any]:
    v1 = f"{issuer}/v1/oauth"
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{v1}/authorize",
        "pushed_authorization_request_endpoint": f"{v1}/par",
        "token_endpoint": f"{v1}/token",
        "userinfo_endpoint": f"{v1}/userinfo",
        "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "revocation_endpoint": f"{v1}/revoke",
        "end_session_endpoint": f"{v1}/logout",
        "scopes_supported": list(PERSON_SCOPES) + list(MACHINE_SCOPES),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "revocation_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": PORTAL_CLAIMS,
        "ui_locales_supported": ["nb", "da", "en"],
        "request_uri_parameter_supported": True,
        "require_pushed_authorization_requests": False,
        "authorization_response_iss_parameter_supported": False,
    }
