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
           "first_service_due", "first_service_arrived", "first_service_rate", "coupon_bookings", "coupon_fen")
# The complaint summary (docs/product-rules.md#complaint-summary) counted over a range: on a store's total row,
# each store's row and the chain's total row; each key -> where it is in the summary
COMPLAINT_FIGURES = ("complaints", "complaints_resolved", "complaints_unresolved", "complaints_open",
                     "complaints_escalated", "hours_to_resolve_median", "hours_to_resolve_max", "recheck_satisfied",
                     "recheck_unsatisfied", "complaints_by_cause")
_IN_SUMMARY = {"complaints_resolved": "resolved", "complaints_unresolved": "unresolved", "complaints_open": "open",
               "complaints_escalated": "escalated"}


BOOKED_SOURCES = tuple(s for s in SOURCES if s != "walk_in")  # a walk-in is an arrival, not a booking
CHARTS = ("by_service", "by_source", "sla_by_advisor")


def labels(lang: str) -> dict[str, str]:
    """Each figure's one name, in the reader's language: the CSV's header, the screens' tiles and charts."""
    names = {key: catalogue.text(f"report.column.{key}", lang) for key in FIGURES + COMPLAINT_FIGURES}
    names.update({key: catalogue.text(f"report.chart.{key}", lang) for key in CHARTS})
    return names


def _cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key.endswith("_fen"):
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
    names += [catalogue.text(f"report.column.{key}", lang) for key in COMPLAINT_FIGURES]
    return names


def _complaint_cells(summary: Mapping[str, Any] | None, lang: str) -> list[str]:
    """The complaint summary's columns; empty where none is counted (a day row, a report without one)."""
    if summary is None:
        return [""] * len(COMPLAINT_FIGURES)
    zh = catalogue.language(lang) == "zh"
    causes = ("；" if zh else "; ").join(f"{catalogue.text(f'report.cause.{c}', lang)}{'：' if zh else ': '}{n}"
                                        for c, n in summary.get("by_cause", {}).items())
    recheck = summary.get("recheck", {})
    values = {key: summary.get(_IN_SUMMARY.get(key, key)) for key in COMPLAINT_FIGURES}
    values.update(recheck_satisfied=recheck.get("satisfied"), recheck_unsatisfied=recheck.get("unsatisfied"),
                  complaints_by_cause=causes)
    return [_cell(key, values[key]) for key in COMPLAINT_FIGURES]


def row(label: str, figures: Mapping[str, Any], complaints: Mapping[str, Any] | None = None,
        lang: str = "zh") -> list[str]:
    cells = [label] + [_cell(key, figures.get(key)) for key in FIGURES]
    cells += [str(figures.get("by_service", {}).get(code, 0)) for code in SERVICE_TYPES]
    cells += [str(figures.get("by_source", {}).get(source, 0)) for source in BOOKED_SOURCES]
    cells.append("; ".join(f"{who}: {n}" for who, n in figures.get("sla_by_advisor", {}).items()))
    return cells + _complaint_cells(complaints, lang)


Row = tuple[str, Mapping[str, Any], Mapping[str, Any] | None]  # label, figures, complaint summary (if counted)


def to_csv(first_column: str, rows: Iterable[Row], lang: str = "zh") -> str:
    """The text of the file, BOM first; `first_column` names what each row is (day or store)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(first_column, lang))
    for label, figures, complaints in rows:
        writer.writerow(row(label, figures, complaints, lang))
    return BOM + out.getvalue()


def store_csv(store_report: Mapping[str, Any], lang: str = "zh") -> str:
    total = catalogue.text("report.total", lang)
    rows: list[Row] = [(d["day"], d, None) for d in store_report["days"]]
    rows.append((total, store_report["totals"], store_report.get("complaints")))
    return to_csv("day", rows, lang)


def chain_csv(chain_report: Mapping[str, Any], lang: str = "zh") -> str:
    total = catalogue.text("report.total", lang)
    rows: list[Row] = [(s["name"] or s["store_id"], s["totals"], s.get("complaints")) for s in chain_report["stores"]]
    rows.append((total, chain_report["totals"], chain_report.get("complaints")))
    return to_csv("store", rows, lang)
