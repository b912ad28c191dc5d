"""Organisation numbers: Norwegian organisasjonsnummer and Danish CVR, checked by python-stdnum."""
from __future__ import annotations

from stdnum import exceptions as stdnum_errors
from stdnum.dk import cvr
from stdnum.no import orgnr

from identity.domain.exceptions import InvalidOrganisationNumber, NotAnAgreementHolder

COUNTRIES = ("NO", "DK")


def check_organisation_number(country: str, number: str) -> str:
    try:
        return orgnr.validate(number) if country == "NO" else cvr.validate(number)
    except stdnum_errors.ValidationError:
        kind = "organisation number" if country == "NO" else "CVR number"
        raise InvalidOrganisationNumber(f"{number!r} is not a valid {kind}.") from None


def check_country(kind: str, country: str, required: str | None) -> None:
    if country not in COUNTRIES:
        raise NotAnAgreementHolder(f"Country {country!r} is not served.")
    if required and country != required:
        raise NotAnAgreementHolder(f"A {kind} is an agreement holder in {required} only.")
