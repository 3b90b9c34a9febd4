"""Loaded official holiday schedules: one item per scope (the platform, or a chain) and year."""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.models import Model


class HolidayScheduleModel(Model):
    """Key: scope (`platform` or a chain id) + year (2027). Dates as ISO strings."""

    class Meta:
        table_name = "holidays"

    scope = UnicodeAttribute(hash_key=True)
    year = NumberAttribute(range_key=True)
    holidays = UnicodeSetAttribute(null=True)
    workdays = UnicodeSetAttribute(null=True)
    loaded_at = UnicodeAttribute()
    loaded_by = UnicodeAttribute()
