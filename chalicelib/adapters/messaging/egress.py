"""Token fetches through the egress function (chalicelib/egress.py): the functions outside the VPC invoke it
and get WeChat's answer, fetched from the NAT gateways' fixed addresses that the apps whitelist."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from wechatpy.exceptions import WeChatClientException


class EgressTokens:
    def __init__(self, lambda_client: Callable[[], Any], function_name: str) -> None:
        self._client, self._function = lambda_client, function_name

    def fetcher(self, appid: str, secret_ref: str) -> Callable[[bool], dict[str, Any]]:
        """What ChainWeChatClient calls instead of WeChat's stable_token (force: a new token)."""

        def fetch(force: bool) -> dict[str, Any]:
            payload = {"kind": "wechat_token", "appid": appid, "secret_ref": secret_ref, "force": force}
            answer = self._client().invoke(FunctionName=self._function, Payload=json.dumps(payload).encode())
            body = answer["Payload"].read()
            if answer.get("FunctionError"):
                raise WeChatClientException(None, f"the egress function failed: {body[:200]!r}")
            result: dict[str, Any] = json.loads(body)
            if result.get("errcode"):
                raise WeChatClientException(result["errcode"], str(result.get("errmsg", "")))
            return result

        return fetch

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A WeCom call made by the egress function (kinds "wecom_token", "wecom_send"): WeCom's answer."""
        answer = self._client().invoke(FunctionName=self._function, Payload=json.dumps(payload).encode())
        body = answer["Payload"].read()
        if answer.get("FunctionError"):
            raise WeChatClientException(None, f"the egress function failed: {body[:200]!r}")
        result: dict[str, Any] = json.loads(body)
        return result
