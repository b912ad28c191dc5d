"""Settings: safe local defaults, and no default secrets outside development."""
import pytest

from web.config import DEV_CLIENT_SECRET, ConfigurationError, from_environment


def test_development_has_defaults_and_a_generated_key_that_stays(tmp_path):
    env = {"PORTAL_DATA_DIR": str(tmp_path)}
    first, second = from_environment(env), from_environment(env)
    assert first.client_secret == DEV_CLIENT_SECRET and first.client_id == "web"
    assert first.secret_key == second.secret_key and len(first.secret_key) >= 32
    assert first.issuer == "http://localhost:8000/api/identity"
    assert first.redirect_uri == "http://localhost:8000/auth/callback"
    assert first.service_urls["identity"] == "http://127.0.0.1:8001"
    assert first.service_urls["notifications"] == "http://127.0.0.1:8005"
    assert first.database_url == f"sqlite:///{tmp_path}/web.db"


@pytest.mark.parametrize("missing", ["WEB_CLIENT_SECRET", "WEB_SECRET_KEY"])
def test_production_requires_each_secret(tmp_path, missing):
    env = {"PORTAL_ENV": "production", "PORTAL_DATA_DIR": str(tmp_path),
           "WEB_CLIENT_SECRET": "s3cret", "WEB_SECRET_KEY": "k" * 40}
    del env[missing]
    with pytest.raises(ConfigurationError, match=missing):
        from_environment(env)


def test_a_short_secret_key_is_refused(tmp_path):
    with pytest.raises(ConfigurationError):
        from_environment({"WEB_SECRET_KEY": "short", "PORTAL_DATA_DIR": str(tmp_path)})


def test_service_urls_come_from_the_environment(tmp_path):
    found = from_environment({"PORTAL_DATA_DIR": str(tmp_path),
                              "IDENTITY_URL": "http://identity:8000/",
                              "PUBLIC_BASE_URL": "https://portal.example/"})
    assert found.service_urls["identity"] == "http://identity:8000"
    assert found.issuer == "https://portal.example/api/identity" and found.secure_transport
