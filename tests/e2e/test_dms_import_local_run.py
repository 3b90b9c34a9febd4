"""DMS data in through the local run (`make run`'s program): the admin creates an import, PUTs a 1,000-row
GB18030 CSV with 10 bad rows to the presigned URL (the embedded server's S3), starts it, and the report names
exactly those 10 rows once the workers are done (decision 0036). That the imported cars and customers are
what the lapse run takes up is shown on the same 1,000 rows in tests/service/test_dms_import.py and on DynamoDB
in tests/integration/test_dms_import_dynamo.py: here the run's 1,980 items would take the embedded server
many minutes (it copies whole tables in every transaction)."""
from __future__ import annotations

import os

import pytest
import requests

from tests.service.test_dms_import import as_csv, export
from tests.support.local_run import LocalRun
from tests.support.patience import ANSWER, wait_until

LOCAL = {"Authorization": "Bearer local-dev-token"}


@pytest.fixture(scope="module")
def api():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_PREFIX", "JWT_", "WECHAT_"))}
    with LocalRun(env=env, ready_line="Serving on http://127.0.0.1:{port}") as run:
        yield run.base


def test_a_thousand_row_export_reports_exactly_its_ten_bad_rows(api):
    r = requests.post(f"{api}/staff/login", json={"chain_id": "demo", "username": "admin", "password": "admin-pass"},
                      timeout=ANSWER)
    admin = {"Authorization": f"Bearer {r.json()['token']}"}
    made = requests.post(f"{api}/admin/imports", json={"store_id": "demo-pudong", "filename": "保养记录.csv"},
                         headers=admin, timeout=ANSWER)
    assert made.status_code == 201, made.text
    rows, refused = export()
    put = requests.put(made.json()["upload_url"], data=as_csv(rows, "gb18030"), timeout=ANSWER)
    assert put.status_code == 200, put.text
    import_id = made.json()["import_id"]
    started = requests.post(f"{api}/admin/imports/{import_id}/start", headers=admin, timeout=ANSWER)
    assert (started.status_code, started.json()["status"]) == (202, "queued")

    def report() -> dict | None:
        requests.post(f"{api}/local/checks/reminders", headers=LOCAL, timeout=600)  # its run drains the queues
        found = requests.get(f"{api}/admin/imports/{import_id}", headers=admin, timeout=ANSWER).json()
        return found if found["status"] != "queued" else None

    done = wait_until(report, within=600, what="the import's report")
    # exact even when the local run's own drain and this test's take the same chunk at once (at-least-once
    # delivery): a chunk is counted once, by the worker that saves first (tests/integration/test_dms_import_race.py)
    assert (done["status"], done["rows"], done["imported"], done["unchanged"], done["refused_count"]) == (
        "done", 1000, 990, 0, 10)
    assert {r["line"]: r["field"] for r in done["refused"]} == refused
