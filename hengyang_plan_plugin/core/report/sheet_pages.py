"""Which pages a 审查图 has and which conflict-table rows each page carries.  Qt-free.

Every path that prints the sheet (the designer, the dock's export, ``make
review``, Processing, batch) lays it out from this one plan, so they print the
same pages:

- page 1 is the overview (总图) of the whole site with the whole-site findings;
- then one page per parcel with a finding (``PARCELS_FLAGGED``, the default) or
  per parcel (``PARCELS_ALL``), in submission order, each with that parcel's
  findings; a one-parcel site has the overview only (its parcel page would be
  the same page again);
- parcel pages only while there are at most ``MAX_PARCEL_PAGES`` of them: a
  site with more parcels to show (a 10,000-parcel grid) gets the overview only,
  which says how many parcels it leaves out; they are all, one row each, in the
  审查意见表 and review.json. (A capped selection would look complete and is
  not; and every page costs the CLI about half a second.)
- a table longer than a page's frame continues on a continuation page (续) with
  the same map, so no row is ever dropped and every page is one atlas feature:
  "第 x 页 / 共 y 页" is then simply the atlas feature number and count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..status import CONFLICT, VERDICT_PASS, WARNING
from .current_land_use import CHECK_ID as LAND_USE_CHECK_ID
from .current_land_use import current_land_use_summary, parcel_land_use_summary
from .presentation import concern_area, format_ha, format_m2, format_mu, status_label

PARCELS_FLAGGED = "flagged"
PARCELS_ALL = "all"
MAX_PARCEL_PAGES = 30
OVERVIEW = "overview"
PARCEL = "parcel"
WHOLE_SITE = "全部"
FLAGGED = (CONFLICT, WARNING)


def _row(parcel_id: str, title: str, status: str, area: float) -> dict[str, Any]:
    return {
        "parcel_id": parcel_id,
        "title": title,
        "status": status,
        "area_m2": format_m2(area),
        "area_ha": format_ha(area),
        "area_mu": format_mu(area),
    }


OWNER_ROWS_MAX = 10  # 权属单位 rows on the sheet; the 审查意见表's 地类面积汇总表 lists every one


def land_use_rows(result: dict[str, Any], parcel_id: str = WHOLE_SITE) -> list[dict[str, Any]]:
    """现状地类 on the overview (or on a parcel's page): 耕地 by type taken, 农用地转用面积, then each
    权属单位 (by name; 集体 ones 须征收), all from review.json's current_land_use entry (the site's, or
    the parcel's own entry under it). None when the check did not run (no DLTB in the plan)."""
    if parcel_id == WHOLE_SITE:
        summary = current_land_use_summary(result)
    else:
        summary = parcel_land_use_summary(result, parcel_id)
    if summary is None:
        return []
    # 耕地 by the types the site takes (a page holds few rows); none taken: one 耕地 row of 0.
    taken = [a for a in summary.cultivated if a.m2 > 0]
    rows = [_row(parcel_id, f"现状耕地·{a.label}", "占补平衡", a.m2) for a in taken]
    if not taken:  # no split in the entry (a review.json of an older version): the total alone
        area = summary.cultivated_total.m2
        rows.append(_row(parcel_id, "现状耕地", "占补平衡" if area > 0 else "—", area))
    if summary.conversion is not None:
        area = summary.conversion.m2
        rows.append(_row(parcel_id, "农用地转用面积", "须转用" if area > 0 else "—", area))
    owners: dict[tuple[str, str], float] = {}
    for owner in summary.owners:  # one row per 权属单位 name: several codes of one 国有 unit read as one
        owners[(owner.name, owner.kind)] = owners.get((owner.name, owner.kind), 0.0) + owner.m2
    listed = list(owners.items())
    if len(listed) > OWNER_ROWS_MAX:  # a site across dozens of villages: the largest, then the rest in one row
        listed.sort(key=lambda item: -item[1])
        rest = listed[OWNER_ROWS_MAX - 1 :]
        listed = listed[: OWNER_ROWS_MAX - 1]
    else:
        rest = []
    for (name, kind), area in listed:
        rows.append(_row(parcel_id, f"权属：{name}", "须征收" if kind == "集体" else (kind or "—"), area))
    if rest:
        collective = any(kind == "集体" for (_, kind), _ in rest)
        rows.append(
            _row(parcel_id, f"权属：其余 {len(rest)} 个权属单位（逐一见审查意见表）", "须征收" if collective else "—",
                 sum(area for _, area in rest))
        )
    return rows


def conflict_rows(result: dict[str, Any], land_use_parcels: Sequence[str] = ()) -> list[dict[str, Any]]:
    """One row per finding that needs attention: the whole site, then each parcel (several parcels only);
    the 现状地类 figures (land_use_rows) follow the whole site's findings, and those of each parcel in
    ``land_use_parcels`` (the parcels that get a page) follow that parcel's findings."""
    rows = []
    # With one parcel its findings equal the whole site's; list them once.
    several_parcels = len((result.get("submission") or {}).get("parcels") or []) > 1
    for check in result.get("checks") or []:
        is_land_use = check.get("id") == LAND_USE_CHECK_ID
        land = land_use_rows(result) if is_land_use else []
        parcel_land = {}
        if is_land_use and several_parcels:
            parcel_land = {pid: land_use_rows(result, pid) for pid in land_use_parcels}
        if check.get("status") not in FLAGGED:
            rows += land
            rows += [row for pid in land_use_parcels for row in parcel_land.get(pid, [])]
            continue
        entries = [(WHOLE_SITE, check)]
        if several_parcels:
            entries += [(str(p.get("id")), p) for p in check.get("parcels") or [] if p.get("status") in FLAGGED]
        for parcel_id, entry in entries:
            area = concern_area(entry)  # the check's one figure (城镇开发边界: the part outside)
            title = str(check.get("title") or check.get("id"))
            rows.append(_row(parcel_id, title, status_label(str(entry.get("status"))), area))
            rows += land if parcel_id == WHOLE_SITE else parcel_land.pop(parcel_id, [])
        rows += [row for pid in land_use_parcels for row in parcel_land.get(pid, [])]  # parcels it passed
    return rows


@dataclass
class SheetPage:
    number: int  # 1-based, the atlas feature number
    kind: str  # OVERVIEW or PARCEL
    parcel_id: str  # "" on the overview
    rows: list[dict[str, Any]] = field(default_factory=list)
    continued: bool = False  # a continuation page of the previous page's table

    @property
    def heading(self) -> str:
        name = "总图" if self.kind == OVERVIEW else f"地块 {self.parcel_id}"
        return f"{name}（续）" if self.continued else name


@dataclass
class SheetPlan:
    pages: list[SheetPage]
    parcels_left_out: int  # parcels that would have had a page, when there were more than MAX_PARCEL_PAGES

    @property
    def findings(self) -> int:
        return sum(len(page.rows) for page in self.pages)


def _paged(kind: str, parcel_id: str, rows: list[dict[str, Any]], rows_per_page: int) -> list[SheetPage]:
    chunks = [rows[i : i + rows_per_page] for i in range(0, len(rows), rows_per_page)] or [[]]
    return [SheetPage(0, kind, parcel_id, chunk, continued=index > 0) for index, chunk in enumerate(chunks)]


def plan_sheet_pages(
    result: dict[str, Any],
    rows_per_page: int,
    parcels: str = PARCELS_FLAGGED,
    max_parcel_pages: int = MAX_PARCEL_PAGES,
) -> SheetPlan:
    """The sheet's pages for a review result (review.json), ``rows_per_page`` table rows at most per page."""
    rows_per_page = max(1, int(rows_per_page))
    submission_parcels = (result.get("submission") or {}).get("parcels") or []
    rows = conflict_rows(result)
    by_parcel: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_parcel.setdefault(row["parcel_id"], []).append(row)

    pages = _paged(OVERVIEW, "", by_parcel.get(WHOLE_SITE, []), rows_per_page)
    left_out = 0
    if len(submission_parcels) > 1:
        wanted = [
            str(p.get("id"))
            for p in submission_parcels
            if parcels == PARCELS_ALL or p.get("verdict") != VERDICT_PASS or str(p.get("id")) in by_parcel
        ]
        if len(wanted) > max_parcel_pages:
            left_out = len(wanted)
            wanted = []
        if wanted:  # each parcel's page also gets its own 现状地类 rows (a page is never made for them)
            by_parcel = {}
            for row in conflict_rows(result, wanted):
                by_parcel.setdefault(row["parcel_id"], []).append(row)
        for parcel_id in wanted:
            pages += _paged(PARCEL, parcel_id, by_parcel.get(parcel_id, []), rows_per_page)
    for number, page in enumerate(pages, start=1):
        page.number = number
    return SheetPlan(pages, left_out)
