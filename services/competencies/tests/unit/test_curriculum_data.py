"""The shipped curricula, parsed as files (format: competencies/data/curricula/README.md)."""
import datetime
import functools
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

import competencies

DATA = Path(competencies.__file__).parent / "data" / "curricula"
SAMPLES = Path(__file__).parents[1] / "data"
FILES = sorted(p.name for p in DATA.glob("*.yaml"))
ASSESSMENTS = {
    "direkte_observasjon", "supervisjon", "veiledningssamtale", "refleksjonsnotat", "kurs",
    "e_laering", "kompetencevurderingskort", "kvalifikationskort",
    "struktureret_vejledersamtale", "360_grader_feedback", "struktureret_klinisk_observation",
    "case_baseret_diskussion", "audit", "tutorvurdering", "logbog",
}
ROLES = {"leder", "veileder", "supervisor", "tutor", "hovedvejleder", "vejleder"}
TOP_LEVEL = {"format", "curriculum", "programme", "country", "version", "valid_from", "valid_to",
             "previous_version", "language", "source", "notes", "approval", "attestations",
             "placements", "groups"}
ITEM_KEYS = {"code", "kind", "title", "description", "wording", "activities", "assessment"}


@functools.cache
def load(name):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def items(curriculum):
    return [item for group in curriculum["groups"] for item in group["items"]]


def codes_in(curriculum, group_code):
    (group,) = [g for g in curriculum["groups"] if g["code"] == group_code]
    return [item["code"] for item in group["items"]]


def versions():
    return {(d["curriculum"], d["version"]): d for d in map(load, FILES)}


class TestEveryCurriculumFile:
    @pytest.mark.parametrize("name", FILES)
    def test_has_every_top_level_field_and_a_dated_licensed_source(self, name):
        curriculum = load(name)
        assert set(curriculum) >= TOP_LEVEL
        assert curriculum["format"] == "portal.curriculum/v1"
        assert curriculum["country"] in {"NO", "DK"} and curriculum["language"] in {"nb", "da"}
        assert isinstance(curriculum["version"], str)
        assert isinstance(curriculum["valid_from"], datetime.date)
        assert curriculum["valid_to"] is None or curriculum["valid_to"] > curriculum["valid_from"]
        source = curriculum["source"]
        assert all(source.get(k) for k in ("name", "url", "publisher", "retrieved", "licence"))
        assert isinstance(source["retrieved"], datetime.date)
        assert curriculum["notes"].strip()

    @pytest.mark.parametrize("name", FILES)
    def test_has_unique_item_and_group_codes(self, name):
        curriculum = load(name)
        codes = [item["code"] for item in items(curriculum)]
        assert len(codes) == len(set(codes))
        groups = [g["code"] for g in curriculum["groups"]]
        assert len(groups) == len(set(groups))

    @pytest.mark.parametrize("name", FILES)
    def test_gives_every_item_its_required_fields(self, name):
        for item in items(load(name)):
            assert set(item) >= ITEM_KEYS, item["code"]
            assert item["kind"] in {"learning_objective", "competency"}
            assert item["title"].strip() and item["description"].strip()
            assert item["wording"] in {"official", "placeholder"}
            assert 1 <= len(item["activities"]) <= 3 and all(a["title"] for a in item["activities"])

    @pytest.mark.parametrize("name", FILES)
    def test_assesses_every_item_with_methods_from_the_fixed_vocabulary(self, name):
        for item in items(load(name)):
            assert item["assessment"] and set(item["assessment"]) <= ASSESSMENTS, item["code"]

    @pytest.mark.parametrize("name", FILES)
    def test_names_only_known_groups_placements_and_roles(self, name):
        curriculum = load(name)
        groups = {g["code"] for g in curriculum["groups"]}
        placements = {p["code"] for p in curriculum["placements"]}
        assert curriculum["placements"]
        for placement in curriculum["placements"]:
            assert set(placement["groups"]) <= groups
            assert placement["kind"] in {"hospital", "psychiatry", "municipality", "practice",
                                         "introduction"}
        for attestation in curriculum["attestations"]:
            assert attestation["kind"] in {"time_attestation", "learning_objective_attestation",
                                           "completed_service", "document_confirmation"}
            assert attestation["rule"].strip()
            assert set(attestation["approver_roles"]) <= ROLES
            assert not set(attestation["approver_roles"]) & set(attestation.get("not_by", []))
            if attestation["scope"] == "placement":
                assert attestation["placements"] and set(attestation["placements"]) <= placements
            else:
                assert attestation["scope"] == "programme"
        assert set(curriculum["approval"]["approver_roles"]) <= ROLES

    @pytest.mark.parametrize("name", FILES)
    def test_of_a_newer_version_says_what_each_item_replaces_and_whether_it_is_stricter(
            self, name):
        curriculum = load(name)
        if curriculum["previous_version"] is None:
            assert not any("replaces" in item for item in items(curriculum))
            return
        previous = versions()[(curriculum["curriculum"], curriculum["previous_version"])]
        old_codes = {item["code"] for item in items(previous)}
        for item in items(curriculum):
            assert set(item["replaces"]) <= old_codes, item["code"]
            assert isinstance(item["stricter"], bool)
            assert item["mapping"] in {"sourced", "decided"}

    def test_versions_of_one_curriculum_are_unique_and_chained(self):
        found = versions()
        assert len(found) == len(FILES)
        for (curriculum, _), document in found.items():
            if document["previous_version"]:
                previous = found[(curriculum, document["previous_version"])]
                assert previous["valid_to"] < document["valid_from"]


