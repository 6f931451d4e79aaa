"""What the 审查意见表 says, as plain rows and strings: the one content the HTML/PDF and the Word
document are both laid out from.  Qt-free.

The report is kept to what a reviewer signs: the header, the verdict with one summary row per
check (its figure of concern), each finding once (its figure, basis, the plan features and the
parcels involved), the parcel table, the figures, the signatures and, as an appendix, how to
reproduce the numbers. Machine paths never appear: sources are named by their file name.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from ..land_use_codes import current_code, land_use_codes
from ..plan_schema import layer_title
from ..status import CONFLICT, NOT_RUN, PASS, WARNING
from .case_info import CaseInfo
from .current_land_use import CHECK_ID as LAND_USE_CHECK_ID
from .current_land_use import (
    SummaryTable,
    conversion_text,
    cultivated_text,
    current_land_use_summary,
    expropriation_text,
)
from .parcel_selection import check_parcel_rows, flagged_checks_by_parcel
from .presentation import (
    DEFAULT_CONCERN_LABEL,
    area_text,
    concern_area,
    concern_label,
    feature_details,
    feature_name,
    format_ha,
    format_m2,
    format_mu,
    status_label,
    verdict_label,
)
from .reproducibility import ReproducibilityInfo

REPORT_TITLE = "建设项目国土空间总体规划符合性审查意见表"
ISSUING_BODY = "衡阳市国土空间总体规划（2021—2035年）实施审查"
BEIJING = _dt.timezone(_dt.timedelta(hours=8))
FLAGGED = (CONFLICT, WARNING)


def as_float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def beijing_time(iso_text: str | None) -> str:
    """'2026-12-05T07:17:05+00:00' -> '2026年12月5日 15:17:05（北京时间 UTC+8）'."""
    if not iso_text:
        return "—"
    try:
        moment = _dt.datetime.fromisoformat(str(iso_text))
    except ValueError:
        return str(iso_text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    local = moment.astimezone(BEIJING)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M:%S}（北京时间 UTC+8）"


def source_name(source: str | None, is_sample_plan: bool = False) -> str:
    """A data source as a reader may see it: a file's name, never its folder; a database by kind."""
    text = str(source or "").strip()
    if not text:
        return "内置示意数据" if is_sample_plan else "—"
    if text.upper().startswith("PG:"):
        schemas = next((part for part in text[3:].split() if part.startswith("schemas=")), "")
        return f"PostGIS 数据库{f'（{schemas}）' if schemas else ''}"
    name = PurePath(text.replace("\\", "/")).name or text
    return f"{name}（内置示意数据）" if is_sample_plan else name


def land_use_name(code: str | None) -> str:
    if not code:
        return "未申报"
    entry = land_use_codes().get(current_code(str(code)))  # 0603 (2020) is named as 060202
    return f"{code} {entry.name}" if entry else str(code)


def land_use_text(result: dict[str, Any]) -> str:
    """The proposed use: the review's code, else each parcel's own declared code, grouped."""
    if result.get("land_use"):
        return land_use_name(result["land_use"])
    parcels = (result.get("submission") or {}).get("parcels") or []
    by_code: dict[str, list[str]] = {}
    for parcel in parcels:
        by_code.setdefault(str(parcel.get("land_use") or ""), []).append(str(parcel.get("id")))
    if not by_code or set(by_code) == {""}:
        return "未申报"
    if len(by_code) == 1:
        return land_use_name(next(iter(by_code)))
    return "；".join(
        f"{land_use_name(code)}（地块 {'、'.join(ids[:8])}{'等' if len(ids) > 8 else ''}）"
        for code, ids in by_code.items()
    )


@dataclass
class HeaderRow:
    label: str
    value: str
    label2: str | None = None
    value2: str | None = None


def header_rows(result: dict[str, Any], case: CaseInfo, repro: ReproducibilityInfo) -> list[HeaderRow]:
    submission = result.get("submission") or {}
    parcels = submission.get("parcels") or []
    return [
        HeaderRow("项目名称", case.project_title(str(submission.get("name") or ""))),
        HeaderRow("文　　号", case.document_number or "—", "申请单位", case.applicant or "—"),
        HeaderRow("审查单位", case.reviewing_unit or "—", "审 查 人", case.reviewer or "—"),
        HeaderRow("审查日期", case.review_date_text, "生成时间", beijing_time(repro.generated_at)),
        HeaderRow("送审用地", str(submission.get("name") or "—"), "坐 标 系", str(submission.get("crs") or "—")),
        HeaderRow("用地面积", area_text(as_float(submission.get("area_m2"))), "地 块 数", str(len(parcels))),
        HeaderRow("拟 用 途", land_use_text(result)),
        HeaderRow("规划依据", repro.plan_version),
    ]


