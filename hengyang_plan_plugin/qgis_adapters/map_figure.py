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
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter, QPen
from qgis.PyQt.QtSvg import QSvgRenderer

from ..core.plan_schema import PLAN_EPSG
from ..core.report.geometries import ReviewGeometries
from .review_layers import ReviewLayers

FIGURE_SIZE = QSize(1800, 1250)
FIGURE_DPI = 220
SITE_MARGIN = 0.45  # of the site's larger side, on each side
MIN_EXTENT_M = 600.0  # a tiny site still shows its surroundings
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


def site_extent(geometries: ReviewGeometries, aspect: float) -> QgsRectangle:
    """The site's bounds with a margin, widened to the figure's aspect (width / height)."""
    site = geometries.site
    if site is None or site.is_empty:
        return QgsRectangle()
    minx, miny, maxx, maxy = site.bounds
    side = max(maxx - minx, maxy - miny, MIN_EXTENT_M)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    width = side * (1 + 2 * SITE_MARGIN)
    height = width / aspect
    if height < (maxy - miny) * (1 + 2 * SITE_MARGIN):
        height = (maxy - miny) * (1 + 2 * SITE_MARGIN)
        width = height * aspect
    return QgsRectangle(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def _map_settings(layers: Sequence[QgsMapLayer], crs: QgsCoordinateReferenceSystem, extent: QgsRectangle,
                  size: QSize, dpi: float) -> QgsMapSettings:
    settings = QgsMapSettings()
    settings.setLayers(list(layers))
    settings.setDestinationCrs(crs)
    settings.setOutputSize(size)
    settings.setOutputDpi(dpi)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    settings.setTransformContext(QgsProject.instance().transformContext())
    settings.setExtent(extent)
    return settings


def _render(settings: QgsMapSettings) -> QImage:
    image = QImage(settings.outputSize(), QImage.Format_ARGB32_Premultiplied)
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


def _overview_image(plan_layers: Sequence[QgsMapLayer], crs: QgsCoordinateReferenceSystem,
                    main_extent: QgsRectangle, width_px: int, dpi: float) -> QImage | None:
    context = [layer for layer in plan_layers if layer.customProperty(PLAN_LAYER_PROPERTY) in OVERVIEW_LAYERS]
    if not context:
        return None
    extent = _layer_extent(context, crs)
    if extent.isEmpty():
        return None
    extent.grow(max(extent.width(), extent.height()) * 0.03)
    height_px = max(1, round(width_px * extent.height() / extent.width()))
    settings = _map_settings(context, crs, extent, QSize(width_px, height_px), dpi / 2)
    settings.setFlag(QgsMapSettings.DrawLabeling, False)
    image = _render(settings)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    to_pixel = settings.mapToPixel()
    top_left = to_pixel.transform(main_extent.xMinimum(), main_extent.yMaximum())
    bottom_right = to_pixel.transform(main_extent.xMaximum(), main_extent.yMinimum())
    box = QRectF(QPointF(top_left.x(), top_left.y()), QPointF(bottom_right.x(), bottom_right.y()))
    if box.width() < 14:  # the site is tiny at city scale: mark it so it stays visible
        box = QRectF(box.center().x() - 7, box.center().y() - 7, 14, 14)
    painter.setPen(QPen(QColor(230, 0, 0), 4))
    painter.setBrush(QColor(230, 0, 0, 90))
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
    for folder in QgsApplication.svgPaths():
        path = Path(folder) / NORTH_ARROW_SVG
        if path.is_file():
            QSvgRenderer(str(path)).render(painter, box)
            return
    painter.setFont(_figure_font(48, bold=True))  # no SVG installed: a plain "N"
    painter.drawText(box, Qt.AlignCenter, "N")


def _draw_overview(painter: QPainter, overview: QImage, size: QSize) -> None:
    target = QRectF(size.width() - overview.width() - 20, size.height() - overview.height() - 20,
                    overview.width(), overview.height())
    painter.drawImage(target, overview)
    painter.setPen(QPen(QColor(0, 0, 0), 3))
    painter.setBrush(Qt.NoBrush)
    painter.drawRect(target)
    painter.setFont(_figure_font(24))
    painter.fillRect(QRectF(target.left(), target.top(), 110, 36), QColor(255, 255, 255, 220))
    painter.drawText(QRectF(target.left() + 8, target.top(), 110, 36), Qt.AlignVCenter, "区位图")


def render_map_figure(plan_layers: Sequence[QgsMapLayer], review_layers: ReviewLayers,
                      geometries: ReviewGeometries, size: QSize = FIGURE_SIZE, dpi: float = FIGURE_DPI) -> QImage:
    """The figure as an image; ``plan_layers`` top first, as in the layer tree."""
    crs = QgsCoordinateReferenceSystem(geometries.crs)
    if not crs.isValid():
        crs = QgsCoordinateReferenceSystem(f"EPSG:{PLAN_EPSG}")
    extent = site_extent(geometries, size.width() / size.height())
    layers = [review_layers.conflicts, review_layers.parcels, *plan_layers]
    settings = _map_settings(layers, crs, extent, size, dpi)
    image = _render(settings)

    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    overview = _overview_image(plan_layers, crs, settings.visibleExtent(),
                               round(size.width() * OVERVIEW_WIDTH_FRACTION), dpi)
    if overview is not None:
        _draw_overview(painter, overview, size)
    _draw_scale_bar(painter, settings, size)
    _draw_north_arrow(painter, size)
    painter.setPen(QPen(QColor(0, 0, 0), 4))
    painter.setBrush(Qt.NoBrush)
    painter.drawRect(QRectF(2, 2, size.width() - 4, size.height() - 4))
    painter.end()
    return image
