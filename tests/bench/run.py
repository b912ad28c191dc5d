"""`make bench`: start the whole portal, measure it for about two minutes, print a table.

Measures the event hop of the kit against its floor (plain kombu with confirms) on the
same broker in the same run (tests/bench/hop.py, on PostgreSQL), HTTP latency (through
the origin and direct to the service), token issuance, a page of the web front end
through the origin at a fixed 20 pages/s (the trainee's own curriculum, /programmes/mine,
logged in as an enrolled and placed KBU trainee: tests/bench/trainee_page.py; and ``--page``,
default the public agreement list), a 20 MB file's upload and download (throughput, and the memory of each process on
its path over idle: tests/bench/files.py), the time from signing an agreement until an
outside subscriber has the event and the invitations projection and the mail catcher
show it, each process's resident memory idle and its peak under all of this, how long
the whole portal takes to stop after Ctrl-C and how many log lines were not JSON. The
machine's load average is recorded at the start and end (other work on the machine
moves every figure). Writes tests/bench/results.json. Counts are bounded and every phase
has a time budget. Then the trainee's curriculum view on PostgreSQL
(tests/bench/programmes.py), and sign-off on PostgreSQL: the approver's queue and the
trainee's progress with 10, 1,000 and 10,000 trainees, and sign-offs end to end (HTTP approve
through the origin → an outside subscriber has the event; tests/bench/signoff.py).
``--only hop,portal,curriculum,signoff`` runs some of the phases (``BENCH_ARGS="--only
signoff"``). Numbers are for comparing runs on one machine, never asserted anywhere.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import requests

from portal_contracts.identity import DPA_SIGNED_V2
from portal_kit.testing_infra import create_database, create_vhost, delete_vhost, drop_database

sys.path.insert(0, str(Path(__file__).resolve().parent))
import files  # noqa: E402 - sibling modules, found through the line above
import load  # noqa: E402
import programmes  # noqa: E402
import signoff  # noqa: E402
import stack as portal  # noqa: E402
import trainee_page  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results.json"
TOKEN_FORM = {"grant_type": "client_credentials", "client_id": "operator",
              "client_secret": "dev-operator-secret"}
PHASES = ("hop", "portal", "curriculum", "signoff")
POLL_SECONDS = 0.005
EVENT_TIMEOUT = 10.0


def summarise(samples: list[float]) -> dict[str, float]:
    """n, p50, p95, p99, mean and max of millisecond samples (nearest-rank percentiles)."""
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0}

    def rank(p: float) -> float:
        return round(ordered[max(0, math.ceil(len(ordered) * p / 100) - 1)], 2)

    return {"n": len(ordered), "p50": rank(50), "p95": rank(95), "p99": rank(99),
            "mean": round(sum(ordered) / len(ordered), 2), "max": round(ordered[-1], 2)}


def repeat(call: Callable[[], requests.Response], count: int, budget: float) -> list[float]:
    """Milliseconds of up to ``count`` successful calls, stopping when ``budget`` s is spent."""
    samples: list[float] = []
    deadline = time.monotonic() + budget
    while len(samples) < count and time.monotonic() < deadline:
        started = time.perf_counter()
        call().raise_for_status()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def operator_headers(origin: str) -> dict[str, str]:
    response = requests.post(f"{origin}/api/identity/v1/oauth/token", data=TOKEN_FORM, timeout=10)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def organisation_number() -> str:
    """A fresh valid organisasjonsnummer (identity checks them with python-stdnum)."""
    from stdnum.no import orgnr
    while True:
        number = "9" + str(uuid.uuid4().int)[:8]
        if orgnr.is_valid(number):
            return number


def publish_agreement_text(origin: str, headers: dict[str, str]) -> None:
    requests.post(f"{origin}/api/identity/v1/agreement-texts", headers=headers, timeout=10,
                  json={"title": "Databehandleravtale", "body": "Bench"}).raise_for_status()


def sign_one(stack: portal.Stack, http: requests.Session, headers: dict[str, str],
             number: int) -> tuple[str, str, float, float]:
    """Register an organisation and sign its agreement: (id, e-mail, time of the 200,
    time the sign request was sent)."""
    email = f"bench-{number}-{uuid.uuid4().hex[:8]}@example.org"
    body = {"name": f"Bench kommune {number}", "kind": "municipality", "country": "NO",
            "organisation_number": organisation_number(), "contact_email": email}
    created = http.post(f"{stack.origin}/api/identity/v1/organisations", json=body,
                        headers=headers, timeout=10)
    created.raise_for_status()
    organisation = created.json()["id"]
    asked = time.perf_counter()
    signed = http.post(f"{stack.origin}/api/identity/v1/organisations/{organisation}"
                       "/agreement/sign", json={"signatory_name": "X"}, headers=headers,
                       timeout=10)
    signed.raise_for_status()
    return organisation, email, time.perf_counter(), asked


def wait_for_effects(stack: portal.Stack, http: requests.Session, headers: dict[str, str],
                     subscriber: load.Subscriber, organisation: str, email: str,
                     signed: float, asked: float) -> dict[str, float]:
    """Poll projection and mail catcher every 5 ms; ms after the sign's 200 for each seen
    (for the outside subscriber: when its dpa.signed event arrived after the sign request
    was sent, as the event is published before the 200 reaches the client)."""
    projection = (f"{stack.direct['invitations']}/api/invitations/v1/organisations/"
                  f"{organisation}/agreement")
    checks = {
        "subscriber": lambda: f"organisations/{organisation}" in subscriber.arrived,
        "projection": lambda: _in_force(http.get(projection, headers=headers, timeout=5)),
        "mail": lambda: bool(http.get(f"{stack.mail}/messages", params={"to": email},
                                      timeout=5).json()),
    }
    seen: dict[str, float] = {}
    while len(seen) < len(checks) and time.perf_counter() - signed < EVENT_TIMEOUT:
        for name, check in checks.items():
            if name not in seen and check():
                seen[name] = (time.perf_counter() - signed) * 1000
        time.sleep(POLL_SECONDS)
    if "subscriber" in seen:  # the subscriber noted the arrival itself, to the microsecond
        seen["subscriber"] = (subscriber.arrived[f"organisations/{organisation}"] - asked) * 1000
    return seen


def _in_force(response: requests.Response) -> bool:
    return response.status_code == 200 and bool(response.json().get("in_force"))


def event_latency(stack: portal.Stack, headers: dict[str, str], count: int,
                  budget: float) -> dict[str, list[float]]:
    http = requests.Session()
    found: dict[str, list[float]] = {"subscriber": [], "projection": [], "mail": []}
    subscriber = load.Subscriber(stack.vhost.amqp_uri, "identity.events", key=_signed_subject)
    deadline = time.monotonic() + budget
    try:
        for number in range(count):
            if time.monotonic() > deadline:
                break
            seen = wait_for_effects(stack, http, headers, subscriber,
                                    *sign_one(stack, http, headers, number))
            for name, millis in seen.items():
                found[name].append(millis)
    finally:
        subscriber.close()
    return found


def _signed_subject(event: dict) -> str | None:
    return event.get("subject") if event.get("type") == DPA_SIGNED_V2 else None


def processes(stack: portal.Stack) -> dict[str, int]:
    """Each process the launcher started (and the launcher), named by its role."""
    named: dict[str, int] = {}
    for pid, cmdline in sorted(portal.descendants(stack.process.pid).items()):
        role = _role(cmdline, pid)
        named[f"{role} worker" if role in named else role] = pid  # gunicorn's worker
    return dict(named, **{"launcher (deploy/run.py)": stack.process.pid})


def cpu_ms(pid: int) -> float:
    """CPU time (user + system, ms) the process has used: unlike latency, hardly moved by
    other work on the machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def memory(stack: portal.Stack) -> dict[str, float]:
    """Resident memory (MiB) of each process, now."""
    result = {}
    for name, pid in processes(stack).items():
        kib = portal.rss_kib(pid)
        if kib is not None:
            result[name] = round(kib / 1024, 1)
    return dict(sorted(result.items()))


