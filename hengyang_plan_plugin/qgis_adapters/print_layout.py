"""The 审查图 print layout: a .qpt template filled with one review.

``build_review_layout`` loads ``resources/layouts/review_*.qpt`` into a
QgsPrintLayout of the project, puts the review layers (parcels, conflict
areas, conflict rows) into the project without adding them to the layer tree,
fills the case fields, the conflict table and the notice, filters the legend
to what the map shows and drives every page by the atlas: page 1 the overview
of the whole site, then one page per parcel with a finding (or per parcel), a
table too long for its frame continued on a continuation page
(core/report/sheet_pages.py plans them). Each page is one atlas feature whose
geometry is the page's map extent at a round scale (1:500, 1:1000, 1:2000,
1:2500, 1:5000 …). ``open_in_designer`` and
the ``export_*`` functions are what the ``hengyang_print`` action, the dock,
``make review``, Processing and batch call: one layout, the same pages.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qgis.core import (
    Qgis,
    QgsCentroidFillSymbolLayer,
    QgsCoordinateReferenceSystem,
    QgsExpression,
    QgsFeature,
    QgsGeometry,
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
    QgsLayoutUtils,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsMapLayer,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsPrintLayout,
    QgsProject,
    QgsProperty,
    QgsReadWriteContext,
    QgsRectangle,
    QgsSymbolLayer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QRectF, QSize
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter
from qgis.PyQt.QtXml import QDomDocument

from ..core import output_files
from ..core.plan_schema import PLAN_EPSG, SAMPLE_NOTICE
from ..core.report.case_info import CaseInfo
from ..core.report.geometries import ReviewGeometries
from ..core.report.presentation import NOTICE_COLOUR, SITE_COLOUR, area_text, verdict_label
from ..core.report.reproducibility import PLAN_TITLE
from ..core.report.sheet_pages import OVERVIEW, PARCELS_FLAGGED, SheetPlan, plan_sheet_pages
from ..i18n import tr
from ..paths import LAYOUTS_DIR
from .field_types import INT, STRING, make_field
from .map_figure import MIN_EXTENT_M, OVERVIEW_LAYERS, PLAN_LAYER_PROPERTY, SITE_MARGIN, extent_around
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
    "scale_text": QgsLayoutItemLabel,
    "page_number": QgsLayoutItemLabel,
}
LAYOUT_NAME_PREFIX = "审查图"
SCALE_BAR_SHARE_OF_MAP = 0.25  # scale bar length, as a share of the map's width
PAGE_FILTER = "\"page_no\" = attribute(@atlas_feature, 'page_no')"
PAGES_LAYER_NAME = "审查图图幅"
SHEET_ROWS_LAYER_NAME = "审查图冲突表"
PAGE_LABEL = "[% attribute(@atlas_feature, 'heading') %]　面积：[% attribute(@atlas_feature, 'area_text') %]"
# Round scales a page may take (1, 2, 2.5, 5 x 10^n, from 1:500): the smallest that shows the page's site.
ROUND_SCALE_STEPS = (1, 2, 2.5, 5)
MIN_SCALE = 500
PAGE_MARGIN_M = 1000.0
MIN_PAGE_MARGIN = 0.05


class LayoutTemplateError(RuntimeError):
    """A layout template is missing, unreadable or lacks an item the review fills."""


@dataclass
class ReviewLayout:
    layout: QgsPrintLayout
    layers: ReviewLayers
    pages: SheetPlan | None = None
    sheet_layers: list[QgsVectorLayer] | None = None  # atlas coverage and table rows, owned by the project

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


def _replace_review_layers(project: QgsProject, layers: list[QgsVectorLayer]) -> None:
    # Registered with the project (layouts refer to project layers) but kept out of
    # the layer tree: the dock's own result group stays the user's view.
    stale = [lid for lid, layer in project.mapLayers().items() if layer.customProperty(REVIEW_LAYER_PROPERTY)]
    if stale:
        project.removeMapLayers(stale)
    project.addMapLayers(layers, False)


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


MARKED_ABOVE_SCALE = 10_000  # smaller scales than this: a parcel is a speck, a ring and its id show it
# More rings and ids than this are an unreadable carpet that costs the label engine half a minute
# and the legend's filter seconds a page (10,000 parcels): the outlines show the site, the ids are
# left to the sheet's table and the 审查意见表.
MARKED_PARCELS_MAX = 300


def mark_parcels(parcels: QgsVectorLayer) -> None:
    """On the sheet, each parcel also gets a red ring and its id where the page's scale makes it a
    speck (an overview of parcels kilometres apart); close-ups show the outline alone."""
    if parcels.featureCount() > MARKED_PARCELS_MAX:
        return
    ring = QgsMarkerSymbol.createSimple(
        {"name": "circle", "color": "0,0,0,0", "outline_color": SITE_COLOUR, "outline_width": "0.8", "size": "5"}
    )
    centroid = QgsCentroidFillSymbolLayer()
    centroid.setSubSymbol(ring)
    centroid.setDataDefinedProperty(
        QgsSymbolLayer.Property.PropertyLayerEnabled,
        QgsProperty.fromExpression(f"@map_scale > {MARKED_ABOVE_SCALE}"),
    )
    parcels.renderer().symbol().appendSymbolLayer(centroid)
    settings = QgsPalLayerSettings()
    settings.fieldName = "parcel_id"
    text = QgsTextFormat()
    bold = QFont("DejaVu Sans")
    bold.setBold(True)
    text.setFont(bold)
    text.setSize(9)
    text.setColor(QColor(SITE_COLOUR))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor(255, 255, 255))
    text.setBuffer(buffer)
    settings.setFormat(text)
    settings.dist = 2.0  # beside the ring, not on it
    settings.scaleVisibility = True
    settings.minimumScale = 0  # no limit on the way out ...
    settings.maximumScale = MARKED_ABOVE_SCALE  # ... labelled from 1:10,000 outwards
    parcels.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    parcels.setLabelsEnabled(True)


def _fill_labels(layout: QgsPrintLayout, result: dict[str, Any], case: CaseInfo, is_sample: bool) -> None:
    submission = result.get("submission") or {}
    project_name = case.project_title(str(submission.get("name") or ""))
    verdict = verdict_label(str(result.get("verdict") or ""))
    _item(layout, "title").setText(f"{project_name} 规划符合性审查图")
    _item(layout, "case_info").setText(
        f"文号：{case.document_number or '—'}　　申请单位：{case.applicant or '—'}　　审查结论：{verdict}"
    )
    _item(layout, "date_reviewer").setText(
        f"审查单位：{case.reviewing_unit or '—'}\n制图单位：{case.mapping_unit_text or '—'}\n"
        f"审查人：{case.reviewer or '—'}　　日期：{case.review_date_text}"
    )
    # The plan by its title and version, never by a path (a path means nothing on paper).
    plan_version = str((result.get("plan") or {}).get("version") or PLAN_TITLE)
    _item(layout, "plan_source").setText(
        f"规划依据：{plan_version}　坐标系：CGCS2000 3度带高斯-克吕格 EPSG:{PLAN_EPSG}"
    )
    notice = _item(layout, "notice")
    notice.setText(SAMPLE_NOTICE)
    notice.setFontColor(QColor(NOTICE_COLOUR))  # also for templates saved with another colour
    notice.setVisibility(is_sample)
    _item(layout, "parcel_label").setText(PAGE_LABEL)


def _fill_maps(layout: QgsPrintLayout, layers: ReviewLayers, plan_layers: list[QgsMapLayer], crs_text: str) -> None:
    crs = QgsCoordinateReferenceSystem(crs_text)
    main_map: QgsLayoutItemMap = _item(layout, "main_map")
    main_map.setCrs(crs)
    main_map.setLayers([layers.conflicts, layers.parcels, *plan_layers])
    main_map.setKeepLayerSet(True)
    # The map goes into the PDF as one picture at the sheet's dpi: drawn as vectors, every hatched
    # plan polygon (永久基本农田, 绿线) becomes a pattern image of its own, 33 MB for the sample's six
    # A3 pages. Multiply over the white page looks the same and makes QGIS rasterise the item;
    # text, table, legend and frame stay vector (searchable).
    main_map.setBlendMode(QPainter.CompositionMode.CompositionMode_Multiply)
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


def nice_length(target: float) -> float:
    """The largest of 1, 2, 2.5, 5 x 10^n not above ``target``."""
    exponent = math.floor(math.log10(target))
    for step in (5, 2.5, 2, 1):
        if step * 10**exponent <= target:
            return step * 10**exponent
    return 10**exponent


def round_scale(scale: float) -> float:
    """The smallest round scale (1, 2, 2.5, 5 x 10^n, at least 1:500) not below ``scale``."""
    scale = max(float(scale), MIN_SCALE)
    exponent = math.floor(math.log10(scale))
    for power in (exponent, exponent + 1):
        for step in ROUND_SCALE_STEPS:
            if step * 10**power >= scale * (1 - 1e-9):
                return step * 10**power
    return 10 ** (exponent + 1)


def fit_scale_bar(layout: QgsPrintLayout) -> None:
    """Metres, with round segment lengths (1, 2, 2.5, 5 x 10^n m) for the map's current scale.

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
    segment_m = nice_length(map_width_mm * SCALE_BAR_SHARE_OF_MAP * metres_per_mm / segments)
    scalebar.setUnits(QgsUnitTypes.DistanceUnit.DistanceMeters)
    scalebar.setMapUnitsPerScaleBarUnit(1)
    scalebar.setUnitLabel("米")
    scalebar.setUnitsPerSegment(segment_m)
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
    legend.setMaximumSymbolSize(4)  # a map-unit line width (跨江通道) must not paint over its neighbours
    legend.updateFilterByMap()


