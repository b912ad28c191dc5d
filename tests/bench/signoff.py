"""Sign-off on PostgreSQL: the approver's queue and the trainee's progress with 10, 1,000 and
10,000 trainees, then sign-offs end to end (HTTP approve through the origin → committed → an
outside AMQP subscriber has the ``item.approved`` event).

Competencies runs alone as ``make run`` runs it (``portal_kit.serve``, its config.yml), in
``BENCH_SIGNOFF_PROCESSES`` processes (default 2, as ``COMPETENCIES_PROCESSES=2`` runs it:
one port, the kernel spreading connections, the queues shared) on a
fresh PostgreSQL database and RabbitMQ vhost, behind the portal's origin
(``deploy/origin.py``), which every request goes through. Tokens are RS256 JWTs of the
trainees and their personal tutors (subject, tutor membership, ``substantial`` assurance as
Denmark demands), signed by a key whose JWKS the service fetches, as it fetches identity's.

Setup, not measured: the KBU trainees are inserted directly in SQL (person, enrolment on KBU
2017, a current ``kbu-1`` placement whose personal tutor has 10 trainees, KBU-01..03
approved and KBU-04..08 ready for approval addressed to that tutor), as the service's own
``submit`` would have left them; the agreement holder's data-processing agreement is in
force.

Per level: the queue (``GET /v1/me/queue`` as a random tutor: 10 trainees, 50 items) and
the progress (``GET /v1/enrolments/{id}/progress`` as a random trainee) each at a fixed
100 requests/s for ``READ_SECONDS`` (open loop, ms from each request's schedule), then
``CLIENTS`` clients back to back for ``MAX_SECONDS`` (the maximum rate). At 10,000 trainees:
sign-offs at a fixed 100/s for ``SIGNOFF_SECONDS`` (ms from the schedule to the event's
arrival at the subscriber, and to the HTTP 200), then ``CLIENTS`` approvers back to back for
``MAX_SECONDS``: the sustained maximum is the sign-offs whose event arrived, per second from
the first request to the last arrival. CPU per request is read from /proc for the service,
the origin and the service's PostgreSQL backends (pg_stat_activity), since latency on a
shared machine says more about the machine. Each sign-off is approved once (a seeded item
of its own), so every 200 is a new record.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import load
import requests

from portal_contracts.signoff import ITEM_APPROVED

ROOT = Path(__file__).resolve().parents[2]
V1 = "/api/competencies/v1"
LEVELS = (10, 1_000, 10_000)
PER_TUTOR = 10
APPROVED = tuple(f"KBU-0{n}" for n in (1, 2, 3))
READY = tuple(f"KBU-0{n}" for n in (4, 5, 6, 7, 8))
RATE, CLIENTS, TOKENS, APPROVERS = 100, 16, 100, 200
PROCESSES = int(os.environ.get("BENCH_SIGNOFF_PROCESSES", 2))  # competencies processes
READ_SECONDS = float(os.environ.get("BENCH_SIGNOFF_READ_SECONDS", 4))
SIGNOFF_SECONDS = float(os.environ.get("BENCH_SIGNOFF_SECONDS", 10))
MAX_SECONDS = float(os.environ.get("BENCH_SIGNOFF_MAX_SECONDS", 4))
EVENT_WAIT = 30.0
LATE_LIMIT = 3.0  # a call that cannot start 3 s after its schedule is counted, not made
REGION, PRACTICE = "bench-region", "bench-practice"
NO_CLOCK_SHIFT = str(Path("/tmp") / "portal-bench-signoff-clock-never-made")


def _summary(samples: list[float]) -> dict[str, float]:
    from run import summarise  # the bench's one percentile function
    return summarise(samples)


def _cpu_ms(pid: int) -> float:
    from run import cpu_ms
    return cpu_ms(pid)


def trainee(n: int) -> str:
    return f"trainee-{n:05d}"


def tutor(n: int) -> str:
    return f"tutor-{n // PER_TUTOR:04d}"


def sign_off_id(n: int, code: str) -> str:
    return f"so-{n:05d}-{code}"


def prepare(url: str) -> None:
    """The schema, the shipped curricula, the region and its practice, the agreement."""
    from competencies.adapters.curriculum_yaml import shipped_files
    from competencies.entrypoints import cli
    from portal_kit.migrations import upgrade
    upgrade(ROOT / "services" / "competencies", url)
    cli.load({"DATABASE_URL": url, "AMQP_URI": "amqp://unused", "PORTAL_ENV": "development",
              "PORTAL_CLOCK_FILE": NO_CLOCK_SHIFT}, shipped_files())
    from competencies.adapters import orm
    with _engine(url).begin() as connection:
        connection.execute(orm.organisations.insert(), [
            {"organisation_id": REGION, "name": "Region Bench", "kind": "region",
             "country": "DK", "agreement_holder_id": None},
            {"organisation_id": PRACTICE, "name": "Lægehuset Bench", "kind": "practice",
             "country": "DK", "agreement_holder_id": REGION}])
        connection.execute(orm.organisation_agreements.insert(), [
            {"organisation_id": REGION, "organisation_name": "Region Bench",
             "agreement_version": 1, "in_force": True, "changed_at": datetime.now(UTC)}])


def _engine(url: str) -> Any:
    from sqlalchemy import create_engine
    return create_engine(url.replace("postgresql://", "postgresql+psycopg2://"))


def populate(url: str, first: int, upto: int) -> None:
    """Trainees ``first`` .. ``upto - 1`` with their enrolment, placement and records."""
    from competencies.adapters import orm, orm_signoff
    now, today = datetime.now(UTC), date.today()
    people, enrolments, placements, records = [], [], [], []
    for n in range(first, upto):
        person, enrolment = trainee(n), f"enrolment-{n:05d}"
        people.append({"person_id": person, "given_name": "Bench", "family_name": str(n)})
        enrolments.append({
            "enrolment_id": enrolment, "trainee_id": person, "curriculum": "kbu",
            "curriculum_version": "2017", "programme": "Klinisk basisuddannelse (KBU)",
            "country": "DK", "agreement_holder_id": REGION,
            "starts_on": today - timedelta(days=30), "ends_on": None, "enrolled_at": now,
            "enrolled_by": "bench"})
        placements.append({
            "placement_id": f"placement-{n:05d}", "enrolment_id": enrolment,
            "trainee_id": person, "place_id": PRACTICE, "agreement_holder_id": REGION,
            "element": "kbu-1", "element_kind": "hospital", "plan": ["KBU-A"],
            "starts_on": today - timedelta(days=30), "ends_on": today + timedelta(days=150),
            "recorded_at": now, "recorded_by": "bench", "tutor_id": tutor(n),
            "tutor_since": now})
        for position, code in enumerate(APPROVED + READY):
            done = code in APPROVED
            records.append({
                "id": sign_off_id(n, code), "enrolment_id": enrolment, "trainee_id": person,
                "agreement_holder_id": REGION, "curriculum": "kbu",
                "curriculum_version": "2017", "code": code, "kind": "learning_objective",
                "placement_id": None, "title": code,
                "state": "approved" if done else "ready_for_approval",
                "version": 2 if done else 1, "approver_id": tutor(n),
                "submitted_at": now - timedelta(days=20, minutes=n % 1000, seconds=position),
                "decided_at": now - timedelta(days=10) if done else None,
                "decided_by": tutor(n) if done else None,
                "decided_role": "tutor" if done else None, "on_behalf_of": None,
                "comment": None})
    engine = _engine(url)
    with engine.begin() as connection:
        connection.execute(orm.people.insert(), people)
        connection.execute(orm.enrolments.insert(), enrolments)
        connection.execute(orm.placements.insert(), placements)
        connection.execute(orm_signoff.sign_offs.insert(), records)
    with engine.begin() as connection:  # the planner's statistics, as autovacuum keeps them
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()


def start_origin(service: str) -> tuple[subprocess.Popen, str]:
    from portal_kit.testing_infra import free_port
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "deploy/origin.py", "--port", str(port), "--route",
         f"competencies={service}"], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    origin = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{origin}/", timeout=2).ok:
                return process, origin
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the origin did not start for the sign-off bench")


class Cpu:
    """CPU ms used by the service, the origin and the service's PostgreSQL backends."""

    def __init__(self, url: str, pids: dict[str, list[int]]) -> None:
        self.url, self.pids = url, pids  # a name's processes are summed

    def _now(self) -> dict[str, float]:
        used = {name: sum(_cpu_ms(pid) for pid in pids) for name, pids in self.pids.items()}
        used.update({f"backend {pid}": _cpu_ms(pid) for pid in self._backends()})
        return used

    def _backends(self) -> list[int]:
        engine = _engine(self.url)
        with engine.connect() as connection:
            pids = [row[0] for row in connection.exec_driver_sql(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()")]
        engine.dispose()
        return pids

    def per_request(self, action: Callable[[], int]) -> tuple[Any, dict[str, float]]:
        """Run ``action`` (returns how many requests it made): CPU ms per request (the
        backends' summed; one that ended meanwhile is not counted)."""
        before = self._now()
        count = max(1, action())
        after = self._now()
        used = {name: after[name] - before.get(name, 0.0) for name in after}
        shown = {name: round(used[name] / count, 2) for name in self.pids}
        shown["postgres backends"] = round(sum(
            v for k, v in used.items() if k.startswith("backend ")) / count, 2)
        return count, shown


def _session(local: threading.local) -> requests.Session:
    if not hasattr(local, "http"):
        local.http = requests.Session()
    return local.http


def read_path(url: str, headers: Callable[[], dict[str, str]], cpu: Cpu) -> dict[str, Any]:
    """``url`` at a fixed RATE for READ_SECONDS, then the maximum rate of CLIENTS clients."""
    local = threading.local()

    def get(*_: Any) -> None:
        _session(local).get(url(), headers=headers(), timeout=10).raise_for_status()

    # warm up: connections, caches, query plans
    load.fixed_rate(get, RATE, 1, workers=32, late_limit_s=LATE_LIMIT)
    found: dict[str, Any] = {}

    def fixed() -> int:
        found["run"] = load.fixed_rate(get, RATE, READ_SECONDS, workers=32,
                                       late_limit_s=LATE_LIMIT)
        return len(found["run"].latencies_ms)

    _, cpu_fixed = cpu.per_request(fixed)
    run = found["run"]
    rate = closed_loop(get)
    return dict(_summary(run.latencies_ms), failed=dict(run.failures),
                behind_ms=round(run.behind_ms, 1), cpu_ms_per_request=cpu_fixed,
                max_per_s=rate["per_s"], max_failed=rate["failed"])


def closed_loop(call: Callable[[], None]) -> dict[str, Any]:
    """Calls/s of CLIENTS clients back to back for MAX_SECONDS (failures counted)."""
    done, failed, stop = [0] * CLIENTS, [0] * CLIENTS, time.monotonic() + MAX_SECONDS

    def client(k: int) -> None:
        while time.monotonic() < stop:
            try:
                call()
                done[k] += 1
            except (requests.RequestException, StopIteration):
                failed[k] += 1

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"per_s": round(sum(done) / (time.monotonic() - began), 1), "done": sum(done),
            "failed": sum(failed), "began": began}


class Approvals:
    """Seeded items ready for approval, each handed out once, approved by its tutor."""

    def __init__(self, origin: str, tokens: Any, trainees: int) -> None:
        # the items of APPROVERS tutors' trainees (10,000 sign-offs), spread over all
        approvers = random.sample(range(trainees // PER_TUTOR),
                                  min(APPROVERS, trainees // PER_TUTOR))
        pairs = [(t * PER_TUTOR + k, code) for t in approvers for k in range(PER_TUTOR)
                 for code in READY]
        random.shuffle(pairs)
        self.origin = origin
        self._pairs: Iterator[tuple[int, str]] = iter(pairs)
        self._headers = {approver: tokens.headers(  # made before, not while, measuring
            subject=approver, assurance="substantial", lifetime=3600,
            memberships=[{"organisation_id": PRACTICE, "role": "tutor"}])
            for approver in sorted({tutor(n) for n, _ in pairs})}
        self._lock, self._local = threading.Lock(), threading.local()
        self.asked: dict[str, float] = {}  # sign-off id -> when it was due (perf_counter)
        self.answered: dict[str, float] = {}  # sign-off id -> when its 200 came
        self.refused: dict[str, int] = {}

    def _next(self) -> tuple[int, str, dict[str, str]]:
        with self._lock:
            n, code = next(self._pairs)
        return n, code, self._headers[tutor(n)]

    def approve(self, scheduled: float | None = None) -> None:
        n, code, headers = self._next()
        key = sign_off_id(n, code)
        self.asked[key] = scheduled if scheduled is not None else time.perf_counter()
        answer = _session(self._local).post(
            f"{self.origin}{V1}/enrolments/enrolment-{n:05d}/items/{code}/approve",
            json={"version": 1}, headers=headers, timeout=10)
        if answer.status_code != 200:
            name = f"{answer.status_code} {_code(answer)}"
            with self._lock:
                self.refused[name] = self.refused.get(name, 0) + 1
            raise requests.HTTPError(name)
        self.answered[key] = time.perf_counter()


def _code(answer: requests.Response) -> str:
    try:
        return str(answer.json().get("code"))
    except ValueError:
        return "?"


def _approved_id(event: dict) -> str | None:
    return event["data"]["sign_off_id"] if event.get("type") == ITEM_APPROVED else None


def _wait_for(subscriber: load.Subscriber, keys: list[str]) -> None:
    deadline = time.monotonic() + EVENT_WAIT
    while time.monotonic() < deadline and any(k not in subscriber.arrived for k in keys):
        time.sleep(0.05)


def signoffs(origin: str, tokens: Any, amqp_uri: str, trainees: int, cpu: Cpu
             ) -> dict[str, Any]:
    """Sign-offs at a fixed RATE, then the sustained maximum, timed to the subscriber."""
    subscriber = load.Subscriber(amqp_uri, "competencies.events", key=_approved_id,
                                 durable=True)
    try:
        approvals = Approvals(origin, tokens, trainees)
        warm = load.fixed_rate(approvals.approve, 20, 1, workers=32, pass_schedule=True)
        found: dict[str, Any] = {}

        def fixed() -> int:
            before = set(approvals.asked)
            found["run"] = load.fixed_rate(approvals.approve, RATE, SIGNOFF_SECONDS,
                                           workers=32, pass_schedule=True,
                                           late_limit_s=LATE_LIMIT)
            found["keys"] = [k for k in approvals.answered if k not in before]
            _wait_for(subscriber, found["keys"])
            return len(found["keys"])

        _, cpu_fixed = cpu.per_request(fixed)
        keys, run = found["keys"], found["run"]
        at_rate = dict(_summary([(subscriber.arrived[k] - approvals.asked[k]) * 1000
                                 for k in keys if k in subscriber.arrived]),
                       http_200=_summary([(approvals.answered[k] - approvals.asked[k]) * 1000
                                          for k in keys]),
                       approved=len(keys), events_missing=sum(
                           k not in subscriber.arrived for k in keys),
                       failed=dict(run.failures), behind_ms=round(run.behind_ms, 1),
                       cpu_ms_per_signoff=cpu_fixed)
        return {"at_100_per_s": at_rate, "warm_up": len(warm.latencies_ms),
                "maximum": _maximum(approvals, subscriber, cpu),
                "refused": approvals.refused,
                "deliveries_more_than_once": sum(
                    c > 1 for c in subscriber.deliveries.values())}
    finally:
        subscriber.close()


def _maximum(approvals: Approvals, subscriber: load.Subscriber, cpu: Cpu) -> dict[str, Any]:
    found: dict[str, Any] = {}

    def closed() -> int:
        before = set(approvals.asked)
        found["loop"] = closed_loop(approvals.approve)
        found["keys"] = [k for k in approvals.answered if k not in before]
        _wait_for(subscriber, found["keys"])
        return len(found["keys"])

    _, cpu_max = cpu.per_request(closed)
    loop, keys = found["loop"], found["keys"]
    arrived = [subscriber.arrived[k] for k in keys if k in subscriber.arrived]
    span = (max(arrived) - min(approvals.asked[k] for k in keys)) if arrived else 0.0
    return {"clients": CLIENTS, "http_200_per_s": loop["per_s"], "approved": len(keys),
            "events_arrived": len(arrived),
            "sustained_per_s": round(len(arrived) / span, 1) if span else 0.0,
            "event_lag_after_last_200_ms": round(
                (max(arrived) - max(approvals.answered[k] for k in keys)) * 1000, 1)
            if arrived else None,
            "approve_to_event": _summary([(subscriber.arrived[k] - approvals.asked[k]) * 1000
                                          for k in keys if k in subscriber.arrived]),
            "failed": loop["failed"], "cpu_ms_per_signoff": cpu_max}


def measure(only_signoff: bool = False) -> dict[str, Any]:
    """Reads at each level (unless ``only_signoff``), then sign-offs at the last level."""
    from programmes import start_services
    from stack import POSTGRES, RABBIT

    from portal_kit.testing_infra import (
        create_database,
        create_vhost,
        delete_vhost,
        drop_database,
        free_port,
    )
    from portal_kit.testing_tokens import TokenFactory
    url = create_database(POSTGRES, "bench_signoff")
    vhost = create_vhost(RABBIT)
    results: dict[str, Any] = {"levels": {}, "loadavg_before": _load()}
    levels = LEVELS[-1:] if only_signoff else LEVELS
    try:
        prepare(url)
        with TokenFactory().serving() as tokens:
            port = free_port()
            services = start_services(url, vhost.amqp_uri,
                                      tokens.jwks_url.rsplit("/", 1)[0], port, PROCESSES)
            origin_process, origin = start_origin(f"http://127.0.0.1:{port}")
            cpu = Cpu(url, {"competencies": [s.pid for s in services],
                            "origin": [origin_process.pid]})
            results.update(processes=PROCESSES, rss_mib_idle=_memory(services, "VmRSS"))
            try:
                have = 0
                for level in levels:
                    began = time.monotonic()
                    populate(url, have, level)
                    have = level
                    results["levels"][str(level)] = {"seeded_s": round(
                        time.monotonic() - began, 1)}
                    if not only_signoff:
                        results["levels"][str(level)].update(
                            reads(origin, tokens, level, cpu), loadavg=_load())
                results["signoff"] = dict(signoffs(origin, tokens, vhost.amqp_uri, have, cpu),
                                          trainees=have, loadavg=_load())
                results["rss_mib_peak"] = _memory(services, "VmHWM")
            finally:
                for process in (origin_process, *services):
                    process.terminate()
                    process.wait(30)
    finally:
        delete_vhost(RABBIT, vhost)
        drop_database(POSTGRES, url)
    results["loadavg_after"] = _load()
    return results


def reads(origin: str, tokens: Any, level: int, cpu: Cpu) -> dict[str, Any]:
    tutors = sorted({tutor(n) for n in range(level)})
    queue_headers = [tokens.headers(subject=random.choice(tutors), assurance="substantial",
                                    lifetime=3600, memberships=[
                                        {"organisation_id": PRACTICE, "role": "tutor"}])
                     for _ in range(min(TOKENS, len(tutors) * 3))]
    people = [random.randrange(level) for _ in range(TOKENS)]
    mine = [(n, tokens.headers(subject=trainee(n), assurance="substantial", lifetime=3600))
            for n in people]
    chosen = threading.local()

    def progress_url() -> str:
        chosen.pick = random.choice(mine)
        return f"{origin}{V1}/enrolments/enrolment-{chosen.pick[0]:05d}/progress"

    queue = requests.get(f"{origin}{V1}/me/queue", headers=queue_headers[0], timeout=10).json()
    return {
        "queue_items": sum(len(entry["items"]) for entry in queue),
        "queue": read_path(lambda: f"{origin}{V1}/me/queue",
                           lambda: random.choice(queue_headers), cpu),
        "progress": read_path(progress_url, lambda: chosen.pick[1], cpu)}


def _memory(processes: list[subprocess.Popen], field: str) -> list[float]:
    """Each competencies process's resident memory (``VmRSS``) or its peak (``VmHWM``), MiB."""
    found = []
    for process in processes:
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                found.append(round(int(line.split()[1]) / 1024, 1))
    return found


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def table(results: dict[str, Any]) -> str:
    lines = [f"{'sign-off (PostgreSQL, via origin)':<36}{'n':>7}{'failed':>7}{'p50':>9}"
             f"{'p99':>9}{'max':>9}{'max req/s':>11}  CPU ms/request (service, origin, "
             "postgres)"]
    for level, row in results["levels"].items():
        for name in ("queue", "progress"):
            if name in row:
                r = row[name]
                lines.append(f"{f'{name}, {level} trainees, 100/s':<36}{r.get('n', 0):>7}"
                             f"{sum(r['failed'].values()):>7}{r.get('p50', '-'):>9}"
                             f"{r.get('p99', '-'):>9}{r.get('max', '-'):>9}"
                             f"{r['max_per_s']:>11}  {_cpu(r['cpu_ms_per_request'])}")
    s = results.get("signoff")
    if s:
        fixed, top = s["at_100_per_s"], s["maximum"]
        http = fixed["http_200"]
        lines.append(f"{'approve -> subscriber, 100/s':<36}{fixed.get('n', 0):>7}"
                     f"{sum(fixed['failed'].values()):>7}"
                     f"{fixed.get('p50', '-'):>9}{fixed.get('p99', '-'):>9}"
                     f"{fixed.get('max', '-'):>9}{top['sustained_per_s']:>11}  "
                     f"{_cpu(fixed['cpu_ms_per_signoff'])}")
        lines.append(f"{'approve -> HTTP 200, 100/s':<36}{http.get('n', 0):>7}{'':>7}"
                     f"{http.get('p50', '-'):>9}{http.get('p99', '-'):>9}"
                     f"{http.get('max', '-'):>9}{top['http_200_per_s']:>11}")
        lines.append(f"sign-off maximum ({top['clients']} approvers back to back, "
                     f"{s['trainees']} trainees): {top['http_200_per_s']}/s answered, "
                     f"{top['sustained_per_s']}/s to the subscriber, CPU ms per sign-off "
                     f"{_cpu(top['cpu_ms_per_signoff'])}; events missing "
                     f"{fixed['events_missing']}, refused {s['refused'] or 'none'}, "
                     f"redelivered {s['deliveries_more_than_once']}")
    lines.append(f"competencies processes: {results.get('processes', 1)}, resident MiB idle "
                 f"{results.get('rss_mib_idle')}, peak {results.get('rss_mib_peak')}; load "
                 f"average before {results['loadavg_before']}, after "
                 f"{results['loadavg_after']}")
    return "\n".join(lines)


def _cpu(cpu: dict[str, float]) -> str:
    return " / ".join(str(cpu.get(k, "-")) for k in ("competencies", "origin",
                                                    "postgres backends"))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    found = measure(only_signoff="--only-signoff" in sys.argv)
    import json
    print(json.dumps(found, indent=2))
    print(table(found))