def _role(cmdline: str, pid: int) -> str:
    for service in portal.SERVICES:
        if f"services/{service}/config.yml" in cmdline:
            return service
    if "gunicorn" in cmdline or "services/web" in cmdline:
        return "web"
    if "-m dev_eid" in cmdline:
        return "dev-eid"
    for script in ("origin", "mailcatcher", "smsgateway"):
        if f"deploy/{script}.py" in cmdline:
            return script
    return f"pid {pid}: {cmdline[:40]}"


def measure(stack: portal.Stack, page: str) -> dict[str, dict[str, float]]:
    headers = operator_headers(stack.origin)
    publish_agreement_text(stack.origin, headers)
    origin, direct = requests.Session(), requests.Session()
    path = "/api/identity/v1/agreements"
    events = event_latency(stack, headers, count=30, budget=20)
    return {
        "GET agreements via origin": summarise(repeat(
            lambda: origin.get(f"{stack.origin}{path}", timeout=10), 500, 12)),
        "GET agreements direct": summarise(repeat(
            lambda: direct.get(f"{stack.direct['identity']}{path}", timeout=10), 500, 12)),
        "POST oauth/token direct": summarise(repeat(
            lambda: direct.post(f"{stack.direct['identity']}/api/identity/v1/oauth/token",
                                data=TOKEN_FORM, timeout=10), 200, 10)),
        f"page {page} at 20/s": web_page(stack, page),
        f"page {trainee_page.MINE} at 20/s": web_page(
            stack, trainee_page.MINE, trainee_page.enrolled_trainee(stack, headers)),
        "sign request -> subscriber": summarise(events["subscriber"]),
        "sign -> projection in force": summarise(events["projection"]),
        "sign -> e-mail at catcher": summarise(events["mail"]),
    }


