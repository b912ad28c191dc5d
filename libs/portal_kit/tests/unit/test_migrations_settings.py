from portal_kit.migrations import default_database_url


def test_a_database_named_in_the_environment_needs_no_local_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("IDENTITY_DATABASE_URL", "postgresql://db/identity")
    assert default_database_url("identity") == "postgresql://db/identity"
    assert not (tmp_path / "data").exists()  # a read-only root file system stays untouched


def test_without_one_the_service_gets_its_sqlite_file_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("IDENTITY_DATABASE_URL", raising=False)
    assert default_database_url("identity") == f"sqlite:///{tmp_path}/data/identity.db"
    assert (tmp_path / "data").is_dir()
