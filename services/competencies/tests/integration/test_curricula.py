"""Curricula loaded by the command and read over HTTP; versions through the service."""
from datetime import timedelta

import pytest
import yaml
from programme_world import HOVEDSTADEN, TODAY

from competencies.adapters.curriculum_yaml import SHIPPED, shipped_files
from competencies.domain.exceptions import CurriculumFileInvalid
from competencies.entrypoints import cli

KBU = SHIPPED / "kbu-2017.yaml"


def newer_kbu(tmp_path, stricter_code="KBU-01"):
    doc = yaml.safe_load(KBU.read_text(encoding="utf-8"))
    doc.update(version="2027", valid_from=TODAY - timedelta(days=1), previous_version="2017")
    for group in doc["groups"]:
        for item in group["items"]:
            item.update(replaces=[item["code"]], stricter=item["code"] == stricter_code,
                        mapping="decided")
    path = tmp_path / "kbu-2027.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


class TestLoadingCurricula:
    def test_is_all_or_nothing_naming_the_file_and_line(self, world, tmp_path):
        bad = tmp_path / "kbu-2017.yaml"
        bad.write_text(KBU.read_text(encoding="utf-8").replace(
            "- code: KBU-03", "- code: KBU-02"), encoding="utf-8")
        good = newer_kbu(tmp_path)
        with pytest.raises(CurriculumFileInvalid, match=r"kbu-2017.yaml:\d+: duplicate"):
            cli.load(dict(world.config), [good, bad])
        assert world.rows("SELECT 1 FROM curriculum_versions WHERE version = '2027'") == []

    def test_again_changes_nothing(self, world):
        report = cli.load(dict(world.config), shipped_files())
        assert report["added"] == report["updated"] == [] and len(report["unchanged"]) == 6

    def test_a_trainee_stays_on_their_version_when_a_newer_one_is_loaded(self, world, tmp_path):
        first = world.enrol().json()
        report = cli.load(dict(world.config), [newer_kbu(tmp_path)])
        assert report["added"] == ["kbu 2027"]
        assert world.as_admin(HOVEDSTADEN, "GET", f"/enrolments/{first['enrolment_id']}"
                              ).json()["curriculum_version"] == "2017"
        other = world.enrol(trainee="soren").json()
        assert other["curriculum_version"] == "2027"
        listed = world.api("GET", "/curricula?curriculum=kbu", as_="anyone").json()
        assert [(c["version"], c["current"]) for c in listed] == [("2017", False),
                                                                   ("2027", True)]
        detail = world.api("GET", "/curricula/kbu/2027", as_="anyone").json()
        items = {i["code"]: i for g in detail["groups"] for i in g["items"]}
        assert items["KBU-01"]["stricter"] and items["KBU-01"]["replaces"] == ["KBU-01"]


class TestReadingCurricula:
    def test_lists_every_version_with_its_elements_and_plans(self, world):
        listed = world.api("GET", "/curricula", as_="anyone").json()
        lis1 = {c["version"]: c for c in listed if c["curriculum"] == "lis1"}
        assert (lis1["2020-03"]["items"], lis1["2025-09"]["items"]) == (151, 121)
        assert lis1["2025-09"]["current"] and not lis1["2020-03"]["current"]
        plans = {e["code"]: e["plan"] for e in lis1["2025-09"]["elements"]}
        assert plans["sykehus-psykiatri"] == ["KLP", "FKM-S"]

    def test_an_unknown_version_is_a_404_with_its_code(self, world):
        answer = world.api("GET", "/curricula/kbu/1999", as_="anyone")
        assert (answer.status_code, answer.json()["code"]) == (404, "curriculum_version_unknown")

    def test_needs_a_login(self, world):
        assert world.api("GET", "/curricula").status_code == 401
