"""The composition root: builds adapters and services once per Lambda container (or test), from settings."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from pynamodb.connection import Connection

from .adapters.auth import TokenService
from .adapters.clock import Clock, SystemClock
from .adapters.dynamo import models
from .adapters.dynamo.bookings import BookingRepository
from .adapters.dynamo.customers import CustomerRepository, LapseRepository
from .adapters.dynamo.outbox import OutboxRepository
from .adapters.dynamo.reports import ReportRepository
from .adapters.dynamo.vehicles import VehicleDueRepository
from .adapters.dynamo.staff import StaffRepository
from .adapters.dynamo.stores import StoreRepository
from .adapters.dynamo.tasks import TaskRepository
from .adapters.wechat import ChainWeChatClient, WeChatSession
from .channels import ChainChannels
from .config import Settings, settings
from .domain.chain import Chain
from .services.availability import AvailabilityService
from .services.booking import BookingService
from .services.checks import BookingChecks
from .services.customers import CustomerAccess
from .services.daily_report import DailyReportService
from .services.lapse import LapseService
from .services.notify import Notifier
from .services.staff_access import StaffAccessService
from .services.staff_ops import StaffOps


class Secrets(Protocol):
    def get(self, name: str) -> str: ...


@dataclass
class Services:
    settings: Settings
    clock: Clock
    tokens: TokenService
    stores: StoreRepository
    bookings: BookingRepository
    customers: CustomerRepository
    availability: AvailabilityService
    booking: BookingService
    customer_access: CustomerAccess
    staff_access: StaffAccessService
    staff_ops: StaffOps
    notifier: Notifier
    outbox: OutboxRepository
    checks: BookingChecks
    daily_report: DailyReportService
    lapse: LapseService
    reports: ReportRepository


def build(config: Settings, *, clock: Clock | None = None, secrets: Secrets | None = None) -> Services:
    clock = clock or SystemClock()
    if secrets is None:
        from .adapters.secrets import SsmSecrets

        secrets = SsmSecrets(_boto3_client("ssm", config.region))
    models.bind(config)
    stores = StoreRepository(clock)
    connection = Connection(region=config.region, host=config.dynamodb_endpoint)
    bookings = BookingRepository(connection)
    customers = CustomerRepository()
    tokens = TokenService(secrets.get(config.jwt_secret_param), timedelta(seconds=config.token_ttl_seconds))

    def exchange(chain: Chain, code: str) -> WeChatSession:
        client = ChainWeChatClient(chain.mp_appid, secrets.get(chain.mp_secret_ref), config.wechat_api_root, timeout=5)
        return client.code_to_session(code)

    availability = AvailabilityService(stores, bookings, clock)
    outbox = OutboxRepository()
    channels = ChainChannels(config, secrets, clock, lambda: _boto3_client("sns", config.region))
    notifier = Notifier(stores, customers, outbox, channels, clock, miniprogram_state=config.miniprogram_state)
    booking = BookingService(stores, bookings, clock, notifier)
    staff = StaffRepository()
    reports = ReportRepository()
    return Services(
        settings=config,
        clock=clock,
        tokens=tokens,
        stores=stores,
        bookings=bookings,
        customers=customers,
        availability=availability,
        booking=booking,
        customer_access=CustomerAccess(stores, customers, exchange, tokens, clock),
        staff_access=StaffAccessService(stores, staff, tokens, clock),
        staff_ops=StaffOps(stores, bookings, staff, TaskRepository(), booking, availability, clock, notifier),
        notifier=notifier,
        outbox=outbox,
        checks=BookingChecks(stores, bookings, notifier, clock),
        daily_report=DailyReportService(stores, bookings, reports, clock),
        lapse=LapseService(stores, LapseRepository(connection), VehicleDueRepository(connection), customers, notifier, clock),
        reports=reports,
    )


def _boto3_client(service: str, region: str):  # type: ignore[no-untyped-def]
    import boto3  # in the Lambda runtime

    return boto3.client(service, region_name=region)


_services: Services | None = None


def services() -> Services:
    global _services
    if _services is None:
        _services = build(settings())
    return _services


def override(replacement: Services | None) -> None:
    """Tests and the local check runner swap the container (e.g. to a FixedClock)."""
    global _services
    _services = replacement
