"""What the customer's file becomes when a WeChat customer takes over the phone-only customer of their number
(domain/people/linking.py; docs/product-rules.md#customer-file): staff's address, notes and leftovers follow
them, each field the link changes is a trail entry of its own, and both trails are kept, newest first; so do the
cars on file for them (imported from the DMS)."""
from __future__ import annotations

from datetime import datetime

from .customer_notes import AUDIT_KEPT, EDITABLE, AuditEntry, FileNotes

LINKED_BY = "phone_link"  # who the trail says changed a field that came with the phone-only customer


def _joined(mine: str | None, theirs: str | None) -> str | None:
    """The target's text, and the phone customer's after it on a line of its own when both hold different ones."""
    if not theirs or theirs == mine:
        return mine
    return f"{mine}\n{theirs}" if mine else theirs


def merged(mine: FileNotes, theirs: FileNotes, source_id: str, now: datetime) -> FileNotes | None:
    """The target's file once the phone customer's (`source_id`) is added to it, the calls about them shown in it
    from then on; None when there is nothing to add (taken over before, nothing kept since)."""
    values = {name: _joined(mine.get(name), theirs.get(name)) for name in EDITABLE}
    changed = tuple(AuditEntry(now, LINKED_BY, name, mine.get(name), values[name]) for name in sorted(EDITABLE)
                    if values[name] != mine.get(name))
    plates = tuple(sorted(set(mine.plates) | set(theirs.plates)))
    if not changed and not theirs.audit and source_id in mine.linked and plates == tuple(sorted(mine.plates)):
        return None
    history = sorted(mine.audit + theirs.audit, key=lambda e: e.at, reverse=True)
    linked = mine.linked + tuple(sorted(set(theirs.linked + (source_id,)) - set(mine.linked)))
    return FileNotes(values, (changed + tuple(history))[:AUDIT_KEPT], linked, plates)
