"""Render the 审查意见表 as HTML from a review result dict.

Every string that comes from a submission or the plan data goes through
``_e`` (html.escape): submission names and attributes are untrusted and a
``<script>`` there must show as text. The markup keeps to the HTML/CSS subset
QTextDocument understands, so the PDF is laid out from this very HTML.
"""

from __future__ import annotations

import html
from pathlib import Path
from string import Template
from typing import Any

from ...paths import RESOURCES_DIR
from ..land_use_codes import current_code, land_use_codes
from ..plan_schema import SAMPLE_NOTICE, layer_title
from .case_info import CaseInfo
from .parcel_selection import CheckParcelRows, check_parcel_rows, flagged_checks_by_parcel, flagged_parcel_ids
from .presentation import (
    DEFAULT_CONCERN_LABEL,
    NOTICE_COLOUR,
    TEXT_COLOUR,
    area_text,
    chinese_ordinal,
    concern_area,
    concern_label,
    feature_details,
    feature_name,
    format_ha,
    format_m2,
    format_mu,
    status_colour,
    status_label,
    verdict_colour,
    verdict_label,
)
from .reproducibility import ReproducibilityInfo, reproducibility_from_result

TEMPLATE_PATH = RESOURCES_DIR / "report" / "review_report.html"
MAP_FIGURE_FILENAME = "review_map.png"
PARCEL_FIGURE_FILENAME = "review_map_parcel_{}.png"  # by position, not id: ids may hold any text
REPORT_TITLE = "建设项目国土空间总体规划符合性审查意见表"
ISSUING_BODY = "衡阳市国土空间总体规划（2021—2035年）实施审查"


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def as_float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _status_span(status: str) -> str:
    return f'<span style="color:{status_colour(status)}">{_e(status_label(status))}</span>'


def _load_template() -> Template:
    return Template(Path(TEMPLATE_PATH).read_text(encoding="utf-8"))


def _land_use_text(code: str | None) -> str:
    if not code:
        return "未申报"
    entry = land_use_codes().get(current_code(str(code)))  # 0603 (2020) is named as 060202
    return f"{code} {entry.name}" if entry else str(code)


def _header_rows(result: dict[str, Any], case: CaseInfo, repro: ReproducibilityInfo) -> str:
    submission = result.get("submission") or {}
    site_area = as_float(submission.get("area_m2"))
    parcels = submission.get("parcels") or []
    plan_text = f"{_e(repro.plan_version)}<br/>数据：{_e(repro.plan_source or '内置示意数据')}"
    if repro.is_sample_plan:
        plan_text += f'<br/><span class="notice">{_e(SAMPLE_NOTICE)}</span>'
    rows = [
        ("项目名称", _e(case.project_title(str(submission.get("name") or ""))), None, None),
        ("文　　号", _e(case.document_number), "申请单位", _e(case.applicant)),
        ("审 查 人", _e(case.reviewer), "审查日期", _e(case.review_date_text)),
        ("送审用地", _e(submission.get("name")), "坐 标 系", _e(submission.get("crs"))),
        ("用地面积", _e(area_text(site_area)), "地 块 数", _e(len(parcels))),
        ("拟 用 途", _e(_land_use_text(result.get("land_use"))), None, None),
        ("规划依据", plan_text, None, None),
    ]
    html_rows = []
    for label, value, label2, value2 in rows:
        if label2 is None:
            html_rows.append(f'<tr><th width="16%">{label}</th><td colspan="3">{value}</td></tr>')
        else:
            html_rows.append(
                f'<tr><th width="16%">{label}</th><td width="34%">{value}</td>'
                f'<th width="16%">{label2}</th><td width="34%">{value2}</td></tr>'
            )
    return "\n".join(html_rows)


