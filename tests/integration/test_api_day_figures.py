"""The cost model's per-route figures (bench/cost_model.API) are what the code costs today: a short store-day
through the real app (bench/api_day.py, in its own process: the meter patches botocore for good) gives each
customer and staff route the DynamoDB requests and write units recorded. A change that moves them fails here;
re-measure with `python -m bench.api_day` and record the new figures."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench import cost_model

DATA_BOUND = {"GET /staff/stores/{id}/board", "GET /staff/stores/{id}/bookings", "POST /staff/login",
              "GET /mp/stores"}  # the whole store-day, or a per-container cache warmed by the first calls


@pytest.fixture(scope="module")
def measured():
    done = subprocess.run([sys.executable, "-m", "bench.api_day", "--customers", "6", "--boards", "2"],
                          capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_each_route_costs_the_requests_and_writes_recorded(measured):
    assert set(measured) == set(cost_model.API)
    for route, (requests, wcu, _rcu) in cost_model.API.items():
        assert measured[route]["ok"] == 1.0, route
        if route in DATA_BOUND:  # 60 bookings and 60 customers recorded, 6 here
            continue
        assert measured[route]["requests"] == pytest.approx(requests, abs=1.0), route
        assert measured[route]["wcu"] == pytest.approx(wcu, rel=0.15, abs=0.5), route
