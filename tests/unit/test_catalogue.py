"""The message catalogue: today's Chinese wording kept byte for byte."""
import pytest

from chalicelib.domain.messages import MESSAGE_KINDS, render

from .pinned_zh import CONTEXTS, FIELDS, REMARK, SMS, STATUS, TEXTS


@pytest.mark.parametrize("name,kind", sorted(TEXTS))
def test_chinese_text_and_sms_are_unchanged(name, kind):
    rendered = render(kind, CONTEXTS[name])
    assert rendered.text == TEXTS[name, kind]
    assert rendered.sms_params == SMS[name, kind]


@pytest.mark.parametrize("name", sorted(FIELDS))
@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_chinese_wechat_fields_are_unchanged(name, kind):
    assert render(kind, CONTEXTS[name]).fields == {**FIELDS[name], "status": STATUS[kind], "remark": REMARK[kind]}


def test_every_kind_is_pinned_for_every_base_context():
    assert {(name, kind) for name in FIELDS for kind in MESSAGE_KINDS} <= set(TEXTS)


def test_task_titles_are_unchanged():
    from chalicelib.domain.tasks import TASK_KINDS

    assert TASK_KINDS == {
        "reminder_unacknowledged": "提醒未确认,请电话确认是否按时到店",
        "late": "客户迟到30分钟,请电话询问是否在路上",
        "near_lost": "客户6个月未回厂,请电话关怀邀约",
        "follow_up_complaint": "回访低分/投诉,请主管跟进",
        "sla_confirmation": "预约超过2小时未确认时间与价格",
    }