def _summary_table(result: dict[str, Any]) -> str:
    rows = [
        '<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="3">'
        "<tr><th>序号</th><th>审查事项</th><th>结果</th><th>涉及面积（m²）</th><th>公顷</th><th>亩</th></tr>"
    ]
    for index, check in enumerate(result.get("checks") or [], start=1):
        status = str(check.get("status") or "")
        area = concern_area(check)
        label = concern_label(check.get("id"))
        which = f"（{label}）" if label != DEFAULT_CONCERN_LABEL else ""
        rows.append(
            f'<tr><td align="center">{index}</td><td>{_e(check.get("title") or check.get("id"))}{_e(which)}</td>'
            f'<td align="center" nowrap>{_status_span(status)}</td>'
            f'<td align="right">{_e(format_m2(area))}</td><td align="right">{_e(format_ha(area))}</td>'
            f'<td align="right">{_e(format_mu(area))}</td></tr>'
        )
    rows.append("</table>")
    return "".join(rows)


def _conclusion(result: dict[str, Any]) -> str:
    verdict = str(result.get("verdict") or "")
    colour = verdict_colour(verdict)
    lines = [f'<p class="verdict" style="color:{colour}">审查结论：{_e(verdict_label(verdict))}</p>']
    lines.append(_summary_table(result))
    findings = []
    for check in result.get("checks") or []:
        status = check.get("status")
        if status in ("conflict", "warning"):
            findings.append(
                f"<li>{_e(check.get('title'))}（{_e(status_label(status))}）：{_e(check.get('message'))}</li>"
            )
    if findings:
        lines.append("<ol>" + "".join(findings) + "</ol>")
    else:
        lines.append("<p>各项审查均未发现与总体规划冲突的情形。</p>")
    warnings = result.get("warnings") or []
    if warnings:
        lines.append(
            "<p><b>数据提示：</b></p><ul>" + "".join(f"<li>{_e(w)}</li>" for w in warnings) + "</ul>"
        )
    return "\n".join(lines)


def _features_table(features: list[dict[str, Any]]) -> str:
    if not features:
        return "无"
    rows = [
        '<table class="inner" width="100%" border="1" cellspacing="0" cellpadding="3">'
        "<tr><th>图层</th><th>要素</th><th>属性</th><th>重叠面积（m²）</th></tr>"
    ]
    for feature in features:
        attributes = feature.get("attributes") or {}
        rows.append(
            "<tr>"
            f"<td>{_e(layer_title(str(feature.get('layer') or '')))}</td>"
            f"<td>{_e(feature_name(attributes))}（fid {_e(feature.get('fid'))}）</td>"
            f"<td>{_e(feature_details(attributes))}</td>"
            f'<td align="right">{_e(format_m2(as_float(feature.get("overlap_area_m2"))))}</td>'
            "</tr>"
        )
    rows.append("</table>")
    return "".join(rows)


# QTextDocument lays a table out in time that grows faster than its rows: long lists are cut
# into tables of this many rows, one after the other, which read as one.
TABLE_CHUNK_ROWS = 200


def _chunked_tables(opening: str, header: str, rows: list[str]) -> str:
    chunks = [rows[i : i + TABLE_CHUNK_ROWS] for i in range(0, len(rows), TABLE_CHUNK_ROWS)] or [[]]
    return "".join(f"{opening}{header}{''.join(chunk)}</table>" for chunk in chunks)


def _parcel_findings(chosen: CheckParcelRows, label: str) -> str:
    rows = []
    for parcel in chosen.shown:
        status = str(parcel.get("status") or "")
        rows.append(
            f"<tr><td nowrap>{_e(parcel.get('id'))}</td>"
            f"<td nowrap>{_status_span(status)}</td>"
            f"<td width=\"30%\">{_e(area_text(concern_area(parcel)))}</td>"
            f"<td>{_e(parcel.get('message'))}</td></tr>"
        )
    tables = _chunked_tables(
        '<table class="inner" width="100%" border="1" cellspacing="0" cellpadding="3">',
        f"<tr><th>地块</th><th>结果</th><th>{_e(label)}</th><th>说明</th></tr>",
        rows,
    )
    if chosen.more_flagged:
        tables += (
            f"<p>以上按冲突优先、重叠面积从大到小列出 {len(chosen.shown)} 个地块；另有 {chosen.more_flagged} 个地块"
            "本项冲突或需人工复核，逐一列于“三、地块审查结果”，明细见 review.json。</p>"
        )
    if chosen.others:
        tables += f"<p>其余 {chosen.others} 个地块本项通过或未涉及。</p>"
    return tables


