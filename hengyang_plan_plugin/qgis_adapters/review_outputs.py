"""Write review.json, review.html, review.pdf, review.docx and review_sheet.pdf for one review.

The one entry point the Processing algorithm, ``make review``, the dock and
batch review share, so the files always agree: the JSON is the engine's
``to_dict()``, the HTML, the PDF and the Word document come from the same
content (core/report/report_content.py), and the 审查图 (review_sheet.pdf) is
the print layout every other path prints (print_layout.py).
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from osgeo import gdal
from qgis.core import Qgis, QgsMapLayer, QgsProject
from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice
from qgis.PyQt.QtGui import QImage

from ..core import output_files
from ..core.report import (
    MAP_FIGURE_FILENAME,
    CaseInfo,
    render_review_html,
    reproducibility_from_result,
)
from ..core.report.geometries import ReviewGeometries, review_geometries
from ..core.report.html_report import PARCEL_FIGURE_FILENAME, REPORT_TITLE
from ..core.report.parcel_selection import parcels_for_figures
from .map_figure import render_map_figure, render_parcel_figures
from .print_layout import A3_LANDSCAPE, visible_plan_layers
from .report_pdf import html_to_pdf
from .review_layers import ReviewLayers, make_review_layers

LOGGER = logging.getLogger(__name__)
JSON_NAME = "review.json"
HTML_NAME = "review.html"
PDF_NAME = "review.pdf"
DOCX_NAME = "review.docx"
SHEET_NAME = "review_sheet.pdf"


@dataclass
class ReviewOutputs:
    json_path: Path | None = None
    html_path: Path | None = None
    pdf_path: Path | None = None
    map_figure: QImage | None = None
    parcel_figures: list[tuple[str, QImage]] = field(default_factory=list)
    docx_path: Path | None = None
    sheet_path: Path | None = None
    sheet_pages: int = 0


def result_dict(result: Any) -> dict[str, Any]:
    return result.to_dict() if hasattr(result, "to_dict") else dict(result)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def png_data_uri(image: QImage) -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes(image)).decode("ascii")


def _plan_project(result: dict[str, Any], plan: str | None) -> QgsProject:
    """A private project with the styled plan, for renders made outside the desktop."""
    from .plan_loader import load_plan

    project = QgsProject()
    plan_info = result.get("plan") or {}
    source = (
        plan if plan is not None else ("" if plan_info.get("is_sample") else plan_info.get("source") or "")
    )
    load_plan(source or None, project)
    return project


@dataclass
class ReviewFigures:
    site: QImage | None = None
    parcels: list[tuple[str, QImage]] = field(default_factory=list)  # close-ups of the worst flagged parcels


def render_review_figures(
    result: dict[str, Any],
    geometries: ReviewGeometries,
    plan_layers: list[QgsMapLayer] | None = None,
    plan: str | None = None,
    layers: ReviewLayers | None = None,
) -> ReviewFigures:
    if geometries.site is None:
        return ReviewFigures()
    project = None
    if plan_layers is None:
        project = _plan_project(result, plan)  # kept alive until rendering is done
        plan_layers = visible_plan_layers(project)
    layers = layers or make_review_layers(result, geometries)
    figures = ReviewFigures(render_map_figure(plan_layers, layers, geometries))
    chosen = parcels_for_figures(result)  # bounded: a 10,000-parcel site gets a dozen close-ups, not 10,000
    if chosen:
        figures.parcels = render_parcel_figures(plan_layers, layers, geometries, chosen)
    if project is not None:
        project.clear()  # release the plan layers now, not whenever Python collects the project
    return figures


def _paths(out_dir, json_path, html_path, pdf_path) -> tuple[Path | None, Path | None, Path | None]:
    if out_dir is not None:
        out_dir = Path(out_dir)
        json_path = json_path or out_dir / JSON_NAME
        html_path = html_path or out_dir / HTML_NAME
        pdf_path = pdf_path or out_dir / PDF_NAME
    return tuple(Path(p) if p else None for p in (json_path, html_path, pdf_path))


def write_review_outputs(
    result: Any,
    case_info: CaseInfo | None = None,
    out_dir: str | Path | None = None,
    *,
    json_path: str | Path | None = None,
    html_path: str | Path | None = None,
    pdf_path: str | Path | None = None,
    docx_path: str | Path | None = None,
    sheet_path: str | Path | None = None,
    sheet_template: str = A3_LANDSCAPE,
    submission: Any = None,
    plan_layers: list[QgsMapLayer] | None = None,
    plan: str | None = None,
    data: dict[str, Any] | None = None,
    project: QgsProject | None = None,
) -> ReviewOutputs:
    """Write whichever of the files is asked for (all five with ``out_dir``).

    ``result`` is the engine's result object (or its ``to_dict()``); conflict
    areas are drawn only from the object. ``submission`` supplies the parcel
    outlines for the map figure. ``plan_layers`` are the styled plan layers to
    draw, top first, with ``project`` the project that holds them (the sheet's
    layout lives there); without them the plan named in the result (or ``plan``)
    is loaded into a private project. ``data`` is ``result.to_dict()`` when the caller has it already
    (the pipeline's review.json: for 10,000 parcels a second one costs a second).

    The sheet is laid out here, on the caller's thread: a layout and its map
    render read the project's layers, which belong to the thread that made them
    (qgis_process and batch: the algorithm's own private project).
    """
    data = data if data is not None else result_dict(result)
    if out_dir is not None:
        sheet_path = sheet_path or Path(out_dir) / SHEET_NAME
    wants_figures = bool(html_path or pdf_path or docx_path or out_dir is not None)
    own_project = None
    if (wants_figures and plan_layers is None) or (sheet_path and project is None):
        own_project = project = _plan_project(data, plan)
        plan_layers = visible_plan_layers(project)
    try:
        geometries = review_geometries(result, submission)
        # One set of review layers (10,000 parcels: a second costs a second) for figures and sheet.
        layers = make_review_layers(data, geometries) if geometries.site is not None else None
        figures = render_review_figures(data, geometries, plan_layers, layers=layers) if wants_figures else None
        outputs = write_review_documents(data, case_info, figures, out_dir, json_path=json_path,
                                         html_path=html_path, pdf_path=pdf_path, docx_path=docx_path)
        if sheet_path:
            from .print_layout import build_review_layout, export_layout_pdf

            sheet = build_review_layout(project, data, case_info or CaseInfo(), geometries, sheet_template,
                                        plan_layers=plan_layers, layers=layers)
            outputs.sheet_path = export_layout_pdf(sheet, sheet_path)
            outputs.sheet_pages = sheet.page_count()
            project.layoutManager().removeLayout(sheet.layout)
        return outputs
    finally:
        if own_project is not None:
            own_project.clear()  # release the plan layers now, not whenever Python collects the project


def write_review_documents(
    data: dict[str, Any],
    case_info: CaseInfo | None,
    figures: ReviewFigures | None,
    out_dir: str | Path | None = None,
    *,
    json_path: str | Path | None = None,
    html_path: str | Path | None = None,
    pdf_path: str | Path | None = None,
    docx_path: str | Path | None = None,
) -> ReviewOutputs:
    """The files from review.json and already rendered figures: no map layer is touched, so
    this runs in a background task (the dock's export) as well as inline. With ``out_dir``
    review.docx is written too (when python-docx is missing, the other files still are and
    ``DocxUnavailable`` is raised at the end with what to install)."""
    case_info = case_info or CaseInfo()
    figures = figures or ReviewFigures()
    json_path, html_path, pdf_path = _paths(out_dir, json_path, html_path, pdf_path)
    docx_optional = docx_path is None  # only implied by out_dir: skipped, not failed, without python-docx
    if out_dir is not None:
        docx_path = docx_path or Path(out_dir) / DOCX_NAME
    outputs = ReviewOutputs(json_path, html_path, pdf_path, docx_path=Path(docx_path) if docx_path else None)

    if json_path:
        output_files.write_json(json_path, data)
    if not (html_path or pdf_path or docx_path):
        return outputs

    outputs.map_figure, outputs.parcel_figures = figures.site, figures.parcels
    repro = reproducibility_from_result(data, qgis_version=Qgis.QGIS_VERSION, gdal_version=gdal.__version__)

    if html_path:
        src = png_data_uri(figures.site) if figures.site is not None else None
        parcels = [(parcel_id, png_data_uri(image)) for parcel_id, image in figures.parcels]
        output_files.write_text(html_path, render_review_html(data, case_info, repro, src, parcels))
    if pdf_path:
        images = {MAP_FIGURE_FILENAME: figures.site} if figures.site is not None else {}
        parcels = []
        for index, (parcel_id, image) in enumerate(figures.parcels):
            name = PARCEL_FIGURE_FILENAME.format(index)
            images[name] = image
            parcels.append((parcel_id, name))
        src = MAP_FIGURE_FILENAME if figures.site is not None else None
        html_to_pdf(
            render_review_html(data, case_info, repro, src, parcels), pdf_path, images, title=REPORT_TITLE
        )
    if docx_path:
        from ..core.report.docx_report import DocxUnavailable, write_review_docx

        try:
            write_review_docx(
                docx_path,
                data,
                case_info,
                repro,
                png_bytes(figures.site) if figures.site is not None else None,
                [(parcel_id, png_bytes(image)) for parcel_id, image in figures.parcels],
            )
        except DocxUnavailable as error:
            if not docx_optional:
                raise
            from qgis.core import QgsApplication

            from ..dependencies import docx_install_hint

            LOGGER.warning("%s：%s", error, docx_install_hint(QgsApplication.qgisSettingsDirPath()))
            outputs.docx_path = None
    return outputs
