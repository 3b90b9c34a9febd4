"""The support that starts a local run beside a test (tests/support/local_run.py), against a stand-in run: a
process that, like `python -m devstack.run`, starts a child server process, prints, then serves /health,
here slowly or never. A slow answer is one more poll; whatever was started is stopped in every outcome, the
child too, and the port is free again."""
from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest
import requests

from tests.support.local_run import LocalRun
from tests.support.patience import ANSWER

STANDIN = r"""
import os, signal, subprocess, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

slow = int(os.environ["SLOW_ANSWERS"])  # that many first /health answers take DELAY seconds; -1: none ever comes
delay = float(os.environ.get("DELAY", "0"))
child = subprocess.Popen([sys.executable, "-c", "import signal; signal.pause()"])  # as devstack.run's API server
print("x" * int(os.environ.get("NOISE", "0")), flush=True)
print(f"child {child.pid}", flush=True)
if os.environ.get("CRASH"):
    sys.exit("the port is taken")  # as when the API server cannot start: its child stays behind
asked = []
never = threading.Event()


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        asked.append(self.path)
        if slow < 0 or len(asked) <= slow:
            never.wait(None if slow < 0 else delay)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def stop(signum, frame):  # as devstack.run does: its child first
    child.terminate()
    child.wait()
    os._exit(0)


signal.signal(signal.SIGTERM, stop)
server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Health)
server.daemon_threads = True
server.serve_forever()
"""


def _standin(**env: str) -> tuple[list[str], dict[str, str]]:
    return [sys.executable, "-c", STANDIN], {**os.environ, **env}


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")  # a zombie has stopped; its parent just has not collected it yet


def _port_is_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _child(run: LocalRun) -> int:
    return int(run.printed("child ").split()[1])


def test_a_slow_health_answer_is_one_more_poll_and_the_run_stops_with_its_child():
    command, env = _standin(SLOW_ANSWERS="2", DELAY="1.0")  # the first two answers come after the probe gave up
    with LocalRun(command, env=env, probe=0.2) as run:
        assert requests.get(f"{run.base}/health", timeout=ANSWER).status_code == 200
        leader, child = run.proc.pid, _child(run)
        assert _running(leader) and _running(child)
    assert not _running(leader) and not _running(child)
    assert _port_is_free(run.port)


def test_a_run_that_never_answers_fails_its_setup_and_is_stopped_with_its_child():
    command, env = _standin(SLOW_ANSWERS="-1")
    run = LocalRun(command, env=env, probe=0.2, startup=2.0)
    with pytest.raises(TimeoutError), run:
        pytest.fail("a run that never answered /health was taken as ready")
    assert not _running(run.proc.pid) and not _running(_child(run))
    assert _port_is_free(run.port)


def test_a_run_that_exits_before_it_answers_fails_its_setup_with_what_it_printed_and_its_child_is_stopped():
    command, env = _standin(SLOW_ANSWERS="0", CRASH="1")
    run = LocalRun(command, env=env)
    with pytest.raises(RuntimeError, match="the port is taken"), run:
        pytest.fail("a run that exited was taken as ready")
    assert not _running(_child(run))


def test_a_run_that_prints_more_than_a_pipe_holds_still_comes_up():
    command, env = _standin(SLOW_ANSWERS="0", NOISE=str(256 * 1024))  # a pipe holds 64 KB: nobody reading stalls it
    with LocalRun(command, env=env) as run:
        assert requests.get(f"{run.base}/health", timeout=ANSWER).status_code == 200
        child = _child(run)
    assert not _running(child)
