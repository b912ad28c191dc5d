"""The trainee's curriculum view (``GET /api/competencies/v1/me/programme``) of the 151-item
LIS1 programme (version 2020-03, one current municipal placement) on PostgreSQL, with 10,
1,000 and 10,000 enrolled trainees.

The competencies service runs alone, as ``make run`` runs it (``portal_kit.serve``, its
config.yml), on a fresh PostgreSQL database and RabbitMQ vhost; its trainees are inserted
directly (enrolment, placement, person), each with its own signed token, and every request
asks for a trainee picked at random. Per level: an open-loop load at a fixed 100 requests/s
for ``FIXED_SECONDS`` (latency counted from the moment each request was due, so a slow
answer delays the count of the ones behind it), then a closed loop of ``CLIENTS`` clients
for ``MAX_SECONDS`` (the maximum rate). Then a profile of the view in-process (where the
time goes). Target: p99 <= 25 ms at 100/s, no growth with the number of trainees.
"""
from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import random
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import load
import requests

ROOT = Path(__file__).resolve().parents[2]
LEVELS = (10, 1_000, 10_000)
RATE, FIXED_SECONDS, MAX_SECONDS, CLIENTS, TOKENS = 100, 6, 5, 8, 300
HOLDER, PLACE = "bench-bergen", "bench-legevakt"
NO_CLOCK_SHIFT = str(Path("/tmp") / f"portal-bench-clock-{uuid.uuid4().hex}")  # never made


def _config(url: str) -> dict[str, str]:
    return {"DATABASE_URL": url, "AMQP_URI": "amqp://unused", "PORTAL_ENV": "development",
            "PORTAL_CLOCK_FILE": NO_CLOCK_SHIFT}


def _summary(samples: list[float]) -> dict[str, float]:
    from run import summarise  # the bench's one percentile function
    return summarise(samples)


def _cpu_ms(pid: int) -> float:
    from run import cpu_ms  # CPU time from /proc, as the rest of the bench reads it
    return cpu_ms(pid)


def populate(url: str, first: int, upto: int) -> None:
    """Trainees ``first`` .. ``upto - 1``: person, LIS1 2020-03 enrolment, current placement."""
    from sqlalchemy import create_engine, insert

    from competencies.adapters import orm
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg2://"))
    now, today = datetime.now(UTC), date.today()
    with engine.begin() as connection:
        people, enrolments, placements = [], [], []
        for n in range(first, upto):
            trainee, enrolment = f"trainee-{n:05d}", f"enrolment-{n:05d}"
            people.append({"person_id": trainee, "given_name": "Bench", "family_name": str(n)})
            enrolments.append({
                "enrolment_id": enrolment, "trainee_id": trainee, "curriculum": "lis1",
                "curriculum_version": "2020-03", "programme": "LIS1", "country": "NO",
                "agreement_holder_id": HOLDER, "starts_on": today - timedelta(days=400),
                "ends_on": None, "enrolled_at": now, "enrolled_by": "bench"})
            placements.append({
                "placement_id": f"placement-{n:05d}", "enrolment_id": enrolment,
                "trainee_id": trainee, "place_id": PLACE, "agreement_holder_id": HOLDER,
                "element": "kommune", "element_kind": "municipality", "plan": ["KLK", "FKM-K"],
                "starts_on": today - timedelta(days=30), "ends_on": today + timedelta(days=150),
                "recorded_at": now, "recorded_by": "bench"})
        connection.execute(insert(orm.people), people)
        connection.execute(insert(orm.enrolments), enrolments)
        connection.execute(insert(orm.placements), placements)
    engine.dispose()


