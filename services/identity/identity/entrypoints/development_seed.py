"""Development only: make the development eID provider's test people usable.

Acts as the operator would, through the same commands as the API: the organisation lists
are loaded, agreement text version 1 is published, Bergen kommune and Region Hovedstaden
are onboarded with a place of training each, profiles are created for the test people
(from the register, or by national id for those outside it) and the operator, the
administrators, the signatories and the tutor are designated. Agreements are left
unsigned: signing is the signatories' first act. Running it again changes nothing.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from identity.domain import commands
from identity.service_layer import views
from portal_kit.errors import Conflict
from portal_kit.principal import Principal
from portal_kit.wiring import App

PEOPLE_FILE = Path(__file__).resolve().parents[4] / "deploy" / "dev_eid" / "people.yaml"
TEXT = Path(__file__).resolve().parents[1] / "data" / "agreement-text-v1.md"
BERGEN, HOVEDSTADEN = ("NO", "municipality", "4601"), ("DK", "region", "1084")
ONBOARDING = {BERGEN: ("964338531", "post@bergen.kommune.no"),
              HOVEDSTADEN: ("29190623", "regionh@regionh.dk")}
PLACES = {"bergen-legevakt": (BERGEN, "clinic", "Bergen legevakt"),
          "laegehuset": (HOVEDSTADEN, "practice", "Lægehuset Nørrebro"),
          # a hospital department for a KBU trainee's first placement (kbu-1)
          "bispebjerg-akut": (HOVEDSTADEN, "department", "Bispebjerg Hospital, Akutmodtagelsen")}
# test person: (the organisation they belong to, memberships (role, organisation or place))
PEOPLE: dict[str, tuple[Any, list[tuple[str, Any]]]] = {
    "oda-operator": (None, []),
    "per-dahl": (BERGEN, [("municipality_admin", BERGEN)]),
    "nora-eriksen": (BERGEN, [("signatory", BERGEN)]),
    "kari-nordmann": (BERGEN, []),
    "jens-poulsen": (HOVEDSTADEN, [("region_admin", HOVEDSTADEN)]),
    "lone-mortensen": (HOVEDSTADEN, [("signatory", HOVEDSTADEN)]),
    "soren-nielsen": (HOVEDSTADEN, [("tutor", "laegehuset")]),
    "mette-jensen": (HOVEDSTADEN, []),
}
DANISH_AUTHORISATIONS = {"soren-nielsen": "3SN7P", "mette-jensen": "5MJ2K"}
OPERATORS = ("oda-operator",)


def seed(app: App, by: Principal, loaded: dict[str, Any]) -> dict[str, Any]:
    organisations = {key: _holder(app, by, key) for key in ONBOARDING}
    organisations.update({key: _place(app, by, organisations[holder].id, kind, name)
                          for key, (holder, kind, name) in PLACES.items()})
    if not app.bus.query(views.agreement_texts):
        app.bus.handle(commands.PublishAgreementText(
            "Databehandleravtale / Databehandleraftale", TEXT.read_text(encoding="utf-8"), by))
    people = _test_people()
    for key, (home, memberships) in PEOPLE.items():
        person = _profile(app, by, people[key], organisations.get(home))
        for role, where in memberships:
            _ignore_existing(app, commands.GrantMembership(
                person.id, organisations[where].id, role, by))
        if key in OPERATORS and not person.is_operator:
            app.bus.handle(commands.MakeOperator(person.id, by))
    return {"organisations": loaded, "people": sorted(PEOPLE)}


def _holder(app: App, by: Principal, key: tuple[str, str, str]) -> Any:
    holder = app.bus.query(views.organisation_by_code, country=key[0], kind=key[1], code=key[2])
    number, email = ONBOARDING[key]
    if holder.contact_email is None:
        holder = app.bus.handle(commands.OnboardOrganisation(holder.id, by, number, email))
    return holder


def _place(app: App, by: Principal, holder_id: str, kind: str, name: str) -> Any:
    found = app.bus.query(views.place_named, holder_id=holder_id, name=name)
    holder = app.bus.query(views.organisation, organisation_id=holder_id)
    return found or app.bus.handle(commands.RegisterOrganisation(
        name, kind, holder.country, by, agreement_holder_id=holder_id))


def _profile(app: App, by: Principal, person: dict[str, Any], home: Any) -> Any:
    email = f"{person['key']}@test.portal.example"
    authorisation = DANISH_AUTHORISATIONS.get(person["key"])
    found = app.bus.query(views.find_person, email=email, hpr_number=person.get("hpr_number"),
                          authorisation_id=authorisation)
    if found is not None:
        return found
    country = "DK" if "cpr" in person else "NO"
    from_register = person.get("hpr_number") or authorisation
    return app.bus.handle(commands.CreateProfile(
        country, by, organisation_id=home.id if home else None,
        hpr_number=person.get("hpr_number"), authorisation_id=authorisation,
        national_id=None if from_register else person.get("pid") or person.get("cpr"),
        given_name=person["given_name"], family_name=person["family_name"], email=email))


def _test_people() -> dict[str, dict[str, Any]]:
    path = Path(os.environ.get("DEV_EID_PEOPLE_FILE", PEOPLE_FILE))
    return {p["key"]: p for p in yaml.safe_load(path.read_text(encoding="utf-8"))["people"]}


def _ignore_existing(app: App, command: Any) -> None:
    try:
        app.bus.handle(command)
    except Conflict:
        pass
