"""The local stand-in for EventBridge: runs each registered check on the cadence chalicelib/jobs.py declares
for it, against the real clock."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from chalicelib.container import Services
from chalicelib.jobs import CHECKS, Cadence, Check, DailyAt, Every

log = logging.getLogger(__name__)


def next_due(cadence: Cadence, after: datetime) -> datetime:
    """When a check last started at `after` (UTC) is due again: one period later, or at the next
    occurrence of its time of day strictly after `after`."""
    match cadence:
        case Every():
            return after + cadence.period
        case DailyAt():
            today = datetime.combine(after.astimezone(UTC).date(), cadence.time_of_day)
            return today if today > after else today + timedelta(days=1)


def first_due(cadence: Cadence, start: datetime) -> datetime:
    """Periodic checks run as the loop starts (handy on `make run`); a daily one waits for its time of day,
    as a new EventBridge cron rule does."""
    return start if isinstance(cadence, Every) else next_due(cadence, start)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SchedulerLoop(threading.Thread):
    def __init__(
        self,
        services: Callable[[], Services],
        tick_seconds: float = 5.0,
        *,
        now: Callable[[], datetime] = _utc_now,
        checks: Mapping[str, Check] = CHECKS,
    ) -> None:
        super().__init__(name="scheduler", daemon=True)
        self._services, self._tick = services, tick_seconds
        # the loop's own timing, not business time: the checks read the services' clock
        self._now, self._checks = now, checks
        self._stop = threading.Event()
        self._due: dict[str, datetime] = {}

    def run(self) -> None:
        while not self._stop.is_set():
            self.tick()
            self._stop.wait(self._tick)

    def tick(self) -> list[str]:
        """Run every check that is due; a check found late (the machine slept, a run took long) runs once,
        however many of its times went by. Returns the names of the checks run."""
        now = self._now()
        ran = []
        for check in self._checks.values():
            due = self._due.get(check.name)
            if due is None:
                due = first_due(check.cadence, now)
            # the wall clock may have stepped back since `due` was set: never wait longer than one cadence
            due = min(due, next_due(check.cadence, now))
            if now < due:
                self._due[check.name] = due
                continue
            self._due[check.name] = next_due(check.cadence, now)
            ran.append(check.name)
            try:
                log.info("check %s: %s", check.name, check.run(self._services()))
            except Exception:
                log.exception("check %s failed; it runs again at %s", check.name, self._due[check.name].isoformat())
        return ran

    def stop(self) -> None:
        self._stop.set()
