"""The report's map figure: the site over the styled plan, conflicts hatched red, an overview inset.

Rendered with QgsMapRendererCustomPainterJob.renderSynchronously(): unlike the
parallel job it needs no event loop, so the figure renders the same in the
desktop, in a Processing worker thread and under qgis_process.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsMapLayer,
    QgsMapRendererCustomPainterJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QPointF, QRectF, QSize, Qt
from qgis.PyQt.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPen
from qgis.PyQt.QtSvg import QSvgRenderer

from ..core.plan_schema import PLAN_EPSG
from ..core.report.geometries import ReviewGeometries
from ..core.report.presentation import CONFLICT_COLOUR, SITE_COLOUR
from .review_layers import ReviewLayers

FIGURE_SIZE = QSize(1800, 1250)
PARCEL_FIGURE_SIZE = QSize(1100, 820)
MAX_PARCEL_MARKERS = 30  # numbered rings on one figure; more would be unreadable
DETAIL_EXTENT_M = 5000.0  # wider than this, points and labels are left out of a figure
POINT_LAYERS = ("GGFWSS",)
MARKER_BELOW_PX = 30  # parcels narrower than this get a numbered ring
FIGURE_DPI = 220
SITE_MARGIN = 0.45  # of the site's larger side, on each side
MIN_EXTENT_M = 600.0  # a tiny site still shows its surroundings
MIN_PARCEL_EXTENT_M = 250.0  # close-ups: the parcel itself should fill a good part of the frame
OVERVIEW_WIDTH_FRACTION = 0.27
OVERVIEW_LAYERS = ("XZQ", "ZXCQFW")
PLAN_LAYER_PROPERTY = "hengyang/layer"
LABEL_FONT_FAMILY = "Noto Sans CJK SC"
NORTH_ARROW_SVG = "arrows/NorthArrow_02.svg"


def _figure_font(pixel_size: int, bold: bool = False) -> QFont:
    font = QFont(LABEL_FONT_FAMILY)
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    return font


def extent_around(
    geometry, aspect: float, min_side: float = MIN_EXTENT_M, margin: float = SITE_MARGIN
) -> QgsRectangle:
    """``geometry``'s bounds with a margin (a share of its larger side, each side), widened to the
    figure's aspect (width / height)."""
    if geometry is None or geometry.is_empty:
        return QgsRectangle()
    minx, miny, maxx, maxy = geometry.bounds
    side = max(maxx - minx, maxy - miny, min_side)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    width = side * (1 + 2 * margin)
    height = width / aspect
    if height < (maxy - miny) * (1 + 2 * margin):
        height = (maxy - miny) * (1 + 2 * margin)
        width = height * aspect
    return QgsRectangle(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def site_extent(geometries: ReviewGeometries, aspect: float) -> QgsRectangle:
    return extent_around(geometries.site, aspect)


def _map_settings(
    layers: Sequence[QgsMapLayer],
    crs: QgsCoordinateReferenceSystem,
    extent: QgsRectangle,
    size: QSize,
    dpi: float,
) -> QgsMapSettings:
    settings = QgsMapSettings()
    settings.setLayers(list(layers))
    settings.setDestinationCrs(crs)
    settings.setOutputSize(size)
    settings.setOutputDpi(dpi)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setFlag(Qgis.MapSettingsFlag.Antialiasing, True)
    settings.setFlag(Qgis.MapSettingsFlag.DrawLabeling, True)
    settings.setTransformContext(QgsProject.instance().transformContext())
    settings.setExtent(extent)
    return settings


def _render(settings: QgsMapSettings) -> QImage:
    image = QImage(settings.outputSize(), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(round(settings.outputDpi() / 0.0254))
    image.setDotsPerMeterY(round(settings.outputDpi() / 0.0254))
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        job = QgsMapRendererCustomPainterJob(settings, painter)
        job.renderSynchronously()
    finally:
        painter.end()
    return image


def _layer_extent(layers: Sequence[QgsMapLayer], crs: QgsCoordinateReferenceSystem) -> QgsRectangle:
    extent = QgsRectangle()
    for layer in layers:
        layer_extent = layer.extent()
        if layer.crs() != crs:
            transform = QgsCoordinateTransform(layer.crs(), crs, QgsProject.instance().transformContext())
            layer_extent = transform.transformBoundingBox(layer_extent)
        if extent.isNull():
            extent = QgsRectangle(layer_extent)
        else:
            extent.combineExtentWith(layer_extent)
    return extent


def _overview_image(
    plan_layers: Sequence[QgsMapLayer],
    crs: QgsCoordinateReferenceSystem,
    main_extent: QgsRectangle,
    width_px: int,
    dpi: float,
) -> QImage | None:
    context = [layer for layer in plan_layers if layer.customProperty(PLAN_LAYER_PROPERTY) in OVERVIEW_LAYERS]
    if not context:
        return None
    extent = _layer_extent(context, crs)
    if extent.isEmpty():
        return None
    extent.grow(max(extent.width(), extent.height()) * 0.03)
    height_px = max(1, round(width_px * extent.height() / extent.width()))
    settings = _map_settings(context, crs, extent, QSize(width_px, height_px), dpi / 2)
    settings.setFlag(Qgis.MapSettingsFlag.DrawLabeling, False)
    image = _render(settings)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    to_pixel = settings.mapToPixel()
    top_left = to_pixel.transform(main_extent.xMinimum(), main_extent.yMaximum())
    bottom_right = to_pixel.transform(main_extent.xMaximum(), main_extent.yMinimum())
    box = QRectF(QPointF(top_left.x(), top_left.y()), QPointF(bottom_right.x(), bottom_right.y()))
    if box.width() < 14:  # the site is tiny at city scale: mark it so it stays visible
        box = QRectF(box.center().x() - 7, box.center().y() - 7, 14, 14)
    painter.setPen(QPen(QColor(SITE_COLOUR), 4))
    fill = QColor(SITE_COLOUR)
    fill.setAlpha(90)
    painter.setBrush(fill)
    painter.drawRect(box)
    painter.end()
    return image


def _nice_length(target_m: float) -> float:
    exponent = math.floor(math.log10(target_m))
    for step in (5, 2, 1):
        if step * 10**exponent <= target_m:
            return step * 10**exponent
    return 10**exponent


def _draw_scale_bar(painter: QPainter, settings: QgsMapSettings, size: QSize) -> None:
    metres_per_px = settings.mapUnitsPerPixel()
    length_m = _nice_length(size.width() * 0.22 * metres_per_px)
    length_px = length_m / metres_per_px
    x0, y0, bar_h = 40.0, size.height() - 60.0, 14.0
    painter.setPen(QPen(QColor(0, 0, 0), 2))
    for i in range(4):
        painter.setBrush(QColor(0, 0, 0) if i % 2 == 0 else QColor(255, 255, 255))
        painter.drawRect(QRectF(x0 + i * length_px / 4, y0, length_px / 4, bar_h))
    painter.setFont(_figure_font(26))
    label = f"{length_m / 1000:g} 千米" if length_m >= 1000 else f"{length_m:g} 米"
    painter.drawText(QPointF(x0 - 6, y0 - 10), "0")
    painter.drawText(QPointF(x0 + length_px - 10, y0 - 10), label)


def _draw_north_arrow(painter: QPainter, size: QSize) -> None:
    box = QRectF(size.width() - 130, 30, 90, 130)
    painter.fillRect(box.adjusted(-8, -8, 8, 8), QColor(255, 255, 255, 220))  # map labels stay behind it
    for folder in QgsApplication.svgPaths():
        path = Path(folder) / NORTH_ARROW_SVG
        if path.is_file():
            QSvgRenderer(str(path)).render(painter, box)
            return
    painter.setFont(_figure_font(48, bold=True))  # no SVG installed: a plain "N"
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "N")


def _draw_overview(painter: QPainter, overview: QImage, size: QSize) -> None:
    target = QRectF(
        size.width() - overview.width() - 20,
        size.height() - overview.height() - 20,
        overview.width(),
        overview.height(),
    )
    painter.drawImage(target, overview)
    painter.setPen(QPen(QColor(0, 0, 0), 3))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(target)
    painter.setFont(_figure_font(24))
    painter.fillRect(QRectF(target.left(), target.top(), 110, 36), QColor(255, 255, 255, 220))
    title_rect = QRectF(target.left() + 8, target.top(), 110, 36)
    painter.drawText(title_rect, Qt.AlignmentFlag.AlignVCenter, "区位图")


def _plan_layers_for(
    extent: QgsRectangle, plan_layers: Sequence[QgsMapLayer]
) -> tuple[list[QgsMapLayer], bool]:
    """Layers and whether to label: at city scale points and labels would bury the site."""
    if extent.width() <= DETAIL_EXTENT_M:
        return list(plan_layers), True
    areas_and_lines = [
        layer for layer in plan_layers if layer.customProperty(PLAN_LAYER_PROPERTY) not in POINT_LAYERS
    ]
    return areas_and_lines, False


def _draw_parcel_markers(painter: QPainter, settings: QgsMapSettings, geometries: ReviewGeometries) -> None:
    """Numbered rings on parcels too small to see at this scale; beyond MAX_PARCEL_MARKERS of them
    the rings would bury the map and each other, and the parcel table tells them instead."""
    to_pixel = settings.mapToPixel()
    painter.setFont(_figure_font(26, bold=True))
    small = []
    for parcel_id, geometry in geometries.parcels:
        minx, miny, maxx, maxy = geometry.bounds
        if (maxx - minx) / settings.mapUnitsPerPixel() < MARKER_BELOW_PX:
            small.append((parcel_id, geometry))
            if len(small) > MAX_PARCEL_MARKERS:
                return
    for parcel_id, geometry in small:
        point = geometry.representative_point()
        centre = to_pixel.transform(point.x, point.y)
        painter.setPen(QPen(QColor(255, 255, 255), 9))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(centre.x(), centre.y()), 22, 22)
        painter.setPen(QPen(QColor(SITE_COLOUR), 5))
        painter.drawEllipse(QPointF(centre.x(), centre.y()), 22, 22)
        label = QRectF(centre.x() + 24, centre.y() - 46, 160, 40)
        painter.setPen(QPen(QColor(255, 255, 255), 1))
        painter.fillRect(
            QRectF(label.left(), label.top() + 4, 24 + 18 * len(parcel_id), 34), QColor(255, 255, 255, 210)
        )
        painter.setPen(QPen(QColor(SITE_COLOUR), 1))
        painter.drawText(label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f" {parcel_id}")


