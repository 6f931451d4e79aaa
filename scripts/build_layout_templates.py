"""Write resources/layouts/review_a3_landscape.qpt and review_a4_portrait.qpt.

The templates are data, but writing QGIS layout XML by hand is error-prone;
this script builds them with PyQGIS so they always load in QGIS 3.22. Item ids
are what qgis_adapters/print_layout.py fills in (see LAYOUT_ITEM_IDS there).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/build_layout_templates.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsFillSymbol,
    QgsLayoutFrame,
    QgsLayoutItemAttributeTable,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemMapGrid,
    QgsLayoutItemMapOverview,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutItemShape,
    QgsLayoutMeasurement,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLegendStyle,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsRectangle,
    QgsScaleBarSettings,
    QgsTextFormat,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

from hengyang_plan_plugin.core.plan_schema import PLAN_EPSG, SAMPLE_NOTICE  # noqa: E402
from hengyang_plan_plugin.core.report.presentation import NOTICE_COLOUR  # noqa: E402
from hengyang_plan_plugin.paths import LAYOUTS_DIR  # noqa: E402

FONT = "Noto Sans CJK SC"
# Text with numbers: digits from DejaVu Sans, Chinese by Qt's fallback to Noto Sans CJK. Noto CJK's
# own digits reach the PDF without a ToUnicode entry, so pdftotext (and search) would lose them.
DIGIT_FONT = "DejaVu Sans"
# Every page is one atlas feature (print_layout.py), so these are the PDF's page number and count.
PAGE_EXPRESSION = "第 [% @atlas_featurenumber %] 页 / 共 [% @atlas_totalfeatures %] 页"
SCALE_EXPRESSION = "比例尺 1:[% round(map_get(item_variables('main_map'), 'map_scale')) %]"
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Sheet:
    file_name: str
    page_size: str  # QgsPageSizeRegistry name
    orientation: int
    width: float
    height: float
    title: Box
    case_info: Box
    main_map: Box
    scalebar: Box
    scale_text: Box
    parcel_label: Box
    overview_map: Box
    north_arrow: Box
    legend: Box
    conflict_table: Box
    date_reviewer: Box
    notice: Box
    page_number: Box
    plan_source: Box
    title_size: float
    legend_columns: int


A3 = Sheet(
    "review_a3_landscape.qpt",
    "A3",
    1,
    420,
    297,
    title=Box(10, 12, 400, 11),
    case_info=Box(10, 24, 400, 6),
    main_map=Box(24, 36, 266, 222),
    scalebar=Box(24, 265, 80, 14),
    scale_text=Box(106, 266, 44, 7),
    parcel_label=Box(150, 266, 140, 7),
    overview_map=Box(304, 36, 104, 62),
    north_arrow=Box(274, 40, 12, 18),
    legend=Box(304, 102, 104, 80),
    conflict_table=Box(304, 186, 104, 62),
    date_reviewer=Box(304, 251, 104, 22),
    notice=Box(10, 280, 170, 7),
    page_number=Box(180, 280, 60, 7),
    plan_source=Box(240, 280, 170, 7),
    title_size=22,
    legend_columns=3,
)
A4 = Sheet(
    "review_a4_portrait.qpt",
    "A4",
    0,
    210,
    297,
    title=Box(10, 11, 190, 9),
    case_info=Box(10, 21, 190, 6),
    main_map=Box(20, 30, 172, 115),
    scalebar=Box(20, 149, 60, 12),
    scale_text=Box(82, 150, 34, 7),
    parcel_label=Box(116, 150, 76, 7),
    overview_map=Box(14, 163, 50, 44),
    north_arrow=Box(178, 33, 10, 15),
    legend=Box(68, 163, 128, 44),
    conflict_table=Box(14, 210, 182, 57),
    date_reviewer=Box(14, 268, 182, 12),
    notice=Box(14, 283, 66, 6),
    page_number=Box(80, 283, 40, 6),
    plan_source=Box(120, 283, 76, 6),
    title_size=16,
    legend_columns=4,
)


def text_format(size: float, bold: bool = False, family: str = FONT) -> QgsTextFormat:
    font = QFont(family)
    font.setBold(bold)
    text = QgsTextFormat()
    text.setFont(font)
    text.setSize(size)
    text.setSizeUnit(QgsUnitTypes.RenderUnit.RenderPoints)
    text.setColor(QColor(0, 0, 0))
    return text


def place(item, box: Box) -> None:
    item.attemptMove(QgsLayoutPoint(box.x, box.y, MM))
    item.attemptResize(QgsLayoutSize(box.w, box.h, MM))


def label(
    layout,
    item_id: str,
    box: Box,
    text: str,
    size: float,
    bold=False,
    align=Qt.AlignmentFlag.AlignLeft,
    colour: QColor | None = None,
    family: str = FONT,
) -> QgsLayoutItemLabel:
    item = QgsLayoutItemLabel(layout)
    item.setId(item_id)
    item.setText(text)
    font = QFont(family)
    font.setPointSizeF(size)
    font.setBold(bold)
    item.setFont(font)
    item.setFontColor(colour or QColor(0, 0, 0))
    item.setHAlign(align)
    item.setVAlign(Qt.AlignmentFlag.AlignVCenter)
    layout.addLayoutItem(item)
    place(item, box)
    return item


# Templates need a valid extent with the item's aspect: an empty one is saved as
# NaN and makes the first zoom resize the item. Hengyang's central city, roughly.
HENGYANG_CENTRE = (38_355_000.0, 2_975_000.0)


def initial_extent(box: Box, width_m: float = 20_000.0) -> QgsRectangle:
    height_m = width_m * box.h / box.w
    x, y = HENGYANG_CENTRE
    return QgsRectangle(x - width_m / 2, y - height_m / 2, x + width_m / 2, y + height_m / 2)


def sheet_frame(layout, sheet: Sheet) -> None:
    frame = QgsLayoutItemShape(layout)
    frame.setId("sheet_frame")
    frame.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
    frame.setSymbol(
        QgsFillSymbol.createSimple({"style": "no", "outline_color": "0,0,0", "outline_width": "0.6"})
    )
    layout.addLayoutItem(frame)
    place(frame, Box(6, 6, sheet.width - 12, sheet.height - 12))
    frame.setLocked(True)


def gk_grid(main_map: QgsLayoutItemMap) -> None:
    grid = QgsLayoutItemMapGrid("CGCS2000 高斯-克吕格坐标网", main_map)
    grid.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{PLAN_EPSG}"))
    grid.setUnits(QgsLayoutItemMapGrid.GridUnit.DynamicPageSizeBased)
    grid.setMinimumIntervalWidth(35)
    grid.setMaximumIntervalWidth(70)
    grid.setStyle(QgsLayoutItemMapGrid.GridStyle.Cross)
    grid.setCrossLength(3)
    grid.setFrameStyle(QgsLayoutItemMapGrid.FrameStyle.InteriorTicks)
    grid.setFrameWidth(2)
    grid.setAnnotationEnabled(True)
    grid.setAnnotationFormat(QgsLayoutItemMapGrid.AnnotationFormat.Decimal)
    grid.setAnnotationPrecision(0)
    grid.setAnnotationTextFormat(text_format(5.5, family="DejaVu Sans"))
    for side in (QgsLayoutItemMapGrid.BorderSide.Left, QgsLayoutItemMapGrid.BorderSide.Right):
        grid.setAnnotationPosition(QgsLayoutItemMapGrid.AnnotationPosition.OutsideMapFrame, side)
        grid.setAnnotationDirection(QgsLayoutItemMapGrid.AnnotationDirection.VerticalDescending, side)
    for side in (QgsLayoutItemMapGrid.BorderSide.Top, QgsLayoutItemMapGrid.BorderSide.Bottom):
        grid.setAnnotationPosition(QgsLayoutItemMapGrid.AnnotationPosition.OutsideMapFrame, side)
        grid.setAnnotationDirection(QgsLayoutItemMapGrid.AnnotationDirection.Horizontal, side)
    grid.setAnnotationFrameDistance(1.0)
    main_map.grids().addGrid(grid)


def build(sheet: Sheet) -> QgsPrintLayout:
    layout = QgsPrintLayout(QgsProject.instance())
    layout.initializeDefaults()
    layout.setName("审查图")
    layout.pageCollection().page(0).setPageSize(sheet.page_size, sheet.orientation)
    sheet_frame(layout, sheet)

    label(
        layout,
        "title",
        sheet.title,
        "建设项目国土空间总体规划符合性审查图",
        sheet.title_size,
        bold=True,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    label(layout, "case_info", sheet.case_info, "文号：　申请单位：", 9, align=Qt.AlignmentFlag.AlignHCenter,
          family=DIGIT_FONT)

    main_map = QgsLayoutItemMap(layout)
    main_map.setId("main_map")
    main_map.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{PLAN_EPSG}"))
    main_map.setFrameEnabled(True)
    main_map.setFrameStrokeWidth(QgsLayoutMeasurement(0.4, MM))
    main_map.setBackgroundColor(QColor(255, 255, 255))
    layout.addLayoutItem(main_map)
    place(main_map, sheet.main_map)
    main_map.setExtent(initial_extent(sheet.main_map))
    gk_grid(main_map)

    overview = QgsLayoutItemMap(layout)
    overview.setId("overview_map")
    overview.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{PLAN_EPSG}"))
    overview.setFrameEnabled(True)
    overview.setFrameStrokeWidth(QgsLayoutMeasurement(0.3, MM))
    layout.addLayoutItem(overview)
    place(overview, sheet.overview_map)
    overview.setExtent(initial_extent(sheet.overview_map, 150_000.0))
    frame = QgsLayoutItemMapOverview("区位", overview)
    overview.overviews().addOverview(frame)
    frame.setLinkedMap(main_map)
    frame.setFrameSymbol(
        QgsFillSymbol.createSimple(
            {"color": "230,0,0,90", "outline_color": "230,0,0,255", "outline_width": "0.5"}
        )
    )

    north = QgsLayoutItemPicture(layout)
    north.setId("north_arrow")
    north.setPicturePath(":/images/north_arrows/layout_default_north_arrow.svg")
    north.setLinkedMap(main_map)
    north.setBackgroundEnabled(True)
    north.setBackgroundColor(QColor(255, 255, 255, 200))
    layout.addLayoutItem(north)
    place(north, sheet.north_arrow)

    scalebar = QgsLayoutItemScaleBar(layout)
    scalebar.setId("scalebar")
    scalebar.setStyle("Single Box")
    scalebar.setLinkedMap(main_map)
    scalebar.setUnits(QgsUnitTypes.DistanceUnit.DistanceMeters)
    scalebar.setUnitLabel("米")
    scalebar.setNumberOfSegments(4)
    scalebar.setNumberOfSegmentsLeft(0)
    # Fixed segments: print_layout.py sets a round length (1, 2, 2.5, 5 x 10^n) per page.
    scalebar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFixed)
    scalebar.setUnitsPerSegment(100)
    scalebar.setTextFormat(text_format(7))
    layout.addLayoutItem(scalebar)
    place(scalebar, sheet.scalebar)

    # The numeric scale, read from the map itself: right on every atlas page and after any zoom.
    label(layout, "scale_text", sheet.scale_text, SCALE_EXPRESSION, 8, family=DIGIT_FONT)
    label(layout, "parcel_label", sheet.parcel_label, "", 8, align=Qt.AlignmentFlag.AlignRight, family=DIGIT_FONT)

    legend = QgsLayoutItemLegend(layout)
    legend.setId("legend")
    legend.setTitle("图　例")
    legend.setLinkedMap(main_map)
    legend.setAutoUpdateModel(False)
    legend.setLegendFilterByMapEnabled(True)
    legend.setResizeToContents(False)
    legend.setFrameEnabled(True)
    legend.setSymbolWidth(6)
    legend.setSymbolHeight(3)
    legend.setWrapString("~")
    legend.setColumnCount(sheet.legend_columns)
    # A line symbol drawn in map units (a 跨江通道's control width) must not paint a bar over its
    # neighbours: every legend symbol stays within its patch.
    legend.setMaximumSymbolSize(4)
    legend.setSplitLayer(True)
    for style in (
        QgsLegendStyle.Style.Title,
        QgsLegendStyle.Style.Group,
        QgsLegendStyle.Style.Subgroup,
        QgsLegendStyle.Style.SymbolLabel,
    ):
        legend_font = QFont(FONT)
        legend_font.setPointSizeF(9 if style == QgsLegendStyle.Style.Title else 6)
        legend_font.setBold(style in (QgsLegendStyle.Style.Title, QgsLegendStyle.Style.Subgroup))
        legend.setStyleFont(style, legend_font)
        # Tight rows: the overview page of a city-wide site lists dozens of land-use classes.
        legend.rstyle(style).setMargin(QgsLegendStyle.Side.Top, 0.6 if style != QgsLegendStyle.Style.Title else 1)
    layout.addLayoutItem(legend)
    place(legend, sheet.legend)

    table = QgsLayoutItemAttributeTable(layout)
    table.setEmptyTableBehavior(QgsLayoutTable.EmptyTableMode.ShowMessage)
    table.setEmptyTableMessage("未发现冲突事项")
    table.setWrapBehavior(QgsLayoutTable.WrapBehavior.TruncateText)  # one line per row: pages are planned by rows
    table.setHeaderTextFormat(text_format(6.5, bold=True, family=DIGIT_FONT))
    table.setContentTextFormat(text_format(6.5, family=DIGIT_FONT))
    table.setGridStrokeWidth(0.2)
    # No cap: print_layout.py gives each page at most the rows its frame holds and puts the rest
    # on continuation pages (core/report/sheet_pages.py); a cap would drop rows silently.
    table.setMaximumNumberOfFeatures(100_000)
    layout.addMultiFrame(table)
    table_frame = QgsLayoutFrame(layout, table)
    table_frame.setId("conflict_table")
    place(table_frame, sheet.conflict_table)
    table.addFrame(table_frame)

    label(layout, "date_reviewer", sheet.date_reviewer, "审查单位：　制图单位：　审查人：　审查日期：", 8,
          family=DIGIT_FONT)
    label(layout, "notice", sheet.notice, SAMPLE_NOTICE, 10, bold=True, colour=QColor(NOTICE_COLOUR))
    label(layout, "page_number", sheet.page_number, PAGE_EXPRESSION, 8, align=Qt.AlignmentFlag.AlignHCenter,
          family=DIGIT_FONT)
    size = 6 if sheet is A4 else 6.5
    label(layout, "plan_source", sheet.plan_source, "", size, align=Qt.AlignmentFlag.AlignRight, family=DIGIT_FONT)
    return layout


def main() -> None:
    app = QgsApplication([], False)
    app.initQgis()
    LAYOUTS_DIR.mkdir(parents=True, exist_ok=True)
    for sheet in (A3, A4):
        layout = build(sheet)
        path = LAYOUTS_DIR / sheet.file_name
        if not layout.saveAsTemplate(str(path), QgsReadWriteContext()):
            raise SystemExit(f"could not write {path}")
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    app.exitQgis()


if __name__ == "__main__":
    main()
