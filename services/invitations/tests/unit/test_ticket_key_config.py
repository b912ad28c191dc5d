import pytest

from invitations.adapters.tickets import SigningKey, signing_key


def test_outside_development_a_ticket_signing_key_is_required():
    with pytest.raises(RuntimeError, match="INVITATIONS_SIGNING_KEY"):
        signing_key({"PORTAL_ENV": "production"})


def test_a_configured_key_is_used_and_development_generates_one_kept_in_the_data_folder(
        tmp_path):
    given = SigningKey.generate()
    assert signing_key({"INVITATIONS_SIGNING_KEY": given.pem.decode()}).kid == given.kid
    first = signing_key({"PORTAL_ENV": "development", "DATA_DIR": str(tmp_path)})
    assert signing_key({"PORTAL_ENV": "development", "DATA_DIR": str(tmp_path)}).kid == \
        first.kid
