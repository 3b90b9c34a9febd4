"""When a follow-up answer is a complaint, and what it is about (docs/product-rules.md#complaints).

A complaint is a low score (3 or lower of 5) or a comment that says the customer is not satisfied, whatever
the score: "刹车还是有点响，希望再检查一下" with 4 of 5 is a job not done. A comment is read by phrases, not by
single words: a word that is also everyday speech (还是, 态度, 再) counts only beside what makes it a
complaint (还是有点响, 态度不好, 再检查), and a phrase said in the negative (没有不满意, 不会给差评, 下次再检查)
does not count. Each phrase names its cause, which the monthly complaint summary counts.

The loop lives in the booking's history: "complaint" (its causes) when an answer is one, "complaint_resolved"
when the manager closes the task having reached the customer, "complaint_recheck" when the customer is asked
again, "recheck_answer" with their answer. Pure: no I/O.
"""
from __future__ import annotations

import re
from datetime import datetime

from .booking import Booking

LOW_SCORE = 3  # of 5: a score at or under this gets a call from the store manager

# Causes, as the monthly summary names them; "low_score" is a low score whose comment names no cause.
CAUSES: tuple[str, ...] = ("repair", "attitude", "waiting", "price", "general", "low_score")

_PROBLEM = r"(?:异响|响|漏油|漏水|漏|抖动?|有问题|不行|不好|不制冷|不热|亮灯|熄火|跑偏|有异味|打滑|没好)"
# (cause, pattern): curated from how customers write reviews; each pattern is a whole phrase
_PHRASES: tuple[tuple[str, str], ...] = (
    ("repair", r"没有?(?:修好|弄好|解决|处理好|修复|效果)"),
    ("repair", r"(?:再|重新)(?:检查|查一下|查查|看看|看一下|修一下|修)"),
    ("repair", r"还是(?:有点|有些|会|一直|很|那么|照样)?" + _PROBLEM),
    ("repair", r"又(?:坏|响|漏|亮|出现|出问题|有问题)"),
    ("repair", r"(?:问题|毛病)(?:还在|依旧|依然|没变)|返工|返修|修坏"),
    ("attitude", r"态度(?:很|太|比较|非常|有点|有些|特别)?(?:差|不好|恶劣|冷淡|生硬|一般|敷衍)"),
    ("attitude", r"不耐烦|爱答不理|敷衍"),
    ("waiting", r"等(?:了|得)?(?:太久|很久|好久|半天|这么久)|等了(?:一|两|三|四|几|好几)个多?小时|太慢|拖延"),
    ("price", r"乱收费|太贵|多收|收费不(?:合理|透明)|退款|坑人"),
    ("general", r"投诉|不(?:太|很|是很)?满意?|差评|太差|失望|很差|不专业"),
)
_COMPILED = tuple((cause, re.compile(pattern)) for cause, pattern in _PHRASES)
# said in the negative, or about a later visit, right before the phrase: the phrase does not count
_NEGATED = re.compile(r"(?:(?:没有|没|无|毫无|并无|不会|并不|不是|不)(?:什么|任何|给|打|一点)?|(?:下次|以后|下回)\w{0,2})$")


def causes_in(comment: str | None) -> tuple[str, ...]:
    """The causes the comment's complaint phrases name, in CAUSES order; () when it names none."""
    if not comment:
        return ()
    found: dict[str, list[tuple[int, int]]] = {}
    for cause, pattern in _COMPILED:
        for match in pattern.finditer(comment):
            if not _NEGATED.search(comment[: match.start()]):
                found.setdefault(cause, []).append(match.span())
    named = [span for cause, spans in found.items() if cause != "general" for span in spans]
    # a general word inside a phrase that names its cause (态度很差) adds nothing
    if all(_inside(span, named) for span in found.get("general", [])):
        found.pop("general", None)
    return tuple(c for c in CAUSES if c in found)


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def assess(score: int, comment: str | None) -> tuple[str, ...]:
    """The complaint's causes, or () when the answer is no complaint: a low score, or a comment that says the
    customer is not satisfied (a low score alone is cause "low_score")."""
    causes = causes_in(comment)
    if causes:
        return causes
    return ("low_score",) if score <= LOW_SCORE else ()


# how a manager's closing of the complaint task resolves it: the customer was reached (or rebooked); a call
# nobody answered, or a customer who would not talk, is no resolution to check on
RESOLVING_OUTCOMES = frozenset({"reached", "rebooked", "other"})
COMPLAINT_EVENT, RESOLVED_EVENT, RECHECK_EVENT, ANSWER_EVENT = (
    "complaint", "complaint_resolved", "complaint_recheck", "recheck_answer")


def last_event_at(booking: Booking, kind: str) -> datetime | None:
    return max((e.at for e in booking.events if e.kind == kind), default=None)


def recheck_pending(booking: Booking) -> datetime | None:
    """When the latest complaint was resolved, if the customer has not been asked again since; else None."""
    resolved = last_event_at(booking, RESOLVED_EVENT)
    if resolved is None:
        return None
    asked = last_event_at(booking, RECHECK_EVENT)
    return resolved if asked is None or asked < resolved else None


def awaits_recheck_answer(booking: Booking) -> bool:
    """The customer was asked again and has not answered since."""
    asked = last_event_at(booking, RECHECK_EVENT)
    answered = last_event_at(booking, ANSWER_EVENT)
    return asked is not None and (answered is None or answered < asked)