def web_page(stack: portal.Stack, page: str, visitor: trainee_page.TraineePage | None = None,
             rate: float = 20, duration: float = 15) -> dict:
    """A page of the web front end through the origin at a fixed rate (one session each
    thread, as browsers keep their connections; ``visitor``: with its session cookie, a
    redirect counting as a failure); ms from each request's scheduled start."""
    sessions = threading.local()
    base = visitor.base if visitor else stack.origin

    def get() -> None:
        if not hasattr(sessions, "http"):
            sessions.http = requests.Session()
            if visitor:
                sessions.http.cookies.update(visitor.session.cookies)
        answer = sessions.http.get(f"{base}{page}", timeout=10, allow_redirects=False)
        for cookie in sessions.http.cookies:  # Secure, sent back on loopback as browsers do
            cookie.secure = False
        answer.raise_for_status()
        if answer.status_code != 200:
            raise requests.HTTPError(f"{answer.status_code} for {page}")

    get()  # the first render compiles the templates
    pids = {name: pid for name, pid in processes(stack).items()
            if name in ("identity", "competencies", "web worker", "origin")}
    before = {name: cpu_ms(pid) for name, pid in pids.items()}
    run = load.fixed_rate(get, rate, duration)
    pages = max(1, len(run.latencies_ms))
    cpu = {name: round((cpu_ms(pid) - before[name]) / pages, 2) for name, pid in pids.items()}
    return dict(summarise(run.latencies_ms), failed=sum(run.failures.values()),
                behind_ms=round(run.behind_ms, 1), cpu_ms_per_page=cpu)


def event_hop(rounds: int = 6, per_round: int = 50) -> dict[str, dict[str, float]]:
    """tests/bench/hop.py in its own process, on its own vhost and PostgreSQL database."""
    vhost = create_vhost(portal.RABBIT)
    database = create_database(portal.POSTGRES, "bench_hop")
    try:
        done = subprocess.run([sys.executable, str(Path(__file__).with_name("hop.py")),
                               vhost.amqp_uri, database, str(rounds), str(per_round)],
                              capture_output=True, text=True, timeout=300, check=True)
    finally:
        delete_vhost(portal.RABBIT, vhost)
        drop_database(portal.POSTGRES, database)
    samples = json.loads(done.stdout.strip().splitlines()[-1])
    cpu = samples["cpu_ms_per_message"]
    return {"floor: kombu confirm -> consume": dict(summarise(samples["floor"]),
                                                    cpu_ms_per_message=cpu["floor"]),
            "kit: outbox -> relay -> inbox": dict(summarise(samples["kit"]),
                                                  cpu_ms_per_message=cpu["kit"])}


def hop_ratio(hop: dict[str, dict[str, float]]) -> dict[str, float]:
    floor, kit = hop["floor: kombu confirm -> consume"], hop["kit: outbox -> relay -> inbox"]
    return {p: round(kit[p] / floor[p], 1) for p in ("p50", "p99", "cpu_ms_per_message")
            if floor.get(p)}


def table(latency: dict[str, dict[str, float]], idle: dict[str, float],
          peak: dict[str, float]) -> str:
    columns = ("n", "p50", "p95", "p99", "mean", "max")
    lines = [f"{'latency (ms)':<34}" + "".join(f"{c:>9}" for c in columns)]
    for name, row in latency.items():
        lines.append(f"{name:<34}" + "".join(f"{row.get(c, '-'):>9}" for c in columns))
    lines += ["", f"{'resident memory (MiB)':<34}{'idle':>9}{'peak':>9}"]
    lines += [f"{name:<34}{mib:>9}{peak.get(name, '-'):>9}" for name, mib in idle.items()]
    return "\n".join(lines)


