"""How long a test waits for something before it calls it stuck, and the one way it waits: for a condition.

These are hang guards, not budgets. Every wait that uses them ends as soon as its condition holds, so on an
idle machine they cost nothing; on a busy 2-core machine (load 15) a slow answer is only slow. Timing is
measured by benchmarks, never asserted by a test.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

ANSWER = 120  # s: one HTTP request to a server a test started (requests' timeout=)
STARTUP = 300  # s: a process a test started (the local run) to answer its health check
STOP = 30  # s: a stopped process group between SIGTERM and SIGKILL; then its port to be free
BROWSER_MS = 120_000  # ms: a Playwright wait for a state (expect, an action, a navigation, the launch)
TOOL = 900  # s: a tool a test runs to its end (cfn-lint over every template, a fresh interpreter's imports)
POLL = 0.2  # s: between two looks at a condition

T = TypeVar("T")


def wait_until(condition: Callable[[], T], *, within: float, what: str,
               alive: Callable[[], None] | None = None, every: float = POLL) -> T:
    """Look at `condition` until it returns something true (returned) or `within` seconds have passed
    (TimeoutError naming `what`). `alive` is called before each look and raises when waiting is pointless,
    e.g. the process that should answer has exited."""
    deadline = time.monotonic() + within
    while True:
        if alive is not None:
            alive()
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what}: not within {within:g} s")
        time.sleep(every)
