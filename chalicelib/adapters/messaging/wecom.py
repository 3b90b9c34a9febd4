"""WeCom (企业微信) app messages through wechatpy's WeCom client (`wechatpy.enterprise.WeChatClient`, 1.8.18),
with the API root configurable so that the local stand-in (devstack/wecom_standin.py) serves the same code path.

wechatpy builds every API URL from the client's `API_BASE_URL` (an endpoint that is not a full URL is joined to
it), but its WeCom `fetch_access_token` names https://qyapi.weixin.qq.com itself: both are set here. The app's
access token lives in the shared token store (adapters/messaging/tokens.py, decision 0003) under a key of the
corp and agent (wechatpy's own key would carry the start of the secret), fetched by one function at a time.
Deployed, the calls go through the egress function (its fixed IP is the app's trusted IP; chalicelib/egress.py).

Errors by kind (docs/product-rules.md#wecom-for-staff): an expired or invalid token is refreshed once and the
send retried once; a user WeCom does not know (or outside the app's visible range) is "refused" (the next
channel); load is "retry"; anything else "bad_request" (the next channel, recorded).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from wechatpy.enterprise import WeChatClient
from wechatpy.exceptions import WeChatClientException

from .provider_errors import ErrorCodes, ProviderSendError, with_token

TOKEN_ERRORS = {40014, 42001}  # invalid access_token, access_token expired (40001 in WeCom is a wrong secret)
USER_UNKNOWN = {60111, 81013, 60011}  # userid not found; every recipient invalid; no permission for the user
_RETRY_LATER = {-1, 45009, 45033}  # busy, the app's rate limit, too many concurrent calls
Egress = Callable[[dict[str, Any]], dict[str, Any]]


_CODES = ErrorCodes(refused=frozenset(USER_UNKNOWN), retry_later=frozenset(_RETRY_LATER), token=frozenset(TOKEN_ERRORS))


class WeComSendError(ProviderSendError):
    """kind: "refused" (a member WeCom does not know: the next channel), "retry" (later), "bad_request"."""


class ChainWeComClient(WeChatClient):
    """A chain's WeCom app. `api_root` is https://qyapi.weixin.qq.com deployed, the stand-in locally; `egress`
    (deployed) makes the calls from the egress function instead of here."""

    def __init__(self, corp_id: str, secret: str, agent_id: str, api_root: str, *, session: Any,
                 secret_ref: str = "", egress: Egress | None = None, sleep: Callable[[float], None] = time.sleep,
                 timeout: int = 5) -> None:
        super().__init__(corp_id, secret, session=session, timeout=timeout, auto_retry=False)
        self.api_root = api_root.rstrip("/")
        self.API_BASE_URL = f"{self.api_root}/cgi-bin/"
        self.agent_id = int(agent_id)
        self._secret_ref, self._egress, self._sleep = secret_ref, egress, sleep

    @property
    def access_token_key(self) -> str:
        return f"wecom_{self.corp_id}_{self.agent_id}_access_token"

    # --- the shared token --------------------------------------------------------------------------------

    def _gettoken(self) -> dict[str, Any]:
        if self._egress is not None:
            result = self._egress({"kind": "wecom_token", "corp_id": self.corp_id, "secret_ref": self._secret_ref})
            if result.get("errcode"):
                raise WeChatClientException(result["errcode"], str(result.get("errmsg", "")))
            return result
        answer = self._http.get(f"{self.api_root}/cgi-bin/gettoken",
                                params={"corpid": self.corp_id, "corpsecret": self.secret}, timeout=self.timeout)
        result: dict[str, Any] = answer.json()
        if result.get("errcode"):
            raise WeChatClientException(result["errcode"], str(result.get("errmsg", "")))
        return result

    def fetch_access_token(self, wait_seconds: float = 5.0) -> dict[str, Any]:
        """By one function at a time (the store's lease): the holder fetches, the others read what it stored."""
        storage, key, waited = self.session, self.access_token_key, 0.0
        while True:
            live = storage.get(key)
            if live:
                return {"access_token": live}
            if not hasattr(storage, "lease") or storage.lease(key):
                try:
                    result = self._gettoken()
                except BaseException:
                    if hasattr(storage, "release"):
                        storage.release(key)
                    raise
                storage.set(key, result["access_token"], int(result.get("expires_in", 7200)))
                self.expires_at = None  # the storage judges expiry, not this instance
                return result
            if waited >= wait_seconds:
                raise WeComSendError("retry", None, "another function is fetching the WeCom access token")
            self._sleep(0.05)
            waited += 0.05

    def _with_token(self, call: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
        """Make the call; on a token error forget that token (if nobody replaced it yet), fetch once, retry once."""
        return with_token(self, call, _CODES, WeComSendError)

    # --- app messages -------------------------------------------------------------------------------------

    def _send(self, token: str, message: dict[str, Any]) -> dict[str, Any]:
        if self._egress is None:
            result: dict[str, Any] = self.message.send(self.agent_id, message["touser"], msg=message)
            return result
        result = self._egress({"kind": "wecom_send", "access_token": token, "message": message})
        if result.get("errcode"):
            raise WeChatClientException(result["errcode"], str(result.get("errmsg", "")))
        return result

    def send_card(self, userid: str, title: str, description: str, url: str) -> str:
        """A text card (title, text, the console link) to one member; the message id. A member WeCom does not
        know, or who is outside the app's visible range, is a refusal: the next channel takes the message."""
        message = {"touser": userid, "agentid": self.agent_id, "msgtype": "textcard",
                   "textcard": {"title": title[:128], "description": description[:512], "url": url, "btntxt": "详情"}}
        result = self._with_token(lambda token: self._send(token, message))
        if result.get("invaliduser"):
            raise WeComSendError("refused", 60111, f"WeCom does not know the member {userid!r}")
        return str(result.get("msgid", ""))
