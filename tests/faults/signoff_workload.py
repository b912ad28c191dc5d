"""Sign-offs through the origin for the fault suite: KBU trainees of Region Hovedstaden,
each placed at Lægehuset Nørrebro, whose only tutor (Søren Nielsen, logged in through the
development MitID as a person would) becomes their personal tutor and approves their
items while a fault hits the portal.

``SignOffs.prepare`` makes the trainees once, before the faults: the first through the API
(identity's profile from the operator, the trainee's e-mail address, competencies'
enrolment and placement, and every item of the placement's plan marked ready by the
trainee with a token signed by identity's own key), the others copied from its rows in
SQL (``copy_trainee``: setup, not what is measured); ``Approvals.approve`` sends every
approval of one fault through the origin with the tutor's login, retrying what a fault cut off
(a 502/503/504 or a refused connection; a retried approval that answers 409
``already_approved`` had been committed by the attempt the fault cut off). What was
stored, published, applied and mailed is read afterwards by ``outcome``.
"""
from __future__ import annotations

import json
import queue
import random
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import jwt
import psycopg2
import requests
from fault_workload import RETRY_FOR, TRANSIENT

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "services" / "identity" / "tests" / "integration"))

from login_flow import Browser, WebClient, query  # noqa: E402

IDENTITY, COMPETENCIES = "/api/identity/v1", "/api/competencies/v1"
HOLDER_CODE, PRACTICE, TUTOR = "1084", "Lægehuset Nørrebro", "soren-nielsen"
# a retried approval finds the attempt the fault cut off already committed (the record's
# version moved on, or it is approved); the outcome shows who approved it, and once
DONE_BEFORE = {"already_approved", "version_conflict"}


@dataclass(frozen=True)
class Item:
    enrolment_id: str
    code: str
    version: int
    trainee_id: str
    email: str


class Caller:
    """Calls the origin, retrying what a fault interrupted; keeps every status met."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.statuses: Counter = Counter()
        self.retries = 0
        self._lock = threading.Lock()

    def call(self, method: str, path: str, headers, body=None, done=(200, 201)):
        """``headers`` is a dict or a callable giving the current one (a session)."""
        deadline, retried = time.monotonic() + RETRY_FOR, False
        while True:
            current = headers() if callable(headers) else headers
            try:
                answer = requests.request(method, f"{self.url}{path}", json=body,
                                          headers=current, timeout=30)
                self._count(answer.status_code)
                if answer.status_code in done:
                    return answer, retried
                if answer.status_code == 409 and retried and \
                        answer.json().get("code") in DONE_BEFORE:
                    return answer, retried
                if answer.status_code == 401 and callable(headers) and hasattr(headers,
                                                                               "renew"):
                    headers.renew(current)
                elif answer.status_code not in TRANSIENT:
                    raise AssertionError(f"{method} {path}: {answer.status_code} {answer.text}")
            except (requests.ConnectionError, requests.Timeout):
                self._count("connection refused, reset or timed out")
            assert time.monotonic() < deadline, f"{method} {path} did not get through"
            with self._lock:
                self.retries += 1
            retried = True
            time.sleep(0.2)

    def _count(self, status) -> None:
        with self._lock:
            self.statuses[status] += 1


class TutorLogin:
    """The tutor's own login (development MitID, the web client's code flow); a new
    access token from the refresh token when the old one is refused."""

    def __init__(self, public_url: str) -> None:
        self.public_url = public_url
        self.web = WebClient(public_url, redirect_uri=f"{public_url}/auth/callback")
        self.lock = threading.Lock()
        self.tokens = self._login()
        self.renewals = 0

    def _login(self) -> dict:
        back = Browser(self.public_url).login(self.web.login_url(eid="nemlogin"), TUTOR)
        tokens = self.web.exchange(query(back.headers["Location"])["code"]).json()
        claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
        if claims.get("registration") == "pending":
            registered = requests.post(
                f"{self.public_url}{IDENTITY}/registration", timeout=30,
                headers={"Authorization": f"Bearer {tokens['access_token']}"},
                json={"given_name": "Søren", "family_name": "Nielsen", "language": "da",
                      "email": "soren.nielsen@faults.example"})
            assert registered.status_code in (200, 201), registered.text
        return self.web.refresh(tokens["refresh_token"]).json()

    @property
    def person_id(self) -> str:
        return jwt.decode(self.tokens["access_token"],
                          options={"verify_signature": False})["sub"]

    def __call__(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['access_token']}"}

    def renew(self, refused: dict[str, str]) -> None:
        with self.lock:
            if refused != self():
                return  # another caller renewed it already
            answer = self.web.refresh(self.tokens["refresh_token"])
            if answer.status_code == 200:
                self.tokens = answer.json()
                self.renewals += 1


def _cpr() -> str:
    """A made-up CPR number (a real date, four digits), never a real person's."""
    day = date(1990, 1, 1) + timedelta(days=random.randrange(3650))
    return day.strftime("%d%m%y") + f"{random.randrange(10_000):04d}"


