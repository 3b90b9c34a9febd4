"""Each layer of the suite, and each heavy group within it, has a time budget on the 2-core machine CI runs
on. The figures are printed at the end of every run, never asserted (timing belongs in benchmarks): a layer
over budget is a prompt to move tests down a layer (DynamoDB → fakes, HTTP → use case) or to make them
cheaper. Times are summed over the test workers; the whole of `make test` stays under 8 minutes of wall
time, that is under about 900 worker-seconds on two workers."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

LAYERS = {"unit": 20, "service": 65, "integration": 300, "e2e": 360, "infra": 120}
# heavy groups: the part of a layer they are, and their own budget
GROUPS = {
    "booking life": ("tests/service/test_booking_life", 45),  # the state machine: 400 random lives on the fakes
    "fuzzing": ("tests/e2e/test_fuzz", 60),
    "browser": ("tests/e2e/test_board_browser", 40),
    "console browser": ("tests/e2e/test_console_browser", 90),
    "counter browser": ("tests/e2e/test_counter_browser", 60),  # two 60-booking days at the counter
    "local run": ("tests/e2e/test_make_run", 60),
    "template synthesis": ("tests/infra/", 120),
}

_spent: dict[str, float] = defaultdict(float)
_counts: dict[str, int] = defaultdict(int)


def _buckets(nodeid: str) -> list[str]:
    parts = nodeid.split("/")
    layer = parts[1] if len(parts) > 2 and parts[0] == "tests" else "other"
    return [layer, *(name for name, (prefix, _) in GROUPS.items() if nodeid.startswith(prefix))]


def pytest_runtest_logreport(report: Any) -> None:
    for bucket in _buckets(report.nodeid):
        _spent[bucket] += report.duration
        if report.when == "call":
            _counts[bucket] += 1


def _line(name: str, budget: int | None) -> str:
    over = "  OVER BUDGET" if budget is not None and _spent[name] > budget else ""
    limit = f"{budget} s" if budget is not None else "none"
    return f"{name:<20} {_counts[name]:>4} tests {_spent[name]:7.1f} s  (budget {limit}){over}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _counts:
        return
    terminalreporter.write_sep("-", "test time per layer and heavy group, summed over workers (budget)")
    for name in [*LAYERS, "other"]:
        if name in _counts:
            terminalreporter.write_line(_line(name, LAYERS.get(name)))
    for name, (_, budget) in GROUPS.items():
        if name in _counts:
            terminalreporter.write_line("  " + _line(name, budget))
