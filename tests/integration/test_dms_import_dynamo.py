"""DMS data in on the moto server (DynamoDB and S3): a GB18030 CSV with bad rows uploaded to the presigned URL,
started, imported by the checks queue's workers; the report names exactly the bad rows, the imported cars and
customers are what the lapse run takes up, and a second import changes nothing. 120 rows here (the embedded
server copies whole tables in every transaction, and the lapse run's are transactions: 1,000 rows take
13 minutes); tests/service/test_dms_import.py imports the 1,000-row file with its 10 bad rows."""
from __future__ import annotations

import requests

from chalicelib.adapters.dynamo.models import VehicleModel
from tests.conftest import at
from tests.service.test_dms_import import as_csv, export, plate
from tests.support.patience import ANSWER


def imported(svc, chain: str, data: bytes) -> dict:
    made = svc.dms_import.create(chain, "pudong", "保养记录.csv")
    put = requests.put(made["upload_url"], data=data, timeout=ANSWER)
    assert put.status_code == 200, put.text
    assert svc.dms_import.start(chain, made["import_id"])["status"] == "queued"
    svc.fanout.drain()
    return svc.dms_import.report(chain, made["import_id"])


def test_an_export_reports_its_bad_rows_and_feeds_the_lapse_run(svc, chain, clock):
    rows, refused = export(rows=120, bad_every=40)
    data = as_csv(rows, "gb18030")
    report = imported(svc, chain, data)
    assert (report["status"], report["rows"], report["imported"], report["refused_count"]) == ("done", 120, 117, 3)
    assert {r["line"]: r["field"] for r in report["refused"]} == refused

    car = VehicleModel.get(chain, plate(0))
    assert (car.vin, car.last_service_date, car.history[0]["jobs"]) == ("LFV2A21K000000000", "2026-04-15", "小保养")

    again = imported(svc, chain, data)
    assert (again["imported"], again["unchanged"], again["refused_count"]) == (0, 117, 3)

    clock.set(at("2026-11-23", "18:00"))
    good = {plate(n) for n in range(120) if n + 2 not in refused}
    assert {d.plate for d in svc.ports.vehicles.due(clock.now())} == good
    ran = svc.fanout.run("lapse")
    assert ran["enqueued"] == 117 * 2
    assert svc.ports.vehicles.due(clock.now()) == [] and svc.ports.lapses.due(clock.now()) == []
