import pytest

from portal_kit.auth import JwtVerifier, http_jwks
from portal_kit.errors import Unauthenticated
from portal_kit.runtime import _issuer
from portal_kit.testing_tokens import AUDIENCE, ISSUER, TokenFactory


def verifier_of(jwks_url):
    return JwtVerifier(http_jwks(jwks_url), issuer=_issuer({}), audience=AUDIENCE)


class TestTokenFactory:
    def test_its_tokens_are_accepted_by_a_verifier_reading_the_served_key_set(self, tokens):
        principal = verifier_of(tokens.jwks_url).verify(
            tokens.token(roles=["operator"], subject="ops-1", org="org-1"))
        assert (principal.subject, principal.roles) == ("ops-1", frozenset({"operator"}))
        assert principal.organisation_id == "org-1"

    def test_it_signs_with_the_issuer_the_runtime_expects_by_default(self):
        assert _issuer({}) == ISSUER

    def test_extra_claims_override_the_standard_ones(self, tokens):
        token = tokens.token(roles=["operator"], aud="another-audience")
        with pytest.raises(Unauthenticated):
            verifier_of(tokens.jwks_url).verify(token)

    def test_headers_carry_a_bearer_token(self, tokens):
        scheme, _, token = tokens.headers(roles=["operator"])["Authorization"].partition(" ")
        assert scheme == "Bearer"
        assert verifier_of(tokens.jwks_url).verify(token).has_role("operator")

    def test_a_token_of_another_factory_is_rejected(self, tokens):
        with pytest.raises(Unauthenticated):
            verifier_of(tokens.jwks_url).verify(TokenFactory().token(roles=["operator"]))

    def test_the_key_set_is_served_only_while_serving(self):
        factory = TokenFactory()
        with factory.serving():
            assert factory.jwks_url.startswith("http://127.0.0.1:")
        assert factory.jwks_url == ""
