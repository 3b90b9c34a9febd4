"""Which follow-up answers are complaints (docs/product-rules.md#complaints): a low score, or a comment that
says the customer is not satisfied, read by phrases from real review wording; everyday words and negated
phrases are not complaints."""
from __future__ import annotations

import pytest

from chalicelib.domain.booking.complaints import assess, causes_in


@pytest.mark.parametrize("comment, causes", [
    ("刹车还是有点响，希望再检查一下", ("repair",)),
    ("空调还是不制冷", ("repair",)),
    ("上次的问题没修好", ("repair",)),
    ("异响又出现了，麻烦重新检查", ("repair",)),
    ("问题依旧，只能返工", ("repair",)),
    ("前台态度不好", ("attitude",)),
    ("服务顾问态度很差，爱答不理", ("attitude",)),
    ("等了两个小时才开始修", ("waiting",)),
    ("等太久了，要投诉", ("waiting", "general")),
    ("收费不透明，感觉多收了", ("price",)),
    ("对这次保养不太满意", ("general",)),
    ("很失望", ("general",)),
])
def test_dissatisfaction_phrases_name_their_cause(comment, causes):
    assert causes_in(comment) == causes
    assert assess(5, comment) == causes  # whatever the score


@pytest.mark.parametrize("comment", [
    "还是很满意，下次还来",
    "还是老地方放心",
    "服务态度非常好",
    "态度很好，讲解清楚",
    "没有不满意的地方",
    "没什么不满的",
    "很好，不会给差评",
    "价格不太贵，挺实惠",
    "下次保养再检查一下刹车片",
    "等了一会儿，很快就好了",
    "满意",
    "",
    None,
])
def test_everyday_words_and_negated_phrases_are_no_complaint(comment):
    assert causes_in(comment) == ()
    assert assess(4, comment) == ()


def test_a_low_score_is_a_complaint_even_without_a_comment():
    assert assess(3, None) == ("low_score",)
    assert assess(1, "还是很满意") == ("low_score",)
    assert assess(2, "态度不好") == ("attitude",)
    assert assess(4, None) == ()
