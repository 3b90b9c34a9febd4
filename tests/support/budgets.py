"""Each layer of the suite has a wall-time budget on the 2-core machine CI runs on. The figures are printed
at the end of every run, never asserted (timing belongs in benchmarks): a layer over budget is a prompt to
move tests down a layer (DynamoDB → fakes, HTTP → use case) or to make them cheaper."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

# seconds per layer: the whole suite with lint stays well under 8 minutes
BUDGETS = {"unit": 15, "service": 20, "integration": 180, "e2e": 120, "infra": 60}

_spent: dict[str, float] = defaultdict(float)
_counts: dict[str, int] = defaultdict(int)


def _layer(nodeid: str) -> str:
    parts = nodeid.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "tests" else "other"


def pytest_runtest_logreport(report: Any) -> None:
    layer = _layer(report.nodeid)
    _spent[layer] += report.duration
    if report.when == "call":
        _counts[layer] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _counts:
        return
    terminalreporter.write_sep("-", "time per layer (budget)")
    for layer in sorted(_spent, key=lambda name: list(BUDGETS).index(name) if name in BUDGETS else 99):
        budget = BUDGETS.get(layer)
        over = "  OVER BUDGET" if budget is not None and _spent[layer] > budget else ""
        limit = f"{budget} s" if budget is not None else "none"
        terminalreporter.write_line(f"{layer:<12} {_counts[layer]:>4} tests {_spent[layer]:7.1f} s  (budget {limit}){over}")
