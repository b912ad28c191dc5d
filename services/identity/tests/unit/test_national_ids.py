from pathlib import Path

import pytest
import yaml

from identity.adapters.national_ids import NationalIdHasher
from identity.domain.exceptions import InvalidNationalId
from identity.domain.national_id import national_id

PEOPLE = yaml.safe_load((Path(__file__).resolve().parents[4] / "deploy" / "dev_eid" /
                         "people.yaml").read_text())["people"]


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p["key"])
def test_every_test_persons_number_is_valid_outside_production(person):
    country, number = ("NO", person["pid"]) if "pid" in person else ("DK", person["cpr"])
    assert national_id(country, number, allow_synthetic=True).number == number


def test_a_synthetic_norwegian_number_is_refused_in_production():
    with pytest.raises(InvalidNationalId):
        national_id("NO", "12859140090", allow_synthetic=False)


def test_a_real_shaped_fodselsnummer_is_valid_in_production():
    assert national_id("NO", "15108695088", allow_synthetic=False).number == "15108695088"


@pytest.mark.parametrize("number", ["12859140091", "1285914009", "abcdefghijk", "32139140090"])
def test_a_wrong_check_digit_length_or_date_is_refused(number):
    with pytest.raises(InvalidNationalId):
        national_id("NO", number, allow_synthetic=True)


def test_a_danish_cpr_with_an_impossible_date_is_refused():
    with pytest.raises(InvalidNationalId):
        national_id("DK", "3213961234", allow_synthetic=True)


def test_the_number_never_shows_in_its_representation():
    assert "12859140090" not in repr(national_id("NO", "12859140090", allow_synthetic=True))


def test_the_keyed_hash_depends_on_the_key_and_is_stable():
    nid = national_id("NO", "12859140090", allow_synthetic=True)
    first, second = NationalIdHasher(b"k1"), NationalIdHasher(b"k2")
    assert first(nid) == first(nid) != second(nid)
    assert "12859140090" not in first(nid)
