"""Wiring only: the blueprints, the schedules and the queue workers."""
import json
import os
from collections.abc import Callable
from typing import Any

from chalice import Chalice
from chalice.app import SQSEvent

from chalicelib import container
from chalicelib.api.admin import admin
from chalicelib.api.health import health
from chalicelib.api.miniprogram import mp
from chalicelib.api.staff import staff
from chalicelib.config import Settings
from chalicelib.jobs import CHECKS, WORKERS, Check, Worker

app = Chalice(app_name="appt")
app.register_blueprint(health)
app.register_blueprint(mp)
app.register_blueprint(staff)
app.register_blueprint(admin)

if os.environ.get("STAGE") == "local":  # absent from every deployed stage
    from chalicelib.api.local import local

    app.register_blueprint(local)


def _scheduled(check: Check) -> Callable[[object], dict[str, int]]:
    def handler(event: object) -> dict[str, int]:
        assert check.tick is not None
        return check.tick(container.services())

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


def _worker(worker: Worker) -> Callable[[SQSEvent], dict[str, int]]:
    def handler(event: SQSEvent) -> dict[str, int]:
        # raises if any item failed, so Lambda redelivers the batch (Chalice 1.34 cannot switch on
        # ReportBatchItemFailures); every item is idempotent
        bodies: list[Any] = [json.loads(record.body) for record in event]
        return container.services().fanout.handle(worker.queue, bodies)

    handler.__name__ = handler.__qualname__ = worker.function
    return handler


# One SQS-triggered function per worker of chalicelib/jobs.py, on the stage's queue "<table prefix>-<queue>".
QUEUE_PREFIX = Settings.from_env().table_prefix
for _worker_spec in WORKERS.values():
    if _worker_spec.function in globals():
        raise RuntimeError(f"the worker function {_worker_spec.function!r} would hide app.{_worker_spec.function}")
    globals()[_worker_spec.function] = app.on_sqs_message(
        queue=f"{QUEUE_PREFIX}-{_worker_spec.queue}", batch_size=_worker_spec.batch_size,
        name=_worker_spec.function,
    )(_worker(_worker_spec))
