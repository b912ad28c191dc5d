"""The portal's web front end and a person's browser, as the login tests play them.

``WebClient`` is the confidential client ``web`` on Authlib (PKCE S256, PAR, client
secret); ``Browser`` follows each redirect by hand and picks a test person on the
development eID provider's page, so every hop can be looked at.
"""
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge

WEB_REDIRECT = "http://web.test/auth/callback"
WEB_AUTH = ("web", "dev-web-secret")
V1 = "/api/identity/v1"


def query(url):
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


class WebClient:
    def __init__(self, identity, redirect_uri=WEB_REDIRECT):
        self.identity, self.redirect_uri = identity, redirect_uri
        self.verifier, self.state, self.nonce = (generate_token(48), generate_token(20),
                                                 generate_token(20))

    def parameters(self, **overrides):
        parameters = {"response_type": "code", "client_id": "web",
                      "redirect_uri": self.redirect_uri,
                      "scope": "openid profile offline_access", "state": self.state,
                      "nonce": self.nonce, "code_challenge_method": "S256",
                      "code_challenge": create_s256_code_challenge(self.verifier), **overrides}
        return {k: v for k, v in parameters.items() if v is not None}

    def push(self, auth=WEB_AUTH, **overrides):
        return requests.post(f"{self.identity}{V1}/oauth/par", auth=auth, timeout=15,
                             data=self.parameters(**overrides))

    def login_url(self, eid="helseid", pushed=True, **overrides):
        if not pushed:
            return f"{self.identity}{V1}/oauth/authorize?" + urlencode(
                self.parameters(eid=eid, **overrides))
        response = self.push(eid=eid, **overrides)
        assert response.status_code == 201, response.text
        return f"{self.identity}{V1}/oauth/authorize?" + urlencode(
            {"client_id": "web", "request_uri": response.json()["request_uri"]})

    def token(self, **data):
        return requests.post(f"{self.identity}{V1}/oauth/token", data=data, auth=WEB_AUTH,
                             timeout=15)

    def exchange(self, code, verifier=None, redirect_uri=None):
        return self.token(grant_type="authorization_code", code=code,
                          code_verifier=verifier or self.verifier,
                          redirect_uri=redirect_uri or self.redirect_uri)

    def refresh(self, refresh_token):
        return self.token(grant_type="refresh_token", refresh_token=refresh_token)

    def revoke(self, token):
        return requests.post(f"{self.identity}{V1}/oauth/revoke", auth=WEB_AUTH, timeout=15,
                             data={"token": token, "token_type_hint": "refresh_token"})


class Browser:
    """Follows redirects one at a time; ``hops`` keeps every URL visited."""

    def __init__(self, identity):
        self.identity = identity
        self.session = requests.Session()
        self.hops = []

    def get(self, url):
        self.hops.append(url)
        return self.session.get(url, allow_redirects=False, timeout=15)

    def to_provider(self, login_url):
        """From the portal's authorize URL to the provider's page of test people."""
        answer = self.get(login_url)
        assert answer.status_code == 302, answer.text
        page = self.get(answer.headers["Location"])
        assert page.status_code == 200, page.text
        return page.url

    def pick(self, provider_page, person):
        """Press the person's button; returns identity's callback URL."""
        answer = self.session.post(provider_page, data={"person": person},
                                   allow_redirects=False, timeout=15)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def login(self, login_url, person):
        """The whole round trip; returns the answer identity sends back to the web client."""
        callback = self.pick(self.to_provider(login_url), person)
        return self.get(callback)