LEGEND_FONT_STEPS_PT = (6.0, 5.0, 4.5, 4.0, 3.5, 3.0)  # tried in turn until the legend fits its box
LEGEND_FONT_PT = LEGEND_FONT_STEPS_PT[0]
LEGEND_MIN_COLUMN_MM = 12.0  # no column is narrower than a symbol and a short label at 6 pt
LEGEND_ROW_MARGIN_MM = 0.8


def _style_legend(legend: QgsLayoutItemLegend, font_pt: float) -> None:
    """Text, symbols and row spacing for ``font_pt``: everything shrinks together."""
    ratio = font_pt / LEGEND_FONT_PT
    for style in (QgsLegendStyle.Style.Symbol, QgsLegendStyle.Style.SymbolLabel):
        legend.rstyle(style).setMargin(QgsLegendStyle.Side.Top, LEGEND_ROW_MARGIN_MM * ratio)
    symbol_mm = font_pt * 0.5
    legend.setSymbolHeight(symbol_mm)
    legend.setSymbolWidth(symbol_mm * 2)
    legend.setMaximumSymbolSize(symbol_mm)  # no symbol reaches into the next row
    for style in (QgsLegendStyle.Style.Group, QgsLegendStyle.Style.Subgroup, QgsLegendStyle.Style.SymbolLabel):
        font = legend.styleFont(style)
        font.setPointSizeF(font_pt)
        legend.setStyleFont(style, font)


