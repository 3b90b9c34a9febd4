"""The one function with a fixed outbound address: it runs in a VPC whose private subnets reach the internet
through a NAT gateway with an Elastic IP in each availability zone (infra/egress.py), so that WeChat sees only
those addresses. WeChat's access-token call answers 40164 to a caller whose IP is not on the app's whitelist;
every other function stays outside the VPC and asks this one for tokens (decision 0003: the token fetch is in
one place, ChainWeChatClient.fetch_access_token).

Event: {"kind": "wechat_token", "appid", "secret_ref", "force"}; answer: WeChat's JSON. The secret is read
here, from under the chains' parameter path only (this function's role reads nothing else).

WeCom (decision 0037): a self-built app's calls must come from its trusted IPs, so both its token fetch
({"kind": "wecom_token", "corp_id", "secret_ref"}) and its app messages ({"kind": "wecom_send", "access_token",
"message"}) are made here; the caller keeps the token in the shared store (adapters/messaging/wecom.py)."""
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


def _chain_secret(secret_ref: str) -> str | dict[str, Any]:
    """The secret, or the answer refusing it (not under the chains' path, or unreadable)."""
    if not secret_ref.startswith(settings().chains_parameter_path.rstrip("/") + "/"):
        return {"errcode": -2, "errmsg": "the secret must live under the chains' parameter path"}
    from .domain.errors import NotConfigured

    try:
        return str(_secrets().get(secret_ref))
    except NotConfigured:
        return {"errcode": -2, "errmsg": "the app's secret is missing or unreadable"}


def wecom_token(corp_id: str, secret_ref: str) -> dict[str, Any]:
    secret = _chain_secret(secret_ref)
    if isinstance(secret, dict):
        return secret
    answer = requests.get(f"{settings().wecom_api_root}/cgi-bin/gettoken", timeout=TIMEOUT_S,
                          params={"corpid": corp_id, "corpsecret": secret})
    result: dict[str, Any] = answer.json()
    if result.get("errcode"):
        log.warning("WeCom refused a token for %s: %s", corp_id, result.get("errcode"))
    return result


def wecom_send(access_token: str, message: dict[str, Any]) -> dict[str, Any]:
    answer = requests.post(f"{settings().wecom_api_root}/cgi-bin/message/send", timeout=TIMEOUT_S,
                           params={"access_token": access_token}, json=message)
    result: dict[str, Any] = answer.json()
    return result


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    kind = event.get("kind")
    if kind == "wechat_token":
        return wechat_token(str(event.get("appid") or ""), str(event.get("secret_ref") or ""), bool(event.get("force")))
    if kind == "wecom_token":
        return wecom_token(str(event.get("corp_id") or ""), str(event.get("secret_ref") or ""))
    if kind == "wecom_send":
        return wecom_send(str(event.get("access_token") or ""), dict(event.get("message") or {}))
    return {"errcode": -2, "errmsg": f"unknown request {kind!r}"}
