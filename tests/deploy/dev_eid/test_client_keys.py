"""Where the relying party's public keys come from: configured, or its jwks_uri (re-read when
it rotates); and the provider's own keys survive a restart."""
import pytest

from dev_eid.keys import signing_key
from dev_eid.settings import RelyingPartySettings
from relying_party import REDIRECT_URI, log_in, new_key


def logs_in_with(provider, key):
    rp = provider.relying_party("helseid", key=key)
    return rp.redeem(log_in(rp, "ola-hansen")[1]["code"])


@pytest.fixture(scope="module")
def inline_provider(start_provider, client_key):
    return start_provider(RelyingPartySettings(
        "portal-identity", None, (REDIRECT_URI,),
        jwks={"keys": [client_key.as_dict(private=False)]}))


def test_a_configured_jwks_is_enough_for_private_key_jwt(inline_provider, client_key):
    assert logs_in_with(inline_provider, client_key).status_code == 200


def test_a_client_without_a_secret_cannot_use_one(inline_provider):
    rp = inline_provider.relying_party("helseid", auth="client_secret_post")
    assert rp.push().status_code == 401


def test_a_rotated_client_key_is_fetched_again_from_the_jwks_uri(start_provider, publish_jwks):
    old, new = new_key(), new_key()
    jwks = publish_jwks([old])
    provider = start_provider(RelyingPartySettings("portal-identity", None, (REDIRECT_URI,),
                                                   jwks_uri=jwks["url"]))
    assert logs_in_with(provider, old).status_code == 200
    jwks["jwks"] = {"keys": [new.as_dict(private=False)]}
    provider.clock.advance(10)
    assert logs_in_with(provider, new).status_code == 200
    assert jwks["fetches"] == 2


def test_a_key_the_client_never_published_is_refused_without_fetching_each_time(
        start_provider, publish_jwks, client_key):
    jwks = publish_jwks([client_key])
    provider = start_provider(RelyingPartySettings("portal-identity", None, (REDIRECT_URI,),
                                                   jwks_uri=jwks["url"]))
    strangers = [provider.relying_party("helseid", key=new_key()).push() for _ in range(3)]
    assert [r.json()["error"] for r in strangers] == ["invalid_client"] * 3
    assert jwks["fetches"] == 1


def test_an_unreachable_jwks_uri_is_an_invalid_client(start_provider, free_port, client_key):
    provider = start_provider(RelyingPartySettings(
        "portal-identity", None, (REDIRECT_URI,),
        jwks_uri=f"http://127.0.0.1:{free_port()}/jwks.json"))
    response = provider.relying_party("helseid", key=client_key).push()
    assert response.status_code == 400 and response.json()["error"] == "invalid_client"


def test_the_signing_keys_are_kept_in_the_data_directory(tmp_path):
    first = signing_key(tmp_path, "helseid")
    assert signing_key(tmp_path, "helseid").kid == first.kid
    assert signing_key(tmp_path, "nemlogin").kid != first.kid
    assert (tmp_path / "helseid-signing-key.json").stat().st_mode & 0o077 == 0