def legend_content_size(legend: QgsLayoutItemLegend) -> tuple[float, float]:
    """The size (mm) the legend's entries need, measured by QGIS's own legend renderer as the
    legend item does when it sizes itself to its contents. The item learns the map's scale and the
    layout's dpi only when first painted (before that its text measures up to twice too large), so
    they are set here, on a copy of its settings (deprecated setters, still read by QGIS 3.22)."""
    linked = legend.linkedMap()
    settings = legend.legendSettings()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        settings.setDpi(int(legend.layout().renderContext().dpi()))
        if linked is not None and linked.extent().width() > 0:
            settings.setMapScale(linked.scale())
            settings.setMmPerMapUnit(linked.sizeWithUnits().width() / linked.extent().width())
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        context = (QgsLayoutUtils.createRenderContextForMap(linked, painter) if linked is not None
                   else QgsLayoutUtils.createRenderContextForLayout(legend.layout(), painter))
        context.setFlag(Qgis.RenderContextFlag.ApplyScalingWorkaroundForTextRendering, True)
        size = QgsLegendRenderer(legend.model(), settings).minimumSize(context)
    finally:
        painter.end()
    return size.width(), size.height()


def fit_legend(layout: QgsPrintLayout) -> None:
    """The largest text (6 pt down to 3 pt) and the fewest columns at which every entry the page
    shows fits the legend's box: a close-up lists a few classes, a page at city scale (the overview
    of a spread-out site) dozens, and a clipped legend misleads. Measured, not guessed: the filter is
    computed here, once for the page's extent (not again, lazily, when the legend is drawn)."""
    legend: QgsLayoutItemLegend = _item(layout, "legend")
    legend.updateFilterByMap(True)
    box = legend.sizeWithUnits()
    # A legend item learns the map's scale and symbol sizes (QgsLayerTreeModel's map view data) only
    # when painted: paint a corner of it, a few pixels, so that what is measured is what is drawn.
    corner = QRectF(legend.pos().x(), legend.pos().y(), 1.0, 1.0)
    QgsLayoutExporter(layout).renderRegionToImage(corner, QSize(4, 4))
    for font_pt in LEGEND_FONT_STEPS_PT:
        _style_legend(legend, font_pt)
        max_columns = max(1, math.floor(box.width() / (LEGEND_MIN_COLUMN_MM * font_pt / LEGEND_FONT_PT)))
        for columns in range(1, max_columns + 1):  # more columns: shorter, but wider
            legend.setColumnCount(columns)
            width, height = legend_content_size(legend)
            if height <= box.height() + 0.01:
                break
        if width <= box.width() + 0.01 and height <= box.height() + 0.01:
            return