def prepare(url: str) -> None:
    from competencies.adapters.curriculum_yaml import shipped_files
    from competencies.entrypoints import cli
    from portal_kit.migrations import upgrade
    upgrade(ROOT / "services" / "competencies", url)
    cli.load(_config(url), shipped_files())
    from sqlalchemy import create_engine, insert

    from competencies.adapters import orm
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg2://"))
    with engine.begin() as connection:
        connection.execute(insert(orm.organisations), [
            {"organisation_id": HOLDER, "name": "Bergen kommune", "kind": "municipality",
             "country": "NO", "agreement_holder_id": None},
            {"organisation_id": PLACE, "name": "Bergen legevakt", "kind": "clinic",
             "country": "NO", "agreement_holder_id": HOLDER}])
    engine.dispose()


def start_service(url: str, amqp_uri: str, jwks_base: str, port: int) -> subprocess.Popen:
    [process] = start_services(url, amqp_uri, jwks_base, port, 1)
    return process


def _launcher() -> Any:
    """deploy/launcher.py (not through sys.path: deploy/run.py would shadow the bench's)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("launcher", ROOT / "deploy" / "launcher.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules["launcher"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def start_services(url: str, amqp_uri: str, jwks_base: str, port: int, count: int
                   ) -> list[subprocess.Popen]:
    """``count`` competencies processes sharing ``port`` (SO_REUSEPORT) and their queues,
    as ``make run`` runs them with ``COMPETENCIES_PROCESSES``; returned once each listens
    and the port answers ready."""
    listening_inodes = _launcher().listening_inodes
    env = dict(os.environ, COMPETENCIES_DATABASE_URL=url, AMQP_URI=amqp_uri,
               COMPETENCIES_HTTP_ADDRESS=f"127.0.0.1:{port}", IDENTITY_URL=jwks_base,
               PORTAL_ENV="development", PORTAL_CLOCK_FILE=NO_CLOCK_SHIFT,
               LOG_LEVEL="WARNING")
    processes = [subprocess.Popen(
        [sys.executable, "-m", "portal_kit.serve", "--config",
         "services/competencies/config.yml", "competencies.entrypoints.service"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(count)]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if len(listening_inodes(port)) >= count:
            try:
                if requests.get(f"http://127.0.0.1:{port}/health/ready", timeout=2).ok:
                    return processes
            except requests.ConnectionError:
                pass
        time.sleep(0.2)
    for process in processes:
        process.kill()
    raise RuntimeError("competencies did not start for the bench")


def fixed_rate(url: str, headers: list[dict[str, str]],
               seconds: float = FIXED_SECONDS) -> load.Run:
    """RATE/s for ``seconds``, each call timed from its schedule (tests/bench/load.py)."""
    local = threading.local()

    def call() -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        session.get(url, headers=random.choice(headers), timeout=10).raise_for_status()

    return load.fixed_rate(call, RATE, seconds, workers=32, late_limit_s=5.0)


def one_at_a_time(url: str, headers: list[dict[str, str]], count: int = 100) -> list[float]:
    """One client, back to back: the cost of a request without any queue."""
    session, samples = requests.Session(), []
    for _ in range(count):
        started = time.perf_counter()
        session.get(url, headers=random.choice(headers), timeout=10).raise_for_status()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def max_rate(url: str, headers: list[dict[str, str]]) -> dict[str, Any]:
    """Answers/s to CLIENTS clients asking back to back for MAX_SECONDS (refusals counted)."""
    done, failed, stop = [0] * CLIENTS, [0] * CLIENTS, time.monotonic() + MAX_SECONDS

    def client(k: int) -> None:
        session = requests.Session()
        while time.monotonic() < stop:
            try:
                session.get(url, headers=random.choice(headers), timeout=10).raise_for_status()
                done[k] += 1
            except requests.RequestException:
                failed[k] += 1

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"per_s": round(sum(done) / (time.monotonic() - began), 1), "failed": sum(failed)}


def profile(url: str, trainees: int) -> dict[str, Any]:
    """The view in-process, without HTTP: its own time per call and the top functions."""
    from competencies.bootstrap import bootstrap
    from competencies.service_layer import views
    from portal_kit.principal import Principal
    app = bootstrap(_config(url))
    people = [Principal(f"trainee-{random.randrange(trainees):05d}") for _ in range(150)]

    def call(by: Principal) -> None:
        json.dumps(app.bus.query(views.my_programme, by=by, clock=app.clock), default=str)

    call(people[0])
    started = time.perf_counter()
    for by in people[:100]:
        call(by)
    per_call = (time.perf_counter() - started) / 100 * 1000
    profiler = cProfile.Profile()
    profiler.enable()
    for by in people[100:]:
        call(by)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    app.engine.dispose()
    return {"view_ms_per_call_in_process": round(per_call, 2), "top": _top(out.getvalue())}


def _top(report: str) -> list[str]:
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("ncalls"))
    return [" ".join(line.split()) for line in lines[start + 1:start + 13] if line.strip()]


def measure() -> dict[str, Any]:
    from stack import RABBIT

    from portal_kit.testing_infra import (
        create_database,
        create_vhost,
        delete_vhost,
        drop_database,
        free_port,
    )
    from portal_kit.testing_tokens import TokenFactory
    admin = os.environ.get("PORTAL_TEST_POSTGRES_URL",
                           "postgresql://postgres@127.0.0.1:5432/postgres")
    url = create_database(admin, "bench_programmes")
    vhost = create_vhost(RABBIT)
    results: dict[str, Any] = {"levels": {}}
    try:
        prepare(url)
        with TokenFactory().serving() as tokens:
            base = tokens.jwks_url.rsplit("/", 1)[0]
            port = free_port()
            process = start_service(url, vhost.amqp_uri, base, port)
            try:
                view = f"http://127.0.0.1:{port}/api/competencies/v1/me/programme"
                have = 0
                for level in LEVELS:
                    populate(url, have, level)
                    have = level
                    headers = [tokens.headers(subject=f"trainee-{random.randrange(level):05d}",
                                              lifetime=3600) for _ in range(TOKENS)]
                    check = requests.get(view, headers=headers[0], timeout=10).json()
                    items = sum(len(g["items"]) for g in check["enrolments"][0]["groups"])
                    fixed_rate(view, headers[:20], seconds=2)  # warm up
                    before = _cpu_ms(process.pid)
                    run = fixed_rate(view, headers)
                    cpu = (_cpu_ms(process.pid) - before) / max(1, len(run.latencies_ms))
                    results["levels"][str(level)] = {
                        "items": items, "at_100_per_s": _summary(run.latencies_ms),
                        "service_cpu_ms_per_request": round(cpu, 2),
                        "loadavg": [round(x, 2) for x in os.getloadavg()],
                        "one_at_a_time": _summary(one_at_a_time(view, headers)),
                        "failures": run.failures, "max_rate": max_rate(view, headers)}
            finally:
                process.terminate()
                process.wait(30)
        results["profile_10000"] = profile(url, LEVELS[-1])
    finally:
        delete_vhost(RABBIT, vhost)
        drop_database(admin, url)
    return results


def table(results: dict[str, Any]) -> str:
    lines = [f"{'curriculum view (151 items)':<30}{'n':>7}{'p50':>9}{'p99':>9}{'max':>9}"
             f"{'1 client p50':>14}{'p99':>9}{'max req/s':>11}{'CPU ms/req':>12}"]
    for level, row in results["levels"].items():
        fixed, alone = row["at_100_per_s"], row["one_at_a_time"]
        lines.append(f"{level + ' trainees, 100/s':<30}{fixed['n']:>7}{fixed['p50']:>9}"
                     f"{fixed['p99']:>9}{fixed['max']:>9}{alone['p50']:>14}{alone['p99']:>9}"
                     f"{row['max_rate']['per_s']:>11}"
                     f"{row.get('service_cpu_ms_per_request', '-'):>12}")
    lines.append(f"view in-process (10,000 trainees): "
                 f"{results['profile_10000']['view_ms_per_call_in_process']} ms per call")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    found = measure()
    print(table(found))
    print("\n".join(found["profile_10000"]["top"]))
