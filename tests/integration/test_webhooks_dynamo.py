"""Webhooks on DynamoDB (the moto server): the events are written in the booking change's own transaction,
only when an endpoint of the chain wants them; the due index, the delivery log (newest first) and a replay."""
from __future__ import annotations

import json
from dataclasses import replace

from chalicelib import container
from chalicelib.adapters.dynamo.models import WebhookModel
from chalicelib.adapters.memory.webhooks import FakeTransport
from tests.conftest import at
from tests.integration.helpers import request
from tests.support.bookings import customer

HOOK = "https://dms.example.com/hooks"


def with_receiver(svc):
    transport = FakeTransport()
    return container.use_cases(svc.settings, replace(svc.ports, webhook_transport=transport)), transport


def test_events_go_with_their_change_and_reach_the_endpoint(svc, chain, clock):
    hooks, transport = with_receiver(svc)
    made = hooks.webhooks.register(chain, HOOK, ["booking.created", "booking.cancelled"])
    alice = customer(hooks, chain, "alice")
    booking, _ = hooks.booking.book_online(alice, request(at("2026-11-24", "09:00")), "k1")
    assert WebhookModel.count(f"event#{_only_event(hooks)}") == 1  # written with the booking
    clock.advance(minutes=1)
    hooks.booking.cancel_own(alice, booking.booking_id)
    counts = hooks.fanout.run("webhooks")
    assert counts.get("fanned") == 2 and counts.get("delivered") == 2
    # no order is promised between deliveries (each is its own work item): the data's version orders them
    sent = sorted((json.loads(body)["data"]["version"], json.loads(body)["type"]) for _, _, body, _ in transport.posts)
    assert sent == [(1, "booking.created"), (2, "booking.cancelled")]
    log = hooks.webhooks.deliveries(chain, made["endpoint_id"])
    assert [(d["type"], d["status"]) for d in log] == [("booking.cancelled", "delivered"), ("booking.created", "delivered")]
    assert list(hooks.ports.webhooks.due_pages(hooks.clock.now())) == []  # nothing left due


def _only_event(svc) -> str:
    [[due]] = list(svc.ports.webhooks.due_pages(svc.clock.now()))
    return due.event_id


def test_a_chain_without_endpoints_writes_no_event(svc, chain):
    alice = customer(svc, chain, "alice")
    svc.booking.book_online(alice, request(at("2026-11-24", "09:00")), "k1")
    assert list(svc.ports.webhooks.due_pages(svc.clock.now())) == []


def test_a_failed_delivery_is_due_again_after_its_wait_and_replays_once(svc, chain, clock):
    hooks, transport = with_receiver(svc)
    made = hooks.webhooks.register(chain, HOOK, ["booking.created"])
    transport.answers[HOOK] = [500, 500]
    hooks.booking.book_online(customer(hooks, chain, "bob"), request(at("2026-11-24", "10:00")), "k2")
    hooks.fanout.run("webhooks")
    [delivery] = hooks.webhooks.deliveries(chain, made["endpoint_id"])
    assert (delivery["status"], delivery["attempts"]) == ("retry", 1)
    assert hooks.fanout.run("webhooks").get("retry") is None  # not due before its wait
    clock.advance(minutes=1)
    assert hooks.fanout.run("webhooks").get("retry") == 1
    replayed = hooks.webhooks.replay(chain, made["endpoint_id"], delivery["event_id"])
    assert (replayed["status"], [a["outcome"] for a in replayed["log"]]) == ("delivered", ["http_500"] * 2 + ["delivered"])
    clock.advance(minutes=10)
    hooks.fanout.run("webhooks")
    assert len(transport.posts) == 3  # delivered: nothing more goes
