"""The erasure port's contract, on the fakes and on DynamoDB alike: it finds a customer's items by key and
index, changes only theirs, and a second run finds nothing left to do."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from chalicelib.domain.errors import NotFound
from chalicelib.domain.floor.tasks import CallTask
from chalicelib.domain.messaging.outbox import OutboxRecord


def _message(chain_id: str, n: int, customer_id: str) -> OutboxRecord:
    return OutboxRecord(f"{chain_id}#m{n}", chain_id, customer_id, "reminder", {"customer_name": "王小明"},
                        store_id="pudong")


def test_messages_of_one_customer_are_dropped_and_emptied(ports, chain_id):
    now = ports.clock.now()
    for n, who in enumerate(("c1", "c1", "c2")):
        ports.outbox.enqueue(_message(chain_id, n, who), now)
    ports.outbox.claim(f"{chain_id}#m1", now)
    ports.outbox.sent(f"{chain_id}#m1", "sms", "p1", now)

    assert ports.erasure.forget_messages(chain_id, "c1") == 2

    unsent, sent, other = (ports.outbox.get(f"{chain_id}#m{n}") for n in range(3))
    assert (unsent.status, unsent.context, unsent.customer_id) == ("dropped", {}, "erased")
    assert (sent.status, sent.context) == ("sent", {})
    assert other.context == {"customer_name": "王小明"} and other.customer_id == "c2"
    assert [r.dedupe_key for r in ports.outbox.due(now) if r.chain_id == chain_id] == [f"{chain_id}#m2"]
    assert ports.erasure.forget_messages(chain_id, "c1") == 0


def test_tasks_are_found_by_what_they_concern_closed_and_emptied(ports, chain_id):
    now = ports.clock.now()
    for task_id in ("b1#late", "b1#follow_up_complaint", "b12#late"):
        ports.tasks.create(CallTask(chain_id, "pudong", task_id, "late", now, now, "王小明", "13912345678", "b1", "note"))

    assert ports.erasure.forget_tasks(chain_id, "pudong", "b1#", now) == 2

    assert [t.task_id for t in ports.tasks.open_for_store(chain_id, "pudong")] == ["b12#late"]
    assert ports.erasure.forget_tasks(chain_id, "pudong", "b1#", now + timedelta(hours=1)) == 0


def test_report_rows_naming_the_person_are_blanked(ports, chain_id):
    now = ports.clock.now()
    rows = [{"time": "09:00", "customer": "王先生", "phone": "13912345678", "plate": "沪B54321", "service": "保养"},
            {"time": "10:00", "customer": "李先生", "phone": "13700001111", "plate": "沪C11111", "service": "保养"}]
    ports.reports.put_once(chain_id, "pudong", date(2026, 11, 24), {"bookings": 2}, rows, now)

    days = (date(2026, 11, 23), date(2026, 11, 24))
    assert ports.erasure.forget_in_reports(chain_id, "pudong", days, frozenset({"13912345678"}), frozenset()) == 1

    (stored,) = ports.reports.between(chain_id, "pudong", *days)
    assert stored["figures"] == {"bookings": 2}
    assert stored["digest"] == [{**rows[0], "customer": "", "phone": "", "plate": ""}, rows[1]]


def test_the_customer_record_goes_once(ports, chain_id):
    customer_id = ports.customers.sign_in(chain_id, "openid-erin", None, ports.clock.now())
    assert ports.erasure.forget_customer(chain_id, customer_id)
    with pytest.raises(NotFound):
        ports.customers.get(chain_id, customer_id)
    assert not ports.erasure.forget_customer(chain_id, customer_id)
    assert ports.erasure.forget_vehicles(chain_id, customer_id, frozenset({"沪B54321"})) == 0


def test_coupon_claims_of_one_customer_go_once(ports, chain_id):
    now = ports.clock.now()
    for coupon_id, customer_id in (("winter", "erin"), ("tenth", "erin"), ("winter", "frank")):
        assert ports.campaigns.claim(chain_id, coupon_id, customer_id, now)
    assert ports.erasure.forget_coupon_claims(chain_id, "erin") == 2
    assert ports.campaigns.uses(chain_id, "erin") == {}
    assert ports.campaigns.uses(chain_id, "frank") == {"winter": 0}  # somebody else's claim stays
    assert ports.erasure.forget_coupon_claims(chain_id, "erin") == 0
