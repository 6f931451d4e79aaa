"""Render the 审查意见表 as HTML from a review result dict.

The content (rows and strings) comes from ``report_content``, which the Word
document (docx_report.py) is built from too; this module only marks it up.
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
from ..plan_schema import SAMPLE_NOTICE
from . import report_content as content
from .case_info import CaseInfo
from .parcel_selection import flagged_parcel_ids
from .presentation import NOTICE_COLOUR, TEXT_COLOUR, chinese_ordinal, status_colour, verdict_colour, verdict_label
from .reproducibility import ReproducibilityInfo, reproducibility_from_result

TEMPLATE_PATH = RESOURCES_DIR / "report" / "review_report.html"
MAP_FIGURE_FILENAME = "review_map.png"
PARCEL_FIGURE_FILENAME = "review_map_parcel_{}.png"  # by position, not id: ids may hold any text
REPORT_TITLE = content.REPORT_TITLE
ISSUING_BODY = content.ISSUING_BODY
as_float = content.as_float
_land_use_text = content.land_use_name  # (kept for callers of the old name)


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _status_span(status: str, text: str) -> str:
    return f'<span style="color:{status_colour(status)}">{_e(text)}</span>'


def _load_template() -> Template:
    return Template(Path(TEMPLATE_PATH).read_text(encoding="utf-8"))


def _header_rows(result: dict[str, Any], case: CaseInfo, repro: ReproducibilityInfo) -> str:
    html_rows = []
    for row in content.header_rows(result, case, repro):
        value = _e(row.value)
        if row.label == "规划依据" and repro.is_sample_plan:
            value += f'<br/><span class="notice">{_e(SAMPLE_NOTICE)}</span>'
        if row.label2 is None:
            html_rows.append(f'<tr><th width="16%">{_e(row.label)}</th><td colspan="3">{value}</td></tr>')
        else:
            html_rows.append(
                f'<tr><th width="16%">{_e(row.label)}</th><td width="34%">{value}</td>'
                f'<th width="16%">{_e(row.label2)}</th><td width="34%">{_e(row.value2)}</td></tr>'
            )
    return "\n".join(html_rows)


def _summary_table(result: dict[str, Any]) -> str:
    rows = [
        '<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="3">'
        "<tr><th>序号</th><th>审查事项</th><th>结果</th><th>涉及面积（m²）</th><th>公顷</th><th>亩</th></tr>"
    ]
    for row in content.summary_rows(result):
        rows.append(
            f'<tr><td align="center">{row.number}</td><td>{_e(row.title)}</td>'
            f'<td align="center" nowrap>{_status_span(row.status, row.status_text)}</td>'
            f'<td align="right">{_e(row.m2)}</td><td align="right">{_e(row.ha)}</td>'
            f'<td align="right">{_e(row.mu)}</td></tr>'
        )
    rows.append("</table>")
    return "".join(rows)


def _conclusion(result: dict[str, Any]) -> str:
    verdict = str(result.get("verdict") or "")
    lines = [
        f'<p class="verdict" style="color:{verdict_colour(verdict)}">审查结论：{_e(verdict_label(verdict))}</p>',
        _summary_table(result),
    ]
    counts = content.parcel_counts_text(result)
    if counts:
        lines.append(f"<p>{_e(counts)}</p>")
    warnings = result.get("warnings") or []
    if warnings:
        lines.append(
            "<p><b>数据提示：</b></p><ul>" + "".join(f"<li>{_e(w)}</li>" for w in warnings) + "</ul>"
        )
    return "\n".join(lines)


def _features_table(features: list[content.FeatureRow]) -> str:
    if not features:
        return "无"
    rows = [
        '<table class="inner" width="100%" border="1" cellspacing="0" cellpadding="2">'
        "<tr><th>图层</th><th>要素</th><th>属性</th><th>重叠面积（m²）</th></tr>"
    ]
    for feature in features:
        rows.append(
            f"<tr><td>{_e(feature.layer)}</td><td>{_e(feature.name)}</td><td>{_e(feature.details)}</td>"
            f'<td align="right">{_e(feature.overlap_m2)}</td></tr>'
        )
    rows.append("</table>")
    return "".join(rows)


# QTextDocument lays a table out in time that grows faster than its rows: long lists are cut
# into tables of this many rows, one after the other, which read as one.
TABLE_CHUNK_ROWS = 200


def _chunked_tables(opening: str, header: str, rows: list[str]) -> str:
    chunks = [rows[i : i + TABLE_CHUNK_ROWS] for i in range(0, len(rows), TABLE_CHUNK_ROWS)] or [[]]
    return "".join(f"{opening}{header}{''.join(chunk)}</table>" for chunk in chunks)


def _parcel_findings(finding: content.Finding) -> str:
    cells = "".join(
        f"<tr><td nowrap>{_e(p.parcel_id)}</td><td nowrap>{_status_span(p.status, p.status_text)}</td>"
        f"<td>{_e(p.area)}</td></tr>"
        for p in finding.parcels
    )
    text = (
        '<table class="inner" width="100%" border="1" cellspacing="0" cellpadding="2">'
        f"<tr><th>地块</th><th>结果</th><th>{_e(finding.figure_label)}</th></tr>{cells}</table>"
    )
    if finding.more_parcels:
        text += f"<p>另有 {finding.more_parcels} 个地块本项冲突或需人工复核，见“三、地块审查结果”与 review.json。</p>"
    return text


def _finding_section(index: int, finding: content.Finding) -> str:
    rows = [
        f"<tr><th>{_e(finding.figure_label)}</th><td>{_e(finding.figure)}</td></tr>",
    ]
    if finding.inside is not None:  # the overlap too, for what it is: the part inside
        rows.append(f"<tr><th>边界内面积</th><td>{_e(finding.inside)}</td></tr>")
    rows += [
        f'<tr><th width="16%">审查意见</th><td>{_e(finding.message)}</td></tr>',
        f"<tr><th>审查依据</th><td>{_e(finding.basis)}</td></tr>",
    ]
    if finding.land_use:  # 现状地类: its figures, then (below) the 地类面积汇总表 for its 图斑
        rows += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in finding.land_use.rows]
    else:
        rows.append(f"<tr><th>涉及规划要素</th><td>{_features_table(finding.features)}</td></tr>")
    sole = finding.sole_parcel
    if sole is not None:
        status = _status_span(sole.status, sole.status_text)
        rows.append(f"<tr><th>涉及地块</th><td>仅地块 {_e(sole.parcel_id)}（{status}），面积同上</td></tr>")
    elif finding.parcels:
        rows.append(f"<tr><th>涉及地块</th><td>{_parcel_findings(finding)}</td></tr>")
    return (
        f"<h3>（{chinese_ordinal(index)}）{_e(finding.title)}："
        f"{_status_span(finding.status, finding.status_text)}</h3>\n"
        '<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="3">'
        + "".join(rows)
        + "</table>"
        + (_land_use_table(finding.land_use) if finding.land_use else "")
    )


def _land_use_section(section: content.LandUseSection) -> str:
    """现状地类 when its check passed: 耕地, 农用地转用 and 征收 rows, then the 地类面积汇总表."""
    facts = "".join(f'<tr><th width="16%">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in section.rows)
    return (
        f"<h3>现状地类</h3>\n"
        f'<table class="grid" width="100%" border="1" cellspacing="0" cellpadding="3">{facts}</table>'
        + _land_use_table(section)
    )


def _land_use_table(section: content.LandUseSection) -> str:
    """The 地类面积汇总表: 权属单位 × 地类, its 合计 row the sum of the rows (and a 舍入差 row).
    The three 权属 columns share one cell (name and 权属性质, then the code): an A4 page is narrow."""
    table = section.table
    numbers = range(3, len(table.header))

    def row(cells: list[str], bold: bool = False) -> str:
        b, end = ("<b>", "</b>") if bold else ("", "")  # the label only: Qt wraps bold figures
        key = f"{_e(cells[0])} {_e(cells[2])}" + (f"<br/>{_e(cells[1])}" if cells[1] else "")
        values = "".join(f'<td align="right" nowrap>{_e(cells[i])}</td>' for i in numbers)
        return f"<tr><td>{b}{key}{end}</td>{values}</tr>"

    rows = [row(r) for r in table.rows]
    if table.residual:
        rows.append(row(table.residual))
    rows.append(row(table.total, bold=True))
    key_heading = f"{_e(table.header[0])} {_e(table.header[2])}<br/>{_e(table.header[1])}"
    header = f'<tr><th width="30%">{key_heading}</th>' + "".join(
        f"<th>{_e(table.header[i])}</th>" for i in numbers
    ) + "</tr>"
    return (
        f"<p><b>{_e(section.heading)}</b></p>"
        '<table class="inner" width="100%" border="1" cellspacing="0" cellpadding="2">'
        f'{header}{"".join(rows)}</table><p class="caption">{_e(section.note)}</p>'
    )


def _check_sections(result: dict[str, Any]) -> str:
    found = content.findings(result)
    parts = [_finding_section(i, finding) for i, finding in enumerate(found, start=1)]
    if not found:
        parts.append("<p>各项审查均未发现与总体规划冲突或需人工复核的情形。</p>")
    land = content.land_use_apart(result)
    if land is not None:
        parts.append(_land_use_section(land))
    quiet = content.quiet_checks_text(result)
    if quiet:
        parts.append(f"<p>{_e(quiet)}</p>")
    return "\n".join(parts)


def _parcel_table(result: dict[str, Any]) -> str:
    rows = [
        f"<tr><td>{_e(row.parcel_id)}</td>"
        f'<td align="right">{_e(row.m2)}</td><td align="right">{_e(row.ha)}</td>'
        f'<td align="right">{_e(row.mu)}</td><td align="right">{_e(row.declared_m2)}</td>'
        f'<td align="center" nowrap><span style="color:{verdict_colour(row.verdict)}">'
        f"{_e(row.verdict_text)}</span></td><td>{_e(row.issues)}</td></tr>"
        for row in content.parcel_rows(result)
    ]
    return _chunked_tables(
        # border 0.5 (Qt reads it as a float): separate borders of half width look like collapsed ones
        '<table class="parcels" width="100%" border="0.5" cellspacing="0" cellpadding="2">',
        '<tr><th width="9%">地块编号</th><th width="12%">计算面积（m²）</th><th width="8%">公顷</th>'
        '<th width="7%">亩</th><th width="12%">申报面积（m²）</th><th width="11%">审查结果</th>'
        "<th>问题事项</th></tr>",
        rows,
    )


def _figure(
    map_figure_src: str | None, parcel_figures: list[tuple[str, str]], flagged_count: int = 0
) -> str:
    if not map_figure_src:
        return "<p>（未生成审查图）</p>"
    parts = [
        f'<p align="center"><img src="{_e(map_figure_src)}" width="600"/></p>'
        '<p class="caption" align="center">图1　用地红线与国土空间总体规划叠加示意'
        "（红色粗线为用地红线，红色斜线为冲突范围，红圈为地块位置；右下为区位图）</p>"
    ]
    if parcel_figures:
        cells = [
            f'<td align="center" width="50%"><img src="{_e(src)}" width="300"/>'
            f'<p class="caption" align="center">图{number}　地块 {_e(parcel_id)}</p></td>'
            for number, (parcel_id, src) in enumerate(parcel_figures, start=2)
        ]
        if len(cells) % 2:
            cells.append('<td width="50%">&nbsp;</td>')
        rows = "".join(f"<tr>{cells[i]}{cells[i + 1]}</tr>" for i in range(0, len(cells), 2))
        parts.append(f'<table width="100%" border="0" cellspacing="0" cellpadding="2">{rows}</table>')
    if flagged_count > len(parcel_figures):
        parts.append(
            f'<p class="caption">有问题的地块共 {flagged_count} 个，此处按冲突面积列出前 {len(parcel_figures)} 个'
            "的局部图，其余见“三、地块审查结果”。</p>"
        )
    return "\n".join(parts)


def _reproducibility(repro: ReproducibilityInfo) -> str:
    return "\n".join(
        f'<tr><th width="22%">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in content.reproducibility_rows(repro)
    )


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
        check_sections=_check_sections(result),
        parcel_counts="",
        parcel_table=_parcel_table(result),
        reviewer=_e(case.reviewer),
        review_date=_e(case.review_date_text),
        reviewing_unit=_e(case.reviewing_unit),
        reproducibility_rows=_reproducibility(repro),
        signature_note=_e(content.SIGNATURE_NOTE),
    )
