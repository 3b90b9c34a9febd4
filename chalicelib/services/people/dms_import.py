"""DMS data in (decision 0036): a chain admin uploads a DMS export (.xlsx or CSV in UTF-8 or GB18030) through a
presigned URL, starts its import, and reads the per-row report; or sends one record at a time.

The import runs in the background on the checks queue, a chunk of CHUNK rows per work item (each item
enqueues the next), so a large file never outlasts a worker. A chunk is done once: the job's `offset` says
which chunk is next, and a repeated item finds its chunk done. Two workers can take the same chunk at once
(at-least-once delivery): the job's progress is saved only if its offset is still the one read, so the chunk is
counted once, and a row the other worker wrote for this import counts as imported. Each row is written on its own and
idempotently (services/people: `ImportStore.apply_row`), so a crash mid-chunk redoes rows that change nothing.
"""
from __future__ import annotations

import csv
import io
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from ...domain.errors import DomainError, ValidationError
from ...domain.people.customer import phone_customer_id
from ...domain.people.dms_rows import RowRefusal, VehicleRow, changes, header_map, read_row
from ...domain.people.import_ports import MAX_REPORTED, ImportJob, ImportStore, Uploads
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog

CHUNK = 250  # rows a work item imports
MAX_ROWS = 50_000
UPLOAD_EXPIRES = 900  # seconds a presigned upload URL works
XLS_ADVICE = ("an .xls file (Excel 97-2003) cannot be read: open it in Excel or WPS and save it as "
              "\"Excel 工作簿 (*.xlsx)\" or \"CSV UTF-8 (逗号分隔)\", then upload that file")
_SAFE = re.compile(r"[^A-Za-z0-9._\-\u4e00-\u9fff]+")


