"""The DMS import jobs (decision 0036). Key: chain_id + import_id (`im_…`); `body` is the job with its per-row
report, in the one codec's JSON (domain/codec.py);
`offset` (the rows done, the next chunk's start) conditions a chunk's progress (items written before have none)."""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model


class ImportJobModel(Model):
    class Meta:
        table_name = "imports"

    chain_id = UnicodeAttribute(hash_key=True)
    import_id = UnicodeAttribute(range_key=True)
    status = UnicodeAttribute()
    body = UnicodeAttribute()
    offset = NumberAttribute(null=True)
