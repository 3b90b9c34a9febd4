"""The scale settings of each stage, in one table read by the stack (infra/functions.py, infra/api.py), the
app (the environment the stack sets from `ScaleSettings.environment`, read by chalicelib/config.py and
chalicelib/adapters/dynamo/keys.py) and the model (`python -m bench.scale --stage prod`), so what is modelled
is what deploys (tests/infra/test_scale_settings.py compares the synthesized templates with this table).
Why each figure: decision 0021; the dispatcher's rules: decision 0022.

Pure data: importing it loads no CDK, so the bench and the unit tests read it cheaply.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .capacity import ProvisionedTable
from .capacity_plans import PROD_CAPACITY, PROD_CN_CAPACITY

APP_LOG_LEVELS = ("TRACE", "DEBUG", "INFO")


@dataclass(frozen=True)
class WorkerScale:
    """An SQS-triggered worker function (chalicelib/jobs.py WORKERS) as deployed."""

    batch_size: int  # items per invocation: at most 10 (FIFO's limit, and no batching window's wait above 10)
    maximum_concurrency: int  # the event source's ScalingConfig.MaximumConcurrency (2-1000): what Lambda honours
    reserved_concurrency: int | None  # the function's own, at least maximum_concurrency (else SQS items throttle)
    parallel: int  # items one invocation works at once (threads: each item waits on DynamoDB, SQS or WeChat)

    def __post_init__(self) -> None:
        if not 1 <= self.batch_size <= 10:
            raise ValueError("a batch of 1 to 10 items")
        if not 2 <= self.maximum_concurrency <= 1000:
            raise ValueError("an SQS event source's maximum concurrency is 2 to 1000")
        if self.reserved_concurrency is not None and self.reserved_concurrency < self.maximum_concurrency:
            raise ValueError("reserved concurrency below the event source's maximum throttles its batches")


@dataclass(frozen=True)
class Throttle:
    rate: float  # requests per second, per route (the HTTP API stage's route settings)
    burst: int


@dataclass(frozen=True)
class TableSettings:
    """How a stage keeps its tables beyond what the models say (decision 0070)."""

    # derived tables without point-in-time recovery: restoring the bookings table and running their migration
    # rebuilds them (`search`: infra/migrations.py 0004_search_index), so a backup of their own buys nothing
    unbacked: tuple[str, ...] = ()
    # the Standard-IA table class: storage ~60 % cheaper, each request ~25 % dearer; for tables mostly stored,
    # seldom written and read (`search`: written when a booking is made or moved, read per keystroke)
    infrequent_access: tuple[str, ...] = ()
    # tables on provisioned capacity with auto scaling and scheduled floors (infra/capacity.py), where it pays
    # (bench/provisioned.py: prod-cn's write-heavy tables, decision 0080); every other table on-demand
    provisioned: tuple[ProvisionedTable, ...] = ()


@dataclass(frozen=True)
class ScaleSettings:
    stage: str
    # due-index shards (decision 0002): only ever raised; a raise loses nothing (decision 0021)
    due_shards: int
    dispatch_page_items: int  # items per due-index Query page
    dispatch_budget_s: int  # a booking check's tick enqueues for this long, the next continues (< its timeout)
    dispatch_lookahead_s: int  # steps due this far ahead go on the queue now, delayed to their moment (SQS: <= 900)
    redispatch_after_s: int  # a step still due this long after its moment is enqueued again (the safety net)
    dispatchers: int  # shards one tick reads and enqueues at once
    checks: WorkerScale
    send: WorkerScale
    send_high_throughput: bool  # the FIFO send queue: throughput per message group, deduplication per group
    # route throttles by audience (chalicelib/api/audience.py); a route of an audience not listed keeps
    # the stage's default (infra/stages.py throttle_rate/throttle_burst)
    api: Mapping[str, Throttle] = field(default_factory=dict)
    # the Lambda concurrency this stage needs from its account and region at its planned size (all functions)
    account_concurrency: int = 0
    tables: TableSettings = TableSettings()
    # the app's log level (Lambda's application log level, JSON log format; the system log level is WARN in every
    # stage: no START/END/REPORT lines, decision 0080). At most INFO: Lambda files a JSON line without a "level"
    # as INFO, and the embedded-metric records (the alarms' metrics) have none
    app_log_level: str = "INFO"

    def __post_init__(self) -> None:
        if self.app_log_level not in APP_LOG_LEVELS:
            raise ValueError(f"an app log level of {APP_LOG_LEVELS} (a higher one drops the metric records)")

    def environment(self) -> dict[str, str]:
        """What every function of the stage is given: the app reads its scale from here, and only here."""
        return {
            "APPT_DUE_SHARDS": str(self.due_shards),
            "APPT_DISPATCH_PAGE_ITEMS": str(self.dispatch_page_items),
            "APPT_DISPATCH_BUDGET_S": str(self.dispatch_budget_s),
            "APPT_DISPATCH_LOOKAHEAD_S": str(self.dispatch_lookahead_s),
            "APPT_REDISPATCH_AFTER_S": str(self.redispatch_after_s),
            "APPT_DISPATCHERS": str(self.dispatchers),
            "APPT_SENDERS": str(self.send.parallel),
            "APPT_CHECK_PARALLEL": str(self.checks.parallel),
        }

    def worker(self, queue: str) -> WorkerScale | None:
        """The worker of a queue of chalicelib/jobs.py WORKERS; None for one the table does not know (it is
        deployed with its Chalice decorator's batch size and Lambda's defaults)."""
        return {"checks": self.checks, "send": self.send}.get(queue)


# The Lambda concurrency quota each region's account must have (AWS's default is 1,000: request the raise
# before deploying these rows); dev and prod share ap-southeast-1 (decision 0021).
REGION_QUOTAS: Mapping[str, int] = MappingProxyType({"ap-southeast-1": 1500, "cn-northwest-1": 1500})
UNRESERVED_FLOOR = 100  # Lambda keeps this much of a region's quota unreserved

# Shard counts each stage has run with: a stage's count never goes below the highest (decision 0021).
DEPLOYED_SHARDS: Mapping[str, tuple[int, ...]] = MappingProxyType({"dev": (4,), "prod": (4,), "prod-cn": (4,)})

_PROD_API = MappingProxyType({
    "customer": Throttle(1000, 2000),
    "board": Throttle(4000, 6000),  # a lobby board per store reloading every 30 s: 3,333/s at 100,000 stores
    "staff": Throttle(1000, 2000),
    "chain_admin": Throttle(50, 100),
    "operator": Throttle(20, 40),
    "public": Throttle(300, 600),  # health, sign-in, the OpenAPI document
    "wechat": Throttle(300, 600),  # WeChat's pushes to us
})
_TABLES = TableSettings(unbacked=("search",), infrequent_access=("search",))
_PROD = dict(
    due_shards=256, dispatch_page_items=400, dispatch_budget_s=90, dispatch_lookahead_s=600, redispatch_after_s=180,
    dispatchers=32,
    # the check workers' maximum concurrency also caps how fast the spike's items leave their due-index keys:
    # 80 x 10 items in parallel keeps the hottest key under 10 % of a partition with 256 shards
    checks=WorkerScale(batch_size=10, maximum_concurrency=80, reserved_concurrency=80, parallel=10),
    # SQS hands out one message group's messages together and a worker sends a group's one after the other:
    # a send worker sends ~10 a second, so the 20:59 spike needs the event source's most (1,000), reached
    # 3 minutes 20 s after the moment at SQS-driven Lambda's +300 a minute
    send=WorkerScale(batch_size=10, maximum_concurrency=1000, reserved_concurrency=1000, parallel=10),
    send_high_throughput=True, api=_PROD_API,
    account_concurrency=1300,  # 80 + 1,000 reserved, ~200 for the API at its peak, the checks' schedules
    # the tasks table on provisioned capacity: since the store-day's calls are worked (decision 0087) it pays there
    tables=TableSettings(unbacked=("search",), infrequent_access=("search",), provisioned=PROD_CAPACITY),
)

# prod-cn (Ningxia): the bookings and tasks tables on provisioned capacity (decision 0080: there it pays, at China's
# on-demand write price), planned for PLANNED_STORES; its check workers at 60, not 80, so that the burst minutes'
# writes come at ~7,800 items/s (the capacity they need, and pay for, a third lower): the 20:59 spike's checks then
# take ~260 s, still under the send workers' ramp (~300 s), which sets the reminder lag either way
_PROD_CN = {**_PROD,
            "checks": WorkerScale(batch_size=10, maximum_concurrency=60, reserved_concurrency=60, parallel=10),
            "tables": TableSettings(unbacked=("search",), infrequent_access=("search",), provisioned=PROD_CN_CAPACITY)}

SCALE: Mapping[str, ScaleSettings] = MappingProxyType({
    "dev": ScaleSettings(
        "dev", due_shards=4, dispatch_page_items=400, dispatch_budget_s=90, dispatch_lookahead_s=600,
        redispatch_after_s=180, dispatchers=4,
        checks=WorkerScale(batch_size=10, maximum_concurrency=5, reserved_concurrency=None, parallel=10),
        send=WorkerScale(batch_size=10, maximum_concurrency=5, reserved_concurrency=None, parallel=10),
        send_high_throughput=True,
        api=MappingProxyType({"board": Throttle(50, 100)}), account_concurrency=30, tables=_TABLES,
        app_log_level="DEBUG",
    ),
    "prod": ScaleSettings("prod", **_PROD),  # type: ignore[arg-type]
    "prod-cn": ScaleSettings("prod-cn", **_PROD_CN),  # type: ignore[arg-type]
})
