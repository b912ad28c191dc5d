"""Identity's side, as a library client plays it: Authlib's OAuth2Session, PAR, PKCE, a browser."""
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "portal-identity"
SECRET = "dev-eid-secret"
REDIRECT_URI = "http://localhost:8000/api/identity/v1/oauth/callback"


def new_key():
    """An RS256 key of the kind identity's broker client signs its assertions with."""
    return RSAKey.generate_key(2048, parameters={"alg": "RS256", "use": "sig"}, auto_kid=True)


class RelyingParty:
    """One login attempt of the broker client: its own state, nonce and PKCE verifier."""

    def __init__(self, issuer, auth="private_key_jwt", key=None, secret=SECRET,
                 client_id=CLIENT_ID, redirect_uri=REDIRECT_URI, scope="openid profile"):
        self.issuer, self.client_id, self.redirect_uri, self.scope = (
            issuer, client_id, redirect_uri, scope)
        self.metadata = requests.get(f"{issuer}/.well-known/openid-configuration",
                                     timeout=10).json()
        self.session = OAuth2Session(
            client_id, key if auth == "private_key_jwt" else secret, scope=scope,
            redirect_uri=redirect_uri, token_endpoint_auth_method=auth,
            code_challenge_method="S256")
        self.session.register_client_auth_method(PrivateKeyJWT(self.endpoint("token")))
        self.verifier, self.state, self.nonce = (generate_token(48), generate_token(20),
                                                 generate_token(20))

    def endpoint(self, name):
        key = {"par": "pushed_authorization_request_endpoint"}.get(name, f"{name}_endpoint")
        return self.metadata[key]

    def client_auth(self):
        return self.session.client_auth(self.session.token_endpoint_auth_method)

    def authorization_parameters(self, **overrides):
        parameters = {"response_type": "code", "client_id": self.client_id,
                      "redirect_uri": self.redirect_uri, "scope": self.scope,
                      "state": self.state, "nonce": self.nonce,
                      "code_challenge": create_s256_code_challenge(self.verifier),
                      "code_challenge_method": "S256", **overrides}
        return {name: value for name, value in parameters.items() if value is not None}

    def push(self, auth=None, **overrides):
        """POST the authorization request to the PAR endpoint, authenticated as the client."""
        return self.session.post(self.endpoint("par"), withhold_token=True, timeout=10,
                                 data=self.authorization_parameters(**overrides),
                                 auth=auth or self.client_auth())

    def login_url(self, **overrides):
        """The authorize URL the browser is sent to, by way of PAR."""
        pushed = self.push(**overrides)
        assert pushed.status_code == 201, pushed.text
        return self.pushed_url(pushed.json()["request_uri"])

    def pushed_url(self, request_uri):
        query = urlencode({"client_id": self.client_id, "request_uri": request_uri})
        return f"{self.endpoint('authorization')}?{query}"

    def plain_url(self, **overrides):
        """The authorize URL without PAR (front-channel parameters), built by the library."""
        url, _ = self.session.create_authorization_url(
            self.endpoint("authorization"), state=self.state, code_verifier=self.verifier,
            nonce=self.nonce, **overrides)
        return url

    def exchange(self, callback_url):
        """The library's code exchange: checks ``state``, sends the PKCE verifier."""
        return self.session.fetch_token(self.endpoint("token"), authorization_response=callback_url,
                                        code_verifier=self.verifier, state=self.state)

    def redeem(self, code, auth=None, **overrides):
        """A raw token request, to see the provider's refusals as they are."""
        data = {"grant_type": "authorization_code", "code": code,
                "redirect_uri": self.redirect_uri, "code_verifier": self.verifier, **overrides}
        data = {name: value for name, value in data.items() if value is not None}
        return self.session.post(self.endpoint("token"), data=data, withhold_token=True,
                                 auth=self.client_auth() if auth is None else auth or None,
                                 timeout=10)

    def verify_id_token(self, id_token):
        """Signature against the JWKS found by discovery; iss, aud, exp and nonce."""
        keys = KeySet.import_key_set(requests.get(self.metadata["jwks_uri"], timeout=10).json())
        token = jwt.decode(id_token, keys, algorithms=["RS256"])
        jwt.JWTClaimsRegistry(iss={"essential": True, "value": self.issuer},
                              aud={"essential": True, "value": self.client_id},
                              exp={"essential": True}, iat={"essential": True},
                              nonce={"essential": True, "value": self.nonce}
                              ).validate(token.claims)
        return token.claims

    def userinfo(self, access_token):
        return requests.get(self.endpoint("userinfo"), timeout=10,
                            headers={"Authorization": f"Bearer {access_token}"})


class Page(HTMLParser):
    """What a person (or a screen reader) finds on a page: language, headings, buttons."""

    def __init__(self, response):
        super().__init__()
        self.url, self.status, self.html = response.url, response.status_code, response.text
        self.lang, self.forms, self.buttons, self.scripts = None, [], [], 0
        self.headings, self.texts, self._open = [], {}, []
        self.feed(self.html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "form":
            self.forms.append(attributes)
        elif tag == "button":
            self.buttons.append({**attributes, "text": ""})
        elif tag == "script":
            self.scripts += 1
        self._open.append((tag, attributes))

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        if not self._open:
            return
        tag, attributes = self._open[-1]
        if tag == "button":
            self.buttons[-1]["text"] += data.strip()
        elif tag in ("h1", "h2"):
            self.headings.append(data.strip())
        for _, open_attributes in self._open:
            if "id" in open_attributes:
                key = open_attributes["id"]
                self.texts[key] = self.texts.get(key, "") + data

    def people(self):
        return [b["value"] for b in self.buttons if b.get("name") == "person"]


class Browser:
    """A person's browser without JavaScript: follows what the pages say, nothing more."""

    def __init__(self):
        self.http = requests.Session()

    def open(self, url):
        return Page(self.http.get(url, allow_redirects=False, timeout=10))

    def press(self, page, name, value):
        """Press a button of the page's form; returns the provider's answer (not followed)."""
        action = urljoin(page.url, page.forms[0].get("action") or page.url)
        return self.http.post(action, data={name: value}, allow_redirects=False, timeout=10)


def callback(response):
    """The redirect back to the client, and its query parameters."""
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    return location, {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def log_in(relying_party, person, url=None):
    """The whole front channel: PAR (unless a URL is given), the page, a person's button."""
    browser = Browser()
    page = browser.open(url or relying_party.login_url())
    assert page.status == 200, page.html
    return callback(browser.press(page, "person", person))
