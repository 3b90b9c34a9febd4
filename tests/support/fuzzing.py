"""Request generation for the fuzz test (tests/e2e/test_fuzz.py) and the deeper run (bench/fuzz.py), derived
from the route registry and the body schemas: valid-looking bodies with one field mutated, arbitrary JSON,
hostile text and numbers, and path/query values from the same pool."""
from __future__ import annotations

import copy
import json
import re
from typing import Any

from hypothesis import strategies as st

from chalicelib.api.audience import ROUTES, Audience, RouteSpec
from tests.support.bookings import PHONE_BOOKING

NASTY_TEXT = ["", " ", "\n", "\u200b", "\ud800", "٣", "１３８００１３８０００", "0" * 300, "1e400", "NaN", "null",
              "../../etc", "<script>", "' OR 1=1", "粤B12345挂", "9999-12-31T00:00:00+14:00", "0001-01-01",
              "2026-11-24T09:00:00+08:00", "2026-11-24", "pudong", "maintenance", "confirm", "-1", "3"]
NASTY_NUMBERS = [0, -1, 1, 3, 2**63, -(2**63), 1e300, -0.0, 30.9, True, False, None]

scalar = st.one_of(st.sampled_from(NASTY_TEXT), st.sampled_from(NASTY_NUMBERS), st.text(max_size=30),
                   st.integers(), st.floats(allow_nan=False, allow_infinity=False))
json_value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                          max_leaves=12)

BASE_BODIES: dict[str, dict[str, Any]] = {
    "BookingRequest": {"store_id": "pudong", "start": "2026-11-24T09:00:00+08:00", "service_type": "maintenance",
                       "customer": {"name": "张伟", "phone": "13800138000"},
                       "vehicle": {"plate": "沪AD12345", "model": "Mazda 6", "mileage": 35000}},
    "StaffBooking": dict(PHONE_BOOKING),
    "Reschedule": {"start": "2026-11-24T14:00:00+08:00"},
    "Feedback": {"score": 5},
    "Subscriptions": {"templates": {"reminder": 1}},
    "MpLogin": {"chain_id": "demo", "code": "alice"},
    "StaffLogin": {"chain_id": "demo", "username": "wang", "password": "wang-pass"},
}


def _paths(body: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if not isinstance(body, dict):
        return [prefix] if prefix else []
    found = [prefix] if prefix else []
    for key, value in body.items():
        found += _paths(value, (*prefix, key))
    return found


@st.composite
def body_for(draw: Any, spec: RouteSpec) -> bytes:
    base = copy.deepcopy(BASE_BODIES.get(spec.body or "", {}))
    kind = draw(st.sampled_from(["mutate", "mutate", "arbitrary", "raw"]))
    if kind == "arbitrary" or not base:
        return json.dumps(draw(json_value), ensure_ascii=False).encode("utf-8", "surrogatepass")
    if kind == "raw":
        return draw(st.sampled_from([b"", b"{", b"[]", b'{"a": NaN}', b"\xff\xfe{", b"[" * 300, b'{"x": 1e400}']))
    path = draw(st.sampled_from(_paths(base)))
    target = base
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = draw(json_value)
    return json.dumps(base, ensure_ascii=False).encode("utf-8", "surrogatepass")


_QUERY_UNSAFE = re.compile(r"[&#%\s]")


def path_for(spec: RouteSpec, ids: dict[str, str], draw: Any) -> str:
    def value(m: re.Match[str]) -> str:
        if draw(st.booleans()):
            return ids.get(m.group(1), "x")
        return re.sub(r"[/?#%\s]", "_", draw(st.sampled_from(NASTY_TEXT)) or "_") or "_"

    path = re.sub(r"\{(\w+)\}", value, spec.path)
    params = draw(st.dictionaries(st.sampled_from(["date", "from", "to", "days", "service_type", "limit", "status"]),
                                  st.sampled_from(NASTY_TEXT), max_size=3))
    query = "&".join(f"{k}={_QUERY_UNSAFE.sub('_', v)}" for k, v in params.items())
    return path + ("?" + query if query else "")


def operations(*audiences: Audience) -> list[RouteSpec]:
    return [s for s in ROUTES.values() if not s.hidden and s.audience in audiences]
