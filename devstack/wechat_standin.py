"""A local stand-in for the WeChat API subset we call, over real HTTP, with injectable faults.

Speaks:
- GET /sns/jscode2session: any login code maps to a stable openid (so "alice" is always the same customer);
  a code starting with "invalid" answers 40029 as WeChat does for a bad code.
- GET /cgi-bin/token and POST /cgi-bin/stable_token: access tokens with an expiry and a daily quota per app;
  stable_token hands back the live token unless force_refresh, /cgi-bin/token always mints a new one.
- POST /cgi-bin/message/subscribe/send: checks the token (40001/42001), each keyword's value by WeChat's rule
  for its type (thing, phrase, car_number, name, amount, date, time ...: 47003)
  and, when strict, the user's one-time authorization for the template (43101).
- POST /cgi-bin/message/template/send: the official-account template message.
- GET /cgi-bin/user/info: an official-account follower's unionid (followers registered through /__follow).
- POST /wxa/business/getuserphonenumber: a phone-number code "phone-<mobile>" is that mobile; others 40029.
- POST /wxa/getwxacodeunlimit: checks the token and the scene (at most 32 characters of WeChat's set: 40169) and
  answers a PNG carrying the scene and page in tEXt chunks (devstack/wechat_codes.py; png_text reads them back).
Control (tests and the local run): POST /__faults {"path", "errcode", "times"} queues faults; POST /__grant
{"openid", "template_id", "count"}; POST /__expire_tokens; GET /__calls, GET /__sent; POST /__reset;
POST /__follow {"appid", "code"} makes the user of a login code follow an official account (answers its openid
and unionid); POST /__push {"url", "token", "appid", "aes_key"?, "json"?, "fields", "timeout"?} pushes an event to
a server as WeChat does (devstack/wechat_push.py), signed and, with a key, encrypted, and waits for the answer
as WeChat does, 5 seconds, or "timeout" seconds (a test on a busy machine).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import threading
import time
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from devstack.wechat_codes import SCENE, mp_code_png

_ERRMSG = {
    40001: "invalid credential, access_token is invalid or not latest",
    40029: "invalid code",
    40163: "code been used",
    42001: "access_token expired",
    43101: "user refuse to accept the msg",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit",
    47003: "argument invalid! data.thing1.value invalid",
    -1: "system error",
}
# WeChat's published rules for subscribe/template keyword values, by the keyword's type (its name without the
# number): an empty value, or one breaking its type's rule, answers 47003.
_DAY = r"(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2})"
_RULES = {
    "thing": re.compile(r".{1,20}", re.S),
    "phrase": re.compile(r"[\u4e00-\u9fff]{1,5}"),
    "character_string": re.compile(r"[!-~]{1,32}"),
    "car_number": re.compile(r"[\u4e00-\u9fff]?[A-Z0-9]{4,7}[\u4e00-\u9fff]?"),
    "name": re.compile(r"[\u4e00-\u9fff·]{1,10}|[A-Za-z .'·-]{1,20}"),
    "amount": re.compile(r"[¥￥]?\d{1,10}(\.\d{1,2})?元?"),
    "number": re.compile(r"\d{1,32}(\.\d+)?"),
    "letter": re.compile(r"[A-Za-z]{1,32}"),
    "symbol": re.compile(r"[^\w\s]{1,5}"),
    "phone_number": re.compile(r"[\d+\-() ]{1,17}"),
    "date": re.compile(rf"{_DAY}( \d{{1,2}}:\d{{2}})?"),
    "time": re.compile(rf"({_DAY} )?\d{{1,2}}:\d{{2}}(~({_DAY} )?\d{{1,2}}:\d{{2}})?"),
}


def keyword_ok(key: str, value: object) -> bool:
    """Whether WeChat would take `value` for the keyword `key` (e.g. thing1, time2, car_number3)."""
    if not isinstance(value, str) or not value.strip():
        return False
    kind = re.fullmatch(r"([a-z_]+?)\d+", key)
    rule = _RULES.get(kind.group(1) if kind else key)
    return rule is None or bool(rule.fullmatch(value))


def stable_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256(":".join(parts).encode()).digest()
    return prefix + base64.urlsafe_b64encode(digest).decode().rstrip("=")[:27]


class WeChatState:
    def __init__(self, token_ttl: int = 7200, daily_token_quota: int = 10000, strict_subscriptions: bool = False) -> None:
        self.lock = threading.Lock()
        self.faults: dict[str, deque[int]] = defaultdict(deque)
        self.calls: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.token_ttl, self.daily_token_quota, self.strict = token_ttl, daily_token_quota, strict_subscriptions
        self.tokens: dict[str, tuple[str, float]] = {}  # token -> (appid, expires at)
        self.live: dict[str, str] = {}  # appid -> its current token
        self.fetches: dict[str, int] = defaultdict(int)
        self.grants: dict[tuple[str, str], int] = defaultdict(int)
        self.followers: dict[str, str] = {}  # official-account openid -> unionid

    def follow(self, appid: str, code: str) -> dict[str, str]:
        """The user behind a login code follows an official account: their openid there, and their unionid."""
        openid, unionid = stable_id("o", appid, code), stable_id("u", code)
        with self.lock:
            self.followers[openid] = unionid
        return {"openid": openid, "unionid": unionid}

    def mint(self, appid: str, force: bool) -> dict[str, Any]:
        with self.lock:
            now = time.time()
            current = self.live.get(appid)
            if current and not force and self.tokens[current][1] - now > 300:
                return {"access_token": current, "expires_in": int(self.tokens[current][1] - now)}
            if self.fetches[appid] >= self.daily_token_quota:
                return {"errcode": 45009, "errmsg": _ERRMSG[45009]}
            self.fetches[appid] += 1
            token = secrets.token_urlsafe(32)
            if current:  # the old token keeps working for five minutes, as WeChat's does
                self.tokens[current] = (appid, min(self.tokens[current][1], now + 300))
            self.tokens[token] = (appid, now + self.token_ttl)
            self.live[appid] = token
            return {"access_token": token, "expires_in": self.token_ttl}

    def check_token(self, token: str | None) -> int | None:
        with self.lock:
            known = self.tokens.get(token or "")
        if known is None:
            return 40001
        if known[1] <= time.time():
            return 42001
        return None

    def take_fault(self, path: str) -> int | None:
        with self.lock:
            queue = self.faults.get(path)
            return queue.popleft() if queue else None

    def record(self, path: str, params: dict[str, str], body: Any = None) -> None:
        safe = {k: v for k, v in params.items() if k != "secret"}
        if isinstance(body, dict):
            body = {k: v for k, v in body.items() if k != "secret"}
        with self.lock:
            self.calls.append({"path": path, "params": safe, "body": body})


class _Handler(BaseHTTPRequestHandler):
    server: WeChatStandIn

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _send(self, payload: dict[str, Any], status: int = 200) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, errcode: int) -> None:
        self._send({"errcode": errcode, "errmsg": _ERRMSG.get(errcode, "error")})

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        state = self.server.state
        if url.path == "/__calls":
            with state.lock:
                return self._send({"calls": list(state.calls)})
        state.record(url.path, params)
        fault = state.take_fault(url.path)
        if fault is not None:
            return self._error(fault)
        if url.path == "/sns/jscode2session":
            return self._code2session(params)
        if url.path == "/__sent":
            with state.lock:
                return self._send({"sent": list(state.sent)})
        if url.path == "/cgi-bin/user/info":
            return self._user_info(params)
        if url.path == "/cgi-bin/token":
            if params.get("grant_type") != "client_credential" or not params.get("appid") or not params.get("secret"):
                return self._send({"errcode": 40013, "errmsg": "invalid appid"})
            return self._send(state.mint(params["appid"], force=True))
        self._send({"errcode": 404, "errmsg": f"no such api {url.path}"}, status=404)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        state = self.server.state
        if url.path.startswith("/__"):
            return self._send(self._control(url.path, body))
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        state.record(url.path, params, body)
        fault = state.take_fault(url.path)
        if fault is not None:
            return self._error(fault)
        if url.path == "/cgi-bin/stable_token":
            if body.get("grant_type") != "client_credential" or not body.get("appid") or not body.get("secret"):
                return self._send({"errcode": 40013, "errmsg": "invalid appid"})
            return self._send(state.mint(body["appid"], force=bool(body.get("force_refresh"))))
        if url.path in ("/cgi-bin/message/subscribe/send", "/cgi-bin/message/template/send"):
            return self._message(url.path, params, body)
        if url.path == "/wxa/business/getuserphonenumber":
            return self._phone(params, body)
        if url.path == "/wxa/getwxacodeunlimit":
            return self._unlimited_code(params, body)
        self._send({"errcode": 404, "errmsg": f"no such api {url.path}"}, status=404)

    def _control(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """The tests' and the local run's controls: faults, grants, followers, pushes, token expiry, reset."""
        state = self.server.state
        if path == "/__follow":
            return state.follow(str(body["appid"]), str(body["code"]))
        if path == "/__push":
            return push_to(body)
        with state.lock:
            if path == "/__faults":
                state.faults[body["path"]].extend([int(body["errcode"])] * int(body.get("times", 1)))
            elif path == "/__reset":
                state.faults.clear()
                state.calls.clear()
                state.sent.clear()
            elif path == "/__grant":
                state.grants[(body["openid"], body["template_id"])] += int(body.get("count", 1))
            elif path == "/__expire_tokens":
                state.tokens = {t: (appid, 0.0) for t, (appid, _) in state.tokens.items()}
            else:
                return {"errcode": 404, "errmsg": f"no such control {path}"}
        return {"ok": True}

    def _unlimited_code(self, params: dict[str, str], body: dict[str, Any]) -> None:
        """wxacode.getUnlimited: a PNG whose tEXt chunk `scene` carries what scanning it would hand the page."""
        bad_token = self.server.state.check_token(params.get("access_token"))
        if bad_token:
            return self._error(bad_token)
        scene = body.get("scene")
        if not isinstance(scene, str) or not SCENE.fullmatch(scene):
            return self._send({"errcode": 40169, "errmsg": "invalid length for scene, or the data is not json string"})
        data = mp_code_png(scene, str(body.get("page") or ""))
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _message(self, path: str, params: dict[str, str], body: dict[str, Any]) -> None:
        state = self.server.state
        bad_token = state.check_token(params.get("access_token"))
        if bad_token:
            return self._error(bad_token)
        if not body.get("touser") or not body.get("template_id") or not isinstance(body.get("data"), dict):
            return self._send({"errcode": 40003, "errmsg": "invalid openid or template"})
        for key, entry in body["data"].items():
            if not keyword_ok(key, entry.get("value") if isinstance(entry, dict) else None):
                return self._send({"errcode": 47003, "errmsg": f"argument invalid! data.{key}.value invalid"})
        subscribe = path.endswith("subscribe/send")
        if subscribe and state.strict:
            with state.lock:
                grant = (body["touser"], body["template_id"])
                if state.grants[grant] <= 0:
                    return self._error(43101)
                state.grants[grant] -= 1
        msgid = int(time.time() * 1000) + len(state.sent)
        with state.lock:
            state.sent.append({"channel": "subscribe" if subscribe else "template", "msgid": msgid, **body})
        self._send({"errcode": 0, "errmsg": "ok", "msgid": msgid})

    def _user_info(self, params: dict[str, str]) -> None:
        bad_token = self.server.state.check_token(params.get("access_token"))
        if bad_token:
            return self._error(bad_token)
        openid = params.get("openid", "")
        with self.server.state.lock:
            unionid = self.server.state.followers.get(openid)
        if unionid is None:
            return self._send({"subscribe": 0, "openid": openid})
        self._send({"subscribe": 1, "openid": openid, "unionid": unionid, "language": "zh_CN"})

    def _phone(self, params: dict[str, str], body: dict[str, Any]) -> None:
        bad_token = self.server.state.check_token(params.get("access_token"))
        if bad_token:
            return self._error(bad_token)
        code = str(body.get("code") or "")
        if not code.startswith("phone-") or not code[6:].isdigit():
            return self._error(40029)
        phone = code[6:]
        self._send({"errcode": 0, "errmsg": "ok", "phone_info": {
            "phoneNumber": phone, "purePhoneNumber": phone, "countryCode": "86",
            "watermark": {"timestamp": int(time.time()), "appid": "?"}}})

    def _code2session(self, params: dict[str, str]) -> None:
        appid, secret, code = params.get("appid"), params.get("secret"), params.get("js_code")
        if not appid or not secret or params.get("grant_type") != "authorization_code":
            return self._send({"errcode": 40013, "errmsg": "invalid appid"})
        if "access_token" in params:
            return self._send({"errcode": 40097, "errmsg": "jscode2session takes no access_token"})
        if not code or code.startswith("invalid"):
            return self._error(40029)
        self._send({
            "openid": stable_id("o", appid, code),
            "unionid": stable_id("u", code),
            "session_key": base64.b64encode(hashlib.md5(code.encode()).digest()).decode(),
        })


def push_to(order: dict[str, Any]) -> dict[str, Any]:
    """Push `fields` to `url` as WeChat's servers would; the server's status and answer. WeChat waits 5 seconds
    for the answer; `timeout` (seconds) waits longer."""
    from urllib.error import HTTPError
    from urllib.request import Request, urlopen

    from .wechat_push import PushTarget, signed

    target = PushTarget(str(order["token"]), str(order["appid"]), order.get("aes_key"), bool(order.get("json")))
    push = signed(target, dict(order["fields"]))
    request = Request(f"{order['url']}?{push.query}", data=push.body, headers={"Content-Type": push.content_type})
    wait = float(order.get("timeout", 5))
    try:
        with urlopen(request, timeout=wait) as answer:  # noqa: S310 - a URL the test or the developer gave
            return {"status": answer.status, "body": answer.read().decode()}
    except HTTPError as refused:
        return {"status": refused.code, "body": refused.read().decode()}


class WeChatStandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **options: Any) -> None:
        super().__init__((host, port), _Handler)
        self.state = WeChatState(**options)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> WeChatStandIn:
        self._thread = threading.Thread(target=self.serve_forever, name="wechat-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
