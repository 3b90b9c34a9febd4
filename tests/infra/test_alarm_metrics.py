"""Every alarm of infra/alarms.py watches a metric the code emits, with the same namespace, name and
dimensions: the code paths that emit run on the in-memory fakes with a recording Metrics port."""
from __future__ import annotations

from collections import deque
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

import app as app_module
from chalicelib import container, observability
from chalicelib.adapters.memory.providers import FakeChannels
from chalicelib.adapters.metrics import RecordingMetrics
from chalicelib.config import Settings
from chalicelib.domain.messaging.delivery import DeliveryError
from chalicelib.domain.messaging.messages import MESSAGE_KINDS
from chalicelib.domain.messaging.outbox import OutboxRecord
from chalicelib.domain.tenancy.chain import Chain
from chalicelib.jobs import CHECKS
from devstack.seed import demo_store
from infra.alarms import custom_alarms
from tests.support.bookings import customer

pytestmark = pytest.mark.xdist_group("synth")  # with the other tests that load the CDK
CHAIN = "emf-chain"
EMITTED_ELSEWHERE = {"Drift": "the nightly invariant audit (its own branch) emits it with the catalogue's dimensions"}


# what a confirmation mentions: enough for every WeChat keyword to be valid, so the failures are the channels'
CONTEXT = {"customer_name": "张伟", "store_name": "浦东店", "plate": "沪A12345", "start": "2026-11-24T10:00:00+08:00"}


def failing_deliveries(svc, channels: FakeChannels) -> None:
    """Messages that fail on each channel with each named cause, through the notifier's deliver."""
    who = customer(svc, CHAIN, "carol")
    svc.ports.customers.add_subscriptions(CHAIN, who.subject, {"booking_confirmed": 5})
    record = svc.ports.customers._state.customers[(CHAIN, who.subject)]  # the fake's record: link the OA
    record.update(oa_openid="oa-carol", phone="13800138000")
    revoked = DeliveryError("bad_request", 40037, "invalid template_id")
    sms_errors = [DeliveryError("bad_request", "LimitExceeded.AppDailyLimit", "quota"),
                  DeliveryError("bad_request", "FailedOperation.InsufficientBalanceInSmsPackage", "balance"),
                  DeliveryError("bad_request", "InvalidParameterValue.TemplateParameterFormatError", "bad")]
    for number, sms_error in enumerate(sms_errors):  # every channel fails, each with its cause
        channels.fail.update(subscribe=deque([revoked]), template=deque([revoked]), sms=deque([sms_error]))
        svc.notifier.send(OutboxRecord(f"{CHAIN}#{who.subject}#booking_confirmed#{number}", CHAIN, who.subject,
                                       "booking_confirmed", CONTEXT))
    channels.fail.update(subscribe=deque(), template=deque(), sms=deque())
    svc.notifier.send(OutboxRecord(f"{CHAIN}#{who.subject}#booking_confirmed#sent", CHAIN, who.subject,
                                   "booking_confirmed", CONTEXT))


def test_every_alarm_watches_a_metric_the_code_emits(clock):
    metrics, channels = RecordingMetrics(), FakeChannels()
    ports = container.memory_ports(clock, channels=channels)
    ports.metrics = metrics
    svc = container.use_cases(Settings.from_env({}), ports)
    svc.ports.stores.put_chain(Chain(CHAIN, "集团", mp_appid="wxemf", mp_secret_ref="/appt/test/mp-secret",
                                     oa_appid="wxoa", oa_secret_ref="/appt/test/oa-secret",
                                     templates={k: f"sub-{k}" for k in MESSAGE_KINDS},
                                     oa_templates={k: f"oa-{k}" for k in MESSAGE_KINDS},
                                     sms={f"template.{k}": f"sms-{k}" for k in MESSAGE_KINDS}))
    svc.ports.stores.put(demo_store("pudong", "浦东店", chain_id=CHAIN, capacity_per_slot=1, walk_in_reserve=0.0,
                                    labour_hours={}))
    failing_deliveries(svc, channels)
    for check in CHECKS.values():  # the wrapper's path, from each check's counts
        app_module.observe_check(svc, check, {"done": 1, "error": 1}, "2026-11-23T00:00:00Z")
    clock.set(datetime(2026, 11, 23, 20, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    svc.daily_report.run()  # November, and next year's holiday schedule not loaded: the warning's metric
    emitted = {(name, tuple(sorted(dims.items()))) for name, _, dims in metrics.records}
    for watched in custom_alarms():
        if watched.metric.name in EMITTED_ELSEWHERE:
            assert watched.metric.dimensions == () and watched.dimensions == ()
            continue
        key = (watched.metric.name, tuple(sorted(dict(watched.dimensions).items())))
        assert key in emitted, f"alarm {watched.alarm} watches {key}, which nothing emitted: {sorted(emitted)}"
    # the namespace and the stage dimension are the EMF adapter's, shown on real output above
    assert observability.NAMESPACE == "Appt"
