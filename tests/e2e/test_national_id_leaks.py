"""After every test person has logged in, no national identity number is anywhere it must
not be: not in any event published (every service's outbox keeps each one), not in any
log line, not in any table of the other services, and not readable in identity's own."""
import sys
from pathlib import Path

import psycopg2
import yaml

from e2e_portal import ROOT, SERVICES

sys.path.insert(0, str(Path(__file__).parent))

from test_login import attempt_login  # noqa: E402

PEOPLE = yaml.safe_load((ROOT / "deploy" / "dev_eid" / "people.yaml").read_text())["people"]


def numbers():
    found = set()
    for person in PEOPLE:
        number = person.get("pid") or person.get("cpr")
        found |= {number, f"{number[:6]} {number[6:]}", f"{number[:6]}-{number[6:]}"}
    return found


def tables_text(database_url):
    """Every row of every table, as text."""
    connection = psycopg2.connect(database_url.replace("postgresql+psycopg2", "postgresql"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("select table_name from information_schema.tables "
                           "where table_schema = 'public'")
            for (table,) in cursor.fetchall():
                cursor.execute(f'select * from "{table}"')  # noqa: S608 - names from the catalogue
                yield table, "\n".join(map(str, cursor.fetchall()))
    finally:
        connection.close()


def test_no_national_id_is_in_events_logs_or_other_services_tables(portal):
    base = portal.url.replace("127.0.0.1", "localhost")
    for person in PEOPLE:  # those without access yet pass through identity too
        answer = attempt_login(base, person["key"], person["broker"])
        assert "code" in answer or answer["error_description"] == "no_access", answer
    leaks = []
    for service in SERVICES:
        for table, text in tables_text(portal.databases[service]):
            if service == "identity" and table not in ("outbox",):
                leaks += [f"identity.{table}" for n in numbers() if n in text]
            else:
                leaks += [f"{service}.{table}" for n in numbers() if n in text]
    for log in portal.logs.glob("*.log"):
        if log.name == "dev-eid.log":  # the eID provider itself, which knows the numbers
            continue
        text = log.read_text(errors="replace")
        leaks += [log.name for n in numbers() if n in text]
    assert leaks == []