def _table_columns() -> list[QgsLayoutTableColumn]:
    columns = []
    for field_name, heading in ROW_FIELDS:
        column = QgsLayoutTableColumn(heading)
        column.setAttribute(field_name)
        columns.append(column)
    return columns


def _row_height_mm(table: QgsLayoutItemAttributeTable, text_format) -> float:
    font = QFont(text_format.font())
    font.setPointSizeF(text_format.size())
    return QgsLayoutUtils.fontHeightMM(font) + 2 * table.cellMargin() + table.gridStrokeWidth()


def _rows_per_page(layout: QgsPrintLayout) -> int:
    """How many rows the template's table frame holds below its header (rows are one line:
    the template truncates, never wraps, a cell)."""
    frame: QgsLayoutFrame = _item(layout, "conflict_table")
    table: QgsLayoutItemAttributeTable = frame.multiFrame()
    header = _row_height_mm(table, table.headerTextFormat())
    row = _row_height_mm(table, table.contentTextFormat())
    return max(1, math.floor((frame.sizeWithUnits().height() - header - table.gridStrokeWidth()) / row))


def _map_size_mm(layout: QgsPrintLayout) -> tuple[float, float]:
    size = _item(layout, "main_map").sizeWithUnits()
    return size.width(), size.height()


def page_extent(geometry, map_size_mm: tuple[float, float], min_side: float = MIN_EXTENT_M) -> QgsRectangle:
    """The map extent of a page showing ``geometry``: its bounds with a margin, at a round scale."""
    width_mm, height_mm = map_size_mm
    # A parcel gets its surroundings (45 % of its side each way); a site kilometres wide gets about
    # a kilometre: the page then keeps the largest scale, and the map draws (and the legend tests)
    # a fraction of the city's features.
    minx, miny, maxx, maxy = geometry.bounds
    margin = min(SITE_MARGIN, max(MIN_PAGE_MARGIN, PAGE_MARGIN_M / max(maxx - minx, maxy - miny, 1.0)))
    around = extent_around(geometry, width_mm / height_mm, min_side, margin)
    if around.isEmpty():
        return around
    scale = round_scale(around.width() / (width_mm / 1000.0))
    centre = around.center()
    half_w, half_h = scale * width_mm / 2000.0, scale * height_mm / 2000.0
    return QgsRectangle(centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h)


