"""The 审查意见表 as an editable Word document (review.docx).  Qt-free.

Built with python-docx from the same content as review.html/review.pdf
(report_content.py): the header, the verdict and summary table, each finding,
the parcel table, the figures as pictures, the signature block and the
reproducibility appendix. Reviewers edit and sign it in Word or WPS, so it is
plain Word structure: real tables with a grid, paragraphs, A4 portrait, the
East Asian font set on every run (WPS and Word otherwise fall back to a Latin
font for Chinese).

python-docx is an optional dependency of the plugin (dependencies.py): without
it ``DocxUnavailable`` says what to install, and the other outputs are written.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from .. import output_files
from ..plan_schema import SAMPLE_NOTICE
from . import report_content as content
from .case_info import CaseInfo
from .presentation import verdict_colour, verdict_label
from .reproducibility import ReproducibilityInfo, reproducibility_from_result

DOCX_NAME = "review.docx"
FONT = "宋体"  # Word and WPS both have it; LibreOffice maps it to Noto Serif CJK
LATIN_FONT = "Times New Roman"
FIGURE_WIDTH_CM = 16.0
PARCEL_FIGURE_WIDTH_CM = 7.8
DOCX_REQUIREMENT = "python-docx==1.2.0"  # dependencies.DOCX_PIN (core cannot import it)


class DocxUnavailable(RuntimeError):
    """python-docx is not installed in this Python."""



def _docx():
    try:
        import docx
    except ImportError as error:  # the message is what the user reads
        raise DocxUnavailable(
            "未安装 python-docx，无法生成 Word 审查意见表（review.docx），其余文件已生成；"
            f"请为 QGIS 的 Python 安装 {DOCX_REQUIREMENT}（插件的“安装依赖”会一并安装）后重启 QGIS"
        ) from error
    return docx


def _set_run_font(run, size_pt: float | None = None, bold: bool | None = None, colour: str | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = LATIN_FONT
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    if bold is not None:
        run.bold = bold
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())


def _paragraph(container, text: str, size: float = 10.5, bold: bool = False, align=None, colour: str | None = None):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    _set_run_font(paragraph.add_run(text), size, bold, colour)
    return paragraph


def _heading(document, text: str, size: float = 13) -> None:
    paragraph = _paragraph(document, text, size, bold=True)
    paragraph.paragraph_format.space_before = _pt(8)
    paragraph.paragraph_format.space_after = _pt(4)


def _pt(value: float):
    from docx.shared import Pt

    return Pt(value)


def _cell_text(cell, text: str, size: float = 9, bold: bool = False, colour: str | None = None, align=None) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    if align is not None:
        paragraph.alignment = align
    _set_run_font(paragraph.add_run(str(text)), size, bold, colour)


def _row_xml(texts: list[str], size: float, bold: bool) -> str:
    half_points = round(size * 2)
    run_props = (
        f'<w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:eastAsia="{FONT}"/>'
        f'{"<w:b/>" if bold else ""}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    )
    cells = "".join(
        f'<w:tc><w:p><w:r>{run_props}<w:t xml:space="preserve">{xml_escape(str(text))}</w:t></w:r></w:p></w:tc>'
        for text in texts
    )
    return f"<w:tr>{cells}</w:tr>"


def _table(document, header: list[str] | None, rows: list[list[str]], size: float = 9):
    """A grid table. Rows are written as WordprocessingML in one parse: python-docx's add_row()
    recomputes the whole table's cells for every row, 44 s for a 10,000-parcel table."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    columns = len(header) if header else max(len(row) for row in rows)
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    xml_rows = ([_row_xml(header, size, True)] if header else []) + [_row_xml(row, size, False) for row in rows]
    wrapper = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(xml_rows)}</w:tbl>")
    for row in list(wrapper):
        table._tbl.append(row)
    return table


def _header(document, result: dict[str, Any], case: CaseInfo, repro: ReproducibilityInfo) -> None:
    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    for row in content.header_rows(result, case, repro):
        cells = table.add_row().cells
        _cell_text(cells[0], row.label, 10, bold=True)
        if row.label2 is None:
            merged = cells[1].merge(cells[3])
            value = row.value + (f"\n{SAMPLE_NOTICE}" if row.label == "规划依据" and repro.is_sample_plan else "")
            _cell_text(merged, value, 10)
        else:
            _cell_text(cells[1], row.value, 10)
            _cell_text(cells[2], row.label2, 10, bold=True)
            _cell_text(cells[3], row.value2 or "", 10)


def _finding(document, index: int, finding: content.Finding) -> None:
    from .presentation import chinese_ordinal, status_colour

    paragraph = _paragraph(document, f"（{chinese_ordinal(index)}）{finding.title}：", 11, bold=True)
    _set_run_font(paragraph.add_run(finding.status_text), 11, True, status_colour(finding.status))
    rows = [[finding.figure_label, finding.figure]]
    if finding.inside is not None:
        rows.append(["边界内面积", finding.inside])
    rows += [["审查意见", finding.message], ["审查依据", finding.basis]]
    if finding.land_use:  # 现状地类: its figures and 地类面积汇总表 instead of its 图斑
        rows += [list(row) for row in finding.land_use.rows]
    sole = finding.sole_parcel
    if sole is not None:  # as in the HTML report: one line, not a table repeating the figure
        rows.append(["涉及地块", f"仅地块 {sole.parcel_id}（{sole.status_text}），面积同上"])
    _table(document, None, rows)
    if finding.land_use:
        _land_use_table(document, finding.land_use)
    if finding.features:
        _paragraph(document, "涉及规划要素：", 9.5, bold=True)
        _table(
            document,
            ["图层", "要素", "属性", "重叠面积（m²）"],
            [[f.layer, f.name, f.details, f.overlap_m2] for f in finding.features],
        )
    if finding.parcels and sole is None:
        _paragraph(document, "涉及地块：", 9.5, bold=True)
        rows = [[p.parcel_id, p.status_text, p.area] for p in finding.parcels]
        _table(document, ["地块", "结果", finding.figure_label], rows)
        if finding.more_parcels:
            _paragraph(document, f"另有 {finding.more_parcels} 个地块本项冲突或需人工复核，见“三、地块审查结果”。", 9)