class TestLis1:
    def test_has_the_101_clinical_objectives_in_three_plans_in_both_versions(self):
        for name in ("lis1-2020-03.yaml", "lis1-2025-09.yaml"):
            curriculum = load(name)
            assert codes_in(curriculum, "KLS") == [f"KLS-{n:03d}" for n in range(1, 46)]
            assert codes_in(curriculum, "KLP") == [f"KLP-{n:03d}" for n in range(1, 17)]
            assert codes_in(curriculum, "KLK") == [f"KLK-{n:03d}" for n in range(1, 41)]

    def test_previous_version_has_the_50_lm_objectives_that_belonged_to_lis1(self):
        curriculum = load("lis1-2020-03.yaml")
        hospital, municipality = codes_in(curriculum, "FKM-S"), codes_in(curriculum, "FKM-K")
        assert (len(hospital), len(municipality)) == (24, 26)
        assert all(re.fullmatch(r"LM-\d{2}", code) for code in hospital + municipality)
        assert len(items(curriculum)) == 151
        begun_in_hospital = [i for i in items(curriculum) if "Påbegynnes i sykehus" in i.get("note", "")]
        assert len(begun_in_hospital) == 5

    def test_current_version_from_september_2025_has_the_revised_fkm_set(self):
        curriculum = load("lis1-2025-09.yaml")
        assert curriculum["valid_from"] == datetime.date(2025, 9, 1)
        assert curriculum["previous_version"] == "2020-03"
        assert codes_in(curriculum, "FKM-S") == [f"FKMS-{n:02d}" for n in range(1, 13)]
        assert codes_in(curriculum, "FKM-K") == [f"FKMK-{n:02d}" for n in range(1, 9)]
        assert len(items(curriculum)) == 121

    def test_current_version_keeps_each_clinical_objective_unchanged(self):
        for item in items(load("lis1-2025-09.yaml")):
            if item["code"].startswith("KL"):
                assert item["replaces"] == [item["code"]] and item["stricter"] is False

    def test_current_version_replaces_every_old_fkm_objective_exactly_once(self):
        old = {i["code"] for i in items(load("lis1-2020-03.yaml")) if i["code"].startswith("LM")}
        replaced = Counter(code for i in items(load("lis1-2025-09.yaml"))
                           if i["code"].startswith("FKM") for code in i["replaces"])
        assert set(replaced) == old and set(replaced.values()) == {1}
        assert any(i.get("stricter") for i in items(load("lis1-2025-09.yaml")))

    def test_assigns_a_plan_to_each_kind_of_placement(self):
        plans = {p["kind"]: p["groups"] for p in load("lis1-2025-09.yaml")["placements"]}
        assert plans == {"hospital": ["KLS", "FKM-S"], "psychiatry": ["KLP", "FKM-S"],
                         "municipality": ["KLK", "FKM-K"]}

    def test_is_approved_by_the_leader_on_recommendation_and_confirms_completed_service(self):
        curriculum = load("lis1-2025-09.yaml")
        assert curriculum["approval"]["approver_roles"] == ["leder"]
        assert set(curriculum["approval"]["recommended_by"]) == {"veileder", "supervisor"}
        assert {a["kind"] for a in curriculum["attestations"]} == {"completed_service"}

    def test_marks_only_texts_from_helsedirektoratet_as_official(self):
        official = [i["code"] for name in ("lis1-2020-03.yaml", "lis1-2025-09.yaml")
                    for i in items(load(name)) if i["wording"] == "official"]
        assert official == ["LM-01", "LM-02", "LM-03"]


