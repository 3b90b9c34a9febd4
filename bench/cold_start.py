"""Cold start, measured in one run (figures, never asserted):

1. `import app` against the floor of a hello-world Chalice app with boto3, each in a new interpreter,
   alternated, median of N runs (goal: at most 1.3x the floor). The app is imported as Lambda imports it:
   from the built package (dist/appt.zip, unpacked) when there is one, with a deployed stage's environment.
   Measured on this machine (x86_64): the package is built for the functions' Graviton (arm64), so what is
   unpacked is its import twin (infra/import_twin.py: the same files and bytecode, this machine's extension
   modules); Graviton's own CPU time per cold start is not measured here (decision 0085). Nor is Python 3.13's
   (decision 0088): this machine's 3.11 ignores the package's cpython-313 .pyc, so the twin's modules are
   compiled for 3.11 first (the same flags as the package), and what is measured is the package's code
   starting with bytecode, as Lambda's 3.13 starts it with its own, but on 3.11's interpreter.
2. Init + first answer, paired: a new interpreter imports app and answers POST /mp/bookings (an API Gateway
   proxy event, against the embedded DynamoDB: its first booking), beside a new interpreter that imports the
   hello-world app, makes the one DynamoDB client such an app would, and answers GET / ; alternated, N pairs,
   CPU time (what Lambda bills, and what a busy machine disturbs least) and wall time, medians and the median
   of the pairs' ratios.

    python -m bench.cold_start [--runs 7] [--importtime FILE] [--without-bytecode]

`--importtime FILE` writes `python -X importtime` of one first booking (init + request) to FILE, heaviest
cumulative imports first.
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
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from infra import import_twin, package
from infra.lambda_platform import PYTHON_VERSION, compiles_here, host

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
t, c = time.perf_counter(), time.process_time()
import app
imported, imported_cpu = time.perf_counter() - t, time.process_time() - c
response = app.app(event, None)
print(json.dumps({"status": response["statusCode"], "import": imported, "import_cpu": imported_cpu,
                  "total": time.perf_counter() - t, "cpu": time.process_time() - c}))
"""
# The floor of a first answer: a hello-world Chalice app with boto3 that makes its DynamoDB client at init (as
# any handler that reads a table does) and answers its first request.
HELLO_FIRST = """
import json, sys, time
event = json.loads(sys.stdin.readline())
t, c = time.perf_counter(), time.process_time()
import boto3
from chalice import Chalice
app = Chalice(app_name="hello")
dynamodb = boto3.client("dynamodb")
@app.route("/")
def index():
    return {"hello": "world"}
imported, imported_cpu = time.perf_counter() - t, time.process_time() - c
response = app(event, None)
print(json.dumps({"status": response["statusCode"], "import": imported, "import_cpu": imported_cpu,
                  "total": time.perf_counter() - t, "cpu": time.process_time() - c}))
"""
# PYTHONDONTWRITEBYTECODE: /var/task is read-only in Lambda, so only the bytecode shipped in the zip counts
LAMBDA_ENV = {"PYTHONDONTWRITEBYTECODE": "1", "STAGE": "prod", "TABLE_PREFIX": "appt-prod",
              "AWS_DEFAULT_REGION": "cn-northwest-1", "AWS_LAMBDA_FUNCTION_NAME": "appt-prod-api_handler",
              "JWT_SECRET_PARAM": "/appt/prod/jwt-keys"}


def code_path(tmp: Path, without_bytecode: bool = False) -> Path:
    """The unpacked package if `make package` built one, else the repository. `without_bytecode`: the package's
    .pyc removed, as a runtime that ignored them would start it (/var/task is read-only: every module compiled
    on every cold start). Else, when the package's bytecode is another Python's (3.13), this interpreter's is
    compiled into the twin, so that 3.11 starts it with bytecode, as Lambda's 3.13 starts the package."""
    artifact = ROOT / "dist" / "appt.zip"
    if not artifact.is_file():
        return ROOT
    import_twin.unpack(artifact, tmp / "task", host())  # the arm64 build's extension modules cannot load here
    if without_bytecode:
        for compiled in (tmp / "task").rglob("*.pyc"):
            compiled.unlink()
    elif not compiles_here():
        package.compile_bytecode(tmp / "task", here=True)
    return tmp / "task"


