"""What staff keep about a customer in their file (docs/product-rules.md#customer-file): address, notes, items
left over from the last visit, and the audit trail of who changed what, when (domain/floor/customer_file.py
shapes the whole file)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..errors import ValidationError

# the fields staff edit, and the most each may hold
EDITABLE: dict[str, int] = {"address": 200, "notes": 1000, "leftovers": 1000}
AUDIT_KEPT = 50  # the newest changes kept in the trail


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    by: str
    field: str
    old: str | None
    new: str | None

    def to_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "by": self.by, "field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class FileNotes:
    """What staff keep on the customer's record, and who changed it (newest first)."""

    values: Mapping[str, str | None]
    audit: tuple[AuditEntry, ...] = ()
    linked: tuple[str, ...] = ()  # the phone-only customers taken over into this file (domain/people/file_merge.py)
    plates: tuple[str, ...] = ()  # cars on file for them that no booking names (imported from the DMS)

    def get(self, name: str) -> str | None:
        return self.values.get(name)


def edit(body: Mapping[str, Any]) -> dict[str, str | None]:
    """The fields an edit sets (text, or None to clear); at least one, none other."""
    unknown = sorted(set(body) - set(EDITABLE))
    if unknown:
        raise ValidationError(f"unknown field {unknown[0]}", field=unknown[0])
    if not body:
        raise ValidationError("nothing to change: give address, notes or leftovers", field="address")
    changes: dict[str, str | None] = {}
    for name, value in body.items():
        if value is not None and (not isinstance(value, str) or len(value) > EDITABLE[name]):
            raise ValidationError(f"{name} must be text of at most {EDITABLE[name]} characters, or null", field=name)
        changes[name] = value.strip() or None if isinstance(value, str) else None
    return changes


def audit(before: FileNotes, changes: Mapping[str, str | None], at: datetime, by: str) -> tuple[AuditEntry, ...]:
    """One entry per field the edit really changes; the trail keeps the newest AUDIT_KEPT."""
    return tuple(AuditEntry(at, by, name, before.get(name), new) for name, new in sorted(changes.items())
                 if before.get(name) != new)


def trail(entries: tuple[AuditEntry, ...], before: tuple[AuditEntry, ...]) -> tuple[AuditEntry, ...]:
    return (tuple(reversed(entries)) + before)[:AUDIT_KEPT]
