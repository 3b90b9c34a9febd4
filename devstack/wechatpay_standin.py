"""A local stand-in for the WeChat Pay API v3 subset we call, over real HTTP (the books: wechatpay_ledger.py).

Speaks (each request's Authorization is verified against the merchant's registered certificate key; each 2xx
answer is signed with the test WeChat Pay public key, `Wechatpay-Serial` = its id):
- POST /v3/pay/transactions/jsapi: a JSAPI order → {"prepay_id"}; the same out_trade_no again gives the same
  prepay id (other parameters: 403 OUT_TRADE_NO_USED; closed: 400 ORDER_CLOSED).
- GET /v3/pay/transactions/out-trade-no/{no}?mchid=: the order (trade_state NOTPAY, SUCCESS, CLOSED, REFUND).
- POST /v3/pay/transactions/out-trade-no/{no}/close: 204; a paid order answers 400 ORDERPAID.
- POST /v3/refund/domestic/refunds: a refund (PROCESSING until settled), idempotent on out_refund_no.
- GET /v3/refund/domestic/refunds/{no}: the refund.
- GET /v3/bill/tradebill?bill_date=&bill_type=&tar_type=: {"download_url"}; GET /v3/billdownload/file?token=.
Control (tests and the local run):
- POST /__merchant {"mchid", "serial_no", "public_key", "apiv3_key", "appids"?}: register a merchant;
- GET /__keys: the WeChat Pay public key (PEM) and its id, which the merchant configures;
- POST /__pay {"mchid", "out_trade_no", "deliver"?}: the customer pays; the encrypted, signed TRANSACTION.SUCCESS
  notification is posted to the order's notify_url (`deliver` false: it is answered instead, to post by hand);
- POST /__notify {"mchid", "out_trade_no"}: the payment notification again (WeChat retries until a 2xx);
- POST /__settle_refund {"mchid", "out_refund_no", "deliver"?}: the refund succeeds; REFUND.SUCCESS likewise;
- GET /__money: per order, what was collected and what refunds settled; GET /__calls.
"""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from devstack.wechatpay_ledger import Ledger, Order, PayError, Refund

_ORDER = "/v3/pay/transactions/out-trade-no/"
_REFUNDS = "/v3/refund/domestic/refunds"


