"""The 审查图 print layout: a .qpt template filled with one review.

``build_review_layout`` loads ``resources/layouts/review_*.qpt`` into a
QgsPrintLayout of the project, puts the review layers (parcels, conflict
areas, conflict rows) into the project without adding them to the layer tree,
fills the case fields, the conflict table and the notice, filters the legend
to what the map shows and, for a multi-parcel site, turns on the atlas (one
page per parcel). ``open_in_designer`` and the ``export_*`` functions are what
the ``hengyang_print`` action and the dock call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsExpression,
    QgsLayerTree,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemAttributeTable,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutTableColumn,
    QgsMapLayer,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsRectangle,
    QgsUnitTypes,
)
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtXml import QDomDocument

from ..core import output_files
from ..core.plan_schema import PLAN_EPSG, SAMPLE_NOTICE
from ..core.report.case_info import CaseInfo
from ..core.report.geometries import ReviewGeometries
from ..core.report.presentation import NOTICE_COLOUR, area_text, verdict_label
from ..core.report.reproducibility import PLAN_TITLE
from ..i18n import tr
from ..paths import LAYOUTS_DIR
from .map_figure import OVERVIEW_LAYERS, PLAN_LAYER_PROPERTY, site_extent
from .pdf_text_fix import fix_cjk_text_extraction
from .review_layers import REVIEW_LAYER_PROPERTY, ROW_FIELDS, ReviewLayers, make_review_layers

A3_LANDSCAPE = "A3"
A4_PORTRAIT = "A4"
TEMPLATES = {
    A3_LANDSCAPE: LAYOUTS_DIR / "review_a3_landscape.qpt",
    A4_PORTRAIT: LAYOUTS_DIR / "review_a4_portrait.qpt",
}
# Item ids the templates must carry, with the item class each must be.
LAYOUT_ITEM_IDS: dict[str, type] = {
    "title": QgsLayoutItemLabel,
    "case_info": QgsLayoutItemLabel,
    "main_map": QgsLayoutItemMap,
    "overview_map": QgsLayoutItemMap,
    "legend": QgsLayoutItemLegend,
    "scalebar": QgsLayoutItemScaleBar,
    "north_arrow": QgsLayoutItemPicture,
    "conflict_table": QgsLayoutFrame,
    "parcel_label": QgsLayoutItemLabel,
    "date_reviewer": QgsLayoutItemLabel,
    "notice": QgsLayoutItemLabel,
    "plan_source": QgsLayoutItemLabel,
}
LAYOUT_NAME_PREFIX = "审查图"
ATLAS_MARGIN = 0.45
SCALE_BAR_SHARE_OF_MAP = 0.35  # scale bar length, as a share of the map's width
PARCEL_FILTER = "\"parcel_id\" = attribute(@atlas_feature, 'parcel_id')"


class LayoutTemplateError(RuntimeError):
    """A layout template is missing, unreadable or lacks an item the review fills."""


@dataclass
class ReviewLayout:
    layout: QgsPrintLayout
    layers: ReviewLayers

    @property
    def is_atlas(self) -> bool:
        return self.layout.atlas().enabled()

    def page_count(self) -> int:
        return self.layout.atlas().count() if self.is_atlas else self.layout.pageCollection().pageCount()


def load_template(project: QgsProject, template: str = A3_LANDSCAPE) -> QgsPrintLayout:
    """A new layout of ``project`` from one of the review templates; checks every item is there."""
    path = Path(TEMPLATES.get(template, template))
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LayoutTemplateError(tr("The layout template cannot be read: {}").format(path)) from error
    document = QDomDocument()
    if not document.setContent(text):
        raise LayoutTemplateError(tr("The layout template is not valid XML: {}").format(path))
    layout = QgsPrintLayout(project)
    _, ok = layout.loadFromTemplate(document, QgsReadWriteContext())
    if not ok:
        raise LayoutTemplateError(tr("QGIS could not load the layout template: {}").format(path))
    missing = [
        item_id for item_id, kind in LAYOUT_ITEM_IDS.items() if not isinstance(layout.itemById(item_id), kind)
    ]
    if missing:
        raise LayoutTemplateError(
            tr("The layout template {} lacks the items: {}").format(path.name, ", ".join(missing))
        )
    return layout


def _item(layout: QgsPrintLayout, item_id: str):
    return layout.itemById(item_id)


def _replace_review_layers(project: QgsProject, layers: ReviewLayers) -> None:
    # Registered with the project (layouts refer to project layers) but kept out of
    # the layer tree: the dock's own result group stays the user's view.
    stale = [lid for lid, layer in project.mapLayers().items() if layer.customProperty(REVIEW_LAYER_PROPERTY)]
    if stale:
        project.removeMapLayers(stale)
    project.addMapLayers(layers.all(), False)


def visible_plan_layers(project: QgsProject) -> list[QgsMapLayer]:
    """Plan layers checked visible in the layer tree, top first (the drawing order)."""
    return [
        node.layer()
        for node in project.layerTreeRoot().findLayers()
        if node.layer() is not None
        and node.isVisible()
        and node.layer().isSpatial()  # GHZB (规划指标) is a table: nothing to draw or explain
        and node.layer().customProperty(PLAN_LAYER_PROPERTY)
    ]


def _fill_labels(layout: QgsPrintLayout, result: dict[str, Any], case: CaseInfo, is_sample: bool) -> None:
    submission = result.get("submission") or {}
    project_name = case.project_title(str(submission.get("name") or ""))
    verdict = verdict_label(str(result.get("verdict") or ""))
    _item(layout, "title").setText(f"{project_name} 规划符合性审查图")
    _item(layout, "case_info").setText(
        f"文号：{case.document_number or '—'}　　申请单位：{case.applicant or '—'}　　审查结论：{verdict}"
    )
    _item(layout, "date_reviewer").setText(
        f"审查人：{case.reviewer or '—'}　　审查日期：{case.review_date_text}"
    )
    _item(layout, "plan_source").setText(
        f"规划依据：{PLAN_TITLE}　坐标系：CGCS2000 3度带高斯-克吕格 EPSG:{PLAN_EPSG}"
    )
    notice = _item(layout, "notice")
    notice.setText(SAMPLE_NOTICE)
    notice.setFontColor(QColor(NOTICE_COLOUR))  # also for templates saved with another colour
    notice.setVisibility(is_sample)
    site_area = submission.get("area_m2")
    parcel_label = _item(layout, "parcel_label")
    parcel_label.setText(f"用地面积：{area_text(float(site_area))}" if site_area is not None else "")


def _fill_maps(
    layout: QgsPrintLayout, layers: ReviewLayers, plan_layers: list[QgsMapLayer], geometries: ReviewGeometries
) -> None:
    crs = QgsCoordinateReferenceSystem(geometries.crs)
    main_map: QgsLayoutItemMap = _item(layout, "main_map")
    main_map.setCrs(crs)
    main_map.setLayers([layers.conflicts, layers.parcels, *plan_layers])
    main_map.setKeepLayerSet(True)
    size = main_map.sizeWithUnits()
    extent = site_extent(geometries, size.width() / size.height())
    if not extent.isEmpty():
        main_map.zoomToExtent(extent)
    grid = main_map.grids().grid(0) if main_map.grids().size() else None
    if grid is not None:
        grid.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{PLAN_EPSG}"))

    overview: QgsLayoutItemMap = _item(layout, "overview_map")
    context = [layer for layer in plan_layers if layer.customProperty(PLAN_LAYER_PROPERTY) in OVERVIEW_LAYERS]
    overview.setCrs(crs)
    overview.setLayers([layers.location, *(context or plan_layers[-1:])])
    overview.setKeepLayerSet(True)
    if context:
        combined = QgsRectangle(context[0].extent())
        for layer in context[1:]:
            combined.combineExtentWith(layer.extent())
        combined.grow(max(combined.width(), combined.height()) * 0.03)
        overview.zoomToExtent(combined)
    if overview.overviews().size():
        overview.overview().setLinkedMap(main_map)

    _item(layout, "scalebar").setLinkedMap(main_map)
    _item(layout, "north_arrow").setLinkedMap(main_map)


def _nice_length(target: float) -> float:
    exponent = math.floor(math.log10(target))
    for step in (5, 2.5, 2, 1):
        if step * 10**exponent <= target:
            return step * 10**exponent
    return 10**exponent


def fit_scale_bar(layout: QgsPrintLayout) -> None:
    """Round segment lengths for the map's current scale (1, 2, 2.5, 5 x 10^n).

    The bar's length follows the map's width, not the scale bar item's: that item
    resizes itself to its content, so its width would shrink the bar on every call.
    """
    scalebar: QgsLayoutItemScaleBar = _item(layout, "scalebar")
    main_map: QgsLayoutItemMap = _item(layout, "main_map")
    map_width_mm = main_map.sizeWithUnits().width()
    if map_width_mm <= 0 or main_map.extent().width() <= 0:
        return
    metres_per_mm = main_map.extent().width() / map_width_mm
    segments = max(1, scalebar.numberOfSegments())
    target_m = map_width_mm * SCALE_BAR_SHARE_OF_MAP * metres_per_mm / segments
    segment_m = _nice_length(target_m)
    in_km = segment_m * segments >= 2000
    units = QgsUnitTypes.DistanceUnit
    scalebar.setUnits(units.DistanceKilometers if in_km else units.DistanceMeters)
    scalebar.setMapUnitsPerScaleBarUnit(1000 if in_km else 1)
    scalebar.setUnitLabel("千米" if in_km else "米")
    scalebar.setUnitsPerSegment(segment_m / 1000 if in_km else segment_m)
    scalebar.update()


def _fill_legend(layout: QgsPrintLayout, layers: ReviewLayers, plan_layers: list[QgsMapLayer]) -> None:
    legend: QgsLayoutItemLegend = _item(layout, "legend")
    legend.setLinkedMap(_item(layout, "main_map"))
    legend.setAutoUpdateModel(False)
    root: QgsLayerTree = legend.model().rootGroup()
    root.removeAllChildren()
    for layer in (layers.parcels, layers.conflicts, *plan_layers):
        root.addLayer(layer)
    # Only entries whose features fall inside the map extent (per atlas page too).
    legend.setLegendFilterByMapEnabled(True)
    legend.updateFilterByMap()


def _fill_table(layout: QgsPrintLayout, layers: ReviewLayers, atlas: bool) -> None:
    table: QgsLayoutItemAttributeTable = _item(layout, "conflict_table").multiFrame()
    table.setVectorLayer(layers.conflict_rows)
    columns = []
    for field_name, heading in ROW_FIELDS:
        column = QgsLayoutTableColumn(heading)
        column.setAttribute(field_name)
        columns.append(column)
    table.setColumns(columns)
    table.setFilterFeatures(atlas)
    table.setFeatureFilter(PARCEL_FILTER if atlas else "")
    table.refreshAttributes()


def _configure_atlas(layout: QgsPrintLayout, layers: ReviewLayers) -> bool:
    atlas = layout.atlas()
    several = layers.parcels.featureCount() > 1
    atlas.setEnabled(several)
    main_map: QgsLayoutItemMap = _item(layout, "main_map")
    main_map.setAtlasDriven(several)
    if not several:
        return False
    atlas.setCoverageLayer(layers.parcels)
    atlas.setHideCoverage(False)
    atlas.setPageNameExpression('"parcel_id"')
    atlas.setFilenameExpression("'审查图_地块_' || \"parcel_id\"")
    atlas.updateFeatures()
    main_map.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
    main_map.setAtlasMargin(ATLAS_MARGIN)
    _item(layout, "parcel_label").setText(
        # area_text is written by review_layers in the report's wording (QGIS's
        # format_number would follow the locale instead).
        '地块 [% "parcel_id" %]　面积：[% "area_text" %]'
    )
    return True


def build_review_layout(
    project: QgsProject,
    result: dict[str, Any],
    case: CaseInfo,
    geometries: ReviewGeometries,
    template: str = A3_LANDSCAPE,
    plan_layers: list[QgsMapLayer] | None = None,
    is_sample: bool | None = None,
) -> ReviewLayout:
    """A filled 审查图 layout, registered in the project's layout manager (replacing one of the same name)."""
    layout = load_template(project, template)
    layers = make_review_layers(result, geometries)
    _replace_review_layers(project, layers)
    plan_layers = visible_plan_layers(project) if plan_layers is None else plan_layers
    if is_sample is None:
        is_sample = bool((result.get("plan") or {}).get("is_sample", True))

    _fill_labels(layout, result, case, is_sample)
    _fill_maps(layout, layers, plan_layers, geometries)
    _fill_legend(layout, layers, plan_layers)
    atlas = _configure_atlas(layout, layers)
    _fill_table(layout, layers, atlas)
    fit_scale_bar(layout)
    # Every atlas page (and every zoom in the designer) has its own scale: keep the
    # scale bar's numbers round whenever the map's extent changes.
    _item(layout, "main_map").extentChanged.connect(lambda: fit_scale_bar(layout))

    submission_name = case.project_title(str((result.get("submission") or {}).get("name") or ""))
    layout.setName(f"{LAYOUT_NAME_PREFIX} {submission_name} {template}")
    manager = project.layoutManager()
    existing = manager.layoutByName(layout.name())
    if existing is not None:
        manager.removeLayout(existing)
    manager.addLayout(layout)
    layout.refresh()
    return ReviewLayout(layout, layers)


