"""One source for the schedules: every check of chalicelib/jobs.py becomes exactly one EventBridge rule of the
Chalice app, at the expression its cadence gives, and the local scheduler loop keeps the same cadence."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from chalice.app import CloudWatchEventConfig, ScheduledEventConfig, ScheduleExpression

import app as app_module  # no AWS access at import: the container is built on the first call
from chalicelib import container
from chalicelib.jobs import CHECKS, WORKERS, Check, DailyAt, Every
from devstack.scheduler import SchedulerLoop, next_due

ROOT = Path(__file__).resolve().parents[2]
T = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def scheduled() -> dict[str, ScheduledEventConfig]:
    sources = [s for s in app_module.app.event_sources if isinstance(s, ScheduledEventConfig | CloudWatchEventConfig)]
    assert all(isinstance(s, ScheduledEventConfig) for s in sources), "no event-pattern rules are expected"
    by_name = {s.name: s for s in sources if isinstance(s, ScheduledEventConfig)}
    assert len(by_name) == len(sources), "one rule per function"
    return by_name


def expression(source: ScheduledEventConfig) -> str:
    value = source.schedule_expression
    return value.to_string() if isinstance(value, ScheduleExpression) else value


def test_each_check_is_exactly_one_rule_at_its_registered_cadence():
    rules = scheduled()
    assert set(rules) == {check.function for check in CHECKS.values()}
    for check in CHECKS.values():
        assert expression(rules[check.function]) == check.cadence.expression, check.name


def test_the_deployed_names_and_times_stay_as_they_were():
    assert {name: check.function for name, check in CHECKS.items()} == {
        "reminders": "reminders",
        "lateness": "lateness",
        "follow_up": "follow_up",
        "daily_report": "daily_report",
        "lapse": "lapse",
        "campaigns": "campaigns",
        "outbox": "outbox_retry",
        "counter_audit": "counter_audit",
        "task_escalation": "task_escalation",
        "webhooks": "webhooks",  # new: decision 0035
        "deposit_reconciliation": "deposit_reconciliation",  # new: decision 0062
    }
    assert {name: expression(rule) for name, rule in scheduled().items()} == {
        "reminders": "rate(1 minute)",
        "lateness": "rate(1 minute)",
        "follow_up": "rate(1 hour)",
        "daily_report": "rate(1 hour)",
        "lapse": "rate(1 hour)",  # invitations spread over the contact window: each hour takes its share
        "campaigns": "rate(1 hour)",  # scheduled campaigns whose time has come (docs/product-rules.md#campaigns)
        "outbox_retry": "rate(1 minute)",
        "counter_audit": "cron(30 19 * * ? *)",  # 03:30 in China
        "task_escalation": "rate(5 minutes)",
        "webhooks": "rate(1 minute)",
        "deposit_reconciliation": "cron(0 3 * * ? *)",  # 11:00 in China, once WeChat Pay's bill is ready
    }


def test_every_scheduled_function_has_its_settings_in_the_chalice_config():
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    expected = {check.function for check in CHECKS.values()} | {worker.function for worker in WORKERS.values()}
    assert set(config["lambda_functions"]) == expected


def test_lambda_finds_each_handler_where_chalice_says_it_is():
    """Chalice names the handler "app.<__name__ of the function>"; Lambda imports app and looks that name up,
    so it must be the wrapped handler Chalice registered for the function."""
    for name, rule in scheduled().items():
        module, attribute = rule.handler_string.split(".")
        assert (module, attribute) == ("app", name)
        assert getattr(app_module, attribute) is app_module.app.handler_map[name]


def fake_services() -> Any:
    """The attributes the registry's runners use, recording each call in `.calls`."""
    calls: list[str] = []

    def recorder(label: str) -> Callable[..., dict[str, int]]:
        def run(*args: str) -> dict[str, int]:
            calls.append(f"{label}({', '.join(args)})")
            return {}

        return run

    return SimpleNamespace(
        calls=calls,
        checks=SimpleNamespace(run=recorder("checks.run")),
        daily_report=SimpleNamespace(run=recorder("daily_report.run")),
        lapse=SimpleNamespace(run=recorder("lapse.run")),
        notifier=SimpleNamespace(run_due=recorder("notifier.run_due")),
        auditor=SimpleNamespace(nightly=recorder("auditor.nightly")),
        deposit_reconciliation=SimpleNamespace(run=recorder("deposit_reconciliation.run")),
        task_escalation=SimpleNamespace(run=recorder("task_escalation.run")),
        fanout=SimpleNamespace(run=recorder("fanout.run"), dispatch=recorder("fanout.dispatch")),
    )