@dataclass
class SummaryRow:
    number: int
    title: str  # with the figure's name when it is not the overlap (城镇开发边界: 边界外面积)
    status: str
    status_text: str
    m2: str
    ha: str
    mu: str


def summary_rows(result: dict[str, Any]) -> list[SummaryRow]:
    """One row per check; every row's figure is the check's figure of concern."""
    rows = []
    for index, check in enumerate(result.get("checks") or [], start=1):
        status = str(check.get("status") or "")
        area = concern_area(check)
        label = concern_label(check.get("id"))
        which = f"（{label}）" if label != DEFAULT_CONCERN_LABEL else ""
        title = f"{check.get('title') or check.get('id')}{which}"
        rows.append(SummaryRow(index, title, status, status_label(status), format_m2(area), format_ha(area),
                               format_mu(area)))
    return rows


LAND_USE_HEADING = "现状地类面积汇总表"


@dataclass
class LandUseSection:
    """现状地类: the 耕地 split, 农用地转用面积 and 征收 rows, then the 地类面积汇总表 (m², 合计 also in 亩)."""

    heading: str
    rows: list[tuple[str, str]]
    table: SummaryTable
    note: str


def land_use_section(result: dict[str, Any]) -> LandUseSection | None:
    summary = current_land_use_summary(result)
    if summary is None or summary.table is None:
        return None
    rows = [
        ("占用耕地", cultivated_text(summary)),
        ("农用地转用面积", conversion_text(summary)),
        ("土地征收", expropriation_text(summary)),
    ]
    note = "单位：平方米（合计另列亩）；全为零的地类列从略，合计含全部地类；田坎按图斑扣除系数（KCXS）计入其他农用地。"
    return LandUseSection(LAND_USE_HEADING, rows, summary.table, note)


@dataclass
class FeatureRow:
    layer: str
    name: str
    details: str
    overlap_m2: str


@dataclass
class ParcelFinding:
    parcel_id: str
    status: str
    status_text: str
    area: str


@dataclass
class Finding:
    """A check that found something, told once."""

    title: str
    status: str
    status_text: str
    figure_label: str  # 涉及面积, or 边界外面积 for 城镇开发边界
    figure: str  # area_text of the figure of concern
    inside: str | None  # 城镇开发边界: the part inside, for what it is
    message: str
    basis: str
    features: list[FeatureRow] = field(default_factory=list)
    parcels: list[ParcelFinding] = field(default_factory=list)
    more_parcels: int = 0  # flagged parcels beyond the listed ones (all are in 三 and review.json)
    land_use: LandUseSection | None = None  # 现状地类: its figures and 汇总表 instead of the 图斑 list

    @property
    def sole_parcel(self) -> ParcelFinding | None:
        """The one parcel involved when its figure is the finding's: named in a line, not a table
        repeating the figure (keeps the 审查意见表 concise)."""
        if len(self.parcels) == 1 and not self.more_parcels and self.parcels[0].area == self.figure:
            return self.parcels[0]
        return None


def findings(result: dict[str, Any]) -> list[Finding]:
    several = len((result.get("submission") or {}).get("parcels") or []) > 1
    found = []
    for check in result.get("checks") or []:
        status = str(check.get("status") or "")
        if status not in FLAGGED:
            continue
        label = concern_label(check.get("id"))
        # 现状地类: its 图斑 pieces are summed up in the 地类面积汇总表, printed with the finding.
        land = land_use_section(result) if check.get("id") == LAND_USE_CHECK_ID else None
        features = [] if land else [
            FeatureRow(
                layer_title(str(feature.get("layer") or "")),
                f"{feature_name(feature.get('attributes') or {})}（fid {feature.get('fid')}）",
                feature_details(feature.get("attributes") or {}),
                format_m2(as_float(feature.get("overlap_area_m2"))),
            )
            for feature in check.get("features") or []
        ]
        chosen = check_parcel_rows(check)
        parcels = (
            [
                ParcelFinding(str(p.get("id")), str(p.get("status") or ""), status_label(p.get("status")),
                              area_text(concern_area(p)))
                for p in chosen.shown
            ]
            if several
            else []
        )
        found.append(
            Finding(
                title=str(check.get("title") or check.get("id")),
                status=status,
                status_text=status_label(status),
                figure_label=label,
                figure=area_text(concern_area(check)),
                inside=area_text(as_float(check.get("overlap_area_m2"))) if label != DEFAULT_CONCERN_LABEL else None,
                message=str(check.get("message") or ""),
                basis=str(check.get("basis") or ""),
                features=features,
                parcels=parcels,
                more_parcels=chosen.more_flagged if several else 0,
                land_use=land,
            )
        )
    return found