@dataclass
class SignOffs:
    url: str
    public_url: str
    operator: Callable[[], dict[str, str]]  # the current headers (OperatorToken)
    factory: object  # portal_tokens' TokenFactory with identity's development key
    tutor: TutorLogin
    caller: Caller = field(init=False)
    holder: str = ""
    practice: str = ""

    def __post_init__(self) -> None:
        self.caller = Caller(self.url)
        self._places()

    def _places(self) -> None:
        regions = self._get(f"{IDENTITY}/organisations?kind=region")
        self.holder = next(o["id"] for o in regions if o.get("code") == HOLDER_CODE)
        self.caller.call("POST", f"{IDENTITY}/organisations/{self.holder}/agreement/sign",
                         self.operator, {"signatory_name": "Regionsrådsformand"},
                         done=(200, 409))
        self.practice = next(o["id"] for o in self._get(
            f"{IDENTITY}/organisations?holder_id={self.holder}") if o["name"] == PRACTICE)
        self._until(lambda: (self._get(f"{COMPETENCIES}/organisations/{self.holder}/agreement",
                                       missing_ok=True) or {}).get("in_force"))
        self._until(lambda: [t["person_id"] for t in self._get(
            f"{COMPETENCIES}/places/{self.practice}/tutors", missing_ok=True) or []] == [
                self.tutor.person_id])

    def _get(self, path: str, missing_ok: bool = False):
        answer, _ = self.caller.call("GET", path, self.operator,
                                     done=(200, 404) if missing_ok else (200,))
        return answer.json() if answer.status_code == 200 else None

    @staticmethod
    def _until(predicate, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            assert time.monotonic() < deadline, "the portal did not get there"
            time.sleep(0.3)

    def prepare(self, count: int, databases: dict[str, str]) -> list[Item]:
        """Trainees enough for ``count`` items, each item marked ready for approval: the
        first made through the API as a trainee makes it (it also tells how many items a
        plan has), the others copied from its rows in SQL (setup, not what is measured)."""
        first = self._trainee_with_items()
        self.wait_for_contacts(databases["notifications"], first)
        wanted = -(-(count - len(first)) // len(first))
        return (first + copy_trainee(databases, first, wanted))[:count]

    def wait_for_contacts(self, notifications_url: str, items: list[Item]) -> None:
        """Until notifications knows every trainee's address (before any fault)."""
        trainees = sorted({i.trainee_id for i in items})
        self._until(lambda: _rows(notifications_url, "SELECT count(*) FROM contacts WHERE "
                                  "person_id = ANY(%s) AND email IS NOT NULL",
                                  trainees)[0][0] == len(trainees))

    def _trainee_with_items(self) -> list[Item]:
        email = f"kbu-{uuid.uuid4().hex[:10]}@faults.example"
        person, _ = self.caller.call("POST", f"{IDENTITY}/people", self.operator, {
            "country": "DK", "national_id": _cpr(), "given_name": "Fejl",
            "family_name": f"Læge {uuid.uuid4().hex[:6]}"}, done=(201,))
        trainee = person.json()["id"]
        me = self.factory.headers(subject=trainee, assurance="substantial", lifetime=7200)
        # the trainee gives their e-mail address (notifications learns it from the event)
        self.caller.call("PATCH", f"{IDENTITY}/people/me", me,
                         {"email": email, "language": "da"}, done=(200,))
        today = date.today()
        enrolled = self._enrol(trainee, today)
        placement = {"place_id": self.practice, "element": "kbu-2",
                     "starts_on": (today - timedelta(days=10)).isoformat(),
                     "ends_on": (today + timedelta(days=170)).isoformat()}
        self.caller.call("POST", f"{COMPETENCIES}/enrolments/{enrolled}/placements",
                         self.operator, placement, done=(201,))
        progress, _ = self.caller.call("GET", f"{COMPETENCIES}/enrolments/{enrolled}/progress",
                                       me, done=(200,))
        codes = [i["code"] for g in progress.json()["groups"] for i in g["items"]]
        items = []
        for code in codes:
            ready, _ = self.caller.call(
                "POST", f"{COMPETENCIES}/enrolments/{enrolled}/items/{code}/submit", me, {},
                done=(200,))
            items.append(Item(enrolled, code, ready.json()["version"], trainee, email))
        return items

    def _enrol(self, trainee: str, today: date) -> str:
        body = {"trainee_id": trainee, "curriculum": "kbu", "agreement_holder_id": self.holder,
                "starts_on": (today - timedelta(days=10)).isoformat()}
        deadline = time.monotonic() + 120
        while True:  # competencies learns the person from identity's event
            answer, _ = self.caller.call("POST", f"{COMPETENCIES}/enrolments", self.operator,
                                         body, done=(201, 422))
            if answer.status_code == 201:
                return answer.json()["enrolment_id"]
            assert answer.json()["code"] == "trainee_unknown", answer.text
            assert time.monotonic() < deadline, "competencies never learnt the trainee"
            time.sleep(0.3)


@dataclass
class Approvals:
    """The tutor's approvals of one fault's items, with what the client met on the way."""

    url: str
    tutor: TutorLogin
    caller: Caller = field(init=False)
    approved: list[Item] = field(default_factory=list)
    cut_off_then_found_approved: int = 0

    def __post_init__(self) -> None:
        self.caller = Caller(self.url)

    def approve(self, items: list[Item], workers: int = 8) -> None:
        """Every item approved by the tutor, ``workers`` approvals in flight at once."""
        waiting: queue.Queue = queue.Queue()
        for item in items:
            waiting.put(item)
        failures: list[BaseException] = []

        def work() -> None:
            while True:
                try:
                    item = waiting.get_nowait()
                except queue.Empty:
                    return
                try:
                    answer, retried = self.caller.call(
                        "POST", f"{COMPETENCIES}/enrolments/{item.enrolment_id}/items/"
                        f"{item.code}/approve", self.tutor, {"version": item.version})
                except BaseException as exc:  # noqa: BLE001 - reported below
                    failures.append(exc)
                    return
                if answer.status_code == 409:
                    self.cut_off_then_found_approved += 1
                self.approved.append(item)
        threads = [threading.Thread(target=work) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures, failures[:3]


# What a trainee is made of: competencies' rows with their trainee_id (else person_id; the
# person first, then their enrolment, before what refers to it), but not the history (what
# was read, done, sent), and notifications' contact.
FIRST = ["people", "enrolments"]
HISTORY = {"record_reads", "audit_log", "outbox", "inbox"}


def copy_trainee(databases: dict[str, str], items: list[Item], copies: int) -> list[Item]:
    """``copies`` trainees like the one ``items`` are of, inserted directly in SQL: every
    row of theirs in competencies (the person, the enrolment, the placement, each sign-off
    record ready for approval by the same tutor) and their contact in notifications, copied
    with new ids and a new e-mail address; their items."""
    template = items[0]
    fresh: list[dict[str, str]] = [{template.trainee_id: str(uuid.uuid4()),
                                    template.email: f"kbu-{uuid.uuid4().hex[:10]}@faults.example"}
                                   for _ in range(copies)]
    for database in ("competencies", "notifications"):
        connection = psycopg2.connect(databases[database].replace("postgresql+psycopg2",
                                                                  "postgresql"))
        try:
            with connection, connection.cursor() as cursor:
                for table, column, keys in _trainee_tables(cursor, database):
                    cursor.execute(f"SELECT row_to_json(t)::text FROM {table} t "  # noqa: S608
                                   f"WHERE {column} = %s", (template.trainee_id,))
                    rows = [json.loads(text) for (text,) in cursor.fetchall()]
                    if rows:
                        cursor.execute(f"INSERT INTO {table} SELECT * FROM "  # noqa: S608
                                       f"json_populate_recordset(NULL::{table}, %s)",
                                       (json.dumps([_renamed(row, keys, ids) for ids in fresh
                                                    for row in rows]),))
            connection.autocommit = True
            with connection.cursor() as cursor:  # the planner's statistics, as autovacuum keeps
                cursor.execute("ANALYZE")
        finally:
            connection.close()
    enrolments = dict(_rows(databases["competencies"], "SELECT trainee_id, enrolment_id FROM "
                            "enrolments WHERE trainee_id = ANY(%s)",
                            [ids[template.trainee_id] for ids in fresh]))
    return [Item(enrolments[ids[template.trainee_id]], item.code, item.version,
                 ids[template.trainee_id], ids[template.email]) for ids in fresh for item in items]


def _trainee_tables(cursor, database: str) -> list[tuple[str, str, set[str]]]:
    """(table, the column naming the trainee, its primary key's columns), in insert order."""
    if database == "notifications":
        return [("contacts", "person_id", {"person_id"})]
    cursor.execute("SELECT table_name, array_agg(column_name::text) FROM "
                   "information_schema.columns WHERE table_schema = 'public' AND column_name "
                   "IN ('trainee_id', 'person_id') GROUP BY table_name")
    columns = dict(cursor.fetchall())
    found = []
    for table in FIRST + sorted(set(columns) - HISTORY - set(FIRST)):
        cursor.execute("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = "
                       "i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass"
                       " AND i.indisprimary", (table,))
        found.append((table, "trainee_id" if "trainee_id" in columns[table] else "person_id",
                      {k for (k,) in cursor.fetchall()}))
    return found


def _renamed(row: dict, keys: set[str], ids: dict[str, str]) -> dict:
    """The row with the template trainee's ids (person, e-mail address, and every id its
    rows are keyed by: enrolment, placement, sign-off record...) replaced by the copy's; an
    id seen again (the enrolment in its placement) is given the same new one."""
    copied = {}
    for column, value in row.items():
        if isinstance(value, str) and (value in ids or column in keys and _is_uuid(value)):
            value = ids.setdefault(value, str(uuid.uuid4()))
        copied[column] = value
    return copied


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _rows(database_url: str, sql: str, *params) -> list[tuple]:
    connection = psycopg2.connect(database_url.replace("postgresql+psycopg2", "postgresql"))
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        connection.close()


@dataclass
class Outcome:
    """What the portal holds about the approved items once everything has settled."""

    stored: dict  # (enrolment, code) -> [(state, decided_by)]
    approvals_audited: Counter  # sign-off id -> audit rows 'approved'
    events: dict  # sign-off id -> event ids of item.approved in competencies' outbox
    applied: Counter  # event id -> notifications' inbox rows
    deliveries: dict  # event id -> delivery ids to the trainee
    mails: Counter  # delivery id (its Message-ID) -> mails the catcher received with it


def outcome(portal, items: list[Item], approved_type: str) -> Outcome:
    competencies, notifications = (portal.databases["competencies"],
                                   portal.databases["notifications"])
    enrolments = sorted({i.enrolment_id for i in items})
    stored: dict = {}
    ids = {}
    wanted = {(i.enrolment_id, i.code) for i in items}
    for sign_off_id, enrolment, code, state, decided_by in _rows(
            competencies, "SELECT id, enrolment_id, code, state, decided_by FROM sign_offs "
            "WHERE enrolment_id = ANY(%s)", enrolments):
        if (enrolment, code) in wanted:
            stored.setdefault((enrolment, code), []).append((state, decided_by))
            ids[(enrolment, code)] = sign_off_id
    audited = Counter(subject for (subject,) in _rows(
        competencies, "SELECT subject_id FROM audit_log WHERE action = 'sign_off.approved' AND "
        "subject_id = ANY(%s)", list(ids.values())))
    events: dict = {}
    mine = set(ids.values())
    for body, in _rows(competencies, "SELECT body FROM outbox WHERE routing_key = %s",
                       approved_type):
        envelope = json.loads(body)
        if envelope["data"]["sign_off_id"] in mine:
            events.setdefault(envelope["data"]["sign_off_id"], set()).add(envelope["id"])
    event_ids = [e for found in events.values() for e in found]
    applied = Counter(event for (event,) in _rows(
        notifications, "SELECT event_id FROM inbox WHERE event_id = ANY(%s)", event_ids))
    deliveries: dict = {}
    for event, delivery in _rows(notifications, "SELECT source_event_id, id FROM deliveries "
                                 "WHERE source_event_id = ANY(%s) AND channel = 'email'",
                                 event_ids):
        deliveries.setdefault(event, set()).add(delivery)
    caught = requests.get(f"{portal.mail_url}/messages", timeout=60).json()
    # the Message-ID is <delivery id@domain>
    mails = Counter(m["message_id"].strip("<>").split("@")[0] for m in caught)
    return Outcome(stored, audited, events, applied, deliveries, mails)
