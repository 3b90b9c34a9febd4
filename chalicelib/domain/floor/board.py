"""What the lobby welcome board (预约欢迎板) shows: the jobs still ahead or in the workshop, in pages a lobby
screen can hold, and of each customer only surname and honorific and a masked plate
(docs/product-rules.md#welcome-board)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from ..booking.lifecycle import Status

# Upcoming (pending, confirmed) and in the workshop (arrived, in service); finished, cancelled and no-show
# jobs leave the board.
ON_BOARD: tuple[Status, ...] = (Status.PENDING, Status.CONFIRMED, Status.ARRIVED, Status.IN_SERVICE)
PAGE_ROWS = 10  # what a 1080p screen holds at a size readable across the lobby
T = TypeVar("T")

_COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
    "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "东郭", "百里", "呼延", "澹台", "申屠", "太史",
)
HONORIFICS = ("先生", "女士")


def surname(name: str) -> str:
    name = name.strip()
    for compound in _COMPOUND_SURNAMES:
        if name.startswith(compound):
            return compound
    if name.isascii():
        return name.split()[-1] if name.split() else ""
    return name[:1]


def greeting_name(name: str, honorific: str | None) -> str:
    """张先生 when the honorific is known; otherwise 张** (the given name hidden), never the full name."""
    family = surname(name)
    if honorific in HONORIFICS:
        return f"{family}{honorific}"
    return f"{family}**"


def masked_plate(plate: str) -> str:
    """沪A12345 → 沪A·***45; new-energy 沪AD12345 → 沪A·****45."""
    if len(plate) < 5:
        return plate[:1] + "***"
    middle = plate[2:-2]
    return f"{plate[:2]}·{'*' * len(middle)}{plate[-2:]}"


def pages(rows: Sequence[T], size: int = PAGE_ROWS) -> list[list[T]]:
    """The rows in pages of at most `size`, in order; no rows, no pages."""
    if size < 1:
        raise ValueError("a page holds at least one row")
    return [list(rows[i:i + size]) for i in range(0, len(rows), size)]