def _draw_small_legend(painter: QPainter) -> None:
    """What the red means on a close-up: 用地红线 and 冲突范围 (the plan's own colours are the
    sheet's legend; a close-up is read beside the report's text)."""
    box = QRectF(24, 24, 300, 104)
    painter.fillRect(box, QColor(255, 255, 255, 235))
    painter.setPen(QPen(QColor(0, 0, 0), 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(box)
    painter.setFont(_figure_font(28))
    site = QRectF(box.left() + 16, box.top() + 16, 64, 30)
    painter.setPen(QPen(QColor(SITE_COLOUR), 6))
    painter.drawRect(site)
    conflict = QRectF(box.left() + 16, box.top() + 60, 64, 30)
    painter.setPen(QPen(QColor(CONFLICT_COLOUR), 3))
    painter.setBrush(QBrush(QColor(CONFLICT_COLOUR), Qt.BrushStyle.BDiagPattern))
    painter.drawRect(conflict)
    painter.setPen(QPen(QColor(0, 0, 0), 1))
    painter.drawText(QRectF(site.right() + 16, site.top() - 4, 200, 38), Qt.AlignmentFlag.AlignVCenter, "用地红线")
    painter.drawText(
        QRectF(conflict.right() + 16, conflict.top() - 4, 200, 38), Qt.AlignmentFlag.AlignVCenter, "冲突范围"
    )


def _frame(painter: QPainter, size: QSize) -> None:
    painter.setPen(QPen(QColor(0, 0, 0), 4))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(2, 2, size.width() - 4, size.height() - 4))


def _render_around(
    geometry,
    plan_layers: Sequence[QgsMapLayer],
    review_layers: ReviewLayers,
    crs: QgsCoordinateReferenceSystem,
    size: QSize,
    dpi: float,
    min_side: float = MIN_EXTENT_M,
    labels: bool = True,
) -> tuple[QImage, QgsMapSettings]:
    """``labels=False``: no map labels (a close-up's district and unit names would sit on the parcel)."""
    extent = extent_around(geometry, size.width() / size.height(), min_side)
    shown, labelled = _plan_layers_for(extent, plan_layers)
    labelled = labelled and labels
    settings = _map_settings([review_layers.conflicts, review_layers.parcels, *shown], crs, extent, size, dpi)
    settings.setFlag(Qgis.MapSettingsFlag.DrawLabeling, labelled)
    return _render(settings), settings


def _figure_crs(geometries: ReviewGeometries) -> QgsCoordinateReferenceSystem:
    crs = QgsCoordinateReferenceSystem(geometries.crs)
    return crs if crs.isValid() else QgsCoordinateReferenceSystem(f"EPSG:{PLAN_EPSG}")


def render_map_figure(
    plan_layers: Sequence[QgsMapLayer],
    review_layers: ReviewLayers,
    geometries: ReviewGeometries,
    size: QSize = FIGURE_SIZE,
    dpi: float = FIGURE_DPI,
) -> QImage:
    """The whole site over the plan with an overview inset; ``plan_layers`` top first (layer tree order)."""
    crs = _figure_crs(geometries)
    image, settings = _render_around(geometries.site, plan_layers, review_layers, crs, size, dpi)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw_parcel_markers(painter, settings, geometries)
    overview = _overview_image(
        plan_layers, crs, settings.visibleExtent(), round(size.width() * OVERVIEW_WIDTH_FRACTION), dpi
    )
    if overview is not None:
        _draw_overview(painter, overview, size)
    _draw_scale_bar(painter, settings, size)
    _draw_north_arrow(painter, size)
    _frame(painter, size)
    painter.end()
    return image


def render_parcel_figures(
    plan_layers: Sequence[QgsMapLayer],
    review_layers: ReviewLayers,
    geometries: ReviewGeometries,
    parcel_ids: Sequence[str],
    size: QSize = PARCEL_FIGURE_SIZE,
    dpi: float = FIGURE_DPI,
) -> list[tuple[str, QImage]]:
    """One close-up per parcel named, in that order (multi-parcel sites: the whole-site figure is at
    city scale)."""
    crs = _figure_crs(geometries)
    shapes = dict(geometries.parcels)
    figures = []
    for parcel_id, geometry in ((pid, shapes[pid]) for pid in parcel_ids if pid in shapes):
        image, settings = _render_around(
            geometry, plan_layers, review_layers, crs, size, dpi, MIN_PARCEL_EXTENT_M, labels=False
        )
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _draw_small_legend(painter)
        _draw_scale_bar(painter, settings, size)
        _draw_north_arrow(painter, size)
        _frame(painter, size)
        painter.end()
        figures.append((parcel_id, image))
    return figures
