"""The local run of `make run` (`python -m devstack.run`) as a test starts it beside itself, so that a busy
machine only makes it slower:

- it runs in a process group of its own (the run starts the API server as a child process);
- what it prints is read as it comes (a pipe nobody reads holds 64 KB, then stalls the run);
- it is ready once /health answers 200 on its port and it said it serves there; a refused connection or a
  probe that times out is one more poll, until a deadline (patience.STARTUP), and an exit ends the wait;
- it is stopped in every outcome, a failed start included: SIGTERM to the group, SIGKILL to whatever of it is
  left after patience.STOP, and then its port is free again.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

import requests

from tests.support.patience import STARTUP, STOP, wait_until

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_is_free(port: int) -> bool:
    """Nothing listens on 127.0.0.1:`port` any more."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def stop_group(proc: subprocess.Popen[str], grace: float = STOP) -> None:
    """SIGTERM to `proc`'s process group (it leads one), SIGKILL to whatever of the group is left after
    `grace` seconds (a child its leader left behind included); `proc` is collected, and the call returns once
    no process of the group runs any more (a signal is delivered, not obeyed, when kill returns)."""
    group = proc.pid
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(group, sig)
        except ProcessLookupError:  # the whole group is gone already
            break
        try:
            proc.wait(timeout=grace)
            wait_until(lambda: not group_runs(group), within=grace, what=f"process group {group} to stop")
            break
        except (subprocess.TimeoutExpired, TimeoutError):
            continue
    proc.wait()
    wait_until(lambda: not group_runs(group), within=grace, what=f"process group {group} to stop after SIGKILL")


def group_runs(group: int) -> bool:
    """Some process of the group is alive (a zombie has stopped: only its parent has not collected it yet)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] not in ("Z", "X"):
            return True
    return False


class Output:
    """Every line a process prints, read by a thread of its own as it comes."""

    def __init__(self, stream: IO[str]) -> None:
        self._lines: list[str] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, args=(stream,), name="local-run-output", daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        with stream:
            for line in stream:
                with self._lock:
                    self._lines.append(line)

    def lines(self) -> list[str]:
        with self._lock:
            return list(self._lines)

    def text(self) -> str:
        return "".join(self.lines())

    def close(self, within: float = STOP) -> None:
        self._thread.join(within)  # the group is gone: the pipe ends


class LocalRun:
    """`command` (the local run by default) on a free port (PORT), in its own process group; a context
    manager that is ready on entry and has stopped everything on exit. `ready_line`: what the run prints
    once it listens on its port (chalice local's line), so that another server on that port cannot pass
    for it."""

    def __init__(self, command: Sequence[str] | None = None, *, env: Mapping[str, str] | None = None,
                 startup: float = STARTUP, probe: float = 5.0, ready_line: str | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.command = list(command or [sys.executable, "-m", "devstack.run"])
        self.env = {**(os.environ if env is None else env), "PORT": str(self.port), "PYTHONUNBUFFERED": "1"}
        # the run's settings file (devstack/run_file.py) of its own, never the one of a `make run` beside the tests
        self._own_dir = None if "LOCAL_RUN_FILE" in self.env else tempfile.mkdtemp(prefix="local-run-")
        self.env.setdefault("LOCAL_RUN_FILE", str(Path(self._own_dir or ".") / "run.env"))
        self.settings_file = Path(self.env["LOCAL_RUN_FILE"])
        self.startup, self.probe = startup, probe
        self.ready_line = ready_line.format(port=self.port) if ready_line else None
        self.proc: subprocess.Popen[str] | None = None
        self.output: Output | None = None
        self._listened = False  # it said it listens (ready_line) or /health answered: the port was ours

    def __enter__(self) -> LocalRun:
        self.proc = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            assert self.proc.stdout is not None
            self.output = Output(self.proc.stdout)
            wait_until(self._ready, within=self.startup, what=f"{self.base}/health from {' '.join(self.command)}",
                       alive=self._alive)
        except TimeoutError as late:
            self.stop()
            raise TimeoutError(f"{late}; the run printed:\n{self.printed_text()[-4000:]}") from None
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def _alive(self) -> None:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError(f"the run exited ({self.proc.returncode}) before it answered:\n{self.printed_text()}")

    def _ready(self) -> bool:
        if self.ready_line and not any(self.ready_line in line for line in self._lines()):
            return False
        self._listened = self._listened or bool(self.ready_line)
        try:
            answered = requests.get(f"{self.base}/health", timeout=self.probe).status_code == 200
        except requests.RequestException:  # refused, reset, or slower than the probe: not up yet
            return False
        self._listened = self._listened or answered
        return answered

    def stop(self) -> None:
        """Stop the whole group, collect what it printed, and see its port free (when it was the run's)."""
        if self.proc is not None:
            stop_group(self.proc)
        if self.output is not None:
            self.output.close()
        if self._listened:
            wait_until(lambda: port_is_free(self.port), within=STOP, what=f"port {self.port} free after the run stopped")
        if self._own_dir is not None:
            shutil.rmtree(self._own_dir, ignore_errors=True)

    def _lines(self) -> list[str]:
        return self.output.lines() if self.output is not None else []

    def printed_text(self) -> str:
        return "".join(self._lines())

    def printed(self, prefix: str) -> str:
        """The first printed line with `prefix`, from `prefix` on (waiting for it to be read)."""
        line = wait_until(lambda: next((x for x in self._lines() if prefix in x), None), within=STOP,
                          what=f"a printed line with {prefix!r}")
        assert line is not None  # wait_until returns a true value only
        return line[line.index(prefix):]
