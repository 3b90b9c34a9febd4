"""Webhooks out (decision 0035): events written with their booking change, fanned out to the chain's endpoints
by the `webhooks` check, signed with the Standard Webhooks scheme, retried with backoff, parked after the
last try, replayed once; secrets rotated with overlap; addresses checked at registration and each try."""
from __future__ import annotations

import json

import pytest
from standardwebhooks.webhooks import Webhook

from chalicelib.domain.errors import Conflict, ValidationError
from chalicelib.domain.messaging.webhooks import ATTEMPTS, RETRY_AFTER
from chalicelib.services.messaging.webhooks import Webhooks
from tests.conftest import at
from tests.support.bookings import customer, request

DAY = "2026-11-24"
HOOK = "https://dms.example.com/hooks"


def posts(svc) -> list[tuple[str, dict, dict[str, str]]]:
    return [(url, json.loads(body), headers) for url, _, body, headers in svc.ports.webhook_transport.posts]


def signed_by(secret: str, headers: dict[str, str], body: dict) -> bool:
    """The header carries the signature the library computes for this id, timestamp and body."""
    from datetime import UTC, datetime

    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    when = datetime.fromtimestamp(int(headers["webhook-timestamp"]), tz=UTC)
    return Webhook(secret).sign(headers["webhook-id"], when, raw) in headers["webhook-signature"].split(" ")


def book(svc, chain, name="alice", hhmm="09:00"):
    return svc.booking.book_online(customer(svc, chain, name), request(at(DAY, hhmm)), f"k-{name}")[0]


def test_a_new_booking_reaches_a_subscribed_endpoint_signed_and_with_its_event_id(svc, chain):
    made = svc.webhooks.register(chain, HOOK, ["booking.created", "booking.cancelled"])
    booking = book(svc, chain)
    counts = svc.fanout.run("webhooks")
    assert counts.get("fanned") == 1
    [(url, body, headers)] = posts(svc)
    assert url == HOOK and body["type"] == "booking.created"
    assert body["data"]["booking_id"] == booking.booking_id and "phone" not in json.dumps(body)
    assert headers["webhook-id"].startswith("ev_") and signed_by(made["secret"], headers, body)
    assert svc.fanout.run("webhooks").get("fanned") is None  # fanned once: nothing left due
    assert [d["status"] for d in svc.webhooks.deliveries(chain, made["endpoint_id"])] == ["delivered"]


def test_only_the_events_an_endpoint_wants_reach_it(svc, chain):
    svc.webhooks.register(chain, HOOK, ["booking.cancelled"])
    booking = book(svc, chain)
    svc.booking.cancel_own(customer(svc, chain, "alice"), booking.booking_id)
    svc.fanout.run("webhooks")
    assert [b["type"] for _, b, _ in posts(svc)] == ["booking.cancelled"]


def test_a_failing_endpoint_is_retried_with_backoff_parked_after_the_last_try_and_replayed_once(svc, chain, clock):
    made = svc.webhooks.register(chain, HOOK, ["booking.created"])
    svc.ports.webhook_transport.answers[HOOK] = [500] * ATTEMPTS
    book(svc, chain)
    svc.fanout.run("webhooks")
    for wait in RETRY_AFTER:
        clock.advance(seconds=wait.total_seconds() - 1)
        assert svc.fanout.run("webhooks").get("retry") is None  # not before its wait
        clock.advance(seconds=1)
        svc.fanout.run("webhooks")
    assert len(posts(svc)) == ATTEMPTS
    [log] = svc.webhooks.deliveries(chain, made["endpoint_id"])
    assert (log["status"], log["attempts"]) == ("failed", ATTEMPTS)
    assert [a["outcome"] for a in log["log"]] == ["http_500"] * ATTEMPTS
    [parked] = svc.fanout.parked("checks")
    assert parked.check == "webhooks" and parked.kind == "refused"
    clock.advance(hours=1)
    assert svc.fanout.run("webhooks").get("retry") is None  # failed: no more tries on its own
    replayed = svc.webhooks.replay(chain, made["endpoint_id"], log["event_id"])
    assert replayed["status"] == "delivered"
    ids = [h["webhook-id"] for _, _, h in posts(svc)]
    assert len(ids) == ATTEMPTS + 1 and len(set(ids)) == 1  # the same id every try: receivers deduplicate
    with pytest.raises(Conflict) as refused:
        svc.webhooks.replay(chain, made["endpoint_id"], log["event_id"])
    assert refused.value.code == "already_delivered"
    assert len(posts(svc)) == ATTEMPTS + 1


