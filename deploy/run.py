"""`make run`: migrate and start the whole portal locally, print where it is, stop on Ctrl-C.

`deploy/run.py --prepare` only migrates the databases, loads the curricula and declares the
queues, then exits.

Environment (all optional): AMQP_URI; <SERVICE>_DATABASE_URL (default: one SQLite
file per service under PORTAL_DATA_DIR, default .data); PORTAL_PORT (the origin,
default 8000; services listen on the next five ports, the web front end on the sixth,
the development eID provider on PORTAL_PORT + 7 at DEV_EID_URL); WEB_DATABASE_URL
(default: SQLite under PORTAL_DATA_DIR); MAILCATCHER_SMTP_PORT
(1025) and MAILCATCHER_HTTP_PORT (8025); SMTP_HOST/SMTP_PORT to use a real mail
server instead of the local catcher; SMS_GATEWAY_URL to use a real SMS gateway instead of
the local one (PORTAL_PORT + 8); PORTAL_PROCESSES (1) processes of each service, or
<SERVICE>_PROCESSES for one service: they share its HTTP port (SO_REUSEPORT, the kernel
spreads the connections) and its queues (competing consumers), and need PostgreSQL (a
SQLite file is for one process).
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from launcher import ROOT, Failed, Process, Supervisor, run_checked

SERVICES = ["identity", "invitations", "competencies", "documents", "notifications"]
WEB_OFFSET = 6  # the web front end listens on PORTAL_PORT + 6
BROKER_HELP = """\
RabbitMQ is not reachable at {uri} ({error}).
Start one, then run this again:
  - Debian/Ubuntu:  sudo apt-get install rabbitmq-server && sudo rabbitmq-server -detached
  - Docker:         docker run -d -p 5672:5672 -p 15672:15672 rabbitmq:3-management
  - or point AMQP_URI at a broker you have: AMQP_URI=amqp://user:pass@host:5672/vhost make run"""


