"""The wiring behind the composition root (container.py): which adapter implements each port, in DynamoDB
or in memory, and how the use cases are built on them. Imported only when the container is first built, so
a cold start imports the whole application once, on its first request, not when a function loads."""
from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from pynamodb.connection import Connection

from .adapters.clock import SystemClock
from .adapters.dynamo import models
from .adapters.dynamo.bookings import BookingRepository
from .adapters.dynamo.campaigns import CampaignRepository
from .adapters.dynamo.customers import CustomerRepository, LapseRepository
from .adapters.dynamo.erasure import ErasureRepository
from .adapters.dynamo.holidays import HolidayRepository
from .adapters.dynamo.imports import ImportRepository
from .adapters.dynamo.models import aws_client
from .adapters.dynamo.outbox import OutboxRepository
from .adapters.dynamo.reports import ReportRepository
from .adapters.dynamo.staff import LoginThrottleRepository, StaffRepository
from .adapters.dynamo.stores import StoreRepository
from .adapters.dynamo.tasks import TaskRepository
from .adapters.dynamo.unit_of_work import DynamoUnitOfWork
from .adapters.dynamo.vehicles import VehicleDueRepository
from .adapters.dynamo.watermarks import WatermarkRepository
from .adapters.dynamo.webhooks import WebhookRepository
from .adapters.messaging.channels import ChainChannels
from .adapters.people.auth import TokenService
from .adapters.people.passwords import Argon2Passwords
from .adapters.s3_uploads import S3Uploads
from .adapters.sqs import SqsQueue
from .adapters.tenancy.calendar_stores import CalendarStores
from .bundle import Ports, Services
from .config import Settings
from .deposits_wiring import balance_payments, deposits, follow_through, payment_gateway, reconciliation, unpaid_deposits
from .domain.messaging.delivery import WeChatIdentity
from .domain.messaging.ports import Channels
from .domain.ports import Clock, Metrics, NoMetrics, Secrets
from .domain.runs.work_items import JobStep, encode_check
from .domain.tenancy.chain import Chain
from .domain.tenancy.wechat_setup import chain_secret
from .services.booking.availability import AvailabilityService
from .services.booking.booking import BookingService
from .services.booking.changes import BookingChanges
from .services.booking.coupons import CouponDesk
from .services.floor.advisors import AdvisorDesk
from .services.floor.arrivals import Arrivals
from .services.floor.bills import Bills
from .services.floor.board_push import BoardPush
from .services.floor.call_backs import CallBacks
from .services.floor.change_notices import ChangeNotices
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
from .services.reporting.complaint_summary import ComplaintSummaries
from .services.reporting.daily_report import DailyReportService
from .services.reporting.periodic_reports import PeriodicReports
from .services.reporting.report_delivery import ReportDelivery
from .services.reporting.reports import ReportService
from .services.runs.fanout import CHECK_QUEUE, GROUPED, FanOut, QueueAnnouncer, dispatch_plan
from .services.tenancy.holiday_admin import HolidayAdmin
from .services.tenancy.onboarding import Onboarding
from .services.tenancy.wechat_setup import ChainWeChatSetup
from .services.tenancy.wecom_setup import ChainWeComSetup


