"""Pushed authorization requests (RFC 9126) on top of Authlib's authorization request checks.

Authlib 1.9 has no PAR endpoint yet (authlib/authlib#724), so this adds one the library's way:
an ``Endpoint`` that authenticates the client with the server's client authentication methods
and validates the pushed parameters with the same grant (client, redirect URI, scope, PKCE,
nonce) the authorize endpoint uses; and an authorization-server hook that swaps a
``request_uri`` for what was pushed, refusing requests that were not pushed where PAR is
required.
"""
from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from authlib.consts import default_json_headers
from authlib.oauth2.rfc6749 import InvalidRequestError, OAuth2Error, OAuth2Request
from authlib.oauth2.rfc6749.endpoint import Endpoint, EndpointRequest
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc9101.errors import InvalidRequestUriError

from .grants import CLIENT_AUTH_METHODS

if TYPE_CHECKING:
    from .provider import BrokerServer

REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:"
CLIENT_AUTH_PARAMETERS = {"client_secret", "client_assertion", "client_assertion_type"}


class PushedRequest(OAuth2Request):
    """The pushed parameters, seen as an authorization request by the grant that checks them."""

    def __init__(self, request: OAuth2Request, parameters: dict[str, str]) -> None:
        super().__init__("POST", request.uri, headers=request.headers)
        self.payload = BasicOAuth2Payload(parameters)


class PushedAuthorizationEndpoint(Endpoint):
    ENDPOINT_NAME = "pushed_authorization_request"
    server: BrokerServer

    def validate_request(self, request: OAuth2Request) -> EndpointRequest:
        client = self.server.authenticate_client(request, CLIENT_AUTH_METHODS, self.ENDPOINT_NAME)
        form = request.form
        if "request_uri" in form:
            raise InvalidRequestError("'request_uri' must not be pushed.")
        if form.get("client_id", client.get_client_id()) != client.get_client_id():
            raise InvalidRequestError("'client_id' is not the authenticated client.")
        if any(len(set(form.getlist(name))) > 1 for name in form):
            raise InvalidRequestError("A parameter is repeated with different values.")
        parameters = {name: value for name, value in form.items()
                      if name not in CLIENT_AUTH_PARAMETERS}
        parameters["client_id"] = client.get_client_id()
        pushed = PushedRequest(request, parameters)
        try:
            self.server.get_authorization_grant(pushed).validate_authorization_request()
        except OAuth2Error as error:
            error.redirect_uri = None  # RFC 9126 §2.3: errors answer the push, never redirect
            error.state = None
            raise
        return EndpointRequest(request=pushed, client=client)

    def create_response(self, validated: EndpointRequest) -> tuple[int, dict[str, Any], list]:
        request_uri = REQUEST_URI_PREFIX + secrets.token_urlsafe(32)
        seconds = self.server.settings.pushed_request_seconds
        self.server.pushed.put(request_uri, dict(validated.request.payload.data), seconds)
        return 201, {"request_uri": request_uri, "expires_in": seconds}, default_json_headers


class PushedRequestResolver:
    """Authorize-side: ``request_uri`` → the pushed parameters (the rest of the query ignored)."""

    def __init__(self, server: BrokerServer, required: bool) -> None:
        self.server = server
        self.required = required

    def __call__(self, server: Any, request: OAuth2Request) -> None:
        if isinstance(request, PushedRequest):
            return
        request_uri = request.payload.data.get("request_uri")
        if request_uri is None:
            if self.required:
                raise InvalidRequestError("This issuer requires pushed authorization requests.")
            return
        pushed = self.server.pushed.get(request_uri)
        if pushed is None or pushed["client_id"] != request.payload.client_id:
            raise InvalidRequestUriError("The request_uri is unknown, used or expired.")
        request.payload = BasicOAuth2Payload(pushed)

    def register(self) -> None:
        self.server.register_hook("before_get_authorization_grant", self)
