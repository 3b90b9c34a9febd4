"""/local/... : the local stage only (app.py registers it only there). Run a check as if the clock read
`now`; list what the WeChat stand-in and the SMS sink received."""
from __future__ import annotations

import os
import requests

from .. import container
from ..adapters.clock import FixedClock
from ..domain import validation
from ..domain.errors import NotFound
from ..jobs import CHECKS
from .blueprint import ApiBlueprint
from .encoding import query

local = ApiBlueprint(__name__)


@local.route("/local/checks/{name}", methods=["POST"])
def run_check(name: str) -> dict:
    if name not in CHECKS:
        raise NotFound(f"no check '{name}'; one of {', '.join(CHECKS)}", field="name", code="unknown_check")
    params = query(local.current_request)
    base = container.services()
    svc = base
    if params.get("now"):
        clock = FixedClock(validation.instant(params["now"], "now"))
        svc = container.build(base.settings, clock=clock)
    return {"check": name, "now": svc.clock.now().isoformat(), "result": CHECKS[name].run(svc)}


@local.route("/local/outbox", methods=["GET"])
def outbox() -> dict:
    wechat = requests.get(f"{container.services().settings.wechat_api_root}/__sent", timeout=5).json()["sent"]
    sms_endpoint = os.environ.get("TENCENT_SMS_ENDPOINT")
    sms = requests.get(f"http://{sms_endpoint}/", timeout=5).json()["sent"] if sms_endpoint else []
    return {"wechat": wechat, "sms": sms}
