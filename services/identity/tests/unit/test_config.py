import pytest

from identity import config


def test_development_has_default_client_secrets_and_generates_the_keys(tmp_path):
    settings = {"PORTAL_ENV": "development", "DATA_DIR": str(tmp_path)}
    assert config.operator_client(settings).check_client_secret(config.DEV_OPERATOR_SECRET)
    assert config.web_client(settings).check_client_secret(config.DEV_WEB_SECRET)
    key = config.signing_key(settings)
    assert config.signing_key(settings).kid == key.kid  # kept, not regenerated
    assert oct((tmp_path / "identity-signing-key.pem").stat().st_mode)[-3:] == "600"
    assert config.broker_client_key(settings).kid != key.kid


@pytest.mark.parametrize("reader", [config.operator_client, config.signing_key,
                                    config.web_client, config.national_id_key,
                                    config.brokers, config.broker_client_key])
def test_production_refuses_to_start_without_its_secrets(reader, monkeypatch):
    for name in ("OPERATOR_CLIENT_SECRET", "WEB_CLIENT_SECRET", "IDENTITY_NATIONAL_ID_KEY",
                 "IDENTITY_SIGNING_KEY", "HELSEID_DISCOVERY_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(config.ConfigurationError):
        reader({"PORTAL_ENV": "production", "OPERATOR_CLIENT_SECRET": ""})


def test_production_brokers_are_configured_by_name_only():
    settings = {"PORTAL_ENV": "production", "EID_BROKERS": "helseid",
                "HELSEID_DISCOVERY_URL": "https://helseid-sts.nhn.no/.well-known/openid-configuration",
                "HELSEID_CLIENT_ID": "portal"}
    (broker,) = config.brokers(settings)
    assert (broker.client_auth, broker.client_secret, broker.profile) == (
        "private_key_jwt", None, "helseid")


def test_synthetic_test_numbers_are_accepted_everywhere_but_production():
    assert config.allow_synthetic_ids({"PORTAL_ENV": "test"})
    assert not config.allow_synthetic_ids({"PORTAL_ENV": "production"})