def open_in_designer(iface, review_layout: ReviewLayout):
    """Open the layout in QGIS's layout designer (the ``hengyang_print`` action)."""
    return iface.openLayoutDesigner(review_layout.layout)


def _check(result: QgsLayoutExporter.ExportResult, path: Path, error: str = "") -> Path:
    if result != QgsLayoutExporter.ExportResult.Success:
        raise OSError(
            tr("Exporting the review sheet failed ({}): {} {}").format(int(result), path, error).strip()
        )
    return path


def export_layout_pdf(review_layout: ReviewLayout, pdf_path: str | Path, dpi: float = 300) -> Path:
    """One PDF; with an atlas, one page per parcel. Written whole or not at all (output_files)."""
    with output_files.replacing(pdf_path) as partial:
        _export_pdf(review_layout, partial, dpi, Path(pdf_path))
    return Path(pdf_path)


def _export_pdf(review_layout: ReviewLayout, pdf_path: Path, dpi: float, shown_path: Path) -> None:
    """Export to ``pdf_path`` (the temporary file); a failure names ``shown_path``, the user's."""
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = dpi
    settings.rasterizeWholeImage = False
    # Text as text (searchable, copyable), not the default outlines (QGIS >= 3.40 follows it).
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
    layout = review_layout.layout
    if review_layout.is_atlas:
        result, error = QgsLayoutExporter.exportToPdf(layout.atlas(), str(pdf_path), settings)
        _check(result, shown_path, error)
    else:
        _check(QgsLayoutExporter(layout).exportToPdf(str(pdf_path), settings), shown_path)
    fix_cjk_text_extraction(pdf_path)


