"""What each log line the cost model bills really holds (decision 0080), counted from the formats the stack sets:
the HTTP API's access log line (infra/api.py ACCESS_LOG_FIELDS, each variable as API Gateway fills it for the
simulated store-day's routes) and Lambda's START/END/REPORT lines in text format (the runtime's own format, what a
function without advanced logging controls writes per invocation). CloudWatch Logs counts each event's bytes and
26 more (PutLogEvents' per-event size; assumed billed alike).

    python -m bench.log_bytes
"""
from __future__ import annotations

import json

EVENT_OVERHEAD = 26
ID = "b_d067f732e23345f3b374b7178e597b98"  # a booking id as the app makes them (34 characters); stores' likewise
# each variable as API Gateway fills it: an HTTP API request id, a mainland IPv4 address, a 2-3 digit latency,
# "-" for an error that did not happen
SAMPLE = {"$context.requestId": "JbHk2hU3SQ0EJ-w=", "$context.identity.sourceIp": "111.206.145.41",
          "$context.requestTime": "07/Dec/2026:14:26:42 +0000", "$context.httpMethod": "POST",
          "$context.status": "200", "$context.responseLatency": "87", "$context.integration.latency": "80",
          "$context.integration.status": "200", "$context.responseLength": "1432", "$context.error.message": "-",
          "$context.integrationErrorMessage": "-",
          "$context.identity.userAgent": ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                                          "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323a) "
                                          "NetType/WIFI Language/zh_CN")}
UUID = "8f507cfc-4697-4b07-ac58-fc914c95d1e2"
PLATFORM_TEXT = (f"START RequestId: {UUID} Version: $LATEST\n", f"END RequestId: {UUID}\n",
                 f"REPORT RequestId: {UUID}\tDuration: 23.41 ms\tBilled Duration: 24 ms\tMemory Size: 1024 MB\t"
                 "Max Memory Used: 131 MB\t\n")


def access_line(fields: dict[str, str], route: str) -> str:
    """The access log line of one request to `route` ("POST /mp/bookings/{id}/acknowledge")."""
    method, template = route.split(" ", 1)
    values = {**SAMPLE, "$context.routeKey": route, "$context.httpMethod": method,
              "$context.path": "/api" + template.replace("{id}", ID)}
    line = json.dumps(fields)  # the stack's format string, as infra/api.py sets it
    for variable in sorted(values, key=len, reverse=True):
        line = line.replace(variable, values[variable])
    return line


def mean_access_bytes(fields: dict[str, str]) -> float:
    """Bytes a request's access log event bills, over the simulated store-day's calls by route."""
    from bench.api_day import PER_STORE_DAY

    calls = sum(PER_STORE_DAY.values())
    return sum(n * (len(access_line(fields, r).encode()) + EVENT_OVERHEAD) for r, n in PER_STORE_DAY.items()) / calls


def platform_text_bytes() -> int:
    """Bytes of an invocation's START, END and REPORT events in text format (no INIT: a warm invocation)."""
    return sum(len(line.encode()) + EVENT_OVERHEAD for line in PLATFORM_TEXT)


def emf_bytes() -> int:
    """Bytes of one embedded-metric record the checks write per tick and outcome (CheckItems), as the app writes it."""
    import contextlib
    import io

    from chalicelib import observability
    from chalicelib.adapters.metrics import EmfMetrics

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        EmfMetrics("prod-cn").emit(observability.CHECK_ITEMS.name, 412, check="reminders", outcome="done")
    return len(out.getvalue().encode()) + EVENT_OVERHEAD


def main() -> None:
    from infra.api import ACCESS_LOG_FIELDS

    print(json.dumps({"access_log_bytes": round(mean_access_bytes(ACCESS_LOG_FIELDS)),
                      "platform_text_bytes_per_invocation": platform_text_bytes(), "emf_bytes": emf_bytes()}))


if __name__ == "__main__":
    main()