def rows_of(filename: str, data: bytes) -> Iterator[list[str]]:
    """The file's rows as text cells: .xlsx read-only (streamed), CSV as UTF-8 (with or without BOM), else GB18030."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook  # ~0.3 s: imported by an import only

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for values in book.worksheets[0].iter_rows(values_only=True):
                yield [_cell(v) for v in values]
        finally:
            book.close()
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    yield from csv.reader(io.StringIO(text))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class DmsImport:
    def __init__(self, stores: StoreCatalog, imports: ImportStore, uploads: Uploads, clock: Clock, *,
                 enqueue: Callable[[dict[str, str]], None]) -> None:
        self._stores, self._imports, self._uploads, self._clock = stores, imports, uploads, clock
        self._enqueue = enqueue

    def create(self, chain_id: str, store_id: str, filename: str) -> dict[str, Any]:
        """A new import and where to upload its file (PUT to the URL, within 15 minutes)."""
        lower = filename.lower()
        if lower.endswith(".xls"):
            raise ValidationError(XLS_ADVICE, field="filename", code="import_xls")
        if not lower.endswith((".xlsx", ".csv")):
            raise ValidationError("upload an .xlsx or .csv file", field="filename", code="import_file_type")
        self._stores.get(chain_id, store_id)  # refused if not the chain's
        import_id = "im_" + uuid.uuid4().hex[:16]
        key = f"imports/{chain_id}/{import_id}/{_SAFE.sub('_', filename)[-80:]}"
        job = ImportJob(chain_id, import_id, store_id, filename, key, self._clock.now())
        self._imports.put(job)
        return {**job.to_json(), "upload_url": self._uploads.upload_url(key, UPLOAD_EXPIRES),
                "upload_expires_in": UPLOAD_EXPIRES}

    def start(self, chain_id: str, import_id: str) -> dict[str, Any]:
        """Start the import of the uploaded file in the background; starting it again changes nothing."""
        job = self._imports.get(chain_id, import_id)
        if job.status == "awaiting_upload":
            self._uploads.read(job.key)  # refused (not_uploaded) before anything is queued
            job = replace(job, status="queued")
            self._imports.put(job)
            self._enqueue({"chain": chain_id, "import": import_id, "offset": "0"})
        return job.to_json()

    def report(self, chain_id: str, import_id: str) -> dict[str, Any]:
        return self._imports.get(chain_id, import_id).to_json()

    def record(self, chain_id: str, store_id: str, cells: dict[str, str]) -> dict[str, Any]:
        """One vehicle (and its latest service) at a time, under the same rules as a file's row."""
        store = self._stores.get(chain_id, store_id)
        found = read_row(0, cells, self._clock.now().astimezone(store.tz).date())
        if isinstance(found, RowRefusal):
            raise ValidationError(found.reason, field=found.field)
        outcome = self._apply(chain_id, store_id, found)
        if outcome == "vin_mismatch":
            raise ValidationError("the plate is on file with another VIN", field="vin", code="vin_mismatch")
        return {"outcome": outcome, "plate": found.plate, "vin": found.vin}

    # --- the background work: FannedJob ---------------------------------------------------------------------
    def due_items(self) -> Iterator[list[dict[str, str]]]:
        return iter(())  # nothing scheduled: an import's items are enqueued by its start

    def enqueued(self, items: list[dict[str, str]]) -> None:
        return None

    def work(self, item: dict[str, str]) -> str:
        job = self._imports.get(item["chain"], item["import"])
        if job.status != "queued" or str(job.offset) != item.get("offset"):
            return "chunk_done"  # a repeated item
        store = self._stores.get(job.chain_id, job.store_id)
        try:
            rows = list(rows_of(job.filename, self._uploads.read(job.key)))
            columns = header_map(rows[0] if rows else [])
        except (DomainError, UnicodeDecodeError, ValueError, KeyError, zipfile.BadZipFile, csv.Error) as error:
            # a file that does not read fails its import with why; anything else (S3 busy) is retried
            self._imports.put(replace(job, status="failed", error=str(error)[:300], finished_at=self._clock.now()))
            return "import_failed"
        body = rows[1:MAX_ROWS + 1]
        read_offset = job.offset
        job = self._chunk(job, store.store_id, columns, body, self._clock.now().astimezone(store.tz).date())
        more = job.offset < len(body)
        if not self._imports.advance(job if more else replace(job, status="done", finished_at=self._clock.now()),
                                     read_offset):
            return "chunk_done"  # another worker took the same chunk and counted it first
        if more:
            self._enqueue({"chain": job.chain_id, "import": job.import_id, "offset": str(job.offset)})
            return "chunk"
        return "import_done"

    def _chunk(self, job: ImportJob, store_id: str, columns: dict[int, str], body: list[list[str]],
               today: date) -> ImportJob:
        counts = {"imported": 0, "unchanged": 0}
        refused = list(job.refused)
        end = min(job.offset + CHUNK, len(body))
        for n in range(job.offset, end):
            cells = {name: body[n][i] for i, name in columns.items() if i < len(body[n])}
            if not any(v.strip() for v in body[n]):
                continue  # a blank line
            found = read_row(n + 2, cells, today)
            outcome = found if isinstance(found, RowRefusal) else self._apply(job.chain_id, store_id, found,
                                                                                 job.import_id)
            if isinstance(outcome, RowRefusal):
                refused.append(outcome)
            elif outcome == "vin_mismatch":
                refused.append(RowRefusal(n + 2, "vin", "the plate is on file with another VIN"))
            else:
                counts[outcome] += 1
        return replace(job, offset=end, rows=len(body), imported=job.imported + counts["imported"],
                       unchanged=job.unchanged + counts["unchanged"], refused=tuple(refused[:MAX_REPORTED]))

    def _apply(self, chain_id: str, store_id: str, row: VehicleRow, import_id: str | None = None) -> str:
        store = self._stores.get(chain_id, store_id)
        customer_id = phone_customer_id(chain_id, row.phone)
        customer, vehicle = changes(row, customer_id, store, self._clock.now().astimezone(store.tz).date())
        history = {"date": row.service_date.isoformat() if row.service_date else None, "mileage": row.mileage,
                   "jobs": row.jobs, "source": "dms", **({"import_id": import_id} if import_id else {})}
        return self._imports.apply_row(chain_id, customer_id, row.vin, customer, vehicle, history)
