"""Wiring only: the blueprints (and, from the checks issue on, the schedules)."""
from chalice import Chalice

from chalicelib.api.admin import admin
from chalicelib.api.health import health
from chalicelib.api.miniprogram import mp
from chalicelib.api.staff import staff

app = Chalice(app_name="appt")
app.register_blueprint(health)
app.register_blueprint(mp)
app.register_blueprint(staff)
app.register_blueprint(admin)
