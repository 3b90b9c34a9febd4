"""The invariant auditor (domain/reporting/audit.py, services/reporting/audit.py, python -m chalicelib.audit, the nightly check)
against the independent counter audit of the race tests (tests/support/audit.py)."""
from __future__ import annotations

import json
from datetime import date

from chalicelib import audit as cli
from chalicelib.adapters.dynamo import keys
from chalicelib.adapters.dynamo.models import SlotCounterModel
from chalicelib.adapters.metrics import RecordingMetrics
from chalicelib.jobs import CHECKS
from chalicelib.observability import DRIFT
from chalicelib.services.reporting.audit import InvariantAuditor
from tests.conftest import at
from tests.support.audit import drift
from tests.support.bookings import customer, request

DAY = date(2026, 11, 24)


def _book_three(svc, chain):
    for n, hhmm in enumerate(("09:00", "09:00", "10:00")):
        svc.booking.book_online(customer(svc, chain, f"c{n}"), request(at("2026-11-24", hhmm), plate=f"沪A1234{n}"), f"k{n}")
    cancelled = svc.booking.list_own(customer(svc, chain, "c2"))[0]
    svc.booking.cancel_own(customer(svc, chain, "c2"), cancelled.booking_id, None)


def test_consistent_counters_show_no_drift(svc, chain):
    _book_three(svc, chain)
    found = svc.auditor.store_day(chain, "pudong", DAY)
    assert found.total == 0 and found.to_json()["drift"] == 0


def test_a_tampered_counter_is_found_as_the_independent_audit_finds_it(svc, chain, capsys):
    _book_three(svc, chain)
    SlotCounterModel(keys.store_day(chain, "pudong", DAY), "09:00").update(actions=[SlotCounterModel.taken.add(2)])
    found = svc.auditor.store_day(chain, "pudong", DAY)
    independent = drift(chain, "pudong", DAY)
    assert found.slots == {"09:00": (4.0, 2.0)} and set(found.slots) == set(independent["slots"])
    assert found.total == 1
    # the command line: any store and range, exit 1 on drift
    assert cli.main([chain, "pudong", "2026-11-23", "2026-11-25"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line.get("drift") for line in lines] == [0, 1, 0, 1]


def test_the_nightly_check_reports_the_drift_figure(svc, chain):
    metrics = RecordingMetrics()
    svc.ports.metrics = metrics
    svc.auditor = InvariantAuditor(svc.ports.stores, svc.ports.bookings, svc.ports.clock, metrics)
    _book_three(svc, chain)
    assert CHECKS["counter_audit"].run(svc)["drift"] == 0
    SlotCounterModel(keys.store_day(chain, "pudong", DAY), "10:00").update(actions=[SlotCounterModel.taken.add(5)])
    result = CHECKS["counter_audit"].run(svc)
    assert result["drift"] == 1  # one counter disagrees (overbooking is counted from the bookings, which fit)
    assert result["store_days"] >= 2 * 30
    assert [value for name, value, _ in metrics.records if name == DRIFT.name] == [0, 1]  # the alarm's metric


def test_a_tampered_segment_counter_and_a_segment_over_its_quota_are_found(svc, chain):
    from dataclasses import replace

    from tests.support.bookings import with_demo_plan

    store = with_demo_plan(svc, chain)
    for n, hhmm in enumerate(("13:30", "14:00", "14:00")):
        svc.booking.book_online(customer(svc, chain, f"s{n}"), request(at("2026-11-24", hhmm), plate=f"沪A5432{n}"), f"k{n}")
    assert svc.auditor.store_day(chain, "pudong", DAY).total == 0 and not any(drift(chain, "pudong", DAY).values())
    SlotCounterModel(keys.store_day(chain, "pudong", DAY), "SEG#midweek-idle").update(
        actions=[SlotCounterModel.taken.add(-1)])
    found, independent = svc.auditor.store_day(chain, "pudong", DAY), drift(chain, "pudong", DAY)
    assert found.segments == {"midweek-idle": (2.0, 3.0)} == {k: tuple(map(float, v)) for k, v in independent["segments"].items()}
    assert found.total == 1
    # the plan's quota lowered under what the day already holds: the auditor reports it, it is not drift of a counter
    svc.ports.stores.put(replace(store, plan=(*store.plan[:2], replace(store.plan[2], quota=2))))
    found, independent = svc.auditor.store_day(chain, "pudong", DAY), drift(chain, "pudong", DAY)
    assert found.over_quota == {"midweek-idle": (3, 2)} == independent["over_quota"]
    assert found.to_json()["over_quota"] == {"midweek-idle": [3, 2]}


def test_a_day_summary_that_disagrees_with_the_bookings_is_drift(svc, chain):
    """first-available reads the day summaries (decision 0023): the auditor holds them to the bookings too."""
    from pynamodb.expressions.operand import Path

    from chalicelib.adapters.dynamo.day_summaries import summary_item

    _book_three(svc, chain)
    assert svc.auditor.store_day(chain, "pudong", DAY).total == 0
    summary_item(chain, "pudong", DAY).update(actions=[Path(["10:00"]).add(1)])
    found = svc.auditor.store_day(chain, "pudong", DAY)
    assert found.summary == {"10:00": (1.0, 0.0)} and found.total == 1
    assert found.to_json()["summary"] == {"10:00": [1.0, 0.0]}
    ranged = svc.auditor.store_range(chain, "pudong", date(2026, 11, 23), date(2026, 11, 25))
    assert [d.total for d in ranged] == [0, 1, 0]
