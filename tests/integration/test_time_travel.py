"""The local stage's time travel (`/local/checks/{name}?now=`) keeps watermarks of its own: a run in the future
drives the same checks but never moves the watermark the real-clock schedules use (finding 9)."""
from __future__ import annotations

from datetime import timedelta

from chalicelib import container
from chalicelib.jobs import CHECKS


def test_a_run_in_the_future_leaves_the_real_watermark_alone(svc, chain, clock):
    CHECKS["reminders"].run(svc)
    real = svc.ports.watermarks.clean_before("reminders")
    future = container.at_time(svc, clock.now() + timedelta(days=10))
    CHECKS["reminders"].run(future)
    assert svc.ports.watermarks.clean_before("reminders") == real
    travelled = svc.ports.watermarks.clean_before(container.TIME_TRAVEL_NAMESPACE + "reminders")
    assert travelled is not None and (real is None or travelled > real)
    clock.advance(hours=2)
    CHECKS["reminders"].run(svc)  # the real schedule still looks at its own hours
    assert svc.ports.watermarks.clean_before("reminders") != travelled
