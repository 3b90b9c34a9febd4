"""What the scale bench prints per check, and the figures the model takes: items due, DynamoDB requests and
capacity units per item, messages sent, duplicates (a message WeChat received twice) and lost (a message
never sent nor dropped by the contact-hours rule nor waiting for the next morning, or a due step still
undone, at the end of the day)."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import requests


def due_items(name: str, counts: Counter) -> int:
    if name == "daily_report":
        return counts.get("reported", 0)
    if name == "counter_audit":
        return counts.get("store_days", 0)  # one item per store-day audited
    if "enqueued" not in counts:  # worked in the tick itself (task escalation): the items it found due
        return counts.get("due", 0) - counts.get("stale", 0)
    # lapse: one item per customer or vehicle due, as for the booking checks
    return counts.get("enqueued", 0) - counts.get("stale", 0)  # a repeat of an enqueued item is not a new item


def split(ticks: list[tuple[int, int]], total: int, items: int) -> tuple[float, float]:
    """A tick's fixed requests (the median of the ticks that found nothing) and the requests per item beyond."""
    idle = sorted(r for r, n in ticks if n == 0)
    fixed = float(idle[len(idle) // 2]) if idle else 0.0
    return fixed, max(0.0, total - fixed * len(ticks)) / max(items, 1)


def _sent(name: str, counts: Counter) -> int:
    if name == "lapse":
        return counts.get("invited", 0) + counts.get("first_service_due", 0) + counts.get("maintenance_due", 0)
    return counts.get("sent", 0)


def _outbox_statuses(day: datetime) -> Counter:
    """Each message's status; one not sent whose next attempt comes after the simulated day (a reminder held
    until the morning by contact hours) counts as "waiting", not as lost."""
    from chalicelib.adapters.dynamo import keys
    from chalicelib.adapters.dynamo.models import OutboxModel

    end = keys.instant(day + timedelta(days=1) - timedelta(minutes=61))
    return Counter("waiting" if m.status in ("pending", "retry") and (m.next_attempt_at or "") > end else m.status
                   for m in OutboxModel.scan())  # the bench's own tally, never the deployed code's


def _left_undone(svc, day: datetime) -> int:  # type: ignore[no-untyped-def]
    end = day + timedelta(days=1) - timedelta(minutes=61)  # what was due an hour before the day ended
    left = sum(len(svc.ports.bookings.due(check, day - timedelta(days=1), end))
               for check in ("reminders", "lateness", "follow_up"))
    return left + len(svc.ports.lapses.due(end, lookback_days=1))


def report(svc, meter, results: dict[str, Counter], stores: int, day: datetime) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    wechat_sends = len(requests.get(f"{svc.settings.wechat_api_root}/__sent", timeout=30).json()["sent"])
    statuses = _outbox_statuses(day)
    duplicates = max(0, wechat_sends - statuses.get("sent", 0))
    # dropped: the contact-hours rule's decision (a reminder whose next allowed moment is past the start)
    lost = sum(n for status, n in statuses.items() if status not in ("sent", "dropped", "waiting")) + _left_undone(svc, day)
    per_check: dict[str, dict[str, float]] = {}
    summary: dict[str, Any] = {}
    print(f"{'check':<13}{'due':>7}{'req/item':>10}{'(all)':>8}{'req/tick':>10}{'WCU/item':>10}{'RCU/item':>10}"
          f"{'sent':>7}{'SQS/item':>10}  raw")
    for name, counts in results.items():
        due = max(due_items(name, counts), 0)
        per = max(due, 1)
        fixed, per_item = split(meter.ticks[name], meter.requests[name], due)
        figures = {
            "per_store_day": due / stores,
            "requests_per_item": per_item,  # the per-tick part (index Queries, watermarks) apart:
            "fixed_requests_per_tick": fixed,  # it does not grow with the chain
            "measured_requests_per_item": meter.requests[name] / per,
            "wcu_per_item": meter.wcu[name] / per,
            "rcu_per_item": meter.rcu[name] / per,
            "sends_per_item": _sent(name, counts) / per,
            "sqs_per_item": meter.sqs[name] / per,
        }
        per_check[name] = figures
        summary[name] = {"due": due, "requests_per_item": round(figures["requests_per_item"], 2),
                         "wcu_per_item": round(figures["wcu_per_item"], 2), "rcu_per_item": round(figures["rcu_per_item"], 2),
                         "sent": _sent(name, counts)}
        print(f"{name:<13}{due:>7}{figures['requests_per_item']:>10.2f}{figures['measured_requests_per_item']:>8.2f}"
              f"{fixed:>10.1f}{figures['wcu_per_item']:>10.2f}"
              f"{figures['rcu_per_item']:>10.2f}{_sent(name, counts):>7}{figures['sqs_per_item']:>10.2f}  {dict(counts)}")
    for name, tables in meter.wcu_by_table.items():
        if name in results:
            print(f"WCU by table, {name}: " + ", ".join(f"{t} {w / max(due_items(name, results[name]), 1):.2f}"
                                                      for t, w in tables.most_common()))
    print(f"messages: WeChat received {wechat_sends}, outbox {dict(statuses)}; duplicates {duplicates}, lost {lost}")
    print(f"not per check: the people's actions {meter.requests['people']} requests")
    for name in summary:
        summary[name].update(duplicates=duplicates, lost=lost)  # measured for the whole day: messages are shared
    return {"per_check": per_check, "summary": summary}
