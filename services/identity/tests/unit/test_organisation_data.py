"""The shipped organisation lists, parsed as files (format: identity/data/organisations/README.md)."""
import datetime
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from stdnum.dk import cvr
from stdnum.no import orgnr

import identity

DATA = Path(identity.__file__).parent / "data" / "organisations"
SAMPLES = Path(__file__).parents[1] / "data"
COUNTIES_2024 = {"03": "Oslo", "11": "Rogaland", "15": "Møre og Romsdal", "18": "Nordland",
                 "31": "Østfold", "32": "Akershus", "33": "Buskerud", "34": "Innlandet",
                 "39": "Vestfold", "40": "Telemark", "42": "Agder", "46": "Vestland",
                 "50": "Trøndelag", "55": "Troms", "56": "Finnmark"}
SOURCE_FIELDS = {"name", "url", "publisher", "valid_from", "valid_to", "retrieved", "licence"}
FILES = ["no-municipalities-2024.yaml", "no-health-trusts-2025.yaml", "dk-regions-2007.yaml"]


def load(name):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def municipalities():
    return load("no-municipalities-2024.yaml")


@pytest.fixture(scope="module")
def health_trusts():
    return load("no-health-trusts-2025.yaml")


@pytest.fixture(scope="module")
def regions():
    return load("dk-regions-2007.yaml")


class TestEveryFile:
    @pytest.mark.parametrize("name", FILES)
    def test_names_its_format_kind_country_and_a_complete_dated_licensed_source(self, name):
        document = load(name)
        assert document["format"] == "portal.organisations/v1"
        assert document["kind"] in {"municipality", "health_trust", "region"}
        assert document["country"] in {"NO", "DK"}
        assert set(document["source"]) >= SOURCE_FIELDS
        assert all(document["source"][field] for field in SOURCE_FIELDS - {"valid_to"})
        assert isinstance(document["source"]["valid_from"], datetime.date)
        assert isinstance(document["source"]["retrieved"], datetime.date)

    @pytest.mark.parametrize("name", FILES)
    def test_has_unique_codes_and_a_name_for_every_record(self, name):
        records = load(name)["organisations"]
        assert all(isinstance(r["code"], str) and r["name"].strip() for r in records)
        assert len({r["code"] for r in records}) == len(records)


class TestNorwegianMunicipalities:
    def test_are_the_357_of_ssb_classification_131_for_2024(self, municipalities):
        assert municipalities["kind"] == "municipality"
        assert len(municipalities["organisations"]) == 357

    def test_have_four_digit_kommunenummer(self, municipalities):
        assert all(re.fullmatch(r"\d{4}", m["code"]) for m in municipalities["organisations"])

    def test_begin_with_the_number_of_one_of_the_fifteen_counties_of_2024(self, municipalities):
        listed = {c["code"]: c["name"] for c in municipalities["counties"]}
        assert listed == COUNTIES_2024
        assert all(m["code"][:2] == m["county_code"] for m in municipalities["organisations"])
        assert {m["county_code"] for m in municipalities["organisations"]} == set(COUNTIES_2024)

    def test_have_as_many_in_each_county_as_ssb_lists(self, municipalities):
        per_county = Counter(m["county_code"] for m in municipalities["organisations"])
        assert per_county == {"03": 1, "11": 23, "15": 27, "18": 41, "31": 12, "32": 21,
                              "33": 18, "34": 46, "39": 6, "40": 17, "42": 25, "46": 43,
                              "50": 38, "55": 21, "56": 18}

    def test_include_haram_split_from_alesund_in_2024(self, municipalities):
        by_code = {m["code"]: m for m in municipalities["organisations"]}
        assert by_code["1580"]["name"] == "Haram" and by_code["1508"]["name"] == "Ålesund"

    def test_have_display_names_unique_in_the_country(self, municipalities):
        shown = [m.get("display_name", m["name"]) for m in municipalities["organisations"]]
        assert len(set(shown)) == 357
        by_code = {m["code"]: m for m in municipalities["organisations"]}
        assert by_code["1818"]["display_name"] == "Herøy (Nordland)"

    def test_keep_the_sami_and_kven_parallel_names_of_the_official_name(self, municipalities):
        by_code = {m["code"]: m for m in municipalities["organisations"]}
        porsanger = by_code["5622"]
        assert porsanger["name"] == "Porsanger"
        assert porsanger["parallel_names"] == [{"name": "Porsáŋgu", "language": "se"},
                                               {"name": "Porsanki", "language": "fkv"}]
        assert by_code["1826"]["name"] == "Hattfjelldal"

    def test_name_every_parallel_name_inside_the_official_name_in_a_known_language(
            self, municipalities):
        for m in municipalities["organisations"]:
            parts = m.get("official_name", m["name"]).split(" - ")
            assert m["name"] in parts
            for parallel in m.get("parallel_names", []):
                assert parallel["name"] in parts
                assert parallel["language"] in {"se", "smj", "sma", "fkv"}


