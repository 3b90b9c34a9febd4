"""The one function with a fixed outbound address: it runs in a VPC whose private subnets reach the internet
through a NAT gateway with an Elastic IP in each availability zone (infra/egress.py), so that WeChat sees only
those addresses. WeChat's access-token call answers 40164 to a caller whose IP is not on the app's whitelist;
every other function stays outside the VPC and asks this one for tokens (decision 0003: the token fetch is in
one place, ChainWeChatClient.fetch_access_token).

Event: {"kind": "wechat_token", "appid", "secret_ref", "force"}; answer: WeChat's JSON. The secret is read
here, from under the chains' parameter path only (this function's role reads nothing else)."""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import requests

from .config import settings

log = logging.getLogger(__name__)
TIMEOUT_S = 5


@lru_cache(maxsize=1)
def _secrets() -> Any:
    import boto3

    from .adapters.secrets import SsmSecrets

    return SsmSecrets(boto3.client("ssm", region_name=settings().region))


def wechat_token(appid: str, secret_ref: str, force: bool) -> dict[str, Any]:
    config = settings()
    if not secret_ref.startswith(config.chains_parameter_path.rstrip("/") + "/"):
        return {"errcode": -2, "errmsg": "the secret must live under the chains' parameter path"}
    from .domain.errors import NotConfigured

    try:
        secret = _secrets().get(secret_ref)
    except NotConfigured:
        return {"errcode": -2, "errmsg": "the app's secret is missing or unreadable"}
    answer = requests.post(f"{config.wechat_api_root}/cgi-bin/stable_token", timeout=TIMEOUT_S,
                           json={"grant_type": "client_credential", "appid": appid, "secret": secret,
                                 "force_refresh": bool(force)})
    result: dict[str, Any] = answer.json()
    if result.get("errcode"):
        log.warning("WeChat refused a token for %s: %s", appid, result.get("errcode"))
    return result


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if event.get("kind") == "wechat_token":
        return wechat_token(str(event.get("appid") or ""), str(event.get("secret_ref") or ""), bool(event.get("force")))
    return {"errcode": -2, "errmsg": f"unknown request {event.get('kind')!r}"}
