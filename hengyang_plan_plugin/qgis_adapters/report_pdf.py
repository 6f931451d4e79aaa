"""Lay the report HTML out on A4 pages and write a PDF, headless.

QTextDocument + QPrinter (Qt's own PDF engine) is used rather than
QgsLayoutItemHtml: it needs no web engine, runs under QT_QPA_PLATFORM=offscreen
and embeds the CJK font as a subset with a ToUnicode map, so pdftotext and
copy-paste return the Chinese text.
"""

from __future__ import annotations

from pathlib import Path

from qgis.PyQt.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from qgis.PyQt.QtGui import QFont, QImage, QPageLayout, QPageSize, QPainter, QTextDocument
from qgis.PyQt.QtPrintSupport import QPrinter

from ..core import output_files
from .pdf_text_fix import fix_cjk_text_extraction

# Latin and digits from DejaVu Sans, Chinese from Noto Sans CJK SC: with Noto CJK
# alone Qt leaves some digit runs out of the PDF's ToUnicode map, so pdftotext
# (and search) would lose the areas.
REPORT_FONT_FAMILIES = ["DejaVu Sans", "Noto Sans CJK SC"]
PAGE_MARGINS_MM = QMarginsF(18, 16, 18, 18)
FOOTER_HEIGHT_PX = 24  # at QPrinter.ScreenResolution (96 dpi)


def _report_font() -> QFont:
    font = QFont(REPORT_FONT_FAMILIES[-1], 10)
    font.setFamilies(REPORT_FONT_FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


def _pdf_printer(pdf_path: Path, title: str) -> QPrinter:
    # ScreenResolution keeps HTML pixel sizes meaningful (96 px per inch); text and
    # vector lines stay vector in the PDF and images keep their full resolution.
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(pdf_path))
    printer.setDocName(title)
    printer.setCreator("Hengyang plan review plugin")
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            PAGE_MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer


def html_to_pdf(
    html: str,
    pdf_path: str | Path,
    images: dict[str, QImage] | None = None,
    title: str = "",
) -> Path:
    """Write ``html`` to ``pdf_path``; ``images`` maps an <img src> name to its picture.

    The pages go to a temporary file that replaces ``pdf_path`` once complete (output_files)."""
    with output_files.replacing(pdf_path) as partial:
        _write_pdf(html, partial, images, title)
    return Path(pdf_path)


def _write_pdf(html: str, pdf_path: Path, images: dict[str, QImage] | None, title: str) -> None:
    printer = _pdf_printer(pdf_path, title)

    document = QTextDocument()
    document.setDefaultFont(_report_font())
    for name, image in (images or {}).items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.documentLayout().setPaintDevice(printer)
    document.setHtml(html)

    page_rect = printer.pageRect(QPrinter.Unit.DevicePixel)
    body_size = QSizeF(page_rect.width(), page_rect.height() - FOOTER_HEIGHT_PX)
    document.setPageSize(body_size)
    page_count = document.pageCount()

    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(f"cannot write PDF: {pdf_path}")
    try:
        for page in range(page_count):
            if page:
                printer.newPage()
            _paint_page(painter, document, page, body_size)
            _paint_footer(painter, page + 1, page_count, body_size)
    finally:
        painter.end()
    fix_cjk_text_extraction(pdf_path)


def _paint_page(painter: QPainter, document: QTextDocument, page: int, body_size: QSizeF) -> None:
    painter.save()
    painter.translate(0, -page * body_size.height())
    clip = QRectF(0, page * body_size.height(), body_size.width(), body_size.height())
    document.drawContents(painter, clip)
    painter.restore()


def _paint_footer(painter: QPainter, page_number: int, page_count: int, body_size: QSizeF) -> None:
    painter.save()
    font = _report_font()
    font.setPointSizeF(8.5)
    painter.setFont(font)
    footer = QRectF(0, body_size.height(), body_size.width(), FOOTER_HEIGHT_PX)
    painter.drawLine(footer.topLeft(), footer.topRight())
    painter.drawText(footer, Qt.AlignmentFlag.AlignCenter, f"第 {page_number} 页  共 {page_count} 页")
    painter.restore()
