"""`make test`'s `-n 2 --dist loadgroup` keeps each xdist_group on one worker (tests/support/xdist_groups.py):
a small suite of two groups over two modules, beside ungrouped tests, run the way the Makefile runs pytest."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from tests.support.patience import TOOL

ROOT = Path(__file__).resolve().parents[2]
GROUPED = """import pytest

pytestmark = pytest.mark.xdist_group("{group}")


@pytest.mark.parametrize("i", range(6))
def test_grouped(i):
    pass


@pytest.mark.parametrize("i", range(6))
def test_loose(i):
    pass
"""


def test_each_group_runs_on_one_worker_under_loadgroup(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    for module, group in (("test_a.py", "one"), ("test_b.py", "two"), ("test_c.py", "one")):
        (tmp_path / module).write_text(GROUPED.format(group=group))
    loose = "import pytest\n\n\n@pytest.mark.parametrize('i', range(12))\ndef test_free(i):\n    pass\n"
    (tmp_path / "test_free.py").write_text(loose)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v", "-p", "no:cacheprovider",
                           "-p", "tests.support.xdist_groups"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=TOOL)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    workers: dict[str, set[str]] = defaultdict(set)
    for worker, nodeid in re.findall(r"\[(gw\d)\] \[ *\d+%\] PASSED (\S+)", done.stdout):
        workers[nodeid.rpartition("@")[2] if "@" in nodeid else nodeid].add(worker)
    assert len(re.findall(r"PASSED", done.stdout)) == 48, done.stdout[-3000:]
    # the group's tests carry it in their id (the scheduler reads it there) and ran on one worker
    assert len(workers["one"]) == 1 and len(workers["two"]) == 1, dict(workers)
