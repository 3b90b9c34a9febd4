"""Wiring only: the blueprints and the schedules."""
import os

from chalice import Chalice, Cron, Rate

from chalicelib import container
from chalicelib.api.admin import admin
from chalicelib.api.health import health
from chalicelib.api.miniprogram import mp
from chalicelib.api.staff import staff
from chalicelib.jobs import CHECKS

app = Chalice(app_name="appt")
app.register_blueprint(health)
app.register_blueprint(mp)
app.register_blueprint(staff)
app.register_blueprint(admin)

if os.environ.get("STAGE") == "local":  # absent from every deployed stage
    from chalicelib.api.local import local

    app.register_blueprint(local)


# EventBridge rules; each function has reserved concurrency 1 (.chalice/config.json), and every check is
# safe to run twice or late anyway.
@app.schedule(Rate(1, unit=Rate.MINUTES), name="reminders")
def reminders(event: object) -> dict:
    return CHECKS["reminders"].run(container.services())


@app.schedule(Rate(1, unit=Rate.MINUTES), name="lateness")
def lateness(event: object) -> dict:
    return CHECKS["lateness"].run(container.services())


@app.schedule(Rate(1, unit=Rate.HOURS), name="follow_up")
def follow_up(event: object) -> dict:
    return CHECKS["follow_up"].run(container.services())


@app.schedule(Rate(1, unit=Rate.HOURS), name="daily_report")
def daily_report(event: object) -> dict:
    return CHECKS["daily_report"].run(container.services())


@app.schedule(Cron(0, 2, "*", "*", "?", "*"), name="lapse")  # 10:00 in China (UTC+8)
def lapse(event: object) -> dict:
    return CHECKS["lapse"].run(container.services())


@app.schedule(Rate(1, unit=Rate.MINUTES), name="outbox_retry")
def outbox_retry(event: object) -> dict:
    return CHECKS["outbox"].run(container.services())