def settings() -> dict[str, str]:
    data_dir = Path(os.environ.get("PORTAL_DATA_DIR", ROOT / ".data")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    port = int(os.environ.get("PORTAL_PORT", "8000"))
    env = dict(os.environ, PORTAL_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1",
               AMQP_URI=os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"),
               PUBLIC_BASE_URL=os.environ.get("PUBLIC_BASE_URL", f"http://localhost:{port}"),
               PORTAL_PORT=str(port))
    for offset, service in enumerate(SERVICES, start=1):
        key = service.upper()
        env.setdefault(f"{key}_DATABASE_URL", f"sqlite:///{data_dir}/{service}.db")
        env[f"{key}_HTTP_ADDRESS"] = f"127.0.0.1:{port + offset}"
        env[f"{key}_URL"] = f"http://127.0.0.1:{port + offset}"  # as the web front end calls it
    env.setdefault("WEB_DATABASE_URL", f"sqlite:///{data_dir}/web.db")
    env["WEB_HTTP_ADDRESS"] = f"127.0.0.1:{port + WEB_OFFSET}"
    env.setdefault("DEV_EID_URL", f"http://localhost:{port + 7}")
    env["DEV_EID_HTTP_ADDRESS"] = f"127.0.0.1:{port + 7}"
    if "SMS_GATEWAY_URL" not in os.environ:
        env["SMS_GATEWAY_URL"] = f"http://127.0.0.1:{port + 8}/messages"
    if "SMTP_HOST" not in os.environ:
        env.update(SMTP_HOST="127.0.0.1",
                   SMTP_PORT=os.environ.get("MAILCATCHER_SMTP_PORT", "1025"))
    return env


def process_count(env: dict[str, str], service: str) -> int:
    """How many processes of ``service`` to run (``<SERVICE>_PROCESSES``, else
    ``PORTAL_PROCESSES``, else 1); more than one only on PostgreSQL."""
    key = service.upper()
    raw = env.get(f"{key}_PROCESSES") or env.get("PORTAL_PROCESSES") or "1"
    try:
        count = int(raw)
    except ValueError:
        raise SystemExit(f"{key}_PROCESSES / PORTAL_PROCESSES must be a whole number, "
                         f"not {raw!r}") from None
    if count < 1:
        raise SystemExit(f"{key}_PROCESSES / PORTAL_PROCESSES must be at least 1")
    if count > 1 and not env[f"{key}_DATABASE_URL"].startswith("postgresql"):
        raise SystemExit(f"{count} processes of {service} need PostgreSQL "
                         f"({key}_DATABASE_URL): a SQLite file is for one process")
    return count


def check_broker(uri: str) -> None:
    from kombu import Connection
    try:
        with Connection(uri, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:  # any failure means: tell the user now, do not hang
        raise SystemExit(BROKER_HELP.format(uri=_hide_password(uri), error=exc)) from None


def migrate(env: dict[str, str]) -> None:
    for service in [*SERVICES, "web"]:
        url = env[f"{service.upper()}_DATABASE_URL"]
        run_checked([sys.executable, "-m", "alembic", "-c", f"services/{service}/alembic.ini",
                     "-x", f"database_url={url}", "upgrade", "head"], env,
                    f"migrating {service}")


def load_curricula(env: dict[str, str]) -> None:
    """The shipped curricula, all or none (``python -m competencies.manage load-curricula``;
    loading them again changes nothing)."""
    run_checked([sys.executable, "-m", "competencies.manage", "load-curricula"], env,
                "loading the curricula")


def declare_queues(env: dict[str, str]) -> None:
    """Every consumer's queue exists before any service starts, so no event is missed."""
    run_checked([sys.executable, "-m", "portal_kit.topology", "declare",
                 *[f"{service}.entrypoints.service" for service in SERVICES]], env,
                "declaring the consumer queues")


def seed_development(env: dict[str, str]) -> None:
    """Development only: the organisation lists and the test people, as an operator would
    enter them (``python -m identity.manage seed-development``; ``PORTAL_SEED=0`` skips)."""
    if env.get("PORTAL_ENV", "development") != "development" or env.get("PORTAL_SEED") == "0":
        return
    run_checked([sys.executable, "-m", "identity.manage", "seed-development"], env,
                "seeding identity's development data")


def processes(env: dict[str, str]) -> list[Process]:
    logs = Path(env["PORTAL_DATA_DIR"]) / "logs"
    port = int(env["PORTAL_PORT"])
    result = []
    if env["SMTP_HOST"] == "127.0.0.1" and "MAILCATCHER_OFF" not in env:
        http_port = env.get("MAILCATCHER_HTTP_PORT", "8025")
        result.append(Process("mailcatcher", [
            sys.executable, "deploy/mailcatcher.py", "--smtp-port", env["SMTP_PORT"],
            "--http-port", http_port, "--store", str(logs.parent / "mail")], env,
            logs / "mailcatcher.log", f"http://127.0.0.1:{http_port}/health"))
    if env["SMS_GATEWAY_URL"] == f"http://127.0.0.1:{port + 8}/messages":
        result.append(Process("smsgateway", [
            sys.executable, "deploy/smsgateway.py", "--port", str(port + 8), "--store",
            str(logs.parent / "sms")], env, logs / "smsgateway.log",
            f"http://127.0.0.1:{port + 8}/health"))
    if env.get("PORTAL_ENV", "development") == "development":
        result.append(Process("dev-eid", [sys.executable, "-m", "dev_eid"], env,
                              logs / "dev-eid.log",
                              f"http://{env['DEV_EID_HTTP_ADDRESS']}/health/ready"))
    for service in SERVICES:
        address = env[f"{service.upper()}_HTTP_ADDRESS"]
        count = process_count(env, service)
        for n in range(1, count + 1):
            name = service if count == 1 else f"{service}-{n}"
            result.append(Process(name, [
                sys.executable, "-m", "portal_kit.serve", "--config",
                f"services/{service}/config.yml", f"{service}.entrypoints.service"], env,
                logs / f"{name}.log", f"http://{address}/health/ready",
                listen_port=int(address.rsplit(":", 1)[1]) if count > 1 else None))
    web = f"http://{env['WEB_HTTP_ADDRESS']}"
    result.append(Process("web", [
        sys.executable, "-m", "gunicorn", "--config", "services/web/gunicorn.conf.py",
        "web.app:create_app()"], env, logs / "web.log", f"{web}/health/ready"))
    routes = [f"{s}=http://{env[f'{s.upper()}_HTTP_ADDRESS']}" for s in SERVICES]
    result.append(Process("origin", [
        sys.executable, "deploy/origin.py", "--port", str(port), "--default", web,
        *[arg for route in routes for arg in ("--route", route)]], env, logs / "origin.log",
        f"http://127.0.0.1:{port}/health/live"))
    return result


def summary(env: dict[str, str], started: list[Process]) -> str:
    port = env["PORTAL_PORT"]
    lines = [f"The competency portal is running at http://localhost:{port}", "",
             f"  web            http://localhost:{port}/   (own port: http://{env['WEB_HTTP_ADDRESS']})"]
    for service in SERVICES:
        lines.append(f"  {service:<14} http://localhost:{port}/api/{service}/openapi.json"
                     f"   (own port: http://{env[f'{service.upper()}_HTTP_ADDRESS']})")
    if any(p.name == "mailcatcher" for p in started):
        mail_port = env.get("MAILCATCHER_HTTP_PORT", "8025")
        lines.append(f"  mail catcher   smtp://127.0.0.1:{env['SMTP_PORT']}, "
                     f"read mails at http://127.0.0.1:{mail_port}/")
    if any(p.name == "smsgateway" for p in started):
        lines.append(f"  SMS gateway    read text messages at "
                     f"{env['SMS_GATEWAY_URL'].removesuffix('/messages')}/")
    if any(p.name == "dev-eid" for p in started):
        lines.append(f"  development eID provider {env['DEV_EID_URL']}   (issuers /helseid and "
                     "/nemlogin, test people to log in as)")
    lines += _clock_line(env)
    lines += [f"  broker         {_hide_password(env['AMQP_URI'])}",
              f"  data and logs  {env['PORTAL_DATA_DIR']} (logs/<process>.log)",
              "", "Press Ctrl-C to stop everything."]
    return "\n".join(lines)


def _clock_line(env: dict[str, str]) -> list[str]:
    from portal_kit.clock import clock_file, read_offset
    path = clock_file({"PORTAL_CLOCK_FILE": env.get("PORTAL_CLOCK_FILE"),
                       "DATA_DIR": env["PORTAL_DATA_DIR"]})
    if env.get("PORTAL_ENV", "development") != "development" or not path.exists():
        return []
    offset = read_offset(path)
    return [f"  clock          shifted by {offset} (python deploy/clock.py show | reset)"]


def _hide_password(uri: str) -> str:
    parts = urlsplit(uri)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    env = settings()
    for service in SERVICES:
        process_count(env, service)  # a wrong count says so before anything starts
    check_broker(env["AMQP_URI"])
    migrate(env)
    load_curricula(env)
    declare_queues(env)
    seed_development(env)
    if "--prepare" in sys.argv[1:]:
        return 0
    supervisor = Supervisor(processes(env))
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        supervisor.start_all()
        print(summary(env, supervisor.processes), flush=True)
        supervisor.watch()
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    except Failed as failure:
        print(f"\n{failure}", file=sys.stderr, flush=True)
        return 1
    finally:
        supervisor.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