def transfer_table(transfer: dict[str, dict[str, float]]) -> str:
    columns = sorted({c for row in transfer.values() for c in row}, key=_column_order)
    lines = [f"{'20 MB file':<30}" + "".join(f"{c:>15}" for c in columns)]
    for name, row in transfer.items():
        lines.append(f"{name:<30}" + "".join(f"{row.get(c, '-'):>15}" for c in columns))
    return "\n".join(lines)


def _column_order(column: str) -> tuple[int, str]:
    return (0 if column == "n" else 1 if column.startswith("MB/s") else 2, column)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default=os.environ.get("BENCH_PAGE", "/agreements"),
                        help="the web front end's page to load at 20 pages/s (default: "
                             "/agreements, the public agreement list)")
    parser.add_argument("--only", default=",".join(PHASES),
                        help=f"comma-separated phases to run, of {', '.join(PHASES)} "
                             "(default: all)")
    args = parser.parse_args()
    phases = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = [p for p in phases if p not in PHASES]
    if unknown:
        parser.error(f"unknown phase(s) {', '.join(unknown)}; choose of {', '.join(PHASES)}")
    load_before = os.getloadavg()
    results: dict = {"when": datetime.now(UTC).isoformat(timespec="seconds"),
                     "phases": phases}
    left: list[int] = []
    printed: list[str] = []
    if "hop" in phases:
        print("measuring the event hop against its floor (PostgreSQL, fresh vhost)…",
              flush=True)
        hop = event_hop()
        results.update(latency_ms=dict(hop), kit_hop_over_floor=hop_ratio(hop))
        printed.append(f"kit hop / floor: {hop_ratio(hop)} (target 2.5)")
    if "portal" in phases:
        left = whole_portal(args.page, results, printed)
    if "curriculum" in phases:
        print("measuring the trainee's curriculum view on PostgreSQL (competencies alone)…",
              flush=True)
        results["curriculum_view"] = programmes.measure()
        printed.append(programmes.table(results["curriculum_view"]))
    if "signoff" in phases:
        print("measuring sign-off on PostgreSQL: queue, progress, approve → subscriber…",
              flush=True)
        results["signoff"] = signoff.measure()
        printed.append(signoff.table(results["signoff"]))
    load_after = os.getloadavg()
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "loadavg_before": [round(x, 2) for x in load_before],
                          "loadavg_after": [round(x, 2) for x in load_after]}
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if "latency_ms" in results and "portal" not in phases:
        print(table(results["latency_ms"], {}, {}))
    print("\n\n".join(printed))
    print(f"\nload average (1, 5, 15 min) before {results['machine']['loadavg_before']}, "
          f"after {results['machine']['loadavg_after']} on {os.cpu_count()} CPUs; "
          f"wrote {RESULTS}")
    return 1 if left else 0


def whole_portal(page: str, results: dict, printed: list[str]) -> list[int]:
    """The whole portal as `make run` starts it: HTTP, a page, events, files, memory."""
    began = time.monotonic()
    print("starting the portal (fresh vhost, temporary SQLite data)…", flush=True)
    stack = portal.start()
    started = round(time.monotonic() - began, 1)
    left: list[int] = []
    try:
        time.sleep(2)  # let start-up work (first relay sweeps, JWKS fetches) settle
        idle = memory(stack)
        measuring = time.monotonic()
        with load.MemorySampler(lambda: processes(stack), portal.rss_kib) as sampler:
            latency = measure(stack, page)
            transfer = files.file_transfer(stack, operator_headers(stack.origin))
        measured = round(time.monotonic() - measuring, 1)
    finally:
        left = portal.stop(stack)
    latency = {**results.get("latency_ms", {}), **latency}
    results.update(page=page, startup_s=started, measuring_s=measured, latency_ms=latency,
                   file_transfer=transfer, rss_mib={"idle": idle, "peak": sampler.peak},
                   left_behind_after_stop=left, stop_s=stack.stop_s,
                   log_lines_not_json=stack.log_lines_not_json)
    printed.append(table(latency, idle, sampler.peak))
    printed.append(transfer_table(transfer))
    for shown in (page, trainee_page.MINE):
        printed.append(f"CPU ms per page of {shown}: "
                       f"{latency[f'page {shown} at 20/s']['cpu_ms_per_page']}")
    printed.append(f"start-up {started} s, measuring {measured} s, stop (Ctrl-C until the "
                   f"launcher exited) {stack.stop_s} s; processes left after stop: "
                   f"{left or 'none'}; log lines that are not JSON: "
                   f"{stack.log_lines_not_json}")
    return left


if __name__ == "__main__":
    sys.exit(main())
