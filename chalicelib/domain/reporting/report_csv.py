"""A report as CSV for Excel: a header row (in the reader's language), one row per day or store and a total
row; UTF-8 with a byte-order mark, so Excel opens the Chinese correctly. Money in yuan with two decimals."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from ..booking.booking import SOURCES
from ..messaging import catalogue
from ..service_types import SERVICE_TYPES

BOM = "\ufeff"
FIGURES = ("bookings", "arrivals", "booked_arrivals", "walk_ins", "on_time_arrivals", "no_shows", "cancellations",
           "appointment_rate", "bookings_due", "kept", "kept_rate", "sla_misses", "revenue_fen", "priced_arrivals",
           "first_service_due", "first_service_arrived", "first_service_rate")


BOOKED_SOURCES = tuple(s for s in SOURCES if s != "walk_in")  # a walk-in is an arrival, not a booking
CHARTS = ("by_service", "by_source", "sla_by_advisor")


def labels(lang: str) -> dict[str, str]:
    """Each figure's one name, in the reader's language: the CSV's header, the screens' tiles and charts."""
    names = {key: catalogue.text(f"report.column.{key}", lang) for key in FIGURES}
    names.update({key: catalogue.text(f"report.chart.{key}", lang) for key in CHARTS})
    return names


def _cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key == "revenue_fen":
        return f"{int(value) // 100}.{int(value) % 100:02d}"
    if key.endswith("_rate"):
        return f"{float(value) * 100:.1f}%"
    return str(value)


def header(first_column: str, lang: str) -> list[str]:
    names = [catalogue.text(f"report.column.{first_column}", lang)]
    names += [catalogue.text(f"report.column.{key}", lang) for key in FIGURES]
    names += [catalogue.text("report.column.service", lang, service=s.name_zh if catalogue.language(lang) == "zh"
                             else s.code) for s in SERVICE_TYPES.values()]
    names += [catalogue.text("report.column.source", lang, source=catalogue.text(f"report.source.{s}", lang))
              for s in BOOKED_SOURCES]
    names.append(catalogue.text("report.column.sla_by_advisor", lang))
    return names


def row(label: str, figures: Mapping[str, Any]) -> list[str]:
    cells = [label] + [_cell(key, figures.get(key)) for key in FIGURES]
    cells += [str(figures.get("by_service", {}).get(code, 0)) for code in SERVICE_TYPES]
    cells += [str(figures.get("by_source", {}).get(source, 0)) for source in BOOKED_SOURCES]
    cells.append("; ".join(f"{who}: {n}" for who, n in figures.get("sla_by_advisor", {}).items()))
    return cells


def to_csv(first_column: str, rows: Iterable[tuple[str, Mapping[str, Any]]], lang: str = "zh") -> str:
    """The text of the file, BOM first; `first_column` names what each row is (day or store)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(first_column, lang))
    for label, figures in rows:
        writer.writerow(row(label, figures))
    return BOM + out.getvalue()


def store_csv(store_report: Mapping[str, Any], lang: str = "zh") -> str:
    total = catalogue.text("report.total", lang)
    rows = [(d["day"], d) for d in store_report["days"]] + [(total, store_report["totals"])]
    return to_csv("day", rows, lang)


def chain_csv(chain_report: Mapping[str, Any], lang: str = "zh") -> str:
    total = catalogue.text("report.total", lang)
    rows = [(s["name"] or s["store_id"], s["totals"]) for s in chain_report["stores"]] + [(total, chain_report["totals"])]
    return to_csv("store", rows, lang)
