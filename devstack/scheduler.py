"""The local stand-in for EventBridge: runs each registered check on its cadence against the real clock."""
from __future__ import annotations

import logging
import threading
from typing import Callable

from chalicelib.container import Services
from chalicelib.jobs import CHECKS

log = logging.getLogger(__name__)


class SchedulerLoop(threading.Thread):
    def __init__(self, services: Callable[[], Services], tick_seconds: float = 5.0) -> None:
        super().__init__(name="scheduler", daemon=True)
        self._services, self._tick = services, tick_seconds
        self._stop = threading.Event()
        self._last_run: dict[str, float] = {}

    def run(self) -> None:
        import time  # the loop's own cadence, not business time: checks read the services' clock

        while not self._stop.is_set():
            now = time.monotonic()
            for check in CHECKS.values():
                if now - self._last_run.get(check.name, float("-inf")) >= check.every_seconds:
                    self._last_run[check.name] = now
                    try:
                        log.info("check %s: %s", check.name, check.run(self._services()))
                    except Exception:
                        log.exception("check %s failed; it runs again next time", check.name)
            self._stop.wait(self._tick)

    def stop(self) -> None:
        self._stop.set()
