"""The composition root: builds the adapters (the ports' implementations) and the use cases on them, once
per Lambda container (or test), from settings. Routes and schedules see only `Services`, the use cases;
`Services.ports` is for the local run's seeding and the tests.

Nothing heavy is imported here: `services()` builds the container on the first request, importing the
wiring (chalicelib/wiring.py: every adapter and use case) then, so loading a function (its cold start's
init) costs Chalice and the routes only (docs/decisions/0016-lazy-composition-root.md).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .config import Settings, settings

if TYPE_CHECKING:
    from .domain.booking.ports import BookingStore, UnitOfWork
    from .domain.floor.ports import TaskStore
    from .domain.followup.ports import LapseStore, VehicleStore
    from .domain.messaging.ports import Channels, FollowerLookup, OutboxStore, PushCodec, ReplayGuard
    from .domain.people.ports import (
        CodeExchange,
        CustomerMerger,
        CustomerStore,
        ErasureStore,
        LoginThrottle,
        Passwords,
        PhoneExchange,
        StaffStore,
        Tokens,
    )
    from .domain.ports import Clock, Metrics, Secrets, Watermarks, WorkQueue
    from .domain.reporting.ports import ReportStore
    from .domain.tenancy.ports import HolidayStore, StoreCatalog
    from .services.booking.availability import AvailabilityService
    from .services.booking.booking import BookingService
    from .services.floor.advisors import AdvisorDesk  # noqa: F401
    from .services.floor.staff_desk import StaffDesk
    from .services.floor.staff_ops import StaffOps
    from .services.floor.task_escalation import TaskEscalation
    from .services.followup.checks import BookingChecks
    from .services.followup.lapse import LapseService
    from .services.messaging.notify import Notifier
    from .services.messaging.wechat_push import WeChatPush
    from .services.people.customers import CustomerAccess
    from .services.people.personal_data import PersonalData
    from .services.people.phone_link import PhoneLinking
    from .services.people.preferences import CustomerPreferences
    from .services.people.staff_access import StaffAccessService
    from .services.people.staff_admin import StaffAdmin
    from .services.reporting.audit import InvariantAuditor
    from .services.reporting.daily_report import DailyReportService
    from .services.reporting.report_delivery import ReportDelivery
    from .services.reporting.reports import ReportService
    from .services.runs.fanout import FanOut
    from .services.tenancy.holiday_admin import HolidayAdmin
    from .services.tenancy.onboarding import Onboarding


def _lazy(module: str, name: str, *, call: bool = True) -> Any:
    """A default made (or a function found) on first use, so declaring the ports imports no adapter."""
    def make() -> Any:
        found = getattr(importlib.import_module(module, __package__), name)
        return found() if call else found

    return field(default_factory=make)


@dataclass
class Ports:
    """One implementation of every port: DynamoDB and the providers, or the in-memory fakes."""

    clock: Clock
    stores: StoreCatalog
    bookings: BookingStore
    uow: UnitOfWork
    watermarks: Watermarks
    customers: CustomerStore
    lapses: LapseStore
    vehicles: VehicleStore
    outbox: OutboxStore
    tasks: TaskStore
    staff: StaffStore
    reports: ReportStore
    tokens: Tokens
    passwords: Passwords
    throttle: LoginThrottle
    channels: Channels
    exchange: CodeExchange
    queue: WorkQueue
    merger: CustomerMerger
    erasure: ErasureStore
    metrics: Metrics = _lazy(".domain.ports", "NoMetrics")
    secrets: Secrets = _lazy(".adapters.memory.wechat", "MemorySecrets")
    replays: ReplayGuard = _lazy(".adapters.memory.wechat", "MemoryReplays")
    push_codec: PushCodec = _lazy(".adapters.messaging.push_defaults", "LazyPushCodec")
    followers: FollowerLookup = _lazy(".adapters.messaging.push_defaults", "no_followers", call=False)
    phones: PhoneExchange = _lazy(".adapters.messaging.push_defaults", "no_phones", call=False)
    holidays: HolidayStore = _lazy(".adapters.memory.holidays", "MemoryHolidays")  # the loaded holiday schedules


@dataclass
class Services:
    """The use cases: all that routes and schedules may call."""

    settings: Settings
    ports: Ports
    availability: AvailabilityService
    booking: BookingService
    customer_access: CustomerAccess
    preferences: CustomerPreferences
    staff_access: StaffAccessService
    staff_admin: StaffAdmin
    onboarding: Onboarding
    auditor: InvariantAuditor
    personal_data: PersonalData
    staff_desk: StaffDesk
    staff_ops: StaffOps
    notifier: Notifier
    checks: BookingChecks
    daily_report: DailyReportService
    lapse: LapseService
    fanout: FanOut
    wechat_push: WeChatPush
    phone_link: PhoneLinking
    reports: ReportService
    holiday_admin: HolidayAdmin
    report_delivery: ReportDelivery
    task_escalation: TaskEscalation

    @property
    def clock(self) -> Clock:
        return self.ports.clock


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


def at_time(base: Services, now: Any) -> Services:
    """The same ports with the clock stopped at `now` (the local stage's time travel), and watermarks of their
    own: the same dispatcher and workers run, but the real-clock schedules' watermarks never move."""
    from .adapters.clock import FixedClock

    clock = FixedClock(now)
    watermarks = _NamespacedWatermarks(base.ports.watermarks, TIME_TRAVEL_NAMESPACE)
    ports = replace(base.ports, clock=clock, watermarks=watermarks)
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
