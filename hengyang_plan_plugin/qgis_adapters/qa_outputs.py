"""qa.json, qa.html, qa.pdf and qa_errors.gpkg of one 规划成果质检 run, written together.

The JSON, HTML and error layer come from the core (``core.qa.outputs``); the
PDF is laid out from the very same HTML (``report_pdf``), so the files agree.
Each file is written whole or not at all (``core.output_files``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.qa.model import QaReport
from ..core.qa.outputs import ERRORS_NAME, PDF_NAME, write_errors_gpkg, write_json_and_html
from ..core.qa.report_html import TITLE
from .report_pdf import html_to_pdf


@dataclass
class QaOutputs:
    json_path: Path
    html_path: Path
    pdf_path: Path
    errors_path: Path


def write_qa_outputs(report: QaReport, folder: str | Path) -> QaOutputs:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    json_path, html_path, html = write_json_and_html(report, folder)
    pdf_path = html_to_pdf(html, folder / PDF_NAME, title=TITLE)
    errors_path = write_errors_gpkg(report, folder / ERRORS_NAME)
    return QaOutputs(json_path, html_path, pdf_path, errors_path)