RUNS = {  # what each check's `run` calls on the services (the local loop, /local/checks)
    "reminders": "fanout.run(reminders)",
    "lateness": "fanout.run(lateness)",
    "follow_up": "fanout.run(follow_up)",
    "daily_report": "fanout.run(daily_report)",
    "lapse": "fanout.run(lapse)",
    "campaigns": "fanout.run(campaigns)",
    "outbox": "fanout.run(outbox)",
    "counter_audit": "auditor.nightly()",
    "task_escalation": "task_escalation.run()",
    "webhooks": "fanout.run(webhooks)",
    "deposit_reconciliation": "deposit_reconciliation.run()",
}
TICKS = {  # what the deployed schedule calls: the fanned-out checks only dispatch
    **RUNS,
    "reminders": "fanout.dispatch(reminders)",
    "lateness": "fanout.dispatch(lateness)",
    "follow_up": "fanout.dispatch(follow_up)",
    "daily_report": "fanout.dispatch(daily_report)",
    "lapse": "fanout.dispatch(lapse)",
    "campaigns": "fanout.dispatch(campaigns)",
    "outbox": "fanout.dispatch(outbox)",
    "webhooks": "fanout.dispatch(webhooks)",
}


@pytest.fixture
def installed_services():
    services = fake_services()
    container.override(services)
    yield services
    container.override(None)


def cloudwatch_event(function: str) -> dict[str, Any]:
    return {
        "version": "0", "account": "123456789012", "region": "cn-north-1", "detail": {},
        "detail-type": "Scheduled Event", "source": "aws.events", "time": "2026-11-23T02:00:00Z",
        "id": "e1", "resources": [f"arn:aws-cn:events:cn-north-1:123456789012:rule/appt-dev-{function}-event"],
    }


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_deployed_handler_runs_its_check(installed_services, name):
    function = CHECKS[name].function
    getattr(app_module, function)(cloudwatch_event(function), None)
    assert installed_services.calls == [TICKS[name]]


def parse(expr: str) -> Every | DailyAt:
    """Read an EventBridge expression back, independently of how jobs.py writes it."""
    if m := re.fullmatch(r"rate\((\d+) (minute|hour|day)s?\)", expr):
        return Every(minutes=int(m[1]) * {"minute": 1, "hour": 60, "day": 1440}[m[2]])
    if m := re.fullmatch(r"cron\((\d+) (\d+) \* \* \? \*\)", expr):
        return DailyAt(hour=int(m[2]), minute=int(m[1]))
    raise AssertionError(f"unexpected expression {expr}")


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_local_loop_keeps_the_deployed_cadence(name):
    deployed = parse(expression(scheduled()[CHECKS[name].function]))
    cadence = CHECKS[name].cadence
    for after in (T, T + timedelta(hours=1), T + timedelta(hours=1, seconds=1), T + timedelta(hours=23, minutes=59)):
        due = next_due(cadence, after)
        match deployed:
            case Every():
                assert due - after == timedelta(minutes=deployed.minutes)
            case DailyAt():
                assert due.astimezone(UTC).time() == time(deployed.hour, deployed.minute)
                assert timedelta(0) < due - after <= timedelta(days=1)


def loop_at(clock: list[datetime], checks: dict[str, Check] | None = None) -> tuple[SchedulerLoop, Any]:
    """A loop reading the time from clock[0], running `checks` (all of them by default) on fake services."""
    services = fake_services()
    return SchedulerLoop(lambda: services, now=lambda: clock[0], checks=checks or CHECKS), services


DAILY = Check("lapse", DailyAt(hour=2, minute=0), lambda svc: svc.lapse.run())  # a daily check, as lapse once was


def test_the_local_loop_runs_a_daily_check_at_its_time_not_hourly():
    clock = [T]  # 01:00 UTC
    loop, _ = loop_at(clock, {"lapse": DAILY})
    assert loop.tick() == []
    clock[0] = T + timedelta(minutes=59, seconds=55)
    assert loop.tick() == []
    clock[0] = T + timedelta(hours=1, seconds=3)  # 02:00:03
    assert loop.tick() == ["lapse"]
    for hours in range(1, 24):
        clock[0] = T + timedelta(hours=1 + hours, seconds=3)
        assert loop.tick() == [], clock[0]
    clock[0] = T + timedelta(days=1, hours=1, seconds=3)  # the next day, 02:00:03
    assert loop.tick() == ["lapse"]


