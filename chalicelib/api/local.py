"""/local/... : the local stage only (app.py registers it only there). Run a check as if the clock read
`now`; list what the WeChat stand-in, the SMS sink and the WeCom stand-in received."""
from __future__ import annotations

import os
from typing import Any

import requests

from .. import container
from ..domain import validation
from ..domain.errors import NotFound
from ..jobs import CHECKS
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import query

local = ApiBlueprint(__name__)


@local.route("/local/checks/{name}", methods=["POST"], audience=Audience.LOCAL)
def run_check(name: str) -> dict[str, Any]:
    if name not in CHECKS:
        raise NotFound(f"no check '{name}'; one of {', '.join(CHECKS)}", field="name", code="unknown_check")
    params = query(local.current_request)
    svc = container.services()
    if params.get("now"):
        svc = container.at_time(svc, validation.instant(params["now"], "now"))
    return {"check": name, "now": svc.clock.now().isoformat(), "result": CHECKS[name].run(svc)}


@local.route("/local/outbox", methods=["GET"], audience=Audience.LOCAL)
def outbox() -> dict[str, Any]:
    wechat = requests.get(f"{container.services().settings.wechat_api_root}/__sent", timeout=5).json()["sent"]
    sms_endpoint = os.environ.get("TENCENT_SMS_ENDPOINT")
    sms = requests.get(f"http://{sms_endpoint}/", timeout=5).json()["sent"] if sms_endpoint else []
    wecom_root = os.environ.get("WECOM_API_ROOT")  # the WeCom stand-in (devstack/wecom_standin.py)
    wecom = requests.get(f"{wecom_root}/__sent", timeout=5).json()["sent"] if wecom_root else []
    return {"wechat": wechat, "sms": sms, "wecom": wecom}