def _check_section(index: int, check: dict[str, Any], several_parcels: bool) -> str:
    status = str(check.get("status") or "")
    label = concern_label(check.get("id"))
    rows = [
        f'<tr><th width="16%">审查结果</th><td><b>{_status_span(status)}</b></td></tr>',
        f"<tr><th>{_e(label)}</th><td>{_e(area_text(concern_area(check)))}</td></tr>",
    ]
    if label != DEFAULT_CONCERN_LABEL:  # the overlap too, for what it is: the part inside
        rows.append(f"<tr><th>边界内面积</th><td>{_e(area_text(as_float(check.get('overlap_area_m2'))))}</td></tr>")
    rows += [
        f"<tr><th>涉及规划要素</th><td>{_features_table(check.get('features') or [])}</td></tr>",
        f"<tr><th>审查依据</th><td>{_e(check.get('basis'))}</td></tr>",
        f"<tr><th>说　　明</th><td>{_e(check.get('message'))}</td></tr>",
    ]
    # Per-parcel detail only where there is something to act on: passing checks stay short, and a
    # flagged check lists its flagged parcels only (all of them), the others in one line.
    chosen = check_parcel_rows(check)
    if several_parcels and chosen.shown and status in ("conflict", "warning"):
        rows.append(f"<tr><th>分地块结果</th><td>{_parcel_findings(chosen, label)}</td></tr>")
    return (
        f"<h3>（{chinese_ordinal(index)}）{_e(check.get('title') or check.get('id'))}</h3>\n"
        '<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="4">'
        + "".join(rows)
        + "</table>"
    )


def _issues_text(flagged: list[tuple[str, str]]) -> str:
    """What flagged a parcel, grouped by status ("冲突：甲、乙；需人工复核：丙"): one or two lines
    per row, so a 10,000-parcel table stays a few hundred pages."""
    by_status: dict[str, list[str]] = {}
    for title, status in flagged:
        by_status.setdefault(status, []).append(title)
    return "；".join(f"{status_label(status)}：{'、'.join(titles)}" for status, titles in by_status.items()) or "—"


def _parcel_table(result: dict[str, Any]) -> str:
    """One row per parcel, whatever their number: its areas, its own verdict and what flagged it."""
    flagged = flagged_checks_by_parcel(result)
    rows = []
    for parcel in (result.get("submission") or {}).get("parcels") or []:
        area = as_float(parcel.get("area_m2"))
        declared = as_float(parcel.get("declared_area_m2"))
        verdict = str(parcel.get("verdict") or "")
        rows.append(
            f"<tr><td>{_e(parcel.get('id'))}</td>"
            f'<td align="right">{_e(format_m2(area))}</td>'
            f'<td align="right">{_e(format_ha(area))}</td>'
            f'<td align="right">{_e(format_mu(area))}</td>'
            f'<td align="right">{_e(format_m2(declared))}</td>'
            f'<td align="center" nowrap><span style="color:{verdict_colour(verdict)}">'
            f"{_e(verdict_label(verdict))}</span></td>"
            f"<td>{_e(_issues_text(flagged.get(str(parcel.get('id')), [])))}</td></tr>"
        )
    return _chunked_tables(
        # border 0.5 (Qt reads it as a float): separate borders of half width look like collapsed ones
        '<table class="parcels" width="100%" border="0.5" cellspacing="0" cellpadding="2">',
        '<tr><th width="9%">地块编号</th><th width="12%">计算面积（m²）</th><th width="8%">公顷</th>'
        '<th width="7%">亩</th><th width="12%">申报面积（m²）</th><th width="11%">审查结果</th>'
        "<th>问题事项</th></tr>",
        rows,
    )


def _parcel_counts(result: dict[str, Any]) -> str:
    parcels = (result.get("submission") or {}).get("parcels") or []
    if len(parcels) < 2:
        return ""
    counts = {verdict: 0 for verdict in ("pass", "fail", "review")}
    for parcel in parcels:
        counts[str(parcel.get("verdict"))] = counts.get(str(parcel.get("verdict")), 0) + 1
    parts = "，".join(f"{verdict_label(v)} {counts[v]} 个" for v in ("fail", "review", "pass") if counts.get(v))
    return f"<p>共 {len(parcels)} 个地块：{_e(parts)}。</p>"


