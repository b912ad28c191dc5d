"""Identity under test: its own database and vhost, a development eID provider in this
process (the one ``make run`` starts), and a web client playing the browser."""
import shutil
import sys
import threading
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from dev_eid.app import create_app
from dev_eid.brokers import BROKERS
from dev_eid.keys import signing_key as eid_signing_key
from dev_eid.settings import RelyingPartySettings, Settings
from identity.adapters.keys import SigningKey
from identity.entrypoints.service import IdentityService
from portal_kit.testing import base_url, free_port, migrate, service_config

sys.path.insert(0, str(Path(__file__).parent))

from identity_tokens import bearer  # noqa: E402
from login_flow import WEB_REDIRECT, Browser, WebClient, query  # noqa: E402

SERVICE_DIR = Path(__file__).resolve().parents[2]
PEOPLE_FILE = SERVICE_DIR.parents[1] / "deploy" / "dev_eid" / "people.yaml"
V1 = "/api/identity/v1"
BERGEN = {"name": "Bergen kommune", "kind": "municipality", "country": "NO",
          "organisation_number": "964338531", "contact_email": "post@bergen.kommune.no"}


@pytest.fixture
def database_url(make_database):
    """Identity's database at the head of its migrations (a copy of the session's migrated
    template, so ``migrate`` has nothing left to do); SQLite variants migrate their own."""
    return make_database("db", SERVICE_DIR)


def serve(app, port):
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def dev_keys(tmp_path_factory):
    """The RSA keys identity and the eID provider make in their data folders on a first
    start, made once per session and copied into each test's folders (making them was
    most of the CPU of a test's start)."""
    folder = tmp_path_factory.mktemp("dev-keys")
    for name in ("identity-signing-key.pem", "identity-broker-client-key.pem"):
        SigningKey.generate().write(folder / "identity" / name)
    for broker in BROKERS:
        eid_signing_key(folder / "dev-eid", broker)
    return folder


@pytest.fixture
def identity_port():
    return free_port()


@pytest.fixture
def eid(tmp_path, identity_port, dev_keys):
    """The development eID provider, trusting identity's broker-client JWKS."""
    shutil.copytree(dev_keys / "dev-eid", tmp_path / "dev-eid")
    port = free_port()
    identity = f"http://127.0.0.1:{identity_port}/api/identity"
    client = RelyingPartySettings("portal-identity", "dev-eid-secret",
                                  (f"{identity}/v1/oauth/callback",),
                                  jwks_uri=f"{identity}/.well-known/broker-client-jwks.json")
    settings = Settings(public_url=f"http://127.0.0.1:{port}", host="127.0.0.1", port=port,
                        data_dir=tmp_path / "dev-eid", people_file=PEOPLE_FILE, client=client)
    server = serve(create_app(settings), port)
    yield settings.public_url
    server.shutdown()


@pytest.fixture
def extra_config():
    return {}


@pytest.fixture
def identity_config(database_url, vhost, tmp_path, identity_port, eid, extra_config, dev_keys):
    migrate(SERVICE_DIR, database_url)
    shutil.copytree(dev_keys / "identity", tmp_path, dirs_exist_ok=True)
    base = f"http://127.0.0.1:{identity_port}"
    return service_config(database_url, vhost, DATA_DIR=str(tmp_path),
                          WEB_SERVER_ADDRESS=f"127.0.0.1:{identity_port}",
                          PUBLIC_BASE_URL=base, DEV_EID_URL=eid,
                          WEB_REDIRECT_URIS=WEB_REDIRECT, **extra_config)


@pytest.fixture
def identity_container(container_factory, identity_config):
    container = container_factory(IdentityService, identity_config)
    container.start()
    return container


@pytest.fixture
def identity(identity_container, identity_config):
    return base_url(identity_config)


@pytest.fixture
def sql(identity_container):
    """``sql(statement, **params)``: read or change identity's own database (tests only)."""
    from sqlalchemy import text

    from portal_kit.runtime import Runtime
    runtime = next(d for d in identity_container.extensions if isinstance(d, Runtime))

    def run(statement, **params):
        with runtime.app.engine.begin() as connection:
            result = connection.execute(text(statement), params)
            return list(result.all()) if result.returns_rows else result.rowcount
    return run


@pytest.fixture
def operator(identity):
    response = requests.post(f"{identity}{V1}/oauth/token", data={
        "grant_type": "client_credentials", "client_id": "operator",
        "client_secret": "dev-operator-secret"})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def api(identity, operator):
    """``api(method, path, json=..., headers=operator)``: a call to identity's API."""
    def call(method, path, headers=operator, **kwargs):
        return requests.request(method, f"{identity}{V1}{path}", headers=headers, timeout=15,
                                **kwargs)
    return call


@pytest.fixture
def agreement_text(api):
    response = api("POST", "/agreement-texts", json={
        "title": "Databehandleravtale", "body": "Avtalen regulerer behandling av "
                                               "personopplysninger i kompetanseportalen."})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def register(api):
    def register(**overrides):
        response = api("POST", "/organisations", json=dict(BERGEN, **overrides))
        assert response.status_code == 201, response.text
        return response.json()
    return register


@pytest.fixture
def web(identity):
    return WebClient(identity)


@pytest.fixture
def browser(identity):
    return Browser(identity)


@pytest.fixture
def log_in(identity, web):
    """``log_in(person)``: the round trip; returns the web client's token response."""
    def run(person, eid="helseid", client=None, **overrides):
        client = client or WebClient(identity)
        back = Browser(identity).login(client.login_url(eid=eid, **overrides), person)
        answer = dict(query(back.headers["Location"]), client=client)
        if "code" not in answer:
            return answer
        tokens = client.exchange(answer["code"])
        assert tokens.status_code == 200, tokens.text
        return dict(tokens.json(), client=client)
    return run


@pytest.fixture
def profile(api):
    """``profile(**body)``: an administrator's profile for a person (operator acting)."""
    def create(**body):
        response = api("POST", "/people", json=body)
        assert response.status_code == 201, response.text
        return response.json()
    return create


@pytest.fixture
def registered(api, log_in, profile):
    """``registered(person, body)``: profile, login, registration; returns full tokens."""
    def run(person, eid="helseid", **body):
        created = profile(**body)
        tokens = log_in(person, eid)
        response = api("POST", "/registration", headers=bearer(tokens), json={
            "given_name": "Test", "family_name": person, "language": "nb",
            "email": f"{person}@example.org"})
        assert response.status_code == 201, response.text
        full = tokens["client"].refresh(tokens["refresh_token"])
        assert full.status_code == 200, full.text
        return created, dict(full.json(), client=tokens["client"],
                             id_token=tokens["id_token"])
    return run
