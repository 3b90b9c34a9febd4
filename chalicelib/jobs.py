"""Scheduled entry points by name: app.py wires each to an EventBridge rule, the local scheduler loop
(devstack/scheduler.py) runs them on their cadence, and /local/checks/{name} runs one on demand."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .container import Services


@dataclass(frozen=True)
class Check:
    name: str
    every_seconds: int
    run: Callable[[Services], dict]


CHECKS: dict[str, Check] = {
    check.name: check
    for check in (
        Check("reminders", 60, lambda svc: svc.checks.run("reminders")),
        Check("lateness", 60, lambda svc: svc.checks.run("lateness")),
        Check("follow_up", 3600, lambda svc: svc.checks.run("follow_up")),
        Check("daily_report", 3600, lambda svc: svc.daily_report.run()),
        Check("lapse", 3600, lambda svc: svc.lapse.run()),
        # messages that could not go at once (WeChat busy, SMS throttled, a sender that died mid-send)
        Check("outbox", 60, lambda svc: svc.notifier.run_due()),
    )
}
