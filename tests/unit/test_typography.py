"""Chinese text uses full-width punctuation wherever a person reads it: every Chinese entry of the catalogue
(customer messages, call tasks, the board, refusals, staff reports), the staff console, the board's and the
mini-program's own strings and the CSV headers. ASCII stays where it is not punctuation of a sentence: a
time (10:00), a phone number, a URL, a placeholder."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from chalicelib.domain.messaging import catalogue

ROOT = Path(__file__).parents[2]
CJK = "\u4e00-\u9fff"
# ASCII sentence punctuation; a colon between digits (10:00) and anything inside {placeholders} are not.
_ASCII = re.compile(r"[,;?!()]|(?<!\d):|:(?!\d)")


def ascii_punctuation(text: str) -> list[str]:
    bare = re.sub(r"\{[^{}]*\}", "", text)
    return [m.group() for m in _ASCII.finditer(bare)]


@pytest.mark.parametrize("kind", catalogue.kinds())
def test_every_chinese_catalogue_entry_uses_full_width_punctuation(kind):
    text = catalogue.template(kind, "zh")
    assert ascii_punctuation(text) == [], text  # pieces without Chinese of their own too: （{reason}）


_SCREENS = [*sorted((ROOT / "chalicelib" / "api" / "static").glob("*.js")),
            *sorted((ROOT / "chalicelib" / "api" / "static").glob("*.html")),
            *sorted((ROOT / "miniprogram" / "src").rglob("*.js")), *sorted((ROOT / "miniprogram" / "src").rglob("*.wxml"))]
_NEXT_TO_CHINESE = re.compile(f"(?<=[{CJK}])[,:;?!()]|[,:;?!()](?=[{CJK}])")


@pytest.mark.parametrize("path", _SCREENS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_console_board_and_mini_program_use_full_width_punctuation_in_chinese(path):
    """Strings on screens (comments aside): no ASCII comma, colon, bracket … next to a Chinese character."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        code = re.split(r"\s//\s|^\s*(//|\*|/\*)", line)[0]
        found += [f"{number}: {line.strip()}" for _ in _NEXT_TO_CHINESE.finditer(code or "")][:1]
    assert found == []


# Names and wording (issue 24): greetings by surname and honorific on every kind; the wording errors it lists.
from dataclasses import replace  # noqa: E402
from datetime import datetime  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from chalicelib.domain.messaging.messages import MESSAGE_KINDS, MessageContext, render  # noqa: E402

LIN = MessageContext(customer_name="林涛", store_name="浦东店", store_phone="021-60000000", service="保养",
                     plate="沪AD12345", start=datetime(2026, 11, 24, 14, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
                     hold_minutes=10)


@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_every_kind_greets_by_surname_and_honorific_never_the_full_name(kind):
    assert render(kind, replace(LIN, honorific="先生")).text.startswith("林先生您好")
    unknown = render(kind, LIN)  # no honorific on file: neither the full name nor a guessed one
    assert unknown.text.startswith("林先生/女士您好") and "林涛" not in unknown.text
    assert unknown.sms_values["greeting"] == "林先生/女士"


def test_the_late_notice_does_not_promise_a_place_released_at_ten_minutes():
    late = render("late", LIN)
    assert "还有30分钟" not in late.fields["remark"] and "还有" not in late.text
    assert "已安排给其他客户" in late.text


def test_the_confirmation_remark_is_whole_within_twenty_characters():
    remark = render("booking_confirmed", LIN).fields["remark"]
    assert len(remark) <= 20 and not remark.endswith("…") and "10分钟" in remark


def test_no_message_mentions_a_pickup_slip_the_product_never_issues():
    for kind in MESSAGE_KINDS:
        rendered = render(kind, LIN)
        assert "取车凭证" not in rendered.text + rendered.fields["remark"]


def test_the_parts_arrived_sms_sends_no_empty_value():
    arrived = render("parts_arrived", replace(LIN, start=None))
    assert all(arrived.sms_params), arrived.sms_params
    assert all(render(kind, replace(LIN, start=None, due=None, plate="")).sms_params[i]
               for kind in MESSAGE_KINDS for i in range(5))
