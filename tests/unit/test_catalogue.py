"""The message catalogue: today's Chinese wording kept byte for byte, an English table with the same kinds,
fallback to Chinese, and unknown kinds refused by name."""
import ast
import re
from datetime import datetime
from pathlib import Path

import pytest

from chalicelib.api.board_page import BOARD_STATUSES
from chalicelib.domain.floor.tasks import TASK_KIND_NAMES, TASK_KINDS, CallTask, task_title
from chalicelib.domain.messaging import catalogue
from chalicelib.domain.messaging.catalogue import en, parts, zh
from chalicelib.domain.messaging.messages import MESSAGE_KINDS, MessageContext, render, wechat_data

from .pinned_zh import CONTEXTS, FIELDS, REMARK, REMARK_REMINDER, STATUS, TEXTS
from .pinned_zh_sms import SMS


@pytest.mark.parametrize("name,kind", sorted(TEXTS))
def test_chinese_text_and_sms_are_unchanged(name, kind):
    rendered = render(kind, CONTEXTS[name])
    assert rendered.text == TEXTS[name, kind]
    assert rendered.sms_params == SMS[name, kind]


@pytest.mark.parametrize("name", sorted(FIELDS))
@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_chinese_wechat_fields_are_unchanged(name, kind):
    remark = REMARK_REMINDER[name] if kind == "reminder" else REMARK[kind]
    assert render(kind, CONTEXTS[name]).fields == {**FIELDS[name], "status": STATUS[kind], "remark": remark}


def test_every_kind_is_pinned_for_every_base_context():
    assert {(name, kind) for name in FIELDS for kind in MESSAGE_KINDS} <= set(TEXTS)


def test_task_titles_are_unchanged():
    assert TASK_KINDS == {
        "reminder_unacknowledged": "提醒未确认，请电话确认是否按时到店",
        "late": "客户迟到30分钟，请电话询问是否在路上",
        "near_lost": "客户6个月未回厂，请电话关怀邀约",
        "follow_up_complaint": "回访低分/投诉，请主管跟进",
        "sla_confirmation": "预约超过2小时未确认时间与价格",
        "rebook_no_show": "客户预约未到店，请电话关怀并重新预约",
        "rebook_store_cancel": "门店取消了预约，请致电客户致歉并优先改约",
        "parts_arrived": "备件已到，请电话通知客户并约定进厂时间",
        "follow_up_unanswered": "两次回访未回复，请电话回访",
        "first_service_unanswered": "新车首保邀请未回应，请电话提醒车主预约首保",
        "agree_new_time": "客户自行取消了预约，请致电约定新的时间",
        "call_back": "已答应客户回电，请按时回电",
        "parts_short": "备件检查缺件，请致电客户改约到店时间",
        "parts_unconfirmed": "到店前一小时备件仍未确认到位，请配件部确认",
        "deposit_mismatch": "微信支付账单与预约订金记录不一致，请核对",  # new: decision 0062
        "extra_work_unanswered": "增项待客户确认，请电话沟通并记录客户答复",
    }


TABLES = {"zh": zh.TEXTS, "en": en.TEXTS}
CJK = re.compile(r"[\u4e00-\u9fff]")
# Values computed per language, so a language's template may ask for a different one.
PER_LANGUAGE_VALUES = {"part.offer", "part.discount"}


def test_every_language_has_every_kind():
    assert set(en.TEXTS) == set(zh.TEXTS)
    assert catalogue.LANGUAGES == ("zh", "en")


@pytest.mark.parametrize("kind", sorted(zh.TEXTS))
def test_english_asks_for_no_value_chinese_does_not(kind):
    assert catalogue.placeholders(kind, "en") <= catalogue.placeholders(kind, "zh") or kind in PER_LANGUAGE_VALUES


@pytest.mark.parametrize("lang", catalogue.LANGUAGES)
@pytest.mark.parametrize("name", sorted(CONTEXTS))
@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_every_message_renders_in_every_language(kind, name, lang):
    rendered = render(kind, CONTEXTS[name], lang)
    assert rendered.text and not re.search(r"[{}]", rendered.text), rendered.text
    assert all(p and not re.search(r"[{}]", p) for p in rendered.sms_params[:2])


@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_english_messages_are_english(kind):
    ctx = MessageContext(
        customer_name="Anna Smith", honorific="女士", store_name="Pudong", store_phone="021-60000000", service="service",
        plate="AD12345", start=datetime(2026, 11, 24, 10, 0), reason="workshop closed", variant="24h", discount=0.15,
    )
    rendered = render(kind, ctx, "en")
    assert rendered.text.startswith("Hello Ms Smith, ")
    assert not CJK.search(rendered.text), rendered.text
    assert not any(CJK.search(p) for p in rendered.sms_params), rendered.sms_params
    # WeChat's templates are Chinese whatever the language of the text
    assert rendered.fields == render(kind, ctx).fields
    assert all(entry["value"] for entry in wechat_data(rendered).values())


