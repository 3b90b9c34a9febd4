"""Metrics as CloudWatch receives them: the EMF lines one booking and one check run print through the
Powertools adapter (that every alarm watches a metric the code emits: tests/infra/test_alarm_metrics.py)."""
from __future__ import annotations

import json

import pytest

import app as app_module
from chalicelib import container
from chalicelib.adapters.metrics import EmfMetrics
from chalicelib.config import Settings
from chalicelib.domain.errors import SlotFull
from chalicelib.domain.messaging.messages import MESSAGE_KINDS
from chalicelib.domain.tenancy.chain import Chain
from devstack.seed import demo_store
from tests.conftest import at
from tests.support.bookings import customer, request

CHAIN = "emf-chain"
DAY = "2026-11-24"


@pytest.fixture
def emf_svc(clock, monkeypatch):
    monkeypatch.delenv("POWERTOOLS_SERVICE_NAME", raising=False)  # it would add a "service" dimension
    ports = container.memory_ports(clock)
    ports.metrics = EmfMetrics("dev")
    svc = container.use_cases(Settings.from_env({}), ports)
    svc.ports.stores.put_chain(Chain(CHAIN, "集团", mp_appid="wxemf", mp_secret_ref="/appt/test/mp-secret",
                                     templates={k: f"sub-{k}" for k in MESSAGE_KINDS},
                                     sms={f"template.{k}": f"sms-{k}" for k in MESSAGE_KINDS}))
    svc.ports.stores.put(demo_store("pudong", "浦东店", chain_id=CHAIN, capacity_per_slot=1, walk_in_reserve=0.0,
                                    labour_hours={}))
    return svc


def emf_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith('{"_aws"')]


def metric(line: dict) -> tuple[str, str, dict[str, str]]:
    [directive] = line["_aws"]["CloudWatchMetrics"]
    [[*dimension_names]] = directive["Dimensions"]
    [definition] = directive["Metrics"]
    return directive["Namespace"], definition["Name"], {name: line[name] for name in dimension_names}


def test_one_booking_and_one_refusal_as_emf(emf_svc, capsys):
    alice, bob = customer(emf_svc, CHAIN, "alice"), customer(emf_svc, CHAIN, "bob")
    emf_svc.booking.book_online(alice, request(at(DAY, "09:00")), "k1")
    with pytest.raises(SlotFull):
        emf_svc.booking.book_online(bob, request(at(DAY, "09:00"), plate="沪B22222"), "k2")
    lines = emf_lines(capsys.readouterr().out)
    assert [metric(line) for line in lines] == [
        ("Appt", "BookingsCreated", {"stage": "dev", "source": "mini_program"}),
        ("Appt", "BookingsRefused", {"stage": "dev", "reason": "slot_full"}),
    ]
    assert lines[0]["BookingsCreated"] == [1.0]
    assert lines[0]["_aws"]["CloudWatchMetrics"][0]["Metrics"][0]["Unit"] == "Count"


def test_one_check_run_as_emf(emf_svc, clock, capsys):
    emf_svc.booking.book_online(customer(emf_svc, CHAIN, "alice"), request(at(DAY, "09:00")), "k1")
    capsys.readouterr()
    clock.set(at("2026-11-23", "09:01"))  # the 24 h reminder is due at 09:00
    container.override(emf_svc)
    try:
        event = {"version": "0", "account": "1", "region": "cn-north-1", "detail": {}, "detail-type": "Scheduled Event",
                 "source": "aws.events", "time": "2026-11-23T01:00:30Z", "id": "e1", "resources": []}
        counts = app_module.reminders(event, None)
    finally:
        container.override(None)
    found = [metric(line) + (line[metric(line)[1]],) for line in emf_lines(capsys.readouterr().out)]
    items = {dims["outcome"]: value for _, name, dims, value in found if name == "CheckItems"}
    # the deployed tick only dispatches (the workers do the steps): one due item enqueued
    assert counts.get("enqueued") == 1 and items == {outcome: [float(n)] for outcome, n in counts.items()}
    assert all(dims["check"] == "reminders" and dims["stage"] == "dev" for _, name, dims, _ in found if name == "CheckItems")
    [lag] = [(dims, value) for _, name, dims, value in found if name == "CheckLagSeconds"]
    assert lag == ({"stage": "dev", "check": "reminders"}, [30.0])  # ended 09:01:00, scheduled 09:00:30