def _pages_layer(plan: SheetPlan, result: dict[str, Any], geometries: ReviewGeometries, map_size_mm) -> QgsVectorLayer:
    """The atlas coverage: one feature per page, its geometry the page's map extent."""
    layer = QgsVectorLayer("Polygon", PAGES_LAYER_NAME, "memory")
    layer.setCrs(QgsCoordinateReferenceSystem(geometries.crs))
    fields = [("page_no", INT), ("kind", STRING), ("parcel_id", STRING), ("heading", STRING), ("area_text", STRING)]
    layer.dataProvider().addAttributes([make_field(name, kind) for name, kind in fields])
    layer.updateFields()
    layer.setCustomProperty(REVIEW_LAYER_PROPERTY, PAGES_LAYER_NAME)
    shapes = dict(geometries.parcels)
    site_area = (result.get("submission") or {}).get("area_m2")
    features = []
    for page in plan.pages:
        shape = geometries.site if page.kind == OVERVIEW else shapes.get(page.parcel_id)
        if shape is None or shape.is_empty:
            continue
        heading = page.heading
        if page.kind == OVERVIEW and plan.parcels_left_out and not page.continued:
            heading += f"（{plan.parcels_left_out} 个地块未单独成图，逐一见审查意见表）"
        area = float(site_area) if page.kind == OVERVIEW and site_area is not None else shape.area
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromRect(page_extent(shape, map_size_mm)))
        feature.setAttributes([page.number, page.kind, page.parcel_id, heading, area_text(area)])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer


def _sheet_rows_layer(plan: SheetPlan) -> QgsVectorLayer:
    """The conflict table's rows, each with the page it is printed on."""
    layer = QgsVectorLayer("None", SHEET_ROWS_LAYER_NAME, "memory")
    layer.dataProvider().addAttributes(
        [make_field("page_no", INT), *(make_field(name, STRING) for name, _ in ROW_FIELDS)]
    )
    layer.updateFields()
    layer.setCustomProperty(REVIEW_LAYER_PROPERTY, SHEET_ROWS_LAYER_NAME)
    features = []
    for page in plan.pages:
        for row in page.rows:
            feature = QgsFeature(layer.fields())
            feature.setAttributes([page.number, *(row[name] for name, _ in ROW_FIELDS)])
            features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def _fill_table(layout: QgsPrintLayout, rows_layer: QgsVectorLayer) -> None:
    table: QgsLayoutItemAttributeTable = _item(layout, "conflict_table").multiFrame()
    table.setVectorLayer(rows_layer)
    table.setColumns(_table_columns())
    table.setFilterFeatures(True)
    table.setFeatureFilter(PAGE_FILTER)
    table.setMaximumNumberOfFeatures(max(100, rows_layer.featureCount()))
    table.refreshAttributes()


def _configure_atlas(layout: QgsPrintLayout, pages_layer: QgsVectorLayer) -> None:
    atlas = layout.atlas()
    atlas.setEnabled(True)
    atlas.setCoverageLayer(pages_layer)
    atlas.setHideCoverage(True)
    atlas.setSortFeatures(True)
    atlas.setSortExpression('"page_no"')
    atlas.setPageNameExpression('"parcel_id"')  # review_layers.SITE_OUTLINE_WIDTH reads it
    atlas.setFilenameExpression("'审查图_' || lpad(to_string(\"page_no\"), 3, '0')")
    atlas.updateFeatures()
    main_map: QgsLayoutItemMap = _item(layout, "main_map")
    main_map.setAtlasDriven(True)
    # The page's feature is the extent itself (round scale, the map's aspect): no margin.
    main_map.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
    main_map.setAtlasMargin(0.0)
    atlas.first()