class TestHelsedirektoratetSamples:
    @pytest.mark.parametrize("name,info_type", [
        ("helsedir-lis-laeringsmal.json", "lis-laeringsmal"),
        ("helsedir-lis-laeringsaktivitet.json", "lis-laeringsaktivitet")])
    def test_are_lists_of_infobits_of_their_info_type(self, name, info_type):
        sample = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
        for infobit in sample:
            assert infobit["tekniskeData"]["infoType"] == info_type
            assert re.fullmatch(r"0006-\d{4}-[0-9a-f-]{36}", infobit["id"])
            assert infobit["id"].endswith(infobit["tekniskeData"]["infoId"])
            assert {"tittel", "tekst", "koder", "links", "status", "url"} <= set(infobit)

    def test_objective_sample_codes_exist_in_the_shipped_lis1_curriculum(self):
        sample = json.loads((SAMPLES / "helsedir-lis-laeringsmal.json").read_text(encoding="utf-8"))
        codes = {c for i in sample for system in i["koder"].values() for c in system} - {"LIS1"}
        assert codes <= {i["code"] for i in items(load("lis1-2020-03.yaml"))}

    def test_activity_sample_links_each_activity_to_its_objective(self):
        sample = json.loads(
            (SAMPLES / "helsedir-lis-laeringsaktivitet.json").read_text(encoding="utf-8"))
        for activity in sample:
            parents = [link for link in activity["links"] if link["rel"] == "forelder"]
            assert [link["type"] for link in parents] == ["lis-laeringsmal"]


class TestKbu:
    def test_has_16_learning_objectives_over_two_six_month_placements(self):
        curriculum = load("kbu-2017.yaml")
        assert [i["code"] for i in items(curriculum)] == [f"KBU-{n:02d}" for n in range(1, 17)]
        assert all(i["kind"] == "learning_objective" for i in items(curriculum))
        assert [(p["code"], p["duration_months"]) for p in curriculum["placements"]] == [
            ("kbu-1", 6), ("kbu-2", 6)]

    def test_assesses_every_objective_with_a_competency_assessment_card(self):
        assert all("kompetencevurderingskort" in i["assessment"]
                   for i in items(load("kbu-2017.yaml")))

    def test_has_a_time_and_a_learning_objective_attestation_per_placement_not_by_a_vejleder(
            self):
        attestations = load("kbu-2017.yaml")["attestations"]
        kinds = Counter((a["kind"], a["placements"][0]) for a in attestations)
        assert kinds == {("time_attestation", "kbu-1"): 1, ("time_attestation", "kbu-2"): 1,
                         ("learning_objective_attestation", "kbu-1"): 1,
                         ("learning_objective_attestation", "kbu-2"): 1}
        assert all(a["not_by"] == ["vejleder"] and a["approver_roles"] == ["tutor"]
                   for a in attestations)

    def test_names_the_three_mandatory_courses(self):
        courses = load("kbu-2017.yaml")["courses"]
        assert len(courses) == 3 and all(c["mandatory"] for c in courses)