def dynamo_ports(config: Settings, *, clock: Clock | None = None, secrets: Secrets | None = None) -> Ports:
    clock = clock or SystemClock()
    if secrets is None:
        from .adapters.secrets import SsmSecrets

        secrets = SsmSecrets(aws_client("ssm", config.region))
    models.bind(config)
    connection = Connection(region=config.region, host=config.dynamodb_endpoint)
    holidays = HolidayRepository(clock)
    webhooks = WebhookRepository(clock)
    known = secrets

    def exchange(chain: Chain, code: str) -> WeChatIdentity:
        from .adapters.messaging.wechat import ChainWeChatClient  # wechatpy (~0.2 s with its crypto): on the first login only

        secret = chain_secret(known, chain, chain.mp_secret_ref, "mp_secret")  # missing: chain_not_configured
        client = ChainWeChatClient(chain.mp_appid, secret, config.wechat_api_root, timeout=5)
        return client.code_to_session(code)

    channels = ChainChannels(config, secrets, clock, lambda: aws_client("sns", config.region))

    def followers(chain: Chain, oa_openid: str) -> str | None:
        client = channels.official_account(chain)
        return client.user_unionid(oa_openid) if client is not None else None

    def phones(chain: Chain, code: str) -> str:
        return channels.mini_program(chain).user_phone(code)

    def mp_codes(chain: Chain, scene: str, page: str) -> bytes:
        env = {"formal": "release", "trial": "trial", "developer": "develop"}.get(config.miniprogram_state, "release")
        return channels.mini_program(chain).unlimited_code(scene, page, env_version=env)

    from .adapters.dynamo.car_files import DynamoCarFiles
    from .adapters.dynamo.checkin_codes import CheckInCodeRepository
    from .adapters.dynamo.linking import DynamoCustomerMerger
    from .adapters.dynamo.wechat_push import PushNonceRepository

    store_records = StoreRepository(clock)
    return Ports(
        clock=clock,
        stores=CalendarStores(store_records, holidays), holidays=holidays,
        bookings=BookingRepository(due_page_items=config.dispatch_page_items),
        uow=DynamoUnitOfWork(connection, wanted=webhooks.wanted),
        watermarks=WatermarkRepository(),
        customers=CustomerRepository(),
        lapses=LapseRepository(connection),
        vehicles=VehicleDueRepository(connection),
        campaigns=CampaignRepository(),
        outbox=OutboxRepository(),
        tasks=TaskRepository(),
        staff=StaffRepository(),
        reports=ReportRepository(),
        tokens=TokenService(lambda: known.get(config.jwt_secret_param), timedelta(seconds=config.token_ttl_seconds)),
        passwords=Argon2Passwords(),
        throttle=LoginThrottleRepository(),
        channels=channels,
        exchange=exchange,
        metrics=_metrics(config),
        secrets=secrets,
        replays=PushNonceRepository(),
        merger=DynamoCustomerMerger(connection),
        followers=followers,
        phones=phones,
        queue=SqsQueue(lambda: aws_client("sqs", config.region), config.table_prefix, create=config.is_local or bool(
            config.dynamodb_endpoint), grouped=GROUPED),  # the local stack and tests make their queues
        erasure=ErasureRepository(),
        store_codes=CheckInCodeRepository(),
        mp_codes=mp_codes,
        **_board_ports(config),
        webhooks=webhooks,
        imports=ImportRepository(clock),
        uploads=S3Uploads(lambda: aws_client("s3", config.region), os.environ.get(
            "IMPORTS_BUCKET", f"{config.table_prefix}-imports"), create=config.is_local or bool(config.dynamodb_endpoint)),
        car_files=DynamoCarFiles(),
        payments=payment_gateway(config, store_records.get_chain, secrets, clock),
    )


def _board_ports(config: Settings) -> dict[str, Any]:
    """The lobby board's push (decision 0040): its connections, and the poster when the stage has a socket API."""
    from .adapters.dynamo.board_sockets import BoardSocketRepository
    from .adapters.messaging.board_socket import ApiGatewayPoster

    url = config.board_socket_url
    if not url:
        return {"board_sockets": BoardSocketRepository()}
    endpoint = "https://" + url.split("://", 1)[-1]
    return {"board_sockets": BoardSocketRepository(), "board_poster": ApiGatewayPoster(
        lambda: aws_client("apigatewaymanagementapi", config.region, endpoint_url=endpoint))}


def _metrics(config: Settings) -> Metrics:
    """EMF in Lambda (CloudWatch reads it from the logs); nothing in the local run."""
    import os

    if config.is_local or not os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        return NoMetrics()
    from .adapters.metrics import EmfMetrics

    return EmfMetrics(config.stage)


def memory_ports(clock: Clock, *, channels: Channels | None = None,
                 token_secret: str = "memory-token-secret-0123456789abcdef") -> Ports:
    """Every port faked in memory (use-case tests): one shared state, so a unit of work spans them all."""
    from .adapters.memory.bookings import MemoryBookings, MemoryUnitOfWork, MemoryWatermarks
    from .adapters.memory.campaigns import MemoryCampaigns
    from .adapters.memory.car_files import MemoryCarFiles
    from .adapters.memory.erasure import MemoryErasure
    from .adapters.memory.holidays import MemoryHolidays
    from .adapters.memory.imports import MemoryImports, MemoryUploads
    from .adapters.memory.providers import FakeChannels, FastPasswords, MemoryThrottle, fake_exchange
    from .adapters.memory.queue import MemoryQueue
    from .adapters.memory.records import (
        MemoryLapses,
        MemoryOutbox,
        MemoryStaff,
        MemoryStores,
        MemoryVehicles,
    )
    from .adapters.memory.reports import MemoryReports
    from .adapters.memory.state import MemoryState
    from .adapters.memory.tasks import MemoryTasks
    from .adapters.memory.webhooks import FakeResolver, FakeTransport, MemoryWebhooks
    from .adapters.memory.wechat import MemoryCustomerMerger, MemoryLinkedCustomers, fake_phone

    state = MemoryState()
    holidays = MemoryHolidays()
    webhooks = MemoryWebhooks(state)
    reports = MemoryReports()
    return Ports(
        clock=clock, stores=CalendarStores(MemoryStores(), holidays), holidays=holidays,
        bookings=MemoryBookings(state), uow=MemoryUnitOfWork(state, wanted=webhooks.wanted),
        watermarks=MemoryWatermarks(state), customers=MemoryLinkedCustomers(state), lapses=MemoryLapses(state),
        campaigns=MemoryCampaigns(state),
        vehicles=MemoryVehicles(state), outbox=MemoryOutbox(state), tasks=MemoryTasks(state), staff=MemoryStaff(),
        reports=reports, tokens=TokenService(token_secret, timedelta(hours=24)), passwords=FastPasswords(),
        throttle=MemoryThrottle(), channels=channels or FakeChannels(), exchange=fake_exchange,
        queue=MemoryQueue(grouped=GROUPED), erasure=MemoryErasure(state, reports),
        phones=fake_phone, merger=MemoryCustomerMerger(state),
        webhooks=webhooks, resolver=FakeResolver(), webhook_transport=FakeTransport(),
        imports=MemoryImports(state, clock), uploads=MemoryUploads(),
        car_files=MemoryCarFiles(state),
    )