def _figure(
    map_figure_src: str | None, parcel_figures: list[tuple[str, str]], flagged_count: int = 0
) -> str:
    if not map_figure_src:
        return "<p>（未生成审查图）</p>"
    parts = [
        f'<p align="center"><img src="{_e(map_figure_src)}" width="640"/></p>'
        '<p class="caption" align="center">图1　用地红线与国土空间总体规划叠加示意'
        "（红色粗线为用地红线，红色斜线为冲突范围，红圈为地块位置；右下为区位图）</p>"
    ]
    if parcel_figures:
        cells = [
            f'<td align="center" width="50%"><img src="{_e(src)}" width="310"/>'
            f'<p class="caption" align="center">图{number}　地块 {_e(parcel_id)}</p></td>'
            for number, (parcel_id, src) in enumerate(parcel_figures, start=2)
        ]
        if len(cells) % 2:
            cells.append('<td width="50%">&nbsp;</td>')
        rows = "".join(f"<tr>{cells[i]}{cells[i + 1]}</tr>" for i in range(0, len(cells), 2))
        parts.append(f'<table width="100%" border="0" cellspacing="0" cellpadding="4">{rows}</table>')
    if flagged_count > len(parcel_figures):
        parts.append(
            f'<p class="caption">有问题的地块共 {flagged_count} 个，此处按冲突面积列出前 {len(parcel_figures)} 个'
            "的局部图，其余见“二、分项审查意见”的分地块结果与“三、地块审查结果”。</p>"
        )
    return "\n".join(parts)


def _reproducibility(repro: ReproducibilityInfo) -> str:
    rows = [
        ("插件版本", repro.plugin_version),
        ("QGIS 版本", repro.qgis_version),
        ("GDAL 版本", repro.gdal_version),
        ("送审数据", repro.submission_source),
        ("送审数据 SHA-256", repro.submission_sha256 or "无法计算（非本地文件）"),
        ("规划数据", repro.plan_source),
        ("规划数据 SHA-256", repro.plan_sha256 or "无法计算（非本地文件）"),
        ("生成时间", repro.generated_at),
    ]
    rows += [(f"容差：{key}", value) for key, value in repro.tolerances.items()]
    rows.append(("面积计算方法", repro.area_method))
    return "\n".join(f'<tr><th width="22%">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in rows)


def render_review_html(
    result: dict[str, Any],
    case: CaseInfo,
    reproducibility: ReproducibilityInfo | None = None,
    map_figure_src: str | None = None,
    parcel_figures: list[tuple[str, str]] | None = None,
) -> str:
    """The whole report as one HTML document (UTF-8).

    ``map_figure_src`` is what goes into the figure's ``src``: a PNG data URI for
    a self-contained review.html, or ``MAP_FIGURE_FILENAME`` for the PDF layout.
    ``parcel_figures`` are (parcel id, src) close-ups of a multi-parcel site.
    """
    repro = reproducibility or reproducibility_from_result(result)
    submission = result.get("submission") or {}
    checks = result.get("checks") or []
    notice = f'<p class="notice" align="center">{_e(SAMPLE_NOTICE)}</p>' if repro.is_sample_plan else ""
    return _load_template().substitute(
        title=_e(REPORT_TITLE),
        text_colour=TEXT_COLOUR,
        notice_colour=NOTICE_COLOUR,
        issuing_body=_e(ISSUING_BODY),
        project_name=_e(case.project_title(str(submission.get("name") or ""))),
        document_number=_e(case.document_number or "—"),
        sample_notice=notice,
        header_rows=_header_rows(result, case, repro),
        conclusion=_conclusion(result),
        figure=_figure(map_figure_src, parcel_figures or [], len(flagged_parcel_ids(result))),
        check_sections="\n".join(
            _check_section(i, check, len(submission.get("parcels") or []) > 1)
            for i, check in enumerate(checks, start=1)
        ),
        parcel_counts=_parcel_counts(result),
        parcel_table=_parcel_table(result),
        reviewer=_e(case.reviewer),
        review_date=_e(case.review_date_text),
        reproducibility_rows=_reproducibility(repro),
    )
