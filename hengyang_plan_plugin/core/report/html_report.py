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
from ..land_use_codes import land_use_codes
from ..plan_schema import SAMPLE_NOTICE, layer_title
from .case_info import CaseInfo
from .presentation import (
    NOTICE_COLOUR,
    TEXT_COLOUR,
    area_text,
    chinese_ordinal,
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
    entry = land_use_codes().get(str(code))
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
        "<tr><th>序号</th><th>审查事项</th><th>结果</th><th>重叠面积（m²）</th><th>公顷</th><th>亩</th></tr>"
    ]
    for index, check in enumerate(result.get("checks") or [], start=1):
        status = str(check.get("status") or "")
        area = as_float(check.get("overlap_area_m2"))
        rows.append(
            f'<tr><td align="center">{index}</td><td>{_e(check.get("title") or check.get("id"))}</td>'
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


def _parcel_findings(parcels: list[dict[str, Any]]) -> str:
    rows = [
        '<table class="inner" width="100%" border="1" cellspacing="0" cellpadding="3">'
        "<tr><th>地块</th><th>结果</th><th>重叠面积</th><th>说明</th></tr>"
    ]
    for parcel in parcels:
        status = str(parcel.get("status") or "")
        rows.append(
            f"<tr><td nowrap>{_e(parcel.get('id'))}</td>"
            f"<td nowrap>{_status_span(status)}</td>"
            f"<td width=\"30%\">{_e(area_text(as_float(parcel.get('overlap_area_m2'))))}</td>"
            f"<td>{_e(parcel.get('message'))}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _check_section(index: int, check: dict[str, Any], several_parcels: bool) -> str:
    status = str(check.get("status") or "")
    overlap = as_float(check.get("overlap_area_m2"))
    rows = [
        f'<tr><th width="16%">审查结果</th><td><b>{_status_span(status)}</b></td></tr>',
        f"<tr><th>重叠面积</th><td>{_e(area_text(overlap))}</td></tr>",
    ]
    outside = as_float(check.get("outside_area_m2"))
    if outside is not None:
        rows.append(f"<tr><th>边界外面积</th><td>{_e(area_text(outside))}</td></tr>")
    rows += [
        f"<tr><th>涉及规划要素</th><td>{_features_table(check.get('features') or [])}</td></tr>",
        f"<tr><th>审查依据</th><td>{_e(check.get('basis'))}</td></tr>",
        f"<tr><th>说　　明</th><td>{_e(check.get('message'))}</td></tr>",
    ]
    parcels = check.get("parcels") or []
    # Per-parcel detail only where there is something to act on; passing checks stay short.
    if several_parcels and parcels and status in ("conflict", "warning"):
        rows.append(f"<tr><th>分地块结果</th><td>{_parcel_findings(parcels)}</td></tr>")
    return (
        f"<h3>（{chinese_ordinal(index)}）{_e(check.get('title') or check.get('id'))}</h3>\n"
        '<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="4">'
        + "".join(rows)
        + "</table>"
    )


def _parcel_rows(result: dict[str, Any]) -> str:
    rows = []
    for parcel in (result.get("submission") or {}).get("parcels") or []:
        area = as_float(parcel.get("area_m2"))
        declared = as_float(parcel.get("declared_area_m2"))
        rows.append(
            f"<tr><td>{_e(parcel.get('id'))}</td>"
            f'<td align="right">{_e(format_m2(area))}</td>'
            f'<td align="right">{_e(format_ha(area))}</td>'
            f'<td align="right">{_e(format_mu(area))}</td>'
            f'<td align="right">{_e(format_m2(declared))}</td></tr>'
        )
    return "\n".join(rows)


def _figure(map_figure_src: str | None, parcel_figures: list[tuple[str, str]]) -> str:
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
        figure=_figure(map_figure_src, parcel_figures or []),
        check_sections="\n".join(
            _check_section(i, check, len(submission.get("parcels") or []) > 1)
            for i, check in enumerate(checks, start=1)
        ),
        parcel_rows=_parcel_rows(result),
        reviewer=_e(case.reviewer),
        review_date=_e(case.review_date_text),
        reproducibility_rows=_reproducibility(repro),
    )
