"""Cold start, measured in one run (figures, never asserted):

1. `import app` against the floor of a hello-world Chalice app with boto3, each in a new interpreter,
   alternated, median of N runs (goal: at most 1.3x the floor). The app is imported as Lambda imports it:
   from the built package (dist/appt.zip, unpacked) when there is one, with a deployed stage's environment.
2. From a new process to the first answered booking request: a new interpreter imports app and sends
   POST /mp/bookings (an API Gateway proxy event) to it, against the embedded DynamoDB.

    python -m bench.cold_start [--runs 7]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
FLOOR = """
import time
t = time.perf_counter()
import boto3
from chalice import Chalice
app = Chalice(app_name="hello")
@app.route("/")
def index():
    return {"hello": "world"}
print(time.perf_counter() - t)
"""
APP = """
import time
t = time.perf_counter()
import app
print(time.perf_counter() - t)
"""
FIRST_REQUEST = """
import json, sys, time
event = json.loads(sys.stdin.readline())
t = time.perf_counter()
import app
imported = time.perf_counter() - t
response = app.app(event, None)
print(json.dumps({"status": response["statusCode"], "import": imported, "total": time.perf_counter() - t}))
"""
# PYTHONDONTWRITEBYTECODE: /var/task is read-only in Lambda, so only the bytecode shipped in the zip counts
LAMBDA_ENV = {"PYTHONDONTWRITEBYTECODE": "1", "STAGE": "prod", "TABLE_PREFIX": "appt-prod",
              "AWS_DEFAULT_REGION": "cn-northwest-1", "AWS_LAMBDA_FUNCTION_NAME": "appt-prod-api_handler",
              "JWT_SECRET_PARAM": "/appt/prod/jwt-keys"}


def code_path(tmp: Path) -> Path:
    """The unpacked package if `make package` built one, else the repository."""
    artifact = ROOT / "dist" / "appt.zip"
    if not artifact.is_file():
        return ROOT
    zipfile.ZipFile(artifact).extractall(tmp / "task")
    return tmp / "task"


def run(script: str, path: Path, extra_env: dict[str, str], stdin: str | None = None) -> str:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(path), **extra_env}
    result = subprocess.run([sys.executable, "-c", script], cwd=path, env=env, input=stdin, capture_output=True,
                            text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


def import_ratio(path: Path, runs: int) -> tuple[float, float]:
    floors, apps = [], []
    for _ in range(runs):
        floors.append(float(run(FLOOR, ROOT, {})))
        apps.append(float(run(APP, path, LAMBDA_ENV)))
    return statistics.median(floors), statistics.median(apps)


def booking_event(token: str, store: str, start: datetime) -> dict[str, object]:
    body = {"store_id": store, "start": start.isoformat(), "service_type": "maintenance",
            "customer": {"name": "张伟", "phone": "13800138000"},
            "vehicle": {"plate": "沪AD12345", "model": "Mazda CX-5", "mileage": 35000}}
    return {
        "resource": "/mp/bookings", "path": "/mp/bookings", "httpMethod": "POST",
        "headers": {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                    "Idempotency-Key": str(uuid.uuid4()), "Host": "bench"},
        "multiValueHeaders": {}, "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": None, "stageVariables": None, "isBase64Encoded": False, "body": json.dumps(body),
        "requestContext": {"resourcePath": "/mp/bookings", "httpMethod": "POST", "path": "/api/mp/bookings",
                           "requestId": "bench-1", "stage": "api", "identity": {"sourceIp": "127.0.0.1"}},
    }


def first_request(path: Path) -> dict[str, float]:
    from bench.stack import bench_stack
    from chalicelib.domain.people.principal import Principal

    shanghai = ZoneInfo("Asia/Shanghai")
    start = datetime.combine(datetime.now(shanghai).date() + timedelta(days=2), datetime.min.time(),
                             tzinfo=shanghai).replace(hour=10)
    with bench_stack(datetime.now(shanghai)) as svc:
        settings = svc.settings
        customer = svc.ports.customers.sign_in("bench", "openid-cold", None, svc.clock.now())
        token = svc.ports.tokens.issue(Principal(customer, "bench", "customer"), svc.clock.now())
        env = {key: os.environ[key] for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL",
                                                "WECHAT_API_ROOT")}
        env.update(PYTHONDONTWRITEBYTECODE="1", STAGE="bench", TABLE_PREFIX=settings.table_prefix,
                   AWS_DEFAULT_REGION=settings.region, AWS_REGION=settings.region, JWT_SECRET_PARAM=settings.jwt_secret_param,
                   AWS_LAMBDA_FUNCTION_NAME="appt-bench-api_handler")
        spawned = time.perf_counter()
        out = json.loads(run(FIRST_REQUEST, path, env, json.dumps(booking_event(token, "s1", start)) + "\n"))
        out["wall"] = time.perf_counter() - spawned
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = code_path(Path(tmp))
        where = "dist/appt.zip" if path != ROOT else "the repository"
        floor, imported = import_ratio(path, args.runs)
        print(f"import app ({where}): {imported * 1000:.0f} ms; hello-world Chalice + boto3: {floor * 1000:.0f} ms; "
              f"ratio {imported / floor:.2f}x (goal <= 1.3x), medians of {args.runs}")
        first = first_request(path)
        print(f"new process -> first answered booking request: {first['wall'] * 1000:.0f} ms "
              f"(import {first['import'] * 1000:.0f} ms, import + request {first['total'] * 1000:.0f} ms, "
              f"status {first['status']:.0f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