class TestNorwegianHealthTrusts:
    def test_are_the_nineteen_hospital_trusts_and_three_private_non_profit_hospitals(
            self, health_trusts):
        ownership = Counter(t["ownership"] for t in health_trusts["organisations"])
        assert ownership == {"public": 19, "private_non_profit": 3}

    def test_have_valid_nine_digit_organisation_numbers_where_known(self, health_trusts):
        numbers = [t.get("organisation_number") for t in health_trusts["organisations"]]
        numbers += [r["organisation_number"] for r in health_trusts["regional_health_authorities"]]
        known = [n for n in numbers if n]
        assert all(re.fullmatch(r"\d{9}", n) and orgnr.is_valid(n) for n in known)
        assert len(set(known)) == len(known)

    def test_belong_to_one_of_the_four_regional_health_authorities(self, health_trusts):
        authorities = {r["code"] for r in health_trusts["regional_health_authorities"]}
        assert len(authorities) == 4
        used = {t["regional_health_authority"] for t in health_trusts["organisations"]}
        assert used == authorities

    def test_include_lovisenberg_marked_as_private_non_profit(self, health_trusts):
        by_code = {t["code"]: t for t in health_trusts["organisations"]}
        assert by_code["lovisenberg-diakonale-sykehus"]["ownership"] == "private_non_profit"

    def test_say_whether_they_take_lis1_doctors(self, health_trusts):
        assert {t["lis1"] for t in health_trusts["organisations"]} <= {"yes", "likely"}


class TestDanishRegions:
    def test_are_the_five_regions_with_their_region_codes(self, regions):
        assert {r["code"]: r["name"] for r in regions["organisations"]} == {
            "1081": "Region Nordjylland", "1082": "Region Midtjylland",
            "1083": "Region Syddanmark", "1084": "Region Hovedstaden", "1085": "Region Sjælland"}

    def test_have_valid_eight_digit_cvr_numbers_where_known(self, regions):
        known = [r["cvr"] for r in regions["organisations"] if r.get("cvr")]
        assert all(re.fullmatch(r"\d{8}", n) and cvr.is_valid(n) for n in known)
        assert len(set(known)) == len(known)

    def test_carry_matching_iso_3166_2_codes(self, regions):
        assert all(r["iso_3166_2"] == f"DK-{r['code'][2:]}" for r in regions["organisations"])


class TestOfficialFormatSamples:
    def test_the_klass_sample_is_a_codes_response_with_real_2024_municipalities(
            self, municipalities):
        sample = json.loads((SAMPLES / "klass-131-codes-2024.json").read_text(encoding="utf-8"))
        shipped = {m["code"] for m in municipalities["organisations"]}
        codes = {c["code"] for c in sample["codes"]}
        assert codes - {"9999"} <= shipped and "9999" in codes
        assert all({"code", "name", "level", "validFromInRequestedRange"} <= set(c)
                   for c in sample["codes"])

    def test_the_dawa_sample_lists_the_same_five_regions(self, regions):
        sample = json.loads((SAMPLES / "dawa-regioner.json").read_text(encoding="utf-8"))
        assert {(r["kode"], r["navn"]) for r in sample} == {
            (r["code"], r["name"]) for r in regions["organisations"]}
