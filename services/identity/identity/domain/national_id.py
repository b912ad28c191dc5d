"""National identity numbers: Norwegian fødselsnummer / D-number and Danish CPR.

Checked with python-stdnum. Outside production the synthetic numbers of the eID test
environments are accepted too: HelseID's and Tenor's test people have the month + 80
(their check digits are valid). The number itself is never kept: identity matches a
person by a keyed hash of it (``adapters.national_ids``).
"""
from __future__ import annotations

from dataclasses import dataclass

from stdnum import exceptions as stdnum_errors
from stdnum.dk import cpr
from stdnum.no import fodselsnummer

from identity.domain.exceptions import InvalidNationalId

SYNTHETIC_MONTH_OFFSET = 80


@dataclass(frozen=True)
class NationalId:
    country: str
    number: str

    def __repr__(self) -> str:
        return f"NationalId({self.country}, ***)"

    __str__ = __repr__


def national_id(country: str, number: str, *, allow_synthetic: bool) -> NationalId:
    """The validated number, or ``InvalidNationalId`` (never saying which digit is wrong)."""
    try:
        if country == "NO":
            return NationalId("NO", _norwegian(number, allow_synthetic))
        if country == "DK":
            return NationalId("DK", cpr.validate(number))
    except stdnum_errors.ValidationError:
        pass
    raise InvalidNationalId("The national identity number is not valid.")


def _norwegian(number: str, allow_synthetic: bool) -> str:
    compact = fodselsnummer.compact(number)
    if allow_synthetic and len(compact) == 11 and compact.isdigit() \
            and int(compact[2:4]) > SYNTHETIC_MONTH_OFFSET:
        if compact[-2] != fodselsnummer.calc_check_digit1(compact) or \
                compact[-1] != fodselsnummer.calc_check_digit2(compact):
            raise stdnum_errors.InvalidChecksum()
        month = int(compact[2:4]) - SYNTHETIC_MONTH_OFFSET
        fodselsnummer.get_birth_date(f"{compact[:2]}{month:02d}{compact[4:]}")
        return compact
    return fodselsnummer.validate(compact)
