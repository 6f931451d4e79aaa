"""qa.html: the QA report as HTML (the PDF is laid out from this very HTML, so QTextDocument's subset only).

Everything from the plan data (messages quote attribute values) is escaped.
"""

from __future__ import annotations

import html
from typing import Any

from ..plan_schema import SAMPLE_NOTICE
from .rules import ERROR, FAMILY_TITLES, RULES

TITLE = "规划成果质检报告"
ERROR_COLOUR = "#c0392b"
WARNING_COLOUR = "#b9770e"
PASS_COLOUR = "#1e8449"
LISTED_IN_HTML = 200  # per rule; the rest are in qa.json and qa_errors.gpkg


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _number(value: Any) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _severity(severity: str) -> str:
    colour = ERROR_COLOUR if severity == ERROR else WARNING_COLOUR
    return f'<span style="color:{colour}"><b>{_e(severity)}</b></span>'


def render_qa_html(report: dict[str, Any]) -> str:
    """The report from ``QaReport.to_dict()`` (so qa.json and qa.html cannot disagree)."""
    summary = report["summary"]
    plan = report["plan"]
    colour = ERROR_COLOUR if summary["errors"] else (WARNING_COLOUR if summary["warnings"] else PASS_COLOUR)
    parts = [
        '<html><head><meta charset="utf-8"><title>' + TITLE + "</title></head>",
        '<body style="font-size:10pt">',
        f'<h1 style="text-align:center">{TITLE}</h1>',
        '<table border="1" cellspacing="0" cellpadding="4" width="100%">',
        f'<tr><td width="22%">规划数据</td><td>{_e(plan["source"])}</td></tr>',
        f"<tr><td>坐标系</td><td>{_e(plan['crs'] or '未定义')}</td></tr>",
        f"<tr><td>质检时间</td><td>{_e(report['generated_at'])}</td></tr>",
        f"<tr><td>插件版本</td><td>{_e(report['plugin_version'])}</td></tr>",
        f"<tr><td>用时</td><td>{report['seconds']:.1f} 秒</td></tr>",
        "</table>",
    ]
    if plan.get("is_sample"):
        parts.append(f'<p style="color:{WARNING_COLOUR}">{_e(SAMPLE_NOTICE)}</p>')
    parts.append(f'<h2>结论</h2><p style="color:{colour};font-size:13pt"><b>{_e(summary["text"])}</b></p>')
    parts.append("<p>错误：规划数据不可信，依据它的审查结论可能有误，须改正后再用于审查；警告：需要人工核实。</p>")
    parts += _rule_table(report)
    parts += _findings(report)
    parts += _figures(report)
    if report["notes"]:
        parts.append("<h2>未能执行的检查</h2><ul>")
        parts += [f"<li>{_e(note)}</li>" for note in report["notes"]]
        parts.append("</ul>")
    parts.append("<h2>图层</h2><p>")
    parts.append("、".join(f"{_e(name)}（{count} 个要素）" for name, count in report["layers"].items()))
    parts.append("</p></body></html>")
    return "\n".join(parts)


def _rule_table(report: dict[str, Any]) -> list[str]:
    rows = [
        "<h2>检查规则</h2>",
        '<table border="1" cellspacing="0" cellpadding="3" width="100%">',
        "<tr><th>类别</th><th>规则</th><th>级别</th><th>问题数</th><th>依据</th></tr>",
    ]
    for rule in report["rules"]:
        count = rule["count"]
        shown = f"<b>{count}</b>" if count else "0"
        rows.append(
            f"<tr><td>{_e(FAMILY_TITLES[rule['family']])}</td><td>{_e(rule['title'])}（{_e(rule['id'])}）</td>"
            f'<td>{_severity(rule["severity"])}</td><td align="right">{shown}</td><td>{_e(rule["basis"])}</td></tr>'
        )
    rows.append("</table>")
    return rows


def _findings(report: dict[str, Any]) -> list[str]:
    if not report["findings"]:
        return []
    out = ["<h2>问题清单</h2>"]
    for rule in RULES:
        found = [f for f in report["findings"] if f["rule"] == rule.id]
        if not found:
            continue
        total = sum(f["count"] for f in found)
        out.append(f"<h3>{_e(rule.title)}（{_e(rule.id)}，{_severity(rule.severity)}，{total} 处）</h3>")
        out.append('<table border="1" cellspacing="0" cellpadding="3" width="100%">')
        out.append("<tr><th>图层</th><th>要素</th><th>说明</th><th>面积（平方米）</th><th>位置（X, Y）</th></tr>")
        for finding in found[:LISTED_IN_HTML]:
            location = finding["location"]
            where = f"{location[0]:.2f}, {location[1]:.2f}" if location else "—"
            out.append(
                f"<tr><td>{_e(finding['layer'])}</td><td>{_e(', '.join(map(str, finding['fids'])))}</td>"
                f'<td>{_e(finding["message"])}</td><td align="right">{_number(finding["area_m2"])}</td>'
                f"<td>{where}</td></tr>"
            )
        out.append("</table>")
        if len(found) > LISTED_IN_HTML:
            out.append(f"<p>另有 {len(found) - LISTED_IN_HTML} 条见 qa.json 和 qa_errors.gpkg。</p>")
    return out


def _figures(report: dict[str, Any]) -> list[str]:
    if not report["figures"]:
        return []
    out = [
        "<h2>三条控制线面积与规划数字（差值，非错误）</h2>",
        '<table border="1" cellspacing="0" cellpadding="3" width="100%">',
        "<tr><th>指标</th><th>范围</th><th>单位</th><th>数据计算值</th><th>规划文本</th><th>差值</th>"
        "<th>GHZB 目标值</th><th>差值</th></tr>",
    ]
    for row in report["figures"]:
        out.append(
            f"<tr><td>{_e(row['indicator'])}</td><td>{_e(row['scope'])}</td><td>{_e(row['unit'])}</td>"
            f'<td align="right">{_number(row["value"])}</td><td align="right">{_number(row["published"])}</td>'
            f'<td align="right">{_number(row["difference_published"])}</td>'
            f'<td align="right">{_number(row["ghzb_target"])}</td>'
            f'<td align="right">{_number(row["difference_ghzb"])}</td></tr>'
        )
    out.append("</table>")
    return out
