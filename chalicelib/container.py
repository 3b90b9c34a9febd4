"""The composition root: builds the adapters (the ports' implementations) and the use cases on them, once
per Lambda container (or test), from settings. Routes and schedules see only `Services`, the use cases;
`Services.ports` is for the local run's seeding and the tests.

Nothing heavy is imported here: `services()` builds the container on the first request, importing the
wiring (chalicelib/wiring.py: every adapter and use case) then, so loading a function (its cold start's
init) costs Chalice and the routes only (docs/decisions/0016-lazy-composition-root.md).
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .bundle import Ports, Services
from .config import Settings, settings

if TYPE_CHECKING:
    from .domain.messaging.ports import Channels
    from .domain.ports import Clock, Secrets, Watermarks


def dynamo_ports(config: Settings, *, clock: Clock | None = None, secrets: Secrets | None = None) -> Ports:
    """The DynamoDB adapters and the providers (chalicelib/wiring.py)."""
    from .wiring import dynamo_ports as wire

    return wire(config, clock=clock, secrets=secrets)


def memory_ports(clock: Clock, *, channels: Channels | None = None,
                 token_secret: str = "memory-token-secret-0123456789abcdef") -> Ports:
    """Every port faked in memory (use-case tests): one shared state, so a unit of work spans them all."""
    from .wiring import memory_ports as wire

    return wire(clock, channels=channels, token_secret=token_secret)


def use_cases(config: Settings, p: Ports) -> Services:
    """Every use case, built on one implementation of the ports."""
    from .wiring import use_cases as wire

    return wire(config, p)


def build(config: Settings, *, clock: Clock | None = None, secrets: Secrets | None = None) -> Services:
    return use_cases(config, dynamo_ports(config, clock=clock, secrets=secrets))


TIME_TRAVEL_NAMESPACE = "time-travel:"


class _NamespacedWatermarks:
    """Watermarks kept under their own names, so a run at another time never moves the real schedules' ones."""

    def __init__(self, inner: Watermarks, prefix: str) -> None:
        self._inner, self._prefix = inner, prefix

    def clean_before(self, check: str) -> Any:
        return self._inner.clean_before(self._prefix + check)

    def advance(self, check: str, hour: Any) -> None:
        self._inner.advance(self._prefix + check, hour)

    def position(self, cursor: str) -> str | None:
        return self._inner.position(self._prefix + cursor)

    def move(self, cursor: str, position: str) -> None:
        self._inner.move(self._prefix + cursor, position)


def at_time(base: Services, now: Any) -> Services:
    """The same ports with the clock stopped at `now` (the local stage's time travel), and watermarks and work
    queues of their own: the same dispatcher and workers run, but the real-clock schedules' watermarks never
    move, and neither the real-clock workers nor a run at another moment take this run's items."""
    from .adapters.clock import FixedClock

    clock = FixedClock(now)
    watermarks = _NamespacedWatermarks(base.ports.watermarks, TIME_TRAVEL_NAMESPACE)
    queue = base.ports.queue.isolated(f"tt{int(clock.now().timestamp())}-")
    ports = replace(base.ports, clock=clock, watermarks=watermarks, queue=queue)
    return use_cases(base.settings, ports)


_services: Services | None = None


def services() -> Services:
    global _services
    if _services is None:
        _services = build(settings())
    return _services


def override(replacement: Services | None) -> None:
    """Tests and the local run swap the container (e.g. to a FixedClock)."""
    global _services
    _services = replacement
