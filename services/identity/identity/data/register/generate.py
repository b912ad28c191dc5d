"""Write the synthetic register extract (no real person): ``python generate.py``.

Deterministic (fixed seed). The development eID provider's test people
(deploy/dev_eid/people.yaml) are in it with their HPR numbers; the Danish test doctors
get the authorisation ids in ``DANISH_TEST_DOCTORS``, keyed by their CPR.
"""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PEOPLE = HERE.parents[4] / "deploy" / "dev_eid" / "people.yaml"
GENERATED = "2026-01-15"
DANISH_TEST_DOCTORS = {"mette-jensen": ("5MJ2K", "Læge", None),
                       "soren-nielsen": ("3SN7P", "Læge", "Almen medicin"),
                       "anne-larsen": ("4AL9R", "Læge", "Almen medicin")}
NORWEGIAN_SPECIALTIES = {"ola-hansen": "Samfunnsmedisin", "ingrid-berg": "Allmennmedisin",
                         "lars-johansen": "Allmennmedisin", "sigrid-lie": "Geriatri"}
NO_GIVEN = ["Anne", "Ingrid", "Kari", "Marit", "Nora", "Emma", "Ida", "Sara", "Hanne", "Silje",
            "Ole", "Lars", "Jon", "Per", "Erik", "Magnus", "Henrik", "Anders", "Thomas", "Sindre"]
NO_FAMILY = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
             "Kristiansen", "Jensen", "Karlsen", "Berg", "Haugen", "Hagen", "Bakke", "Lie",
             "Solberg", "Moen", "Strand", "Dahl", "Eide"]
DK_GIVEN = ["Mette", "Anne", "Kirsten", "Hanne", "Louise", "Camilla", "Maria", "Sofie",
            "Jens", "Peter", "Søren", "Lars", "Henrik", "Niels", "Mads", "Rasmus", "Frederik"]
DK_FAMILY = ["Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
             "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen"]
NO_SPECIALTIES = ["Allmennmedisin", "Indremedisin", "Generell kirurgi", "Psykiatri",
                  "Barnesykdommer", "Anestesiologi", None, None]
DK_SPECIALTIES = ["Almen medicin", "Intern medicin", "Kirurgi", "Psykiatri", "Pædiatri", None]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVXYZ"


def main() -> None:
    rng = random.Random(20260115)  # noqa: S311 - synthetic data, not security
    people = yaml.safe_load(PEOPLE.read_text(encoding="utf-8"))["people"]
    write_hpr(rng, people)
    write_danish(rng, people)


def write_hpr(rng: random.Random, people: list[dict]) -> None:
    records = [hpr_record(p["hpr_number"], p["given_name"], p["family_name"],
                          birth_year(p["pid"]), NORWEGIAN_SPECIALTIES.get(p["key"]),
                          "Lisens" if p["about"].startswith("LIS1") else "Autorisasjon")
               for p in people if p.get("hpr_number")]
    used = {r["hprNummer"] for r in records}
    while len(records) < 240:
        number = str(rng.randint(1_000_000, 9_999_999))
        if number in used:
            continue
        used.add(number)
        records.append(hpr_record(number, rng.choice(NO_GIVEN), rng.choice(NO_FAMILY),
                                  rng.randint(1955, 1999), rng.choice(NO_SPECIALTIES),
                                  rng.choice(["Autorisasjon"] * 5 + ["Lisens"])))
    document = {"kilde": "Syntetisk utdrag i formen til Helsepersonellregisteret (HPR), "
                         "Helsedirektoratet; ingen ekte personer",
                "generert": GENERATED, "helsepersonell": records}
    lines = ",\n  ".join(json.dumps(r, ensure_ascii=False) for r in records)
    head = json.dumps({k: v for k, v in document.items() if k != "helsepersonell"},
                      ensure_ascii=False)[:-1]
    (HERE / "hpr.json").write_text(f'{head}, "helsepersonell": [\n  {lines}\n]}}\n',
                                   encoding="utf-8")


def hpr_record(number: str, given: str, family: str, year: int, specialty: str | None,
               approval: str) -> dict:
    record = {"hprNummer": number, "fornavn": given, "mellomnavn": None, "etternavn": family,
              "fodselsaar": year, "godkjenninger": [{
                  "helsepersonellkategori": "LE", "kategoriNavn": "Lege",
                  "godkjenningstype": approval, "gyldigFra": f"{year + 27}-08-15",
                  "gyldigTil": None, "status": "Gyldig"}], "spesialiteter": []}
    if specialty:
        record["spesialiteter"] = [{"kode": specialty[:3].upper(), "navn": specialty,
                                    "gyldigFra": f"{year + 33}-03-01"}]
    return record


def write_danish(rng: random.Random, people: list[dict]) -> None:
    rows = []
    for person in people:
        if person["key"] in DANISH_TEST_DOCTORS:
            authorisation, profession, specialty = DANISH_TEST_DOCTORS[person["key"]]
            rows.append(danish_row(authorisation, person["cpr"], person["given_name"],
                                   person["family_name"], profession, specialty))
    used = {r["autorisations_id"] for r in rows}
    while len(rows) < 160:
        authorisation = "".join(rng.choice(ALPHABET) for _ in range(5))
        if authorisation in used:
            continue
        used.add(authorisation)
        year = rng.randint(1955, 1999)
        cpr = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{year % 100:02d}" \
              f"{rng.randint(0, 3) if year < 2000 else 4}{rng.randint(0, 999):03d}"
        rows.append(danish_row(authorisation, cpr, rng.choice(DK_GIVEN), rng.choice(DK_FAMILY),
                               "Læge", rng.choice(DK_SPECIALTIES)))
    with (HERE / "autorisationsregister.csv").open("w", encoding="utf-8", newline="") as out:
        out.write("# Syntetisk udtræk i Autorisationsregisterets form (Styrelsen for "
                  f"Patientsikkerhed), nøglet på CPR; ingen rigtige personer; {GENERATED}\n")
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


def danish_row(authorisation: str, cpr: str, given: str, family: str, profession: str,
               specialty: str | None) -> dict:
    return {"autorisations_id": authorisation, "cpr": cpr, "fornavn": given, "efternavn": family,
            "foedselsaar": danish_birth_year(cpr), "erhverv": profession,
            "speciale": specialty or "", "status": "Autorisation gyldig"}


def birth_year(pid: str) -> int:
    return 1900 + int(pid[4:6])


def danish_birth_year(cpr: str) -> int:
    return (1900 if int(cpr[6]) < 4 or int(cpr[4:6]) > 36 else 2000) + int(cpr[4:6])


if __name__ == "__main__":
    main()