def export_layout_png(review_layout: ReviewLayout, png_path: str | Path, dpi: float = 200) -> list[Path]:
    """PNG pages: ``png_path`` itself, or with an atlas one file per parcel beside it."""
    png_path = Path(png_path)
    png_path.parent.mkdir(parents=True, exist_ok=True)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = dpi
    layout = review_layout.layout
    if not review_layout.is_atlas:
        _check(QgsLayoutExporter(layout).exportToImage(str(png_path), settings), png_path)
        return [png_path]
    atlas = layout.atlas()
    stem = png_path.stem
    atlas.setFilenameExpression(f'{QgsExpression.quotedString(stem + "_")} || "parcel_id"')
    result, error = QgsLayoutExporter.exportToImage(atlas, str(png_path.parent / stem), "png", settings)
    _check(result, png_path, error)
    return sorted(png_path.parent.glob(f"{stem}_*.png"))


def review_sheet(
    result: Any,
    submission: Any,
    case: CaseInfo,
    template: str = A3_LANDSCAPE,
    project: QgsProject | None = None,
) -> ReviewLayout:
    """The filled sheet for an engine result (object or dict) and its submission, in ``project``.

    Plan layers are those of the project's loaded plan that are checked visible.
    """
    from ..core.report.geometries import review_geometries

    project = project or QgsProject.instance()
    data = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    return build_review_layout(project, data, case, review_geometries(result, submission), template)


def print_review(iface, result: Any, submission: Any, case: CaseInfo, template: str = A3_LANDSCAPE):
    """The ``hengyang_print`` action: fill the sheet and open it in the layout designer."""
    return open_in_designer(iface, review_sheet(result, submission, case, template))


def export_review_sheet(
    result: Any,
    submission: Any,
    case: CaseInfo,
    path: str | Path,
    template: str = A3_LANDSCAPE,
    project: QgsProject | None = None,
) -> list[Path]:
    """The dock's export: ``.pdf`` gives one file (a page per parcel), ``.png`` one file per page."""
    path = Path(path)
    sheet = review_sheet(result, submission, case, template, project)
    if path.suffix.lower() == ".pdf":
        return [export_layout_pdf(sheet, path)]
    return export_layout_png(sheet, path)
