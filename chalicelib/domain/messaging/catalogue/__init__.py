"""One catalogue of what customers and staff read, keyed by kind and language.

A kind is a dotted name ("message.booking_confirmed", "task.late", "board.status.pending"); each language is a
module of this package holding a table of str.format templates with named placeholders. zh is the reference:
a language we have no table for, and a kind a table lacks, fall back to it. Pure Python, no I/O.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from string import Formatter

from . import en, refusals, zh

DEFAULT_LANG = "zh"


class _Joined(Mapping[str, str]):
    """A language's table and its refusals' wording (catalogue/refusals.py), read live from both."""

    def __init__(self, *tables: Mapping[str, str]) -> None:
        self._tables = tables

    def __getitem__(self, kind: str) -> str:
        for table in self._tables:
            if kind in table:
                return table[kind]
        raise KeyError(kind)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(kind for table in self._tables for kind in table))

    def __len__(self) -> int:
        return sum(1 for _ in self)


_TABLES: Mapping[str, Mapping[str, str]] = {"zh": _Joined(zh.TEXTS, refusals.ZH), "en": _Joined(en.TEXTS, refusals.EN)}
LANGUAGES: tuple[str, ...] = tuple(_TABLES)


def language(lang: str | None) -> str:
    """The table to use for a language tag: "en-US", "EN" and "en_GB" read en; one we have no table for reads zh."""
    base = (lang or "").replace("_", "-").split("-")[0].lower()
    return base if base in _TABLES else DEFAULT_LANG


def template(kind: str, lang: str = DEFAULT_LANG) -> str:
    """The raw template of a kind; KeyError naming the kind when no table has it."""
    found = _TABLES[language(lang)].get(kind)
    if found is None:
        found = _TABLES[DEFAULT_LANG].get(kind)
    if found is None:
        raise KeyError(f"no catalogue entry for kind {kind!r}")
    return found


def has(kind: str) -> bool:
    """Whether the catalogue knows a kind (in zh, and so in every language)."""
    return kind in _TABLES[DEFAULT_LANG]


def kinds(prefix: str = "") -> tuple[str, ...]:
    """The kinds the catalogue knows, those under a prefix ("task.") if one is given."""
    return tuple(kind for kind in _TABLES[DEFAULT_LANG] if kind.startswith(prefix))


def placeholders(kind: str, lang: str = DEFAULT_LANG) -> frozenset[str]:
    """The named values a kind's template asks for."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template(kind, lang)) if name)


def text(kind: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """A kind in a language, filled in; values its template does not use are ignored.

    KeyError naming the kind when it is unknown, or when its template needs a value that was not given.
    """
    found = template(kind, lang)
    try:
        return found.format(**values)
    except KeyError as missing:
        raise KeyError(f"catalogue entry {kind!r} needs the value {missing}") from None
