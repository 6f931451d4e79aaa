"""Write review.json, review.html and review.pdf for one review.

The one entry point the Processing algorithm, ``make review``, the dock and
batch review share, so the three files always agree: the JSON is the
engine's ``to_dict()``, the HTML and the PDF come from the same template.
"""

from __future__ import annotations

import base64
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
from .print_layout import visible_plan_layers
from .report_pdf import html_to_pdf
from .review_layers import make_review_layers

JSON_NAME = "review.json"
HTML_NAME = "review.html"
PDF_NAME = "review.pdf"


@dataclass
class ReviewOutputs:
    json_path: Path | None = None
    html_path: Path | None = None
    pdf_path: Path | None = None
    map_figure: QImage | None = None
    parcel_figures: list[tuple[str, QImage]] = field(default_factory=list)


def result_dict(result: Any) -> dict[str, Any]:
    return result.to_dict() if hasattr(result, "to_dict") else dict(result)


def png_data_uri(image: QImage) -> str:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return "data:image/png;base64," + base64.b64encode(bytes(data)).decode("ascii")


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
) -> ReviewFigures:
    if geometries.site is None:
        return ReviewFigures()
    project = None
    if plan_layers is None:
        project = _plan_project(result, plan)  # kept alive until rendering is done
        plan_layers = visible_plan_layers(project)
    layers = make_review_layers(result, geometries)
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
    submission: Any = None,
    plan_layers: list[QgsMapLayer] | None = None,
    plan: str | None = None,
    data: dict[str, Any] | None = None,
) -> ReviewOutputs:
    """Write whichever of the three files is asked for (all three with ``out_dir``).

    ``result`` is the engine's result object (or its ``to_dict()``); conflict
    areas are drawn only from the object. ``submission`` supplies the parcel
    outlines for the map figure. ``plan_layers`` are the styled plan layers to
    draw, top first; without them the plan named in the result (or ``plan``) is
    loaded into a private project. ``data`` is ``result.to_dict()`` when the caller has it already
    (the pipeline's review.json: for 10,000 parcels a second one costs a second).
    """
    data = data if data is not None else result_dict(result)
    figures = None
    if html_path or pdf_path or out_dir is not None:
        figures = render_review_figures(data, review_geometries(result, submission), plan_layers, plan)
    return write_review_documents(data, case_info, figures, out_dir, json_path=json_path, html_path=html_path,
                                  pdf_path=pdf_path)


def write_review_documents(
    data: dict[str, Any],
    case_info: CaseInfo | None,
    figures: ReviewFigures | None,
    out_dir: str | Path | None = None,
    *,
    json_path: str | Path | None = None,
    html_path: str | Path | None = None,
    pdf_path: str | Path | None = None,
) -> ReviewOutputs:
    """The files from review.json and already rendered figures: no map layer is touched, so
    this runs in a background task (the dock's export) as well as inline."""
    case_info = case_info or CaseInfo()
    figures = figures or ReviewFigures()
    json_path, html_path, pdf_path = _paths(out_dir, json_path, html_path, pdf_path)
    outputs = ReviewOutputs(json_path, html_path, pdf_path)

    if json_path:
        output_files.write_json(json_path, data)
    if not (html_path or pdf_path):
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
    return outputs
