"""What the lobby welcome board (预约欢迎板) may show of a customer: surname and honorific, a masked plate
(docs/product-rules.md#welcome-board)."""
from __future__ import annotations

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