def _land_use(document, section: content.LandUseSection) -> None:
    """现状地类 when its check passed: 耕地, 农用地转用 and 征收, then the 地类面积汇总表."""
    _paragraph(document, "现状地类", 11, bold=True)
    _table(document, None, [list(row) for row in section.rows])
    _land_use_table(document, section)


def _land_use_table(document, section: content.LandUseSection) -> None:
    _paragraph(document, section.heading, 9.5, bold=True)
    table = section.table
    rows = [*table.rows, *([table.residual] if table.residual else []), table.total]
    _table(document, table.header, rows, size=8)
    _paragraph(document, section.note, 8)


def _picture(document, png: bytes, width_cm: float, caption: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document.add_picture(io.BytesIO(png), width=Cm(width_cm))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, caption, 9, align=WD_ALIGN_PARAGRAPH.CENTER)


def build_review_docx(
    result: dict[str, Any],
    case: CaseInfo,
    reproducibility: ReproducibilityInfo | None = None,
    site_figure_png: bytes | None = None,
    parcel_figures_png: list[tuple[str, bytes]] | None = None,
):
    """The python-docx Document of the report."""
    docx = _docx()
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    repro = reproducibility or reproducibility_from_result(result)
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(16), Mm(18)
    document.core_properties.title = content.REPORT_TITLE

    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, content.REPORT_TITLE, 18, bold=True, align=center)
    _paragraph(document, content.ISSUING_BODY, 10, align=center)
    _paragraph(document, f"文号：{case.document_number or '—'}", 10, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if repro.is_sample_plan:
        _paragraph(document, SAMPLE_NOTICE, 11, bold=True, align=center, colour="#c00000")
    _header(document, result, case, repro)

    _heading(document, "一、审查结论")
    verdict = str(result.get("verdict") or "")
    _paragraph(document, f"审查结论：{verdict_label(verdict)}", 15, bold=True, colour=verdict_colour(verdict))
    _table(
        document,
        ["序号", "审查事项", "结果", "涉及面积（m²）", "公顷", "亩"],
        [[str(r.number), r.title, r.status_text, r.m2, r.ha, r.mu] for r in content.summary_rows(result)],
    )
    counts = content.parcel_counts_text(result)
    if counts:
        _paragraph(document, counts, 10)
    for warning in result.get("warnings") or []:
        _paragraph(document, f"数据提示：{warning}", 9.5)

    _heading(document, "二、审查意见")
    found = content.findings(result)
    for index, finding in enumerate(found, start=1):
        _finding(document, index, finding)
    if not found:
        _paragraph(document, "各项审查均未发现与总体规划冲突或需人工复核的情形。", 10)
    land = content.land_use_apart(result)
    if land is not None:
        _land_use(document, land)
    quiet = content.quiet_checks_text(result)
    if quiet:
        _paragraph(document, quiet, 10)

    _heading(document, "三、地块审查结果")
    _table(
        document,
        ["地块编号", "计算面积（m²）", "公顷", "亩", "申报面积（m²）", "审查结果", "问题事项"],
        [[r.parcel_id, r.m2, r.ha, r.mu, r.declared_m2, r.verdict_text, r.issues] for r in content.parcel_rows(result)],
        size=8.5,
    )

    _heading(document, "四、审查图")
    if site_figure_png:
        _picture(document, site_figure_png, FIGURE_WIDTH_CM, "图1　用地红线与国土空间总体规划叠加示意")
        for number, (parcel_id, png) in enumerate(parcel_figures_png or [], start=2):
            _picture(document, png, PARCEL_FIGURE_WIDTH_CM, f"图{number}　地块 {parcel_id}")
    else:
        _paragraph(document, "（未生成审查图）", 10)

    _heading(document, "五、审查签署")
    signature = _table(
        document,
        None,
        [
            ["审查人", case.reviewer or "", "审核人", ""],
            ["审查日期", case.review_date_text, "审查单位（盖章）", case.reviewing_unit or ""],
        ],
        size=10.5,
    )
    for row in signature.rows:
        row.height = Mm(14)

    _heading(document, "附：复现信息", 11)
    _table(document, None, [[k, v] for k, v in content.reproducibility_rows(repro)], size=8)
    _paragraph(document, content.SIGNATURE_NOTE, 9)
    return document


def write_review_docx(
    path: str | Path,
    result: dict[str, Any],
    case: CaseInfo,
    reproducibility: ReproducibilityInfo | None = None,
    site_figure_png: bytes | None = None,
    parcel_figures_png: list[tuple[str, bytes]] | None = None,
) -> Path:
    """Write review.docx whole or not at all (output_files)."""
    document = build_review_docx(result, case, reproducibility, site_figure_png, parcel_figures_png)
    buffer = io.BytesIO()
    document.save(buffer)
    output_files.write_bytes(path, buffer.getvalue())
    return Path(path)
