"""Each broker is its own issuer with its own discovery document and keys."""
import pytest
import requests
from authlib.oidc.discovery import OpenIDProviderMetadata


@pytest.fixture(params=["helseid", "nemlogin"])
def broker(request):
    return request.param


def discovery(provider, broker):
    response = requests.get(f"{provider.issuer(broker)}/.well-known/openid-configuration",
                            timeout=10)
    assert response.status_code == 200
    return response.json()


def test_the_discovery_document_is_valid_openid_provider_metadata(provider, broker):
    metadata = discovery(provider, broker)
    OpenIDProviderMetadata(metadata).validate()
    assert metadata["issuer"] == provider.issuer(broker)


def test_every_endpoint_lives_under_its_issuer(provider, broker):
    metadata = discovery(provider, broker)
    for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                 "pushed_authorization_request_endpoint"):
        assert metadata[name].startswith(provider.issuer(broker) + "/")


def test_helseid_requires_pushed_requests_and_nemlogin_offers_them(provider):
    assert discovery(provider, "helseid")["require_pushed_authorization_requests"] is True
    assert discovery(provider, "nemlogin")["require_pushed_authorization_requests"] is False


def test_only_the_code_flow_with_s256_and_the_three_client_authentications_are_offered(
        provider, broker):
    metadata = discovery(provider, broker)
    assert metadata["response_types_supported"] == ["code"]
    assert "authorization_code" in metadata["grant_types_supported"]
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert set(metadata["token_endpoint_auth_methods_supported"]) == {
        "private_key_jwt", "client_secret_basic", "client_secret_post"}
    assert metadata["authorization_response_iss_parameter_supported"] is True


def test_helseid_also_offers_client_credentials_as_helseid_does(provider):
    assert discovery(provider, "helseid")["grant_types_supported"] == [
        "authorization_code", "client_credentials"]
    assert discovery(provider, "nemlogin")["grant_types_supported"] == ["authorization_code"]


def test_the_claims_are_the_brokers_own(provider):
    assert "helseid://claims/identity/pid" in discovery(provider, "helseid")["claims_supported"]
    nemlogin = discovery(provider, "nemlogin")["claims_supported"]
    assert "https://data.gov.dk/model/core/eid/cprNumber" in nemlogin
    assert "email" not in nemlogin


def test_the_jwks_holds_a_public_rs256_signing_key_only(provider, broker):
    jwks = requests.get(discovery(provider, broker)["jwks_uri"], timeout=10).json()
    [key] = jwks["keys"]
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig") and key["kid"]
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)


def test_the_index_and_the_health_probes_answer(provider):
    index = requests.get(provider.url + "/", timeout=10).json()
    assert index["issuers"] == {b: provider.issuer(b) for b in ("helseid", "nemlogin")}
    assert requests.get(provider.url + "/health/ready", timeout=10).status_code == 200