def run(script: str, path: Path, extra_env: dict[str, str], stdin: str | None = None, flags: tuple[str, ...] = ()) -> str:
    return spawn(script, path, extra_env, stdin, flags).stdout.strip().splitlines()[-1]


def spawn(script: str, path: Path, extra_env: dict[str, str], stdin: str | None = None,
          flags: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(path), **extra_env}
    return subprocess.run([sys.executable, *flags, "-c", script], cwd=path, env=env, input=stdin, capture_output=True,
                          text=True, check=True)


def import_ratio(path: Path, runs: int) -> tuple[float, float]:
    floors, apps = [], []
    for _ in range(runs):
        floors.append(float(run(FLOOR, ROOT, {})))
        apps.append(float(run(APP, path, LAMBDA_ENV)))
    return statistics.median(floors), statistics.median(apps)


def booking_event(token: str, store: str, start: datetime, plate: str = "沪AD12345") -> dict[str, object]:
    body = {"store_id": store, "start": start.isoformat(), "service_type": "maintenance",
            "customer": {"name": "张伟", "phone": "13800138000"},
            "vehicle": {"plate": plate, "model": "Mazda CX-5", "mileage": 35000}}
    return {
        "resource": "/mp/bookings", "path": "/mp/bookings", "httpMethod": "POST",
        "headers": {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                    "Idempotency-Key": str(uuid.uuid4()), "Host": "bench"},
        "multiValueHeaders": {}, "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": None, "stageVariables": None, "isBase64Encoded": False, "body": json.dumps(body),
        "requestContext": {"resourcePath": "/mp/bookings", "httpMethod": "POST", "path": "/api/mp/bookings",
                           "requestId": "bench-1", "stage": "api", "identity": {"sourceIp": "127.0.0.1"}},
    }


def hello_event() -> dict[str, object]:
    return {"resource": "/", "path": "/", "httpMethod": "GET", "headers": {"Host": "bench"}, "multiValueHeaders": {},
            "queryStringParameters": None, "multiValueQueryStringParameters": None, "pathParameters": None,
            "stageVariables": None, "isBase64Encoded": False, "body": None,
            "requestContext": {"resourcePath": "/", "httpMethod": "GET", "path": "/api/", "requestId": "hello-1",
                               "stage": "api", "identity": {"sourceIp": "127.0.0.1"}}}


