"""Webhooks out through the local run (`make run`'s program), as a chain's own system receives them: a receiver
on this machine verifies each delivery with the `standardwebhooks` library; its first answer is a failure,
the admin replays the delivery, and the event arrives exactly once (decision 0035)."""
from __future__ import annotations

import json
import os
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.support.local_run import LocalRun
from tests.support.patience import ANSWER, wait_until

LOCAL = {"Authorization": "Bearer local-dev-token"}


class Receiver:
    """A chain's receiver: verifies the signature and deduplicates on webhook-id; answers 500 while told to."""

    def __init__(self) -> None:
        self.secret: str | None = None
        self.fail_next = 0
        self.tries: list[str] = []  # every webhook-id that came, failed tries included
        self.accepted: dict[str, dict] = {}  # webhook-id -> the verified payload, once
        self.refused: list[str] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["content-length"]))
                try:
                    payload = Webhook(receiver.secret or "").verify(body, dict(self.headers.items()))
                except WebhookVerificationError as error:
                    receiver.refused.append(str(error))
                    self.send_response(400)
                    self.end_headers()
                    return
                msg_id = self.headers["webhook-id"]
                receiver.tries.append(msg_id)
                if receiver.fail_next:
                    receiver.fail_next -= 1
                    self.send_response(500)
                else:
                    receiver.accepted.setdefault(msg_id, payload)
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/appt-hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def api():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_PREFIX", "JWT_", "WECHAT_"))}
    with LocalRun(env=env, ready_line="Serving on http://127.0.0.1:{port}") as run:
        yield run.base


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.server.shutdown()
    found.server.server_close()


def _admin(base: str) -> dict:
    r = requests.post(f"{base}/staff/login", json={"chain_id": "demo", "username": "admin", "password": "admin-pass"},
                      timeout=ANSWER)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _book(base: str) -> str:
    r = requests.post(f"{base}/mp/login", json={"chain_id": "demo", "code": "webhook-customer"}, timeout=ANSWER)
    customer = {"Authorization": f"Bearer {r.json()['token']}"}
    for days in range(2, 16):
        day = (date.today() + timedelta(days=days)).isoformat()
        slots = requests.get(f"{base}/mp/stores/demo-pudong/slots", params={"date": day}, headers=customer,
                             timeout=ANSWER).json()["slots"]
        free = [s for s in slots if s["available"]]
        if free:
            body = {"store_id": "demo-pudong", "start": free[-1]["start"], "service_type": "maintenance",
                    "customer": {"name": "钱多", "phone": "13800138077"},
                    "vehicle": {"plate": "沪AW1234", "model": "Mazda 3", "mileage": 12000}}
            made = requests.post(f"{base}/mp/bookings", json=body, timeout=ANSWER,
                                 headers={**customer, "Idempotency-Key": "webhook-1"})
            assert made.status_code in (200, 201), made.text
            return str(made.json()["booking_id"])
    pytest.fail("no open slot in two weeks")


def test_a_failed_delivery_replayed_arrives_once_verified_by_the_receiver(api, receiver):
    admin = _admin(api)
    made = requests.post(f"{api}/admin/webhooks", json={"url": receiver.url, "events": ["booking.created"]},
                         headers=admin, timeout=ANSWER)
    assert made.status_code == 201, made.text
    receiver.secret, endpoint = made.json()["secret"], made.json()["endpoint_id"]
    receiver.fail_next = 1

    booking_id = _book(api)
    ran = requests.post(f"{api}/local/checks/webhooks", headers=LOCAL, timeout=ANSWER)
    assert ran.status_code == 200, ran.text
    wait_until(lambda: len(receiver.tries) >= 1, within=ANSWER, what="the first try")  # (or the scheduler loop's)
    assert receiver.accepted == {} and receiver.refused == []

    log = requests.get(f"{api}/admin/webhooks/{endpoint}/deliveries", headers=admin, timeout=ANSWER).json()
    [delivery] = log["deliveries"]
    assert (delivery["status"], [a["outcome"] for a in delivery["log"]]) == ("retry", ["http_500"])

    replay = requests.post(f"{api}/admin/webhooks/{endpoint}/deliveries/{delivery['event_id']}/replay",
                           headers=admin, timeout=ANSWER)
    assert replay.status_code == 200, replay.text
    assert replay.json()["status"] == "delivered"
    again = requests.post(f"{api}/admin/webhooks/{endpoint}/deliveries/{delivery['event_id']}/replay",
                          headers=admin, timeout=ANSWER)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "already_delivered")
    requests.post(f"{api}/local/checks/webhooks", headers=LOCAL, timeout=ANSWER)  # nothing left due

    assert receiver.refused == []  # every try verified with the library
    assert receiver.tries == [delivery["event_id"]] * 2  # the failed try and the replay, one id
    [(msg_id, payload)] = receiver.accepted.items()
    assert msg_id == delivery["event_id"] and payload["type"] == "booking.created"
    assert payload["data"]["booking_id"] == booking_id
    assert json.dumps(payload).find("13800138077") == -1  # no phone number leaves in an event
