"""Reading curriculum files: every shipped one loads; a bad file is refused whole, its line named."""
import json
from pathlib import Path

import pytest
import yaml

from competencies.adapters.curriculum_yaml import SHIPPED, read_files, shipped_files
from competencies.domain.exceptions import CurriculumFileInvalid
from competencies.entrypoints.cli import import_helsedir

SAMPLES = Path(__file__).parents[1] / "data"
KBU = (SHIPPED / "kbu-2017.yaml").read_text(encoding="utf-8")


def line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def refused(tmp_path, text, name="kbu-2017.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CurriculumFileInvalid) as error:
        read_files([path])
    return error.value


class TestTheShippedCurricula:
    def test_all_load_with_their_counts(self):
        counts = {c.key: c.item_count for c in read_files(shipped_files())}
        assert counts == {("lis1", "2020-03"): 151, ("lis1", "2025-09"): 121,
                          ("kbu", "2017"): 16, ("almen-medicin-2013", "2013-04"): 84,
                          ("almen-medicin-old", "2004"): 54, ("anaestesiologi", "2013-02"): 36}

    def test_load_a_newer_version_after_the_one_it_replaces_in_any_order(self):
        files = sorted(shipped_files(), reverse=True)
        keys = [c.key for c in read_files(files)]
        assert keys.index(("lis1", "2020-03")) < keys.index(("lis1", "2025-09"))

    def test_newer_lis1_version_says_what_each_item_replaces_and_whether_stricter(self):
        newer = {c.key: c for c in read_files(shipped_files())}[("lis1", "2025-09")]
        items = {i.code: i for i in newer.items()}
        assert items["KLS-001"].replaces == ("KLS-001",) and not items["KLS-001"].stricter
        assert any(i.stricter for i in items.values() if i.code.startswith("FKM"))


class TestABadFile:
    def test_with_a_duplicate_item_code_is_refused_naming_the_line(self, tmp_path):
        text = KBU.replace("- code: KBU-03", "- code: KBU-02")
        error = refused(tmp_path, text)
        assert error.line == line_of(KBU, "- code: KBU-03")
        assert f"kbu-2017.yaml:{error.line}: duplicate item code KBU-02" in str(error)

    def test_with_a_missing_required_field_is_refused_naming_the_line(self, tmp_path):
        start = line_of(KBU, "- code: KBU-03")
        lines = KBU.splitlines()
        text = "\n".join(line for n, line in enumerate(lines, 1)
                         if not (n > start and line.strip() == "wording: placeholder"
                                 and n < start + 8))
        error = refused(tmp_path, text)
        assert error.line == start and "wording" in str(error)

    def test_with_an_unknown_assessment_method_is_refused(self, tmp_path):
        text = KBU.replace("    - kompetencevurderingskort\n  - code: KBU-04",
                           "    - kaffeslabberas\n  - code: KBU-04", 1)
        assert "kaffeslabberas" in str(refused(tmp_path, text))

    def test_naming_an_unknown_group_in_a_placement_is_refused(self, tmp_path):
        doc = yaml.safe_load(KBU)
        doc["placements"][0]["groups"] = ["no-such-group"]
        assert "unknown group no-such-group" in str(refused(tmp_path, yaml.safe_dump(doc)))

    def test_replacing_an_item_the_previous_version_lacks_is_refused(self, tmp_path):
        old, new = SHIPPED / "lis1-2020-03.yaml", SHIPPED / "lis1-2025-09.yaml"
        text = new.read_text(encoding="utf-8").replace("- KLS-001\n", "- KLS-999\n", 1)
        (tmp_path / old.name).write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
        (tmp_path / new.name).write_text(text, encoding="utf-8")
        with pytest.raises(CurriculumFileInvalid) as error:
            read_files([tmp_path / old.name, tmp_path / new.name])
        assert "replaces KLS-999" in str(error.value)

    def test_whose_previous_version_is_nowhere_is_refused(self, tmp_path):
        new = SHIPPED / "lis1-2025-09.yaml"
        assert "previous_version 2020-03" in str(refused(
            tmp_path, new.read_text(encoding="utf-8"), new.name))

    def test_that_is_not_yaml_is_refused_with_the_line(self, tmp_path):
        error = refused(tmp_path, "format: portal.curriculum/v1\ngroups: [\n  - x: 1\n")
        assert error.line >= 2

    def test_of_another_format_is_refused(self, tmp_path):
        assert "format must be" in str(refused(tmp_path, KBU.replace(
            "format: portal.curriculum/v1", "format: portal.curriculum/v2")))


class TestTheHelsedirektoratetImport:
    def test_puts_the_official_wording_and_activities_into_the_lis1_file(self, tmp_path):
        out = tmp_path / "lis1-2020-03.yaml"
        report = import_helsedir(SHIPPED / "lis1-2020-03.yaml",
                                 SAMPLES / "helsedir-lis-laeringsmal.json",
                                 SAMPLES / "helsedir-lis-laeringsaktivitet.json", out)
        assert report["updated"] == ["KLS-001", "KLK-001", "LM-01"]
        assert report["activities_unmatched"] == 1
        sample = json.loads((SAMPLES / "helsedir-lis-laeringsmal.json").read_text("utf-8"))
        kls = next(i for g in yaml.safe_load(out.read_text("utf-8"))["groups"]
                   for i in g["items"] if i["code"] == "KLS-001")
        assert kls["wording"] == "official"
        assert kls["description"].startswith(sample[0]["tittel"][:40])
        assert "<p>" not in kls["description"]
        assert kls["activities"] == [{"title": "Selvstendig mottak av pasienter i akuttmottak "
                                               "under supervisjon"}]

    def test_refuses_an_answer_of_another_info_type(self, tmp_path):
        from competencies.adapters.helsedir import HelsedirFormatError
        with pytest.raises(HelsedirFormatError):
            import_helsedir(SHIPPED / "lis1-2020-03.yaml",
                            SAMPLES / "helsedir-lis-laeringsaktivitet.json", None,
                            tmp_path / "out.yaml")