def use_cases(config: Settings, p: Ports) -> Services:
    delivery = ReportDelivery(p.stores, p.staff, p.outbox, p.channels, p.reports, p.clock, link_root=config.public_url)
    notifier = Notifier(p.stores, p.customers, p.outbox, p.channels, p.clock, miniprogram_state=config.miniprogram_state,
                        metrics=p.metrics, staff=delivery.send_claimed, bookings=p.bookings)
    board_push = BoardPush(p.board_sockets, p.board_poster, p.stores, p.tokens, p.clock)
    staff_notices = ChangeNotices(p.stores, p.staff, p.clock, link_root=config.public_url)
    refunds = follow_through(p)  # a refund a change asks for goes to WeChat Pay (decision 0062)
    changes = BookingChanges(p.bookings, p.stores, p.uow, notifier, metrics=p.metrics, listeners=(board_push, refunds),
                             staff_notices=staff_notices)
    availability = AvailabilityService(p.stores, p.bookings, p.clock)
    checks = BookingChecks(p.stores, p.bookings, changes, p.watermarks, p.clock)
    # the workers' checks: what a committed step queues is sent by the send workers
    announcers = (QueueAnnouncer(p.queue), QueueAnnouncer(p.queue))  # held per worker batch, sent ten to a call
    queued = BookingChanges(p.bookings, p.stores, p.uow, announcers[0], listeners=(board_push, refunds),
                            staff_notices=staff_notices)
    worker_checks = BookingChecks(p.stores, p.bookings, queued, p.watermarks, p.clock)
    advisors = AdvisorDesk(p.bookings, p.staff, changes, p.clock, link_root=config.public_url)
    reports = ReportService(p.stores, p.bookings, p.vehicles, p.clock,
                            complaints=ComplaintSummaries(p.tasks, p.bookings, p.clock))
    periodic = PeriodicReports(p.stores, reports, delivery, p.outbox, p.clock, link_root=config.public_url)
    daily_report = DailyReportService(p.stores, p.bookings, p.reports, p.clock, p.watermarks, metrics=p.metrics,
                                      delivery=delivery, periodic=periodic)
    webhooks = _webhooks(config, p)
    dms_import = _dms_import(p)
    paid_balances = balance_payments(p, changes)  # decision 0077
    paid_deposits = deposits(p, changes, paid_balances)  # decision 0062
    return Services(
        settings=config,
        ports=p,
        reports=reports,
        holiday_admin=HolidayAdmin(p.holidays, p.clock),
        report_delivery=delivery,
        availability=availability,
        booking=BookingService(p.stores, p.bookings, changes, p.clock, metrics=p.metrics, customers=p.customers,
                               advisors=advisors, coupons=p.campaigns, tasks=p.tasks),
        customer_access=CustomerAccess(p.stores, p.customers, p.exchange, p.tokens, p.clock),
        preferences=CustomerPreferences(p.stores, p.customers, p.channels, p.clock),
        staff_access=StaffAccessService(p.stores, p.staff, p.tokens, p.passwords, p.clock, p.throttle, p.replays),
        staff_admin=StaffAdmin(p.stores, p.staff, p.passwords),
        onboarding=Onboarding(p.stores, p.staff, p.passwords,
                              ChainWeChatSetup(p.stores, p.secrets, config.chains_parameter_path),
                              ChainWeComSetup(p.stores, p.secrets, config.chains_parameter_path)),
        auditor=InvariantAuditor(p.stores, p.bookings, p.clock, p.metrics),
        personal_data=PersonalData(p.customers, p.bookings, p.clock, changes=changes, erasure=p.erasure,
                                   coupons=p.campaigns),
        staff_desk=StaffDesk(p.stores, p.bookings, p.tasks, p.reports, p.clock, changes=changes, customers=p.customers),
        staff_ops=StaffOps(p.stores, p.bookings, p.staff, p.vehicles, changes, availability, p.clock, advisors=advisors,
                           customers=p.customers, tasks=p.tasks, coupons=p.campaigns),
        notifier=notifier,
        checks=checks,
        daily_report=daily_report,
        lapse=LapseService(p.stores, p.lapses, p.vehicles, p.customers, notifier, p.clock, p.bookings,
                           coupons=p.campaigns),
        campaigns=CampaignService(p.stores, p.campaigns, p.vehicles, p.lapses, p.customers, p.outbox, notifier, p.clock),
        coupons=CouponDesk(p.stores, p.campaigns, p.clock),
        invitation_coupons=InvitationCoupons(p.campaigns),
        fanout=FanOut(p.bookings, p.outbox, p.watermarks, p.queue, worker_checks, notifier, p.clock, jobs={
            "daily_report": daily_report,
            # the workers' lapse run: what an item queues is sent by the send workers
            "lapse": LapseService(p.stores, p.lapses, p.vehicles, p.customers, announcers[1], p.clock,
                                  p.bookings, cursors=p.watermarks, coupons=p.campaigns),
            # the workers' campaign run (docs/product-rules.md#campaigns)
            "campaigns": CampaignService(p.stores, p.campaigns, p.vehicles, p.lapses, p.customers, p.outbox,
                                         announcers[1], p.clock),
            "webhooks": webhooks,
            "dms_import": dms_import,
            "deposits": unpaid_deposits(p, paid_deposits),  # the close of an order left unpaid
        }, metrics=p.metrics, plan=dispatch_plan(config), dispatchers=config.dispatchers, announcers=announcers,
            senders=config.senders, check_parallel=config.check_parallel),
        wechat_push=WeChatPush(p.stores, p.customers, p.push_codec, p.replays, p.followers, p.secrets, p.clock),
        phone_link=PhoneLinking(p.stores, p.customers, p.bookings, p.merger, p.phones, p.clock),
        task_escalation=TaskEscalation(p.tasks, p.watermarks, p.clock, notices=staff_notices, outbox=p.outbox,
                                       announcer=notifier),
        wechat_setup=ChainWeChatSetup(p.stores, p.secrets, config.chains_parameter_path),
        arrivals=Arrivals(p.stores, p.bookings, p.staff, p.store_codes, p.mp_codes, changes, p.clock,
                          link_root=config.public_url),
        board_push=board_push,
        webhooks=webhooks,
        dms_import=dms_import,
        wecom_setup=ChainWeComSetup(p.stores, p.secrets, config.chains_parameter_path),
        staff_wecom=StaffWeCom(p.staff),
        call_backs=CallBacks(p.stores, p.customers, p.tasks, changes, p.clock),
        late_arrivals=LateArrivals(p.bookings, changes, p.clock),
        customer_files=CustomerFiles(p.customers, p.bookings, p.tasks, p.clock, p.car_files),
        workshop_desk=WorkshopDesk(p.stores, p.bookings, changes, p.clock),
        deposits=paid_deposits,
        deposit_reconciliation=reconciliation(p, changes, paid_deposits, paid_balances),
        job_progress=JobProgress(changes, p.clock),
        extra_work=ExtraWork(p.bookings, changes, p.clock),
        bills=Bills(p.bookings, p.stores, changes, p.clock, close_open=paid_balances.close_open),
        balance_payments=paid_balances,
    )


def _on_checks_queue(p: Ports, job: str) -> Callable[[list[dict[str, str]]], None]:
    """A fanned-out job's items (an import's next chunk, each webhook delivery), each its own checks-queue item."""
    return lambda items: p.queue.send(CHECK_QUEUE, [encode_check(JobStep(job, item)) for item in items])


def _dms_import(p: Ports) -> DmsImport:
    if p.imports is None or p.uploads is None:
        raise ValueError("the ports keep no DMS imports")
    send = _on_checks_queue(p, "dms_import")
    return DmsImport(p.stores, p.imports, p.uploads, p.clock, enqueue=lambda item: send([item]))


def _webhooks(config: Settings, p: Ports) -> Webhooks:
    """Deployed stages deliver to public https endpoints only; the local stage also to its own machine."""
    if p.webhooks is None:
        raise ValueError("the ports keep no webhook endpoints")
    return Webhooks(p.webhooks, p.resolver, p.webhook_transport, p.clock, deployed=not config.is_local,
                    enqueue=_on_checks_queue(p, "webhooks"))