def test_a_redriven_parked_delivery_is_tried_again(svc, chain, clock):
    made = svc.webhooks.register(chain, HOOK, ["booking.created"])
    svc.ports.webhook_transport.answers[HOOK] = [503] * ATTEMPTS
    book(svc, chain)
    svc.fanout.run("webhooks")
    for wait in RETRY_AFTER:
        clock.advance(seconds=wait.total_seconds())
        svc.fanout.run("webhooks")
    assert svc.fanout.redrive("checks") == {"redriven": 1, "passed_over": 0}
    svc.fanout.drain()
    [log] = svc.webhooks.deliveries(chain, made["endpoint_id"])
    assert log["status"] == "delivered" and len(posts(svc)) == ATTEMPTS + 1


def test_a_rotated_secret_signs_beside_the_new_one_until_the_overlap_ends(svc, chain, clock):
    first = svc.webhooks.register(chain, HOOK, ["booking.created"])
    second = svc.webhooks.rotate(chain, first["endpoint_id"], overlap_hours=2)
    assert second["secret"] != first["secret"] and second["secrets_in_force"] == 2
    book(svc, chain, "alice")
    svc.fanout.run("webhooks")
    [(_, body, headers)] = posts(svc)
    assert signed_by(first["secret"], headers, body) and signed_by(second["secret"], headers, body)
    clock.advance(hours=2)
    book(svc, chain, "bob", "10:00")
    svc.fanout.run("webhooks")
    _, body, headers = posts(svc)[-1]
    assert signed_by(second["secret"], headers, body) and not signed_by(first["secret"], headers, body)
    listed = json.dumps(svc.webhooks.endpoints(chain))
    assert first["secret"] not in listed and second["secret"] not in listed  # a secret is shown once, when made


def deployed(svc) -> Webhooks:
    p = svc.ports
    return Webhooks(p.webhooks, p.resolver, p.webhook_transport, p.clock, deployed=True)


@pytest.mark.parametrize(("url", "names"), [
    ("http://dms.example.com/hooks", {}),  # not https
    ("https://10.0.0.8/hooks", {}),  # an address, not a name
    ("https://intranet.example.com/hooks", {"intranet.example.com": ["10.1.2.3"]}),
    ("https://meta.example.com/hooks", {"meta.example.com": ["93.184.216.34", "169.254.169.254"]}),
    ("https://gone.example.com/hooks", {"gone.example.com": []}),
])
def test_deployed_stages_take_public_https_endpoints_only(svc, chain, url, names):
    svc.ports.resolver.names.update(names)
    with pytest.raises(ValidationError) as refused:
        deployed(svc).register(chain, url, ["booking.created"])
    assert (refused.value.code, refused.value.field) == ("webhook_url_refused", "url")


def test_the_address_is_checked_again_at_each_delivery(svc, chain):
    hooks = deployed(svc)
    made = hooks.register(chain, HOOK, ["booking.created"])
    svc.ports.resolver.names["dms.example.com"] = ["192.168.1.10"]  # the name now points inside
    book(svc, chain)
    event = next(iter(svc.ports.webhooks.due_pages(svc.clock.now())))[0]
    assert hooks.work({"kind": "event", "chain": chain, "event": event.event_id}) == "fanned"
    item = {"kind": "delivery", "chain": chain, "event": event.event_id, "endpoint": made["endpoint_id"]}
    assert hooks.work(item) == "retry"
    assert posts(svc) == []
    [log] = hooks.deliveries(chain, made["endpoint_id"])
    assert log["log"][0]["outcome"] == "refused_address" and log["status"] == "retry"
    svc.ports.resolver.names["dms.example.com"] = ["93.184.216.34"]
    svc.clock.advance(minutes=1)
    assert hooks.work(item) == "delivered"
    [(_, address, _, _)] = svc.ports.webhook_transport.posts
    assert address == "93.184.216.34"  # connected to the address that was checked


def test_unknown_events_are_refused_by_name(svc, chain):
    with pytest.raises(ValidationError) as refused:
        svc.webhooks.register(chain, HOOK, ["booking.created", "booking.exploded"])
    assert refused.value.field == "events" and "booking.exploded" in refused.value.message


def test_a_removed_endpoint_gets_nothing_more(svc, chain, clock):
    made = svc.webhooks.register(chain, HOOK, ["booking.created"])
    svc.ports.webhook_transport.answers[HOOK] = [500]
    book(svc, chain)
    svc.fanout.run("webhooks")
    svc.webhooks.remove(chain, made["endpoint_id"])
    clock.advance(minutes=5)
    assert svc.fanout.run("webhooks").get("endpoint_removed") == 1
    assert len(posts(svc)) == 1


def test_a_chain_whose_endpoints_want_none_of_a_changes_events_writes_none(svc, chain):
    svc.webhooks.register(chain, HOOK, ["booking.cancelled"])
    book(svc, chain)  # booking.created: wanted by no endpoint
    assert list(svc.ports.webhooks.due_pages(svc.clock.now())) == []