class TestGeneralPracticeNewCurriculum:
    def test_has_84_goals_under_the_seven_roles(self):
        curriculum = load("almen-medicin-2013.yaml")
        assert [g["kind"] for g in curriculum["groups"]] == ["role"] * 7
        assert [g["code"] for g in curriculum["groups"]] == [
            "medicinsk-ekspert", "kommunikator", "samarbejder", "leder-administrator",
            "sundhedsfremmer", "akademiker", "professionel"]
        assert [i["code"] for i in items(curriculum)] == [f"AM-{n:02d}" for n in range(1, 85)]

    def test_has_every_goal_approved_in_practice_by_the_tutor(self):
        curriculum = load("almen-medicin-2013.yaml")
        assert curriculum["approval"]["approver_roles"] == ["tutor"]
        assert all("tutorvurdering" in i["assessment"] for i in items(curriculum))

    def test_assesses_hospital_work_with_qualification_cards(self):
        assert any("kvalifikationskort" in i["assessment"]
                   for i in items(load("almen-medicin-2013.yaml")))

    def test_describes_the_course_from_introduction_to_phase_3_as_placements(self):
        placements = load("almen-medicin-2013.yaml")["placements"]
        assert [(p["code"], p["kind"], p["duration_months"]) for p in placements] == [
            ("introduktion", "introduction", 6), ("fase-1", "practice", 6),
            ("sygehus", "hospital", 30), ("fase-2", "practice", 6), ("fase-3", "practice", 12)]


class TestGeneralPracticeOldCurriculum:
    def test_groups_its_competencies_in_phase_1_2_and_3(self):
        curriculum = load("almen-medicin-2004.yaml")
        assert curriculum["curriculum"] == "almen-medicin-old"
        assert [(g["code"], g["kind"]) for g in curriculum["groups"]] == [
            ("fase-1", "phase"), ("fase-2", "phase"), ("fase-3", "phase")]
        assert [len(g["items"]) for g in curriculum["groups"]] == [18, 14, 22]
        assert all(re.fullmatch(rf"F{n + 1}-\d{{2}}", i["code"])
                   for n, g in enumerate(curriculum["groups"]) for i in g["items"])

    def test_has_the_tutor_confirm_uploaded_paper_documents(self):
        kinds = {a["kind"] for a in load("almen-medicin-2004.yaml")["attestations"]}
        assert kinds == {"time_attestation", "document_confirmation"}


class TestOtherSpecialty:
    def test_anaesthesiology_main_training_has_competencies_in_its_core_areas(self):
        curriculum = load("anaestesiologi-2013.yaml")
        assert curriculum["country"] == "DK" and curriculum["language"] == "da"
        assert [g["code"] for g in curriculum["groups"]] == [
            "anaestesi", "intensiv", "smerte", "akut", "generelle"]
        assert [i["code"] for i in items(curriculum)] == [f"ANE-{n:02d}" for n in range(1, 37)]
        assert all(i["kind"] == "competency" for i in items(curriculum))

    def test_has_time_attestation_and_paper_document_confirmation(self):
        kinds = {a["kind"] for a in load("anaestesiologi-2013.yaml")["attestations"]}
        assert {"time_attestation", "document_confirmation"} <= kinds


def test_every_curriculum_the_issue_asks_for_is_shipped():
    assert {d["curriculum"] for d in versions().values()} == {
        "lis1", "kbu", "almen-medicin-2013", "almen-medicin-old", "anaestesiologi"}
