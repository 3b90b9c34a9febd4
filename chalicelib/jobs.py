"""Scheduled entry points by name, and the one place their cadence is declared. app.py turns each cadence
into an EventBridge rule, the local scheduler loop (devstack/scheduler.py) runs them on the same cadence,
and /local/checks/{name} runs one on demand."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, time, timedelta
from typing import TypeAlias

from .container import Services


@dataclass(frozen=True)
class Every:
    """A fixed period (EventBridge rate())."""

    minutes: int

    def __post_init__(self) -> None:
        if self.minutes < 1:
            raise ValueError(f"a period of at least one minute, not {self.minutes}")

    @property
    def period(self) -> timedelta:
        return timedelta(minutes=self.minutes)

    @property
    def expression(self) -> str:
        value, unit = (self.minutes // 60, "hour") if self.minutes % 60 == 0 else (self.minutes, "minute")
        return f"rate({value} {unit}{'' if value == 1 else 's'})"  # EventBridge wants the singular for 1


@dataclass(frozen=True)
class DailyAt:
    """Once a day at hour:minute UTC (EventBridge cron(), which is always UTC)."""

    hour: int
    minute: int = 0

    def __post_init__(self) -> None:
        if not (0 <= self.hour < 24 and 0 <= self.minute < 60):
            raise ValueError(f"a UTC time of day, not {self.hour}:{self.minute}")

    @property
    def time_of_day(self) -> time:
        return time(self.hour, self.minute, tzinfo=UTC)

    @property
    def expression(self) -> str:
        return f"cron({self.minute} {self.hour} * * ? *)"


Cadence: TypeAlias = Every | DailyAt


@dataclass(frozen=True)
class Check:
    name: str
    cadence: Cadence
    run: Callable[[Services], dict[str, int]]
    # The deployed Lambda function (and the key of its settings in .chalice/config.json); the check's own
    # name unless said otherwise. Renaming one replaces the deployed function and its rule.
    function: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        if not self.function:
            object.__setattr__(self, "function", self.name)


CHECKS: dict[str, Check] = {
    check.name: check
    for check in (
        Check("reminders", Every(minutes=1), lambda svc: svc.checks.run("reminders")),
        Check("lateness", Every(minutes=1), lambda svc: svc.checks.run("lateness")),
        Check("follow_up", Every(minutes=60), lambda svc: svc.checks.run("follow_up")),
        # hourly: each store is reported once, on the first run after 20:00 its local time
        Check("daily_report", Every(minutes=60), lambda svc: svc.daily_report.run()),
        # 10:00 in China (UTC+8), so invitations arrive and call tasks appear in office hours
        Check("lapse", DailyAt(hour=2, minute=0), lambda svc: svc.lapse.run()),
        # messages that could not go at once (WeChat busy, SMS throttled, a sender that died mid-send);
        # deployed as outbox_retry since before this registry existed
        Check("outbox", Every(minutes=1), lambda svc: svc.notifier.run_due(), function="outbox_retry"),
        Check("counter_audit", DailyAt(hour=19, minute=30), lambda svc: svc.auditor.nightly()),  # 03:30 in China
    )
}