def land_use_apart(result: dict[str, Any]) -> LandUseSection | None:
    """The 现状地类 section when its check passed (a flagged one carries it in its finding)."""
    check = next((c for c in result.get("checks") or [] if c.get("id") == LAND_USE_CHECK_ID), None)
    return land_use_section(result) if check and check.get("status") not in FLAGGED else None


def quiet_checks_text(result: dict[str, Any]) -> str:
    """The checks with nothing to act on, in one sentence (they are rows of the summary table)."""
    passed = [str(c.get("title")) for c in result.get("checks") or [] if c.get("status") == PASS]
    not_run = [
        f"{c.get('title')}（{c.get('reason') or '未执行'}）"
        for c in result.get("checks") or []
        if c.get("status") == NOT_RUN
    ]
    parts = []
    if passed:
        parts.append(f"以下 {len(passed)} 项审查通过：{'、'.join(passed)}。")
    if not_run:
        parts.append(f"未执行：{'；'.join(not_run)}。")
    return "".join(parts)


def parcel_counts_text(result: dict[str, Any]) -> str:
    parcels = (result.get("submission") or {}).get("parcels") or []
    if len(parcels) < 2:
        return ""
    counts: dict[str, int] = {}
    for parcel in parcels:
        counts[str(parcel.get("verdict"))] = counts.get(str(parcel.get("verdict")), 0) + 1
    parts = "，".join(f"{verdict_label(v)} {counts[v]} 个" for v in ("fail", "review", "pass") if counts.get(v))
    return f"共 {len(parcels)} 个地块：{parts}。"


def issues_text(flagged: list[tuple[str, str]]) -> str:
    """What flagged a parcel, grouped by status ("冲突：甲、乙；需人工复核：丙")."""
    by_status: dict[str, list[str]] = {}
    for title, status in flagged:
        by_status.setdefault(status, []).append(title)
    return "；".join(f"{status_label(status)}：{'、'.join(titles)}" for status, titles in by_status.items()) or "—"


@dataclass
class ParcelRow:
    parcel_id: str
    m2: str
    ha: str
    mu: str
    declared_m2: str
    verdict: str
    verdict_text: str
    issues: str


def parcel_rows(result: dict[str, Any]) -> list[ParcelRow]:
    """One row per parcel, whatever their number: its areas, its own verdict and what flagged it."""
    flagged = flagged_checks_by_parcel(result)
    rows = []
    for parcel in (result.get("submission") or {}).get("parcels") or []:
        area = as_float(parcel.get("area_m2"))
        verdict = str(parcel.get("verdict") or "")
        rows.append(
            ParcelRow(
                str(parcel.get("id")),
                format_m2(area),
                format_ha(area),
                format_mu(area),
                format_m2(as_float(parcel.get("declared_area_m2"))),
                verdict,
                verdict_label(verdict),
                issues_text(flagged.get(str(parcel.get("id")), [])),
            )
        )
    return rows


def reproducibility_rows(repro: ReproducibilityInfo) -> list[tuple[str, str]]:
    rows = [
        ("插件版本", repro.plugin_version),
        ("QGIS 版本", repro.qgis_version),
        ("GDAL 版本", repro.gdal_version),
        ("送审数据", source_name(repro.submission_source)),
        ("送审数据 SHA-256", repro.submission_sha256 or "无法计算（非本地文件）"),
        ("规划数据", source_name(repro.plan_source, repro.is_sample_plan)),
        ("规划数据 SHA-256", repro.plan_sha256 or "无法计算（非本地文件）"),
        ("生成时间", beijing_time(repro.generated_at)),
        ("规划成果质检", plan_qa_text(repro.plan_qa)),
    ]
    rows += [(f"容差：{key}", value) for key, value in repro.tolerances.items()]
    rows.append(("面积计算方法", repro.area_method))
    return rows


def plan_qa_text(check: dict[str, Any] | None) -> str:
    """When this plan version was last checked (规划成果质检) and with how many 错误."""
    if not check:
        return "本次审查所用的规划数据（此版本，按 SHA-256 识别）未做过规划成果质检"
    counts = f"{check.get('errors', 0)} 个错误、{check.get('warnings', 0)} 个警告"
    return f"此版本规划数据最近一次质检于 {beijing_time(check.get('checked_at'))}，发现 {counts}"


SIGNATURE_NOTE = "本表由 QGIS 插件“衡阳国土空间规划审查”自动生成，审查结论须经审查人签署后生效。"
