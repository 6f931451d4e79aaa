"""现状地类 (current_land_use) as every surface prints it: the 地类面积汇总表, the 耕地 split,
the 农用地转用面积 and the 权属单位 (征收).  Qt-free.

Read from the check's review.json entry only (``details`` and its ``summary_table``): no surface
recomputes a figure, so the dock, the report, the Word file and the sheet print the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..status import NOT_RUN

CHECK_ID = "current_land_use"
COLLECTIVE = "集体"
TOTAL_COLUMN = "合计"


@dataclass
class Area:
    """One figure, as review.json has it: m² (0.01) and 亩 (0.0001)."""

    label: str
    m2: float
    mu: float


@dataclass
class OwnerArea:
    name: str  # 权属单位名称 (its code when it has no name)
    code: str
    ownership: str  # 权属性质 as QSXZ names it
    kind: str  # 国有 / 集体
    m2: float  # the 地类面积汇总表's 合计 of the row (m² table)
    mu: float  # the same row's 合计 in the 亩 table

    @property
    def collective(self) -> bool:
        return self.kind == COLLECTIVE


@dataclass
class SummaryTable:
    """The 地类面积汇总表 in m², the all-zero 地类 columns left out (the 合计 keeps every column),
    with the 合计 also in 亩; rows are (name, code, ownership, cells..., 合计 m², 合计 亩)."""

    header: list[str]
    rows: list[list[str]]
    residual: list[str] | None
    total: list[str]


@dataclass
class LandUseSummary:
    title: str
    cultivated: list[Area]  # 水田, 水浇地, 旱地, always all three
    cultivated_total: Area
    conversion: Area | None  # None: no use declared, not computed
    owners: list[OwnerArea] = field(default_factory=list)
    table: SummaryTable | None = None
    method: str = ""
    # details.collective: each 集体 权属单位's own area (its 亩 from its m², as the message gives it;
    # the table's row 合计 in 亩 is the sum of its rounded cells and may differ by 0.0001)
    collective: list[OwnerArea] = field(default_factory=list)


def land_use_check(result: dict[str, Any]) -> dict[str, Any] | None:
    return next((c for c in result.get("checks") or [] if c.get("id") == CHECK_ID), None)


def _m2(value: Any) -> str:
    return f"{float(value or 0.0):,.2f}"


def _mu(value: Any) -> str:
    return f"{float(value or 0.0):,.4f}"


def current_land_use_summary(result: dict[str, Any]) -> LandUseSummary | None:
    """The check's figures, or None when it did not run (no DLTB in the plan) or carries no table."""
    check = land_use_check(result)
    if not check or check.get("status") == NOT_RUN:
        return None
    details = check.get("details") or {}
    table = details.get("summary_table")
    if not table:
        return None
    cultivated = [Area(row["name"], float(row["area_m2"]), float(row["area_mu"])) for row in details["cultivated"]]
    total = Area(
        "耕地",
        float(check.get("cultivated_area_m2", sum(a.m2 for a in cultivated))),
        float(check.get("cultivated_area_mu", sum(a.mu for a in cultivated))),
    )
    conversion = None
    if details.get("conversion_area_m2") is not None:
        conversion = Area("农用地转用", float(check["conversion_area_m2"]), float(check["conversion_area_mu"]))
    m2_rows, mu_rows = table["m2"]["rows"], table["mu"]["rows"]
    owners = [
        _owner(row, str(row["kind"]), row["values"][-1], mu_row["values"][-1])
        for row, mu_row in zip(m2_rows, mu_rows)
    ]
    collective = [_owner(row, COLLECTIVE, row["area_m2"], row["area_mu"]) for row in details.get("collective") or []]
    return LandUseSummary(
        collective=collective,
        title=str(check.get("title") or CHECK_ID),
        cultivated=cultivated,
        cultivated_total=total,
        conversion=conversion,
        owners=owners,
        table=_summary_table(table),
        method=str(details.get("method") or ""),
    )