def test_computed_parts_in_both_languages():
    full = CONTEXTS["full"]
    assert "8.5折" in render("lapse_invitation", full).text
    assert "15% off labour" in render("lapse_invitation", full, "en").text
    assert "可打8折" in render("lapse_invitation", CONTEXTS["due"]).text
    assert "20% off labour" in render("lapse_invitation", CONTEXTS["due"], "en").text
    assert render("lapse_invitation", CONTEXTS["plain"], "en").text.endswith("inspection and maintenance. Reply R to opt out")
    assert render("lapse_invitation", CONTEXTS["plain"]).text.endswith("预约检查保养。拒收请回复R")
    assert render("lapse_invitation", CONTEXTS["plain"]).sms_params[-1] == "拒收请回复R"
    assert "(15% off labour in a recommended slot)" in render("booking_confirmed", full, "en").text
    assert "预计费用656.00元（推荐时段工时费8.5折）" in render("booking_confirmed", full).text
    assert "held for 10 minutes" in render("booking_confirmed", full, "en").text
    assert "(plate 沪AD12345) (车间设备检修). " in render("booking_cancelled", full, "en").text
    assert "(plate 沪B67890). " in render("booking_cancelled", CONTEXTS["plain"], "en").text
    assert "please call 021-60000000." in render("late", full, "en").text
    assert "please contact the store." in render("late", CONTEXTS["plain"], "en").text
    assert "booked for tomorrow, Nov 24, 10:00" in render("reminder", full, "en").text
    assert "today, Nov 24, 10:00 (plate 沪AD12345), is about 3 hours away" in render("reminder", CONTEXTS["full_3h"], "en").text
    assert "at Nov 24, 10:00 is one hour away" in render("reminder", CONTEXTS["full_1h"], "en").text
    assert "booked for tomorrow, Nov 24, 10:00. Address" in render("reminder", CONTEXTS["full_eve"], "en").text
    assert "first service by Jan 8." in render("first_service_due", CONTEXTS["due"], "en").text
    assert parts.offer(0.0, "zh") == parts.reason(None, "en") == parts.when(None, None, "en") == ""
    assert parts.reminder_kind(None) == parts.reminder_kind("7d") == "message.reminder.3h"


def test_a_greeting_without_a_known_honorific_never_uses_the_full_name():
    assert parts.greeting("王建国", "王", None, "en") == "Mr/Ms 王"
    assert parts.greeting("王建国", "王", None, "zh") == "王先生/女士"
    assert parts.greeting("", "", None, "zh") == ""
    assert parts.greeting("王建国", "王", "老师", "zh") == "王老师"
    assert parts.greeting("王建国", "王", "先生", "en") == "Mr 王"


@pytest.mark.parametrize("lang", catalogue.LANGUAGES)
def test_every_task_kind_and_board_status_has_an_entry(lang):
    for kind in TASK_KIND_NAMES:
        assert TABLES[lang][f"task.{kind}"]
    for status in BOARD_STATUSES:
        assert TABLES[lang][f"board.status.{status}"]
    assert set(catalogue.kinds("task.")) == {f"task.{kind}" for kind in TASK_KIND_NAMES}


def test_task_titles_in_english_and_for_unknown_kinds():
    assert task_title("late", "en") == "Customer 30 minutes late: call to ask whether they are on their way"
    assert task_title("late") == TASK_KINDS["late"]
    assert task_title("something_new", "en") == "something_new"
    now = datetime(2026, 11, 24, 10, 0)
    task = CallTask("c", "s", "t1", "near_lost", due_at=now, created_at=now)
    assert task.to_json()["title"] == "客户6个月未回厂，请电话关怀邀约"
    assert task.to_json("en")["title"] == "Customer not back for 6 months: call to check in and invite them"


@pytest.mark.parametrize("lang,table", [("en", "en"), ("EN-us", "en"), ("en_GB", "en"), ("zh-CN", "zh"), ("zh", "zh"),
                                        ("fr", "zh"), ("", "zh")])
def test_a_language_we_have_no_table_for_reads_chinese(lang, table):
    assert catalogue.language(lang) == table
    assert catalogue.text("board.empty", lang) == TABLES[table]["board.empty"]


def test_a_kind_missing_from_a_language_falls_back_to_chinese(monkeypatch):
    monkeypatch.delitem(en.TEXTS, "board.empty")
    assert catalogue.text("board.empty", "en") == "今日暂无预约"


@pytest.mark.parametrize("lang", ["zh", "en", "fr"])
def test_an_unknown_kind_is_a_key_error_naming_it(lang):
    with pytest.raises(KeyError, match="message.nope"):
        catalogue.text("message.nope", lang)
    assert not catalogue.has("message.nope")


def test_a_missing_value_is_a_key_error_naming_kind_and_value():
    with pytest.raises(KeyError, match=r"part\.call\.phone.*phone"):
        catalogue.text("part.call.phone")
    assert catalogue.text("part.call.phone", "en", phone="123", unused="ignored") == "call 123"


def test_the_catalogue_is_pure_python():
    folder = Path(catalogue.__file__).parent
    allowed = {"__future__", "collections.abc", "datetime", "string", "."}
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                assert {alias.name for alias in node.names} <= allowed, path.name
            elif isinstance(node, ast.ImportFrom):
                assert ("." * node.level + (node.module or "")) in allowed, (path.name, node.module)
