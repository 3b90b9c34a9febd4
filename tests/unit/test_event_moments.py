"""An event's moment in the booking item (chalicelib/adapters/dynamo/moments.py): compact, and read back exactly as
written (the same instant, the same offset, the microseconds), whatever the moment; ISO from before reads too."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.adapters.dynamo.moments import moment_from, moment_text

ZONES = st.sampled_from([UTC, ZoneInfo("Asia/Shanghai"), ZoneInfo("Asia/Kolkata"), ZoneInfo("America/St_Johns"),
                         timezone(timedelta(hours=-3, minutes=-30))])


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1), timezones=ZONES))
def test_a_moment_reads_back_as_it_was_written(at):
    back = moment_from(moment_text(at))  # compared by instant and text: PEP 495 makes an ambiguous local time
    assert back.timestamp() == at.timestamp()  # (a DST fold) unequal to any other zone's by ==
    assert back.utcoffset() == at.utcoffset() and back.isoformat() == at.isoformat()


def test_a_whole_second_takes_15_characters_and_iso_from_before_still_reads():
    at = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert moment_text(at) == "1795392000+0800"
    assert moment_from("2026-11-23T08:00:00+08:00") == at
    assert moment_text(datetime(2026, 11, 23, 8, 0)) == "2026-11-23T08:00:00"  # no offset: ISO, as it was
