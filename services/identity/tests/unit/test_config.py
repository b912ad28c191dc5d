import pytest

from identity import config


def test_development_has_a_default_operator_secret_and_generates_a_signing_key(tmp_path):
    settings = {"PORTAL_ENV": "development", "DATA_DIR": str(tmp_path)}
    assert config.operator_client(settings).secret == config.DEV_OPERATOR_SECRET
    key = config.signing_key(settings)
    assert config.signing_key(settings).kid == key.kid  # kept, not regenerated
    assert oct((tmp_path / "identity-signing-key.pem").stat().st_mode)[-3:] == "600"


@pytest.mark.parametrize("reader", [config.operator_client, config.signing_key])
def test_production_refuses_to_start_without_its_secrets(reader):
    with pytest.raises(config.ConfigurationError):
        reader({"PORTAL_ENV": "production", "OPERATOR_CLIENT_SECRET": ""})
