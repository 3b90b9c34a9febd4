"""Wiring only: the blueprints and the schedules."""
import os
from collections.abc import Callable

from chalice import Chalice

from chalicelib import container
from chalicelib.api.admin import admin
from chalicelib.api.edge import edge
from chalicelib.api.health import health
from chalicelib.api.miniprogram import mp
from chalicelib.api.staff import staff
from chalicelib.jobs import CHECKS, Check

app = Chalice(app_name="appt")
app.register_blueprint(health)
app.register_blueprint(mp)
app.register_blueprint(staff)
app.register_blueprint(admin)
app.register_blueprint(edge)  # last: the catch-all routes and the error-shape middleware

if os.environ.get("STAGE") == "local":  # absent from every deployed stage
    from chalicelib.api.local import local

    app.register_blueprint(local)


def _scheduled(check: Check) -> Callable[[object], dict[str, int]]:
    def handler(event: object) -> dict[str, int]:
        return check.run(container.services())

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
