"""What the composition root hands out: `Ports` (one implementation of every port) and `Services` (the use
cases built on them). Declared apart from chalicelib/container.py so that the wiring (chalicelib/wiring.py),
which builds both, and the container, which imports the wiring when it first builds, never import each other.
Nothing heavy is imported here: the types are for type checkers, the defaults load on first use.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .config import Settings

if TYPE_CHECKING:
    from .domain.booking.payment import PaymentGateway
    from .domain.booking.ports import BookingStore, UnitOfWork
    from .domain.floor.ports import BoardSockets, CarFiles, MiniProgramCodes, SocketPoster, StoreCodes, TaskStore
    from .domain.followup.ports import CampaignStore, LapseStore, VehicleStore
    from .domain.messaging.ports import Channels, FollowerLookup, OutboxStore, PushCodec, ReplayGuard
    from .domain.messaging.webhook_ports import AddressResolver, WebhookStore, WebhookTransport
    from .domain.people.import_ports import ImportStore, Uploads
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
    from .domain.ports import Clock, Metrics, Watermarks, WorkQueue
    from .domain.reporting.ports import ReportStore
    from .domain.tenancy.ports import HolidayStore, StoreCatalog
    from .domain.tenancy.wechat_setup import SecretVault
    from .services.booking.availability import AvailabilityService
    from .services.booking.balance_payments import BalancePayments
    from .services.booking.booking import BookingService
    from .services.booking.coupons import CouponDesk
    from .services.booking.deposits import Deposits
    from .services.floor.advisors import AdvisorDesk  # noqa: F401
    from .services.floor.arrivals import Arrivals
    from .services.floor.bills import Bills
    from .services.floor.board_push import BoardPush
    from .services.floor.call_backs import CallBacks
    from .services.floor.customer_files import CustomerFiles
    from .services.floor.extra_work import ExtraWork
    from .services.floor.job_progress import JobProgress
    from .services.floor.late_arrivals import LateArrivals
    from .services.floor.staff_desk import StaffDesk
    from .services.floor.staff_ops import StaffOps
    from .services.floor.task_escalation import TaskEscalation
    from .services.floor.workshop_desk import WorkshopDesk
    from .services.followup.campaigns import CampaignService
    from .services.followup.checks import BookingChecks
    from .services.followup.invitation_coupons import InvitationCoupons
    from .services.followup.lapse import LapseService
    from .services.messaging.notify import Notifier
    from .services.messaging.webhooks import Webhooks
    from .services.messaging.wechat_push import WeChatPush
    from .services.people.customers import CustomerAccess
    from .services.people.dms_import import DmsImport
    from .services.people.personal_data import PersonalData
    from .services.people.phone_link import PhoneLinking
    from .services.people.preferences import CustomerPreferences
    from .services.people.staff_access import StaffAccessService
    from .services.people.staff_admin import StaffAdmin
    from .services.people.staff_wecom import StaffWeCom
    from .services.reporting.audit import InvariantAuditor
    from .services.reporting.daily_report import DailyReportService
    from .services.reporting.deposit_reconciliation import DepositReconciliation
    from .services.reporting.report_delivery import ReportDelivery
    from .services.reporting.reports import ReportService
    from .services.runs.fanout import FanOut
    from .services.tenancy.holiday_admin import HolidayAdmin
    from .services.tenancy.onboarding import Onboarding
    from .services.tenancy.wechat_setup import ChainWeChatSetup
    from .services.tenancy.wecom_setup import ChainWeComSetup


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
    secrets: SecretVault = _lazy(".adapters.memory.wechat", "MemorySecrets")  # read, and written for a chain
    replays: ReplayGuard = _lazy(".adapters.memory.wechat", "MemoryReplays")
    push_codec: PushCodec = _lazy(".adapters.messaging.push_defaults", "LazyPushCodec")
    followers: FollowerLookup = _lazy(".adapters.messaging.push_defaults", "no_followers", call=False)
    phones: PhoneExchange = _lazy(".adapters.messaging.push_defaults", "no_phones", call=False)
    holidays: HolidayStore = _lazy(".adapters.memory.holidays", "MemoryHolidays")  # the loaded holiday schedules
    campaigns: CampaignStore = _lazy(".adapters.memory.campaigns", "MemoryCampaigns")  # a chain's campaigns
    store_codes: StoreCodes = _lazy(".adapters.memory.arrivals", "MemoryStoreCodes")  # QR check-in codes
    mp_codes: MiniProgramCodes = _lazy(".adapters.memory.arrivals", "fake_mp_code", call=False)
    board_sockets: BoardSockets = _lazy(".adapters.memory.board_sockets", "MemoryBoardSockets")
    board_poster: SocketPoster | None = None  # None: no WebSocket (the local run), the board polls
    webhooks: WebhookStore | None = None  # None: no endpoints kept (set by both wirings)
    resolver: AddressResolver = _lazy(".adapters.messaging.webhook_http", "SystemResolver")
    webhook_transport: WebhookTransport = _lazy(".adapters.messaging.webhook_http", "HttpWebhookTransport")
    imports: ImportStore | None = None  # DMS import jobs and their per-row writes (set by both wirings)
    uploads: Uploads | None = None  # the stage's upload bucket (set by both wirings)
    car_files: CarFiles | None = None  # the cars the customer's file shows, with their DMS history (both wirings)
    payments: PaymentGateway | None = None  # WeChat Pay (decision 0062); None: the stage takes no payments


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
    campaigns: CampaignService
    coupons: CouponDesk
    wechat_setup: ChainWeChatSetup
    arrivals: Arrivals
    board_push: BoardPush
    webhooks: Webhooks  # a chain's endpoints and the webhooks check (decision 0035)
    dms_import: DmsImport  # DMS data in (decision 0036)
    wecom_setup: ChainWeComSetup  # a chain's WeCom app (decision 0037)
    invitation_coupons: InvitationCoupons  # the coupon an invitation kind gives (decision 0053)
    staff_wecom: StaffWeCom  # staff members' WeCom links and notice preferences
    call_backs: CallBacks  # call-backs promised on the phone (docs/product-rules.md#call-back)
    late_arrivals: LateArrivals  # a late customer's own arrival time (docs/product-rules.md#late-arrival)
    customer_files: CustomerFiles  # the customer's file at the counter (docs/product-rules.md#customer-file)
    workshop_desk: WorkshopDesk  # the workshop and parts desks (docs/product-rules.md#workshop-and-parts)
    deposits: Deposits  # deposits paid by WeChat Pay (decision 0062)
    deposit_reconciliation: DepositReconciliation  # the day's WeChat Pay bill against the bookings
    job_progress: JobProgress  # the job's progress check and delays (docs/product-rules.md#promised-time)
    extra_work: ExtraWork  # extra work proposed and answered (docs/product-rules.md#extra-work)
    bills: Bills  # the bill of a booking (docs/product-rules.md#the-bill)
    balance_payments: BalancePayments  # the bill's balance paid in the mini-program (decision 0077)

    @property
    def clock(self) -> Clock:
        return self.ports.clock


