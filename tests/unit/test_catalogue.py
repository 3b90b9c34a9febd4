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
