"""Which parcels a report shows in detail: the ones with findings, worst first, a bounded number.

A 10,000-parcel submission must give a report a reviewer can read: every
parcel keeps one row in the parcel table, but close-up figures and the
per-check parcel tables show only parcels with something to act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..status import CONFLICT, VERDICT_FAIL, VERDICT_REVIEW, WARNING
from .presentation import concern_area

MAX_PARCEL_FIGURES = 12  # close-ups in one report; the rest are rows of the tables
MAX_PARCEL_ROWS_PER_CHECK = 20  # a check's flagged parcels told in full; every parcel keeps its row in 三
_VERDICT_RANK = {VERDICT_FAIL: 0, VERDICT_REVIEW: 1}
FLAGGED_STATUSES = (CONFLICT, WARNING)


def _conflict_area_by_parcel(result: dict[str, Any]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for check in result.get("checks") or []:
        for parcel in check.get("parcels") or []:
            if parcel.get("status") == CONFLICT:
                totals[str(parcel.get("id"))] = totals.get(str(parcel.get("id")), 0.0) + concern_area(parcel)
    return totals


def flagged_parcel_ids(result: dict[str, Any]) -> list[str]:
    """Parcels whose verdict is not 通过: 不通过 before 需人工复核, larger conflict area first,
    submission order among equals."""
    parcels = (result.get("submission") or {}).get("parcels") or []
    areas = _conflict_area_by_parcel(result)
    ranked = [
        (_VERDICT_RANK[p.get("verdict")], -areas.get(str(p.get("id")), 0.0), index, str(p.get("id")))
        for index, p in enumerate(parcels)
        if p.get("verdict") in _VERDICT_RANK
    ]
    return [parcel_id for *_, parcel_id in sorted(ranked)]


def parcels_for_figures(result: dict[str, Any], limit: int = MAX_PARCEL_FIGURES) -> list[str]:
    """The parcels that get a close-up: only for multi-parcel sites, the worst ``limit`` flagged ones."""
    parcels = (result.get("submission") or {}).get("parcels") or []
    if len(parcels) < 2:
        return []
    return flagged_parcel_ids(result)[:limit]


@dataclass
class CheckParcelRows:
    """What a check's section tells of its parcels."""

    shown: list[dict[str, Any]]  # flagged parcels told in full: conflicts first, larger overlap first
    more_flagged: int  # flagged parcels beyond the limit (they are in the parcel table and review.json)
    others: int  # parcels this check passed or did not run on


def check_parcel_rows(check: dict[str, Any], limit: int = MAX_PARCEL_ROWS_PER_CHECK) -> CheckParcelRows:
    parcels = check.get("parcels") or []
    flagged = [
        (0 if parcel.get("status") == CONFLICT else 1, -concern_area(parcel), index, parcel)
        for index, parcel in enumerate(parcels)
        if parcel.get("status") in FLAGGED_STATUSES
    ]
    ranked = [parcel for *_, parcel in sorted(flagged, key=lambda row: row[:3])]
    return CheckParcelRows(ranked[:limit], max(0, len(ranked) - limit), len(parcels) - len(ranked))


def flagged_checks_by_parcel(result: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """For each parcel id, the (check title, status) of every check that flagged it, in check order."""
    found: dict[str, list[tuple[str, str]]] = {}
    for check in result.get("checks") or []:
        title = str(check.get("title") or check.get("id") or "")
        for parcel in check.get("parcels") or []:
            if parcel.get("status") in FLAGGED_STATUSES:
                found.setdefault(str(parcel.get("id")), []).append((title, str(parcel.get("status"))))
    return found
