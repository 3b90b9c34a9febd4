"""Wiring only: the blueprints, the schedules, the queue workers, and in Lambda the JSON logs with a correlation id."""
import json
import os
from collections.abc import Callable
from datetime import datetime
from typing import Any

from chalice import Chalice
from chalice.app import SQSEvent

from chalicelib import container, observability
from chalicelib.adapters.sqs import physical_name
from chalicelib.api import board_socket
from chalicelib.api.admin import admin
from chalicelib.api.bill import bill
from chalicelib.api.campaigns import campaign_admin
from chalicelib.api.checkin import checkin
from chalicelib.api.console import console
from chalicelib.api.contact import contact
from chalicelib.api.edge import edge
from chalicelib.api.floor import floor
from chalicelib.api.health import health
from chalicelib.api.holidays import holidays
from chalicelib.api.imports import imports as import_routes
from chalicelib.api.job import job
from chalicelib.api.miniprogram import mp
from chalicelib.api.operator import operator
from chalicelib.api.staff import staff
from chalicelib.api.webhooks import webhooks as webhook_routes
from chalicelib.api.wechat import wechat
from chalicelib.api.wechat_setup import wechat_setup
from chalicelib.api.wechatpay import wechatpay
from chalicelib.api.wecom import wecom
from chalicelib.api.workshop import workshop
from chalicelib.config import Settings
from chalicelib.jobs import CHECKS, WORKERS, Check, Worker
from chalicelib.services.runs.fanout import GROUPED

app = Chalice(app_name="appt")
app.register_blueprint(health)
app.register_blueprint(mp)
app.register_blueprint(contact)
app.register_blueprint(staff)
app.register_blueprint(job)
app.register_blueprint(admin)
app.register_blueprint(campaign_admin)
app.register_blueprint(holidays)
app.register_blueprint(console)
app.register_blueprint(wechat)
app.register_blueprint(floor)
app.register_blueprint(operator)
app.register_blueprint(wechat_setup)
app.register_blueprint(checkin)
app.register_blueprint(webhook_routes)
app.register_blueprint(import_routes)
app.register_blueprint(wecom)
app.register_blueprint(workshop)
app.register_blueprint(wechatpay)  # WeChat Pay's notifications (decision 0062)
app.register_blueprint(bill)  # the bill (docs/product-rules.md#the-bill)
app.register_blueprint(edge)  # last: the catch-all routes and the error-shape middleware

if os.environ.get("STAGE") == "local":  # absent from every deployed stage
    from chalicelib.api.local import local

    app.register_blueprint(local)

if os.environ.get("AWS_LAMBDA_FUNCTION_NAME"):  # in Lambda: JSON logs, personal data masked

    @app.middleware("all")
    def _correlate(event: Any, get_response: Callable[[Any], Any]) -> Any:
        """The API request's id, or the scheduled event's id, on every log line of this invocation. The
        logger is set up on the first invocation, not at import (Powertools' import is a cold-start cost)."""
        from chalicelib import observability_logging

        observability_logging.configure(os.environ.get("STAGE", "?"), os.environ["AWS_LAMBDA_FUNCTION_NAME"])
        context = getattr(event, "context", None)
        request_id = context.get("requestId") if isinstance(context, dict) else getattr(event, "event_id", None)
        observability_logging.set_correlation_id(request_id)
        return get_response(event)


def observe_check(services: Any, check: Check, counts: dict[str, int], scheduled_at: str | None) -> None:
    """A run's counts as CheckItems by outcome, and how far behind its scheduled time the run ended."""
    metrics = getattr(getattr(services, "ports", None), "metrics", None)
    if metrics is None:  # a stand-in of the services (tests) without ports
        return
    for outcome, number in sorted(counts.items()):
        metrics.emit(observability.CHECK_ITEMS.name, number, check=check.name, outcome=outcome)
    if scheduled_at:
        lag = services.clock.now() - datetime.fromisoformat(scheduled_at.replace("Z", "+00:00"))
        metrics.emit(observability.CHECK_LAG.name, max(lag.total_seconds(), 0.0), check=check.name)


def _scheduled(check: Check) -> Callable[[object], dict[str, int]]:
    def handler(event: object) -> dict[str, int]:
        services = container.services()
        assert check.tick is not None
        counts = check.tick(services)
        observe_check(services, check, counts, getattr(event, "time", None))
        return counts

    # Chalice deploys a handler as "app.<its __name__>" and Lambda looks that attribute up on this module,
    # so the name is the deployed function's, and the wrapped handler is bound under it below.
    handler.__name__ = handler.__qualname__ = check.function
    return handler


# One EventBridge rule per check of chalicelib/jobs.py, at the cadence declared there. Each function has
# reserved concurrency 1 (.chalice/config.json), and every check is safe to run twice or late anyway.
for _check in CHECKS.values():
    if _check.function in globals():
        raise RuntimeError(f"the scheduled function {_check.function!r} would hide app.{_check.function}")
    globals()[_check.function] = app.schedule(_check.cadence.expression, name=_check.function)(_scheduled(_check))


def _worker(worker: Worker) -> Callable[[SQSEvent], dict[str, Any]]:
    def handler(event: SQSEvent) -> dict[str, Any]:
        # SQS's partial batch response (the event source mapping reports batch item failures, infra/functions.py):
        # only the items named are redelivered; a body that is not even JSON is handed on to be parked
        records = list(event)
        bodies: list[Any] = [_body(record.body) for record in records]
        result = container.services().fanout.handle(worker.queue, bodies)
        return {"batchItemFailures": [{"itemIdentifier": records[n].to_dict()["messageId"]} for n in result.retry]}

    handler.__name__ = handler.__qualname__ = worker.function
    return handler


def _body(text: str) -> dict[str, Any]:
    try:
        body = json.loads(text)
    except ValueError:
        body = None
    return body if isinstance(body, dict) else {"unreadable": text[:2000]}


# One SQS-triggered function per worker of chalicelib/jobs.py, on the stage's queue "<table prefix>-<queue>"
# (".fifo" after it for a grouped queue).
QUEUE_PREFIX = Settings.from_env().table_prefix
for _worker_spec in WORKERS.values():
    if _worker_spec.function in globals():
        raise RuntimeError(f"the worker function {_worker_spec.function!r} would hide app.{_worker_spec.function}")
    globals()[_worker_spec.function] = app.on_sqs_message(
        queue=physical_name(QUEUE_PREFIX, _worker_spec.queue, fifo=_worker_spec.queue in GROUPED),
        batch_size=_worker_spec.batch_size,
        name=_worker_spec.function,
    )(_worker(_worker_spec))


# The lobby board's push socket (decision 0040): API Gateway WebSocket, $connect only (infra/board_socket.py).
app.experimental_feature_flags.update(["WEBSOCKETS"])
board_socket_connect = app.on_ws_connect(name="board_socket_connect")(board_socket.connect)