def parcel_land_use_summary(result: dict[str, Any], parcel_id: str) -> LandUseSummary | None:
    """One parcel's figures, from its entry under the check (``details.cultivated`` and
    ``details.owners``, the 耕地 and 转用 areas); None when the check did not run for it."""
    check = land_use_check(result)
    if not check or check.get("status") == NOT_RUN:
        return None
    entry = next((p for p in check.get("parcels") or [] if str(p.get("id")) == parcel_id), None)
    if entry is None or entry.get("status") == NOT_RUN:
        return None
    details = entry.get("details") or {}
    cultivated = [Area(row["name"], float(row["area_m2"]), float(row["area_mu"]))
                  for row in details.get("cultivated") or []]
    conversion = None
    if entry.get("conversion_area_m2") is not None:
        conversion = Area("农用地转用", float(entry["conversion_area_m2"]), float(entry["conversion_area_mu"]))
    owners = [_owner(row, str(row["kind"]), row["area_m2"], row["area_mu"]) for row in details.get("owners") or []]
    return LandUseSummary(
        title=str(check.get("title") or CHECK_ID),
        cultivated=cultivated,
        cultivated_total=Area("耕地", float(entry.get("cultivated_area_m2") or 0.0),
                              float(entry.get("cultivated_area_mu") or 0.0)),
        conversion=conversion,
        owners=owners,
        collective=[o for o in owners if o.collective],
    )


def _owner(row: dict[str, Any], kind: str, m2: Any, mu: Any) -> OwnerArea:
    """A 权属单位 row of review.json (the summary table's, ``collective`` or a parcel's ``owners``)."""
    name = str(row["name"] or row["code"] or "权属单位不明")
    return OwnerArea(name, str(row["code"]), str(row["ownership"]), kind, float(m2), float(mu))


def _summary_table(table: dict[str, Any]) -> SummaryTable:
    columns = list(table["columns"])
    m2, mu = table["m2"], table["mu"]
    # A 地类 column with nothing in it anywhere is left out: the table fits an A4 page, and the
    # 合计 (every column's) still adds up.
    shown = [i for i, name in enumerate(columns[:-1]) if m2["total"]["values"][i]]
    header = ["权属单位名称", "权属单位代码", "权属性质", *(columns[i] for i in shown), "合计（m²）", "合计（亩）"]

    def cells(values: list[float], mu_total: float) -> list[str]:
        return [*(_m2(values[i]) for i in shown), _m2(values[-1]), _mu(mu_total)]

    rows = [
        [str(row["name"]), str(row["code"]), str(row["ownership"]), *cells(row["values"], mu_row["values"][-1])]
        for row, mu_row in zip(m2["rows"], mu["rows"])
    ]
    residual = None
    if m2.get("residual") or mu.get("residual"):
        m2_residual = (m2.get("residual") or {}).get("values") or [0.0] * len(columns)
        mu_residual = (mu.get("residual") or {}).get("values") or [0.0] * len(columns)
        residual = ["舍入差", "", "", *cells(m2_residual, mu_residual[-1])]
    total = [TOTAL_COLUMN, "", "", *cells(m2["total"]["values"], mu["total"]["values"][-1])]
    return SummaryTable(header, rows, residual, total)


def cultivated_text(summary: LandUseSummary) -> str:
    """'水田 13.6759 亩（9,117.25 m²）、水浇地 0.0000 亩（0.00 m²）、旱地 …，合计 …'."""
    parts = [f"{a.label} {_mu(a.mu)} 亩（{_m2(a.m2)} m²）" for a in summary.cultivated]
    total = summary.cultivated_total
    return "、".join(parts) + f"，合计 {_mu(total.mu)} 亩（{_m2(total.m2)} m²）"


def conversion_text(summary: LandUseSummary) -> str:
    if summary.conversion is None:
        return "未申报拟建用途，未计算"
    return f"{_mu(summary.conversion.mu)} 亩（{_m2(summary.conversion.m2)} m²）"


def expropriation_text(summary: LandUseSummary) -> str:
    """The 征收 note per 集体 权属单位, or that none is needed."""
    units = summary.collective
    if not units:
        return "不涉及集体土地，无需征收"
    return "；".join(f"{o.name}（{o.code}）{_mu(o.mu)} 亩（{_m2(o.m2)} m²）" for o in units) + "：须依法办理土地征收"


def area_mu_text(mu: float) -> str:
    return f"{_mu(mu)} 亩"


def area_m2_text(m2: float) -> str:
    return f"{_m2(m2)} m²"
