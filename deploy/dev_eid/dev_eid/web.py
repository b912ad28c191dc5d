"""Each broker's HTTP face: discovery, JWKS, PAR, the people page (authorize), token, userinfo."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc6749 import InvalidRequestError, OAuth2Error
from flask import Blueprint, Response, jsonify, redirect, render_template, request
from joserfc.jwk import KeySet

from .grants import CLIENT_AUTH_METHODS
from .provider import PATHS, BrokerServer
from .texts import TEXTS, language

ID_TOKEN_CLAIMS = ("iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash")


def broker_blueprint(server: BrokerServer) -> Blueprint:
    """The issuer's routes under ``/<broker>``."""
    blueprint = Blueprint(server.broker.name, __name__, url_prefix=f"/{server.broker.name}")
    blueprint.add_url_rule("/.well-known/openid-configuration", "discovery",
                           lambda: jsonify(metadata(server)))
    blueprint.add_url_rule(PATHS["jwks_uri"], "jwks",
                           lambda: jsonify(KeySet([server.signing_key]).as_dict(private=False)))
    blueprint.add_url_rule(PATHS["pushed_authorization_request_endpoint"], "par",
                           lambda: answered(server, lambda: server.create_endpoint_response(
                               "pushed_authorization_request")), methods=["POST"])
    blueprint.add_url_rule(PATHS["token_endpoint"], "token",
                           lambda: answered(server, server.create_token_response),
                           methods=["POST"])
    blueprint.add_url_rule(PATHS["userinfo_endpoint"], "userinfo",
                           lambda: server.create_endpoint_response("userinfo"),
                           methods=["GET", "POST"])
    blueprint.add_url_rule(PATHS["authorization_endpoint"], "authorize",
                           lambda: authorize(server), methods=["GET", "POST"])
    return blueprint


def authorize(server: BrokerServer) -> Any:
    """GET shows the broker's test people; POST (a person's button, or cancel) answers the client.

    Errors go back to the client's redirect URI when it is registered (RFC 6749 §4.1.2.1);
    otherwise, as for an unknown client or redirect URI, the person sees an error page.
    """
    try:
        grant = server.get_consent_grant(end_user=None)
    except OAuth2Error as error:
        return refusal(server, error)
    except ValueError as error:
        return refusal(server, malformed(error))
    lang = language(grant.request.payload.data.get("ui_locales"), server.broker.language)
    if request.method == "GET":
        return page("authorize.html", server, lang, people=list(server.people.values()),
                    action=request.full_path)
    person = server.people.get(request.form.get("person", ""))
    if person is None and "cancel" not in request.form:
        return refusal(server, InvalidRequestError("Choose one of the test people."))
    response = server.create_authorization_response(grant.request, grant_user=person, grant=grant)
    if request_uri := request.values.get("request_uri"):
        server.pushed.take(request_uri)  # one-time use, once the person has answered
    return response


def answered(server: BrokerServer, respond: Callable[[], Any]) -> Any:
    """The library's JSON answer, or ``invalid_request`` for input it cannot even describe."""
    try:
        return respond()
    except ValueError as error:
        return server.handle_error_response(None, malformed(error))


def malformed(error: ValueError) -> OAuth2Error:
    """Authlib refuses to put characters outside RFC 6749's error alphabet (NUL, ``"``,
    non-ASCII) into an error description and raises ValueError instead: still a bad request."""
    if "forbidden characters" not in str(error):
        raise error
    return InvalidRequestError("A parameter holds characters OAuth does not allow there.")


def refusal(server: BrokerServer, error: OAuth2Error) -> Any:
    if error.redirect_uri:  # already checked against the client's registration
        params = [*error.get_body(), ("iss", server.issuer)]
        return redirect(add_params_to_uri(error.redirect_uri, params), 302)
    lang = language(request.values.get("ui_locales"), server.broker.language)
    response = page("error.html", server, lang, error=error)
    response.status_code = error.status_code or 400
    return response


def page(template: str, server: BrokerServer, lang: str, **context: Any) -> Response:
    html = render_template(template, broker=server.broker, lang=lang, t=TEXTS[lang], **context)
    response = Response(html, mimetype="text/html")
    response.headers.update({
        "Content-Security-Policy": "default-src 'none'; style-src 'self'; frame-ancestors 'none'",
        "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff"})
    return response


def metadata(server: BrokerServer) -> dict[str, Any]:
    """OpenID Provider Metadata (OIDC Discovery 1.0, RFC 8414, RFC 9126, RFC 9207)."""
    broker = server.broker
    return {
        "issuer": server.issuer, **{name: server.url(name) for name in PATHS},
        "require_pushed_authorization_requests": broker.require_par,
        "response_types_supported": ["code"], "response_modes_supported": ["query"],
        "grant_types_supported": list(broker.grant_types),
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": CLIENT_AUTH_METHODS,
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "ES256"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": list(broker.scopes),
        "claims_supported": [*broker.claim_names, *ID_TOKEN_CLAIMS],
        "ui_locales_supported": sorted(TEXTS),
        "authorization_response_iss_parameter_supported": True,
        "claims_parameter_supported": False, "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
    }