def post_notification(url: str, body: str, headers: dict[str, str]) -> int:
    """POST a notification as WeChat Pay does; the receiver's HTTP status (0: unreachable)."""
    request = urllib.request.Request(url, data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 - the local notify URL
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return 0


def _transaction(o: Order, ledger: Ledger) -> dict[str, Any]:
    return ledger.query(o.mchid, o.out_trade_no)


def _refund_resource(r: Refund) -> dict[str, Any]:
    return {"mchid": r.mchid, "out_trade_no": r.out_trade_no, "refund_id": r.refund_id,
            "out_refund_no": r.out_refund_no, "refund_status": r.status,
            "amount": {"refund": r.refund, "payer_refund": r.refund}}


class _Handler(BaseHTTPRequestHandler):
    server: WeChatPayStandIn

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _answer(self, status: int, payload: Any = None, *, text: str | None = None) -> None:
        body = text if text is not None else ("" if payload is None else json.dumps(payload, ensure_ascii=False))
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8" if text is not None else "application/json")
        self.send_header("Content-Length", str(len(data)))
        if not self.path.startswith("/__"):
            for name, value in self.server.ledger.signed_headers(body).items():
                self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> str:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode() if length else ""

    def do_GET(self) -> None:
        self._serve("GET", "")

    def do_POST(self) -> None:
        self._serve("POST", self._body())

    def _serve(self, method: str, raw: str) -> None:
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        body = json.loads(raw) if raw else {}
        with self.server.ledger.lock:
            self.server.calls.append({"method": method, "path": url.path, "params": params, "body": body})
        try:
            if url.path.startswith("/__"):
                return self._answer(200, self._control(method, url.path, body))
            if url.path == "/v3/billdownload/file":
                return self._answer(200, text=self.server.ledger.bills.get(params.get("token", ""), ""))
            merchant = self.server.ledger.verify(method, self.path, raw, self.headers.get("Authorization"))
            status, payload = self._api(method, url.path, params, body, merchant.mchid)
        except PayError as exc:
            return self._answer(exc.status, {"code": exc.code, "message": exc.message})
        self._answer(status, payload)

    def _api(self, method: str, path: str, params: dict[str, str], body: dict[str, Any],
             mchid: str) -> tuple[int, Any]:
        ledger = self.server.ledger
        if method == "POST" and path == "/v3/pay/transactions/jsapi":
            return 200, ledger.create(ledger.merchants[mchid], body)
        if method == "GET" and path.startswith(_ORDER):
            if params.get("mchid") != mchid:
                raise PayError(400, "PARAM_ERROR", "mchid does not match the signer")
            return 200, ledger.query(mchid, path[len(_ORDER):])
        if method == "POST" and path.startswith(_ORDER) and path.endswith("/close"):
            ledger.close(mchid, path[len(_ORDER):-len("/close")])
            return 204, None
        if method == "POST" and path == _REFUNDS:
            return 200, ledger.refund(ledger.merchants[mchid], body)
        if method == "GET" and path.startswith(_REFUNDS + "/"):
            return 200, ledger.refund_answer(ledger.find_refund(mchid, path[len(_REFUNDS) + 1:]))
        if method == "GET" and path == "/v3/bill/tradebill":
            token = ledger.bill(mchid)
            return 200, {"download_url": f"{self.server.url}/v3/billdownload/file?token={token}",
                         "hash_type": "SHA1", "hash_value": ""}
        raise PayError(404, "NOT_FOUND", f"no stand-in for {method} {path}")

    def _control(self, method: str, path: str, body: dict[str, Any]) -> Any:
        ledger = self.server.ledger
        if path == "/__keys":
            return {"public_key": ledger.public_key_pem, "public_key_id": ledger.public_key_id}
        if path == "/__money":
            return ledger.money()
        if path == "/__calls":
            return {"calls": list(self.server.calls)}
        if path == "/__merchant":
            ledger.register(str(body["mchid"]), str(body["serial_no"]), body["public_key"], body["apiv3_key"],
                            body.get("appids"))
            return {"ok": True}
        if path == "/__pay":
            order = ledger.pay(str(body["mchid"]), str(body["out_trade_no"]))
            return self.server.notify(order.notify_url, order.mchid, "TRANSACTION.SUCCESS",
                                      _transaction(order, ledger), body.get("deliver", True))
        if path == "/__notify":
            order = ledger.order(str(body["mchid"]), str(body["out_trade_no"]))
            return self.server.notify(order.notify_url, order.mchid, "TRANSACTION.SUCCESS",
                                      _transaction(order, ledger), body.get("deliver", True))
        if path == "/__settle_refund":
            refund = ledger.settle(str(body["mchid"]), str(body["out_refund_no"]))
            order = ledger.order(refund.mchid, refund.out_trade_no)
            return self.server.notify(refund.notify_url or order.notify_url, refund.mchid, "REFUND.SUCCESS",
                                      _refund_resource(refund), body.get("deliver", True))
        raise PayError(404, "NOT_FOUND", f"no control {method} {path}")


class WeChatPayStandIn(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.ledger = Ledger()
        self.calls: list[dict[str, Any]] = []
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def notify(self, url: str, mchid: str, event_type: str, resource: dict[str, Any], deliver: bool) -> dict[str, Any]:
        body, headers = self.ledger.notification(mchid, event_type, resource)
        if not deliver:
            return {"body": body, "headers": headers}
        return {"delivered": post_notification(url, body, headers)}

    def start(self) -> WeChatPayStandIn:
        self._thread = threading.Thread(target=self.serve_forever, name="wechatpay-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
