"""The launcher's supervisor: restarts a process that dies, gives up on one that keeps dying."""
import io
import sys
from pathlib import Path

import pytest

from portal_kit.testing_infra import wait_for

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "deploy"))

from launcher import Failed, Process, Supervisor  # noqa: E402


def process(tmp_path, name, code):
    return Process(name, [sys.executable, "-c", code], {}, tmp_path / f"{name}.log")


def test_a_process_that_keeps_dying_stops_everything_with_its_log(tmp_path):
    crasher = process(tmp_path, "crasher", "import sys; print('boom'); sys.exit(3)")
    sleeper = process(tmp_path, "sleeper", "import time; time.sleep(60)")
    out = io.StringIO()
    supervisor = Supervisor([sleeper, crasher], out=out, max_restarts=2, window=60)
    for p in supervisor.processes:
        p.start()
    try:
        with pytest.raises(Failed) as failure:
            supervisor.watch()
    finally:
        supervisor.stop_all()
    assert "crasher exited 3 times" in str(failure.value) and "boom" in str(failure.value)
    assert out.getvalue().count("crasher exited (code 3); restarting it") == 2
    assert not sleeper.alive()


STOPS_ONLY_WITH_THE_OTHERS = """
import pathlib, signal, sys, time
folder, me, everyone = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3].split(",")
def stop(*_):
    (folder / me).touch()
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        if all((folder / name).exists() for name in everyone):
            sys.exit(0)
        time.sleep(0.02)
    sys.exit(3)
signal.signal(signal.SIGTERM, stop)
(folder / f"{me}.ready").touch()
while True:
    time.sleep(1)
"""


def test_stopping_asks_every_process_at_once_and_leaves_none_behind(tmp_path):
    """Each process exits 0 only once all of them were told to stop: sequential stops fail."""
    names = ["mailcatcher", "identity", "invitations", "origin"]
    processes = [Process(name, [sys.executable, "-c", STOPS_ONLY_WITH_THE_OTHERS, str(tmp_path),
                                name, ",".join(names)], {}, tmp_path / f"{name}.log")
                 for name in names]
    supervisor = Supervisor(processes, out=io.StringIO())
    for p in processes:
        p.start()
    wait_for(lambda: all((tmp_path / f"{name}.ready").exists() for name in names), timeout=30)
    supervisor.stop_all(grace=20)
    assert [p.popen.returncode for p in processes] == [0, 0, 0, 0]
    assert not any(p.alive() for p in processes)