def first_answers(path: Path, runs: int, importtime: Path | None = None) -> tuple[list[dict], list[dict]]:
    """`runs` pairs of (hello app's init + first answer, the app's init + first booking), alternated; each
    booking for another slot, each by a new process."""
    from bench.stack import bench_stack

    shanghai = ZoneInfo("Asia/Shanghai")
    day = datetime.combine(datetime.now(shanghai).date() + timedelta(days=2), datetime.min.time(), tzinfo=shanghai)
    hello, booked = [], []
    with bench_stack(datetime.now(shanghai)) as svc:
        settings = svc.settings
        env = {key: os.environ[key] for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL",
                                                "WECHAT_API_ROOT")}
        env.update(PYTHONDONTWRITEBYTECODE="1", STAGE="bench", TABLE_PREFIX=settings.table_prefix,
                   AWS_DEFAULT_REGION=settings.region, AWS_REGION=settings.region, JWT_SECRET_PARAM=settings.jwt_secret_param,
                   AWS_LAMBDA_FUNCTION_NAME="appt-bench-api_handler")
        for i in range(runs):
            hello.append(_timed(HELLO_FIRST, ROOT, env, hello_event()))
            start = day.replace(hour=9 + i % 8, minute=30 * (i // 8 % 2))
            event = booking_event(customer_token(svc, i), "s1", start, f"沪AD{12000 + i}")
            booked.append(_timed(FIRST_REQUEST, path, env, event))
        if importtime is not None:
            start, token = day + timedelta(days=1, hours=10), customer_token(svc, runs)
            traced = spawn(FIRST_REQUEST, path, env, json.dumps(booking_event(token, "s1", start, "沪AE12345")) + "\n",
                           ("-X", "importtime"))
            importtime.write_text(heaviest_imports(traced.stderr), encoding="utf-8")
    return hello, booked


def customer_token(svc: Any, i: int) -> str:
    """A signed-in customer of its own for each first booking (one customer holds one open booking a vehicle)."""
    from chalicelib.domain.people.principal import Principal

    customer = svc.ports.customers.sign_in("bench", f"openid-cold-{i}", None, svc.clock.now())
    return str(svc.ports.tokens.issue(Principal(customer, "bench", "customer"), svc.clock.now()))


def _timed(script: str, path: Path, env: dict[str, str], event: dict[str, object]) -> dict:
    spawned = time.perf_counter()
    out: dict = json.loads(run(script, path, env, json.dumps(event) + "\n"))
    out["wall"] = time.perf_counter() - spawned
    return out


def heaviest_imports(trace: str, top: int = 60) -> str:
    """`-X importtime`'s lines (self us | cumulative us | module), heaviest cumulative first."""
    rows = [line.split("|") for line in trace.splitlines() if line.startswith("import time:") and "self" not in line]
    rows.sort(key=lambda r: -int(r[1]))
    return "".join(f"{int(r[1]) / 1000:8.1f} ms cumulative {int(r[0].split(':')[1]) / 1000:7.1f} ms self  {r[2].rstrip()}\n"
                   for r in rows[:top])


def _median(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--importtime", type=Path)
    parser.add_argument("--without-bytecode", action="store_true",
                        help="remove the package's .pyc first (what a runtime the build cannot compile for would pay)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = code_path(Path(tmp), args.without_bytecode)
        native = f" with {import_twin.python_version()}'s .pyc, not {PYTHON_VERSION}'s"
        bytecode = " without .pyc" if args.without_bytecode else "" if compiles_here() else native
        where = f"dist/appt.zip{bytecode}" if path != ROOT else "the repository"
        floor, imported = import_ratio(path, args.runs)
        print(f"import app ({where}): {imported * 1000:.0f} ms; hello-world Chalice + boto3: {floor * 1000:.0f} ms; "
              f"ratio {imported / floor:.2f}x (goal <= 1.3x), medians of {args.runs}")
        hello, booked = first_answers(path, args.runs, args.importtime)
        assert all(r["status"] == 200 for r in hello) and all(r["status"] == 201 for r in booked), (hello, booked)
        cpu_ratio = statistics.median(b["cpu"] / h["cpu"] for h, b in zip(hello, booked, strict=True))
        print(f"init + first answer, CPU: first booking {_median(booked, 'cpu') * 1000:.0f} ms "
              f"(init {_median(booked, 'import_cpu') * 1000:.0f} ms) vs hello app {_median(hello, 'cpu') * 1000:.0f} ms "
              f"(init {_median(hello, 'import_cpu') * 1000:.0f} ms): {cpu_ratio:.2f}x, median of {args.runs} pairs")
        print(f"init + first answer, wall: first booking {_median(booked, 'total') * 1000:.0f} ms vs hello app "
              f"{_median(hello, 'total') * 1000:.0f} ms; new process to answer {_median(booked, 'wall') * 1000:.0f} ms "
              f"vs {_median(hello, 'wall') * 1000:.0f} ms")
        print(json.dumps({"first_answer_cpu_ratio": round(cpu_ratio, 2), "import_ratio": round(imported / floor, 2),
                          "booking_cpu_ms": round(_median(booked, "cpu") * 1000),
                          "hello_cpu_ms": round(_median(hello, "cpu") * 1000)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
