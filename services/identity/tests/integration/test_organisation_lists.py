"""The official organisation lists, loaded by the command, and the development seed."""
from pathlib import Path

import pytest

from identity.adapters.organisation_lists import shipped_files
from identity.bootstrap import bootstrap
from identity.entrypoints import cli, development_seed
from identity.service_layer import views
from portal_kit.testing import migrate, service_config

SERVICE_DIR = Path(__file__).resolve().parents[2]
SAMPLES = SERVICE_DIR / "tests" / "data"


@pytest.fixture
def app(database_url, vhost, tmp_path):
    migrate(SERVICE_DIR, database_url)
    app = bootstrap(service_config(database_url, vhost, DATA_DIR=str(tmp_path)))
    yield app
    app.engine.dispose()


@pytest.fixture
def by(app):
    return cli.operator(app.config)


def test_the_shipped_lists_load_every_agreement_holder_once(app, by):
    first = cli.load(app, by, shipped_files())
    again = cli.load(app, by, shipped_files())
    assert (first["added"], again["added"], again["unchanged"]) == (384, 0, 384)
    holders = app.bus.query(views.agreement_holders)
    kinds = [o.kind.value for o in holders]
    assert (kinds.count("municipality"), kinds.count("health_trust"),
            kinds.count("region")) == (357, 22, 5)
    assert all(o.agreement_status.value == "not_signed" for o in holders)


def test_an_official_update_adds_new_codes_and_keeps_names_unless_told(app, by):
    cli.load(app, by, shipped_files())
    report = cli.import_official(app, by, "klass-131", SAMPLES / "klass-131-codes-2024.json",
                                 update_names=False)
    assert report["added"] == 0 and {d["code"] for d in report["differing"]} >= {"5622"}
    porsanger = app.bus.query(views.organisation_by_code, country="NO", kind="municipality",
                              code="5622")
    assert "Porsángu" not in porsanger.name
    renamed = cli.import_official(app, by, "klass-131", SAMPLES / "klass-131-codes-2024.json",
                                  update_names=True)
    assert "5622" in renamed["renamed"]


def test_the_danish_regions_update_from_dawa(app, by):
    report = cli.import_official(app, by, "dawa-regioner", SAMPLES / "dawa-regioner.json",
                                 update_names=False)
    assert report["added"] == 5


def test_the_development_seed_designates_the_test_people_and_runs_again_unchanged(app, by):
    development_seed.seed(app, by, cli.load(app, by, shipped_files()))
    development_seed.seed(app, by, cli.load(app, by, shipped_files()))
    oda = app.bus.query(views.find_person, email="oda-operator@test.portal.example")
    assert oda.is_operator and oda.national_id_hash and oda.status.value == "profile"
    soren = app.bus.query(views.find_person, authorisation_id="3SN7P")
    assert [m.role.value for m in soren.memberships] == ["tutor"]
    bergen = app.bus.query(views.organisation_by_code, country="NO", kind="municipality",
                           code="4601")
    people = {p.family_name: [m.role.value for m in p.memberships]
              for p in app.bus.query(views.people_of, organisation_id=bergen.id, by=by)}
    assert people == {"Dahl": ["municipality_admin"], "Eriksen": ["signatory"],
                      "Nordmann": []}
    assert len(app.bus.query(views.agreement_texts)) == 1