def build_review_layout(
    project: QgsProject,
    result: dict[str, Any],
    case: CaseInfo,
    geometries: ReviewGeometries,
    template: str = A3_LANDSCAPE,
    plan_layers: list[QgsMapLayer] | None = None,
    is_sample: bool | None = None,
    parcels: str = PARCELS_FLAGGED,
    layers: ReviewLayers | None = None,
) -> ReviewLayout:
    """A filled 审查图 layout, registered in the project's layout manager (replacing one of the same name).

    ``parcels``: PARCELS_FLAGGED (a page per parcel with a finding) or PARCELS_ALL (a page per parcel).
    ``layers``: the review's layers when the caller made them already (the report's figures).
    """
    layout = load_template(project, template)
    layers = layers or make_review_layers(result, geometries)
    mark_parcels(layers.parcels)
    plan_layers = visible_plan_layers(project) if plan_layers is None else plan_layers
    if is_sample is None:
        is_sample = bool((result.get("plan") or {}).get("is_sample", True))

    rows_per_page = _rows_per_page(layout)
    sheet_plan = plan_sheet_pages(result, rows_per_page, parcels)
    pages_layer = _pages_layer(sheet_plan, result, geometries, _map_size_mm(layout))
    rows_layer = _sheet_rows_layer(sheet_plan)
    _replace_review_layers(project, [*layers.all(), pages_layer, rows_layer])

    _fill_labels(layout, result, case, is_sample)
    _fill_maps(layout, layers, plan_layers, geometries.crs)
    _fill_legend(layout, layers, plan_layers)
    _fill_table(layout, rows_layer)
    _configure_atlas(layout, pages_layer)
    fit_scale_bar(layout)
    # Every atlas page (and every zoom in the designer) has its own scale: keep the
    # scale bar's numbers round whenever the map's extent changes.
    _item(layout, "main_map").extentChanged.connect(lambda: fit_scale_bar(layout))
    _item(layout, "main_map").extentChanged.connect(lambda: fit_legend(layout))
    fit_legend(layout)

    submission_name = case.project_title(str((result.get("submission") or {}).get("name") or ""))
    layout.setName(f"{LAYOUT_NAME_PREFIX} {submission_name} {template}")
    manager = project.layoutManager()
    existing = manager.layoutByName(layout.name())
    if existing is not None:
        manager.removeLayout(existing)
    manager.addLayout(layout)
    layout.refresh()
    return ReviewLayout(layout, layers, sheet_plan, [pages_layer, rows_layer])


def open_in_designer(iface, review_layout: ReviewLayout):
    """Open the layout in QGIS's layout designer (the ``hengyang_print`` action), on the atlas
    preview of page 1: every label, the table filter and the page number evaluated as printed."""
    designer = iface.openLayoutDesigner(review_layout.layout)
    if designer is not None and review_layout.is_atlas:
        designer.setAtlasPreviewEnabled(True)
        review_layout.layout.atlas().first()
    return designer


def _check(result: QgsLayoutExporter.ExportResult, path: Path, error: str = "") -> Path:
    if result != QgsLayoutExporter.ExportResult.Success:
        raise OSError(
            tr("Exporting the review sheet failed ({}): {} {}").format(int(result), path, error).strip()
        )
    return path


SHEET_PDF_DPI = 150  # the map picture's resolution: six A3 pages of the sample stay under 5 MB


def export_layout_pdf(review_layout: ReviewLayout, pdf_path: str | Path, dpi: float = SHEET_PDF_DPI) -> Path:
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
    atlas.setFilenameExpression(
        f'{QgsExpression.quotedString(stem + "_")} || lpad(to_string("page_no"), 3, \'0\')'
    )
    result, error = QgsLayoutExporter.exportToImage(atlas, str(png_path.parent / stem), "png", settings)
    _check(result, png_path, error)
    return sorted(png_path.parent.glob(f"{stem}_[0-9][0-9][0-9].png"))


def review_sheet(
    result: Any,
    submission: Any,
    case: CaseInfo,
    template: str = A3_LANDSCAPE,
    project: QgsProject | None = None,
    parcels: str = PARCELS_FLAGGED,
) -> ReviewLayout:
    """The filled sheet for an engine result (object or dict) and its submission, in ``project``.

    Plan layers are those of the project's loaded plan that are checked visible.
    """
    from ..core.report.geometries import review_geometries
    from .review_defaults import complete_case

    project = project or QgsProject.instance()
    data = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    return build_review_layout(
        project, data, complete_case(case), review_geometries(result, submission), template, parcels=parcels
    )


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
