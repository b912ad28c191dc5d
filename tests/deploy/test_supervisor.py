"""The launcher's supervisor: restarts a process that dies, gives up on one that keeps dying."""
import io
import sys
from pathlib import Path

import pytest

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
