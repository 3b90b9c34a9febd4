"""DMS data in (decision 0036): a dealer's export uploaded, started, imported in the background in chunks, with a
per-row report of exactly the refused rows; the imported cars and customers feed the lapse run; a second import
of the same file changes nothing; an .xls is refused by name; one record at a time."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook

from chalicelib.domain.errors import NotFound, ValidationError
from chalicelib.domain.people.customer import phone_customer_id
from chalicelib.services.people.dms_import import CHUNK
from tests.conftest import at

HEADERS = ["车架号", "车牌号", "车型", "购车日期", "客户姓名", "手机号", "保养日期", "进厂里程", "服务项目"]
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def vin(n: int) -> str:
    return f"LFV2A21K{n:09d}"


def plate(n: int) -> str:
    return f"沪{LETTERS[n % 23]}{n:05d}"


def good_row(n: int) -> list[str]:
    return [vin(n), plate(n), "迈腾", "2023-03-01", f"客户{n}", f"139{n:08d}", "2026-04-15", f"{30000 + n}", "小保养"]


def broken(n: int, kind: int) -> tuple[list[str], str]:
    row = good_row(n)
    field = ["vin", "plate", "phone", "service_date", "mileage", "service_date", "purchase_date", "vin", "phone",
             "mileage"][kind]
    if kind == 0:
        row[0] = "LFV2A21K00000000O"  # an O: not in a VIN
    elif kind == 1:
        row[1] = ""
    elif kind == 2:
        row[5] = "12345"
    elif kind == 3:
        row[6] = "2026-13-45"
    elif kind == 4:
        row[7] = "三万"
    elif kind == 5:
        row[6] = "2027-06-01"  # in the future
    elif kind == 6:
        row[3], row[6] = "2026-05-01", "2026-04-15"  # bought after its service: the service date is refused
        field = "service_date"
    elif kind == 7:
        row[0] = "SHORTVIN"
    elif kind == 8:
        row[5] = ""
    else:
        row[7] = "-5"
    return row, field


def export(rows: int = 1000, bad_every: int = 100) -> tuple[list[list[str]], dict[int, str]]:
    """A dealer export of `rows` cars; every `bad_every`-th one broken in one of ten ways. The refused lines
    (the header is line 1) and the field each names."""
    body, refused = [], {}
    for n in range(rows):
        if n % bad_every == bad_every - 1:
            row, field = broken(n, (n // bad_every) % 10)
            refused[n + 2] = field
        else:
            row = good_row(n)
        body.append(row)
    return body, refused


def as_csv(rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([HEADERS, *rows])
    return out.getvalue().encode(encoding)


def as_xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload_and_run(svc, chain, filename: str, data: bytes) -> dict:
    made = svc.dms_import.create(chain, "pudong", filename)
    assert made["status"] == "awaiting_upload" and made["upload_url"]
    svc.ports.uploads.files[made["upload_url"].removeprefix("memory://uploads/")] = data  # the client's PUT
    started = svc.dms_import.start(chain, made["import_id"])
    assert started["status"] == "queued"
    svc.fanout.drain()
    return svc.dms_import.report(chain, made["import_id"])


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_a_thousand_rows_with_ten_bad_report_exactly_those_ten_and_feed_the_lapse_run(svc, chain, clock, encoding):
    rows, refused = export()
    report = upload_and_run(svc, chain, "保养记录.csv", as_csv(rows, encoding))
    assert (report["status"], report["rows"], report["imported"], report["refused_count"]) == ("done", 1000, 990, 10)
    assert {r["line"]: r["field"] for r in report["refused"]} == refused
    assert all(r["reason"] for r in report["refused"])

    clock.set(at("2026-11-23", "18:00"))  # the end of the day's contact window: every moment set today is due
    good = {plate(n) for n in range(1000) if n + 2 not in refused}
    assert {d.plate for d in svc.ports.vehicles.due(clock.now())} == good
    assert len(svc.ports.lapses.due(clock.now())) == 990
    ran = svc.fanout.run("lapse")
    assert ran["enqueued"] == 990 * 2
    assert svc.ports.vehicles.due(clock.now()) == [] and svc.ports.lapses.due(clock.now()) == []


def test_the_same_file_imported_again_changes_nothing(svc, chain):
    rows, _ = export(rows=300)
    first = upload_and_run(svc, chain, "dms.xlsx", as_xlsx(rows))
    again = upload_and_run(svc, chain, "dms.xlsx", as_xlsx(rows))
    assert (first["imported"], first["refused_count"]) == (297, 3)
    assert (again["imported"], again["unchanged"], again["refused_count"]) == (0, 297, 3)
    assert CHUNK < 300  # the file went in more than one chunk


def test_imported_customers_have_given_no_marketing_consent(svc, chain):
    upload_and_run(svc, chain, "dms.csv", as_csv([good_row(7)], "utf-8"))
    found = svc.ports.customers.get(chain, phone_customer_id(chain, "13900000007"))
    assert (found.name, found.marketing) == ("客户7", False)


def test_an_xls_is_refused_by_name_with_how_to_convert_it(svc, chain):
    with pytest.raises(ValidationError) as refused:
        svc.dms_import.create(chain, "pudong", "导出.XLS")
    assert refused.value.code == "import_xls" and ".xlsx" in refused.value.message and "CSV" in refused.value.message


def test_an_import_is_not_started_before_its_file_is_uploaded(svc, chain):
    made = svc.dms_import.create(chain, "pudong", "dms.csv")
    with pytest.raises(NotFound) as refused:
        svc.dms_import.start(chain, made["import_id"])
    assert refused.value.code == "not_uploaded"


def test_a_file_without_the_needed_columns_fails_naming_them(svc, chain):
    report = upload_and_run(svc, chain, "dms.csv", "plate,model\n沪A12345,x\n".encode())
    assert report["status"] == "failed" and "mobile" in report["error"]


def test_one_record_at_a_time_under_the_same_rules(svc, chain):
    cells = dict(zip(["vin", "plate", "model", "purchase_date", "name", "phone", "service_date", "mileage", "jobs"],
                     good_row(3), strict=True))
    assert svc.dms_import.record(chain, "pudong", cells)["outcome"] == "imported"
    assert svc.dms_import.record(chain, "pudong", cells)["outcome"] == "unchanged"
    with pytest.raises(ValidationError) as refused:
        svc.dms_import.record(chain, "pudong", {**cells, "vin": "LFV2A21K000000999"})
    assert refused.value.field == "vin"
    assert date.fromisoformat(cells["service_date"]) < date(2026, 11, 23)


def test_a_file_that_is_not_what_its_name_says_fails_its_import_with_why(svc, chain):
    report = upload_and_run(svc, chain, "dms.xlsx", b"not a zip at all")
    assert report["status"] == "failed" and report["error"]
    assert svc.fanout.parked("checks") == []