def test_a_late_daily_check_runs_once():
    clock = [T]
    loop, services = loop_at(clock, {"lapse": DAILY})
    loop.tick()
    clock[0] = T + timedelta(days=3, hours=5)  # the machine slept through three 02:00s
    assert loop.tick() == ["lapse"]
    assert loop.tick() == []
    clock[0] += timedelta(hours=1)
    assert loop.tick() == []
    assert services.calls == ["lapse.run()"]


def test_periodic_checks_run_at_start_then_every_period():
    clock = [T]
    loop, services = loop_at(clock)
    assert sorted(loop.tick()) == sorted(n for n, c in CHECKS.items() if isinstance(c.cadence, Every))
    assert sorted(services.calls) == sorted(RUNS[n] for n, c in CHECKS.items() if isinstance(c.cadence, Every))
    clock[0] = T + timedelta(minutes=1)
    assert sorted(loop.tick()) == ["lateness", "outbox", "reminders", "webhooks"]
    clock[0] = T + timedelta(minutes=30)  # the 5-minute one too
    assert sorted(loop.tick()) == ["lateness", "outbox", "reminders", "task_escalation", "webhooks"]
    clock[0] = T + timedelta(minutes=60)  # 02:00 UTC: the hourly ones too
    assert sorted(loop.tick()) == ["campaigns", "daily_report", "follow_up", "lapse", "lateness", "outbox",
                                   "reminders", "task_escalation", "webhooks"]


def test_a_clock_stepping_back_does_not_stall_the_loop():
    clock = [T]
    loop, _ = loop_at(clock, {"reminders": CHECKS["reminders"]})
    assert loop.tick() == ["reminders"]
    clock[0] = T - timedelta(hours=2)
    assert loop.tick() == []
    clock[0] = T - timedelta(hours=2) + timedelta(minutes=1)
    assert loop.tick() == ["reminders"]


def test_a_failing_check_does_not_stop_the_others():
    def boom(svc: object) -> dict[str, int]:
        raise RuntimeError("down")

    checks = {"broken": Check("broken", Every(minutes=1), boom), "reminders": CHECKS["reminders"]}
    clock = [T]
    loop, services = loop_at(clock, checks)
    assert loop.tick() == ["broken", "reminders"]
    assert services.calls == ["fanout.run(reminders)"]


def test_each_worker_is_one_sqs_triggered_function_on_its_queue():
    from chalice.app import SQSEventConfig

    from chalicelib.jobs import WORKERS
    from chalicelib.services.runs.fanout import GROUPED

    sources = {s.name: s for s in app_module.app.event_sources if isinstance(s, SQSEventConfig)}
    assert set(sources) == {w.function for w in WORKERS.values()}
    prefix = app_module.QUEUE_PREFIX  # the stage's table prefix when the app was loaded (packaged)
    for worker in WORKERS.values():
        source = sources[worker.function]
        fifo = ".fifo" if worker.queue in GROUPED else ""  # the grouped (FIFO) send queue
        assert (source.queue, source.batch_size) == (f"{prefix}-{worker.queue}{fifo}", worker.batch_size)
        assert getattr(app_module, worker.function) is app_module.app.handler_map[worker.function]


def test_a_worker_answers_which_items_of_its_batch_to_redeliver_and_nothing_else(installed_services):
    from chalicelib.jobs import WORKERS
    from chalicelib.services.runs.batches import BatchResult

    handled: list[tuple[str, list[dict[str, str]]]] = []

    def handle(queue: str, bodies: list[dict[str, str]]) -> BatchResult:
        handled.append((queue, bodies))
        return BatchResult({"done": 2, "retried": 1}, [n for n, b in enumerate(bodies) if b.get("busy")])

    installed_services.fanout.handle = handle
    worker = WORKERS["checks"]
    bodies = [json.dumps({"booking_id": "b0"}), json.dumps({"booking_id": "b1", "busy": "yes"}), "not json"]
    event = {"Records": [{"body": body, "receiptHandle": f"r{n}", "messageId": f"m{n}", "attributes": {},
                          "messageAttributes": {}, "eventSourceARN": "arn:aws:sqs:x:1:q"} for n, body in enumerate(bodies)]}
    # SQS's partial batch response: only m1 comes back; the unreadable body is handed on (to be parked)
    assert getattr(app_module, worker.function)(event, None) == {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert handled == [("checks", [{"booking_id": "b0"}, {"booking_id": "b1", "busy": "yes"},
                                   {"unreadable": "not json"}])]
