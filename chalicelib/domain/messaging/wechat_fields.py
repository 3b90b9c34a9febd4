"""WeChat's rules for the keyword values of subscribe and template messages, and a chain's mapping of our fields
onto its templates' keywords (docs/product-rules.md#template-mapping).

A keyword's type is its name without the number ("thing1" is a thing). Each type has a rule: thing ≤ 20
characters; phrase ≤ 5 Chinese characters; character_string ≤ 32 letters, digits or symbols; car_number ≤ 8
(a plate); name ≤ 10 Chinese characters or ≤ 20 letters; amount a number of yuan with at most two decimals;
date and time in WeChat's 2026年11月24日 10:00 form; number, letter, phone_number. `fit` shortens a value to its
keyword's rule where that keeps its meaning, and refuses it (InvalidField) where it cannot: WeChat answers an
empty or malformed value with 47003, so none is ever sent."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping

MAX_LENGTH = {"thing": 20, "phrase": 5, "car_number": 8, "character_string": 32, "name": 10, "number": 32,
              "letter": 32, "phone_number": 17, "symbol": 5}
_CJK = r"\u4e00-\u9fff"
_DAY = r"(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2})"
_HOUR = r"\d{1,2}:\d{2}"
_PATTERNS = {
    "phrase": re.compile(rf"[{_CJK}]{{1,5}}"),
    "character_string": re.compile(r"[!-~]{1,32}"),
    "car_number": re.compile(rf"[{_CJK}]?[A-Z0-9]{{4,7}}[{_CJK}]?"),
    "name": re.compile(rf"[{_CJK}·]{{1,10}}|[A-Za-z .'·-]{{1,20}}"),
    "amount": re.compile(r"[¥￥]?\d{1,10}(\.\d{1,2})?元?"),
    "number": re.compile(r"\d+(\.\d+)?"),
    "letter": re.compile(r"[A-Za-z]{1,32}"),
    "phone_number": re.compile(r"[\d+\-() ]{1,17}"),
    "date": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?|\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?"),
    "time": re.compile(rf"({_DAY} )?{_HOUR}(~({_DAY} )?{_HOUR})?"),
}

# Our standard template layout: a chain without its own mapping for a kind is sent these keywords.
DEFAULT_KEYWORDS: Mapping[str, str] = {
    "thing1": "service", "time2": "time", "car_number3": "plate", "phrase4": "status", "thing5": "remark",
}


class InvalidField(ValueError):
    """A value that cannot be made valid for its keyword (empty, or not of the keyword's type)."""

    def __init__(self, key: str, value: str) -> None:
        super().__init__(f"data.{key}.value {value!r} is not a valid {keyword_type(key)}")
        self.key, self.value = key, value


def keyword_type(key: str) -> str:
    match = re.fullmatch(r"([a-z_]+?)\d+", key)
    return match.group(1) if match else key


def _shorten_thing(value: str) -> str:
    return value if len(value) <= MAX_LENGTH["thing"] else value[: MAX_LENGTH["thing"] - 1] + "…"


def _only_chinese(value: str) -> str:
    return "".join(ch for ch in value if "\u4e00" <= ch <= "\u9fff")[: MAX_LENGTH["phrase"]]


def _plate(value: str) -> str:
    return re.sub(r"[^\w]", "", value).upper()


def _amount(value: str) -> str:
    return value if value.endswith("元") else f"{value}元"


def _ascii(value: str) -> str:
    return "".join(ch for ch in value if "!" <= ch <= "~")[: MAX_LENGTH["character_string"]]


_SHORTEN: dict[str, Callable[[str], str]] = {
    "thing": _shorten_thing, "phrase": _only_chinese, "car_number": _plate, "amount": _amount,
    "character_string": _ascii,
}


def valid(key: str, value: str) -> bool:
    """WeChat's rule for the keyword's type; a type we do not know only needs a value."""
    kind = keyword_type(key)
    if not value.strip():
        return False
    pattern = _PATTERNS.get(kind)
    if pattern is not None and not pattern.fullmatch(value):
        return False
    limit = MAX_LENGTH.get(kind)
    return limit is None or len(value) <= limit


def fit(key: str, value: str) -> str:
    """The value shortened to what WeChat accepts for the keyword; InvalidField when nothing valid is left."""
    shorten = _SHORTEN.get(keyword_type(key))
    fitted = shorten(value.strip()) if shorten and value.strip() else value.strip()
    if not valid(key, fitted):
        raise InvalidField(key, value)
    return fitted


def keyword_data(fields: Mapping[str, str], keywords: Mapping[str, str] | None = None) -> dict[str, dict[str, str]]:
    """{keyword: {"value": ...}}: each keyword filled from the field it is mapped to, then fitted."""
    mapping = keywords or DEFAULT_KEYWORDS
    return {key: {"value": fit(key, fields.get(meaning, ""))} for key, meaning in mapping.items()}
