"""A loopback stand-in for Tencent Cloud SMS (SendSms, API 2021-01-11), spoken to by the real SDK.

It checks what the SDK must send (TC3 signature header, action, app id, sign, template) and keeps every
message; GET /__sent lists them, POST /__faults {"code": "LimitExceeded", "times": 1} queues errors.
Given the chain's approved templates (`register`, as Chain.sms_templates holds them), it refuses an unknown
template id and values that do not fit a variable's type and length (Tencent's error codes), and keeps the text
the customer reads ("text": 【sign】 and the approved text with the values in place).
`reply(...)` plays the provider's reply callback: a customer's answer to an SMS, posted to our API with the
body signed (HMAC-SHA256, hex, header X-Sms-Signature) by the chain's shared callback secret.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from chalicelib.domain.messaging import sms_templates


class _Handler(BaseHTTPRequestHandler):
    server: TencentSmsStandIn

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        with self.server.lock:
            self._send({"sent": list(self.server.sent)})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        server = self.server
        if self.path == "/__faults":
            with server.lock:
                server.faults.extend([body["code"]] * int(body.get("times", 1)))
            return self._send({"ok": True})
        request_id = uuid.uuid4().hex
        signed = (self.headers.get("Authorization") or "").startswith("TC3-HMAC-SHA256")
        if self.headers.get("X-TC-Action") != "SendSms" or not signed:
            return self._send({"Response": {"Error": {"Code": "AuthFailure", "Message": "unsigned"}, "RequestId": request_id}})
        with server.lock:
            fault = server.faults.popleft() if server.faults else None
        if fault:
            return self._send({"Response": {"Error": {"Code": fault, "Message": "injected"}, "RequestId": request_id}})
        missing = [k for k in ("PhoneNumberSet", "SmsSdkAppId", "SignName", "TemplateId") if not body.get(k)]
        if missing:
            error = {"Code": "MissingParameter", "Message": ",".join(missing)}
            return self._send({"Response": {"Error": error, "RequestId": request_id}})
        params = [str(p) for p in body.get("TemplateParamSet") or []]
        text, error = server.render(body["TemplateId"], params)
        if error:
            return self._send({"Response": {"Error": error, "RequestId": request_id}})
        statuses = []
        with server.lock:
            for phone in body["PhoneNumberSet"]:
                serial = uuid.uuid4().hex[:16]
                server.sent.append({"phone": phone, "sign": body["SignName"], "template_id": body["TemplateId"],
                                    "params": params, "serial": serial,
                                    **({"text": f"【{body['SignName']}】{text}"} if text is not None else {})})
                statuses.append({"SerialNo": serial, "PhoneNumber": phone, "Fee": 1, "SessionContext": "",
                                 "Code": "Ok", "Message": "send success", "IsoCode": "CN"})
        self._send({"Response": {"SendStatusSet": statuses, "RequestId": request_id}})


class TencentSmsStandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, strict: bool = True) -> None:
        super().__init__((host, port), _Handler)
        self.strict = strict  # refuse a template id not registered (the local run lets staff templates through)
        self.lock = threading.Lock()
        self.sent: list[dict[str, Any]] = []
        self.faults: deque[str] = deque()
        self.templates: dict[str, sms_templates.SmsTemplate] = {}  # approved template id -> template

    def register(self, registered: dict[str, dict[str, Any]]) -> TencentSmsStandIn:
        """The chain's approved templates (Chain.sms_templates): from now on only these ids are accepted; a
        template Tencent's review would refuse (sms_templates.review) is refused here too."""
        for key, raw in registered.items():
            template = sms_templates.template_of(raw, key)
            refused = sms_templates.review(template)  # what Tencent's reviewers would not have approved
            if refused:
                raise ValueError(f"{key}: {refused}")
            self.templates[template.template_id] = template
        return self

    def render(self, template_id: str, params: list[str]) -> tuple[str | None, dict[str, str] | None]:
        """(the text the customer reads, None), or (None, Tencent's error); (None, None) when no templates are
        registered (the stand-in then only records the values)."""
        if not self.templates:
            return None, None
        template = self.templates.get(template_id)
        if template is None and not self.strict:
            return None, None
        if template is None:
            return None, {"Code": "FailedOperation.TemplateIncorrectOrUnapproved", "Message": template_id}
        refused = sms_templates.refusal(template, params)
        if refused:
            code = "FailedOperation.TemplateParamSetNotMatchApprovedTemplate" if len(params) != len(template.params) \
                else "InvalidParameterValue.TemplateParameterFormatError"
            return None, {"Code": code, "Message": refused}
        return sms_templates.text_of(template, params), None

    @property
    def endpoint(self) -> str:
        host, port = self.server_address[:2]
        return f"{host}:{port}"

    def start(self) -> TencentSmsStandIn:
        threading.Thread(target=self.serve_forever, name="sms-standin", daemon=True).start()
        return self

    @staticmethod
    def signed_reply(secret: str, mobile: str, text: str, *, sign: str = "") -> tuple[bytes, dict[str, str]]:
        """The body and headers of one reply callback, as the provider sends it."""
        body = json.dumps([{"mobile": mobile, "nationcode": "86", "text": text, "sign": sign,
                            "time": int(time.time()), "extend": ""}], ensure_ascii=False).encode()
        digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return body, {"Content-Type": "application/json", "X-Sms-Signature": digest}

    @classmethod
    def reply(cls, callback_url: str, secret: str, mobile: str, text: str, *, sign: str = "") -> tuple[int, dict[str, Any]]:
        """Post one reply the way the provider's callback does; (HTTP status, JSON answer)."""
        body, headers = cls.signed_reply(secret, mobile, text, sign=sign)
        request = urllib.request.Request(callback_url, data=body, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - a local URL we are given
                return answer.status, json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read() or b"{}")

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
