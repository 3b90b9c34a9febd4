"""Scheduled entry points by name, and the one place their cadence is declared; and the work queues with
their workers. app.py turns each cadence into an EventBridge rule (whose handler runs the check's `tick`:
for the fanned-out checks, the dispatcher only) and each worker into an SQS-triggered function; the local
scheduler loop (devstack/scheduler.py) and /local/checks/{name} call `run` (for the fanned-out checks: the
dispatcher, then the workers in-process until the queues are empty)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, time, timedelta
from typing import TypeAlias

from .container import Services
from .services.runs.fanout import CHECK_QUEUE, SEND_QUEUE


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
    # What the deployed schedule runs; `run` unless the check fans out (then only the dispatcher).
    tick: Callable[[Services], dict[str, int]] | None = field(default=None, kw_only=True)
    # The deployed Lambda function (and the key of its settings in .chalice/config.json); the check's own
    # name unless said otherwise. Renaming one replaces the deployed function and its rule.
    function: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        if not self.function:
            object.__setattr__(self, "function", self.name)
        if self.tick is None:
            object.__setattr__(self, "tick", self.run)


@dataclass(frozen=True)
class Worker:
    """An SQS queue ("<table prefix>-<queue>", e.g. appt-prod-checks) and the function its batches trigger.
    The infrastructure creates each queue with a dead-letter queue "<name>-dlq" (maxReceiveCount 5) and a
    visibility timeout of at least six times the function's timeout."""

    queue: str
    function: str
    # items one invocation handles at most locally (`chalice local`); the deployed batch size and concurrency
    # are the stage's scale table's (infra/scale_settings.py)
    batch_size: int


WORKERS: dict[str, Worker] = {
    worker.queue: worker
    for worker in (
        Worker(CHECK_QUEUE, "check_worker", batch_size=10),
        Worker(SEND_QUEUE, "send_worker", batch_size=10),
    )
}


def fanned_out(name: str, cadence: Cadence, **kw: str) -> Check:
    """A check whose tick dispatches to the workers; run = dispatch, then drain the queues in-process."""
    return Check(name, cadence, lambda svc: svc.fanout.run(name), tick=lambda svc: svc.fanout.dispatch(name), **kw)


CHECKS: dict[str, Check] = {
    check.name: check
    for check in (
        fanned_out("reminders", Every(minutes=1)),
        fanned_out("lateness", Every(minutes=1)),
        fanned_out("follow_up", Every(minutes=60)),
        # hourly: each store is reported once, on the first run after 20:00 its local time
        fanned_out("daily_report", Every(minutes=60)),
        # hourly: invitations and call tasks are spread over the contact window (domain/followup/contact.py), each
        # customer's at its own moment, so each run takes that hour's share
        fanned_out("lapse", Every(minutes=60)),
        # scheduled campaigns whose time has come: one item per customer of the audience (docs/product-rules.md#campaigns)
        fanned_out("campaigns", Every(minutes=60)),
        # messages that could not go at once (WeChat busy, SMS throttled, a sender that died mid-send);
        # deployed as outbox_retry since before this registry existed
        fanned_out("outbox", Every(minutes=1), function="outbox_retry"),
        # webhook events the booking changes wrote, fanned to the chains' endpoints; deliveries due again
        fanned_out("webhooks", Every(minutes=1)),
        # call tasks open past their deadline go to the store manager (the hours of deadlines since the watermark)
        Check("task_escalation", Every(minutes=5), lambda svc: svc.task_escalation.run()),
        Check("counter_audit", DailyAt(hour=19, minute=30), lambda svc: svc.auditor.nightly()),  # 03:30 in China
        # yesterday's WeChat Pay trade bill of each paying chain against its bookings' deposits (decision 0062);
        # WeChat Pay has the bill ready from 10:00 China time: 11:00 here
        Check("deposit_reconciliation", DailyAt(hour=3), lambda svc: svc.deposit_reconciliation.run()),
    )
}
