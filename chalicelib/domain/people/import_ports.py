"""Ports of the DMS import (decision 0036): the import jobs with their reports, the per-row write, and the
uploaded files (S3: a bucket per stage, uploaded to through a presigned URL)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..booking.change import CustomerChange, VehicleChange
from .dms_rows import RowRefusal

MAX_REPORTED = 2000  # refused rows kept on a job's report


@dataclass(frozen=True)
class ImportJob:
    chain_id: str
    import_id: str
    store_id: str  # where the imported cars are on file (who invites them back)
    filename: str
    key: str  # the uploaded file's key in the stage's bucket
    created_at: datetime
    status: str = "awaiting_upload"  # awaiting_upload | queued | done | failed
    offset: int = 0  # rows done so far (the next chunk starts there)
    rows: int = 0
    imported: int = 0
    unchanged: int = 0
    refused: tuple[RowRefusal, ...] = field(default_factory=tuple)
    error: str | None = None
    finished_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {"import_id": self.import_id, "store_id": self.store_id, "filename": self.filename,
                "status": self.status, "rows": self.rows, "imported": self.imported, "unchanged": self.unchanged,
                "refused_count": len(self.refused), "error": self.error,
                "created_at": self.created_at.isoformat(),
                "finished_at": self.finished_at.isoformat() if self.finished_at else None,
                "refused": [{"line": r.line, "field": r.field, "reason": r.reason} for r in self.refused]}


def history_key(entry: dict[str, Any]) -> str:
    """A service on a car's file as an import writes it once: its date, mileage and jobs."""
    return f"{entry.get('date')}|{entry.get('mileage')}|{entry.get('jobs') or ''}"


def written_by(on_file: Iterable[dict[str, Any]], history: dict[str, Any]) -> bool:
    """Whether this service on file was written by the import the row comes from (another worker took its chunk)."""
    key, import_id = history_key(history), history.get("import_id")
    return bool(import_id) and any(history_key(e) == key and e.get("import_id") == import_id for e in on_file)


class ImportStore(Protocol):
    def put(self, job: ImportJob) -> None: ...
    def get(self, chain_id: str, import_id: str) -> ImportJob: ...
    def advance(self, job: ImportJob, read_offset: int) -> bool:
        """Save the job's progress only if it is still queued at `read_offset` (the chunk's count goes in once);
        False, saving nothing, when another worker took the same chunk and saved first."""
        ...
    def apply_row(self, chain_id: str, customer_id: str, vin: str | None, customer: CustomerChange,
                  vehicle: VehicleChange, history: dict[str, Any]) -> str:
        """Write one row: "imported"; "unchanged" when the car's file already has this service or a later one
        (a file imported twice changes nothing), but "imported" when that service was written by the import
        `history["import_id"]` names (another worker of the same chunk wrote it first); "vin_mismatch" when the
        plate is on file with another VIN.
        The vehicle's update is conditioned on both; the customer's lapse stages move only for a later visit."""
        ...


class Uploads(Protocol):
    def upload_url(self, key: str, expires_seconds: int) -> str: ...
    def read(self, key: str) -> bytes:
        """The uploaded file; NotFound (code `not_uploaded`) when nothing was uploaded under the key."""
        ...
