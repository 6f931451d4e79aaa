"""Write styles/<LAYER>.qml for every spatial plan layer.

The renderers and labels are built with PyQGIS on an empty memory layer that
has the layer's contract fields, then saved with ``saveNamedStyle`` so the QML
is exactly what this QGIS (3.22) writes. Value domains come from
``plan_schema`` and the 用地用海 colours from ``resources/landuse/ydyh_codes.csv``;
rerun after changing either:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/generate_styles.py

The 规划分区 and control-line colours are this project's defaults (the national
制图规范 appendix was not available); they are data, edit them here.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

# A fixed hash seed makes Qt write XML attributes in a stable order, so
# regenerating unchanged styles gives unchanged files.
os.environ.setdefault("QT_HASH_SEED", "0")

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsLinePatternFillSymbolLayer,
    QgsLineSymbol,
    QgsMapLayer,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProperty,
    QgsRendererCategory,
    QgsSimpleFillSymbolLayer,
    QgsSimpleLineSymbolLayer,
    QgsSingleSymbolRenderer,
    QgsSymbolLayer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

from hengyang_plan_plugin.core import plan_schema as schema  # noqa: E402
from hengyang_plan_plugin.core.land_use_codes import land_use_codes  # noqa: E402
from hengyang_plan_plugin.core.rules import survey_classes  # noqa: E402

LABEL_FONT = "Noto Sans CJK SC"
OUTLINE_GREY = QColor(110, 110, 110)
OTHER_VALUES_LABEL = "其他"  # the catch-all category ("all other values")
OTHER_GREY = QColor(200, 200, 200)

# Saved parts of the style: symbology, labels, opacity/scale settings. Fields,
# forms and actions stay the data source's own.
_CATEGORY = QgsMapLayer.StyleCategory
STYLE_CATEGORIES = _CATEGORY.Symbology | _CATEGORY.Labeling | _CATEGORY.Rendering

LAND_USE_FIELD = "YDYHFLDM"
LAND_USE_LABELS_FROM_SCALE = 10_000  # 用地代码 labels at 1:10,000 and larger scales

# 规划分区 fills (GHFQMC → RGB), keyed on the names in plan_schema.GHFQ_CODES.
ZONING_COLOURS: dict[str, tuple[int, int, int]] = {
    "生态保护区": (38, 140, 70),
    "生态控制区": (150, 205, 120),
    "农田保护区": (250, 235, 140),
    "城镇发展区": (245, 150, 110),
    "乡村发展区": (240, 215, 165),
    "矿产能源发展区": (160, 110, 80),
    "居住生活区": (255, 235, 80),
    "综合服务区": (240, 110, 200),
    "商业商务区": (235, 70, 70),
    "工业发展区": (190, 150, 110),
    "物流仓储区": (160, 130, 215),
    "绿地休闲区": (90, 200, 90),
    "交通枢纽区": (165, 165, 165),
    "城镇弹性发展区": (250, 200, 150),
    "特别用途区": (175, 190, 120),
    "其他城镇建设区": (250, 180, 180),
    "战略预留区": (255, 220, 200),
    "村庄建设区": (235, 170, 120),
    "一般农业区": (245, 235, 190),
    "林业发展区": (170, 210, 140),
    "牧业发展区": (215, 230, 160),
}
ZONING_OPACITY = 0.8

# 城镇开发边界 parts: (colour, outline width mm, dash pattern mm, hatch angle or None).
DEV_BOUNDARY_PARTS: dict[str, tuple[tuple[int, int, int], float, tuple[float, ...], float | None]] = {
    "集中建设区": ((230, 0, 230), 0.9, (5.0, 2.0), None),
    "弹性发展区": ((200, 70, 220), 0.6, (3.0, 1.5), 45.0),
    "特别用途区": ((140, 0, 170), 0.6, (1.0, 1.2), -45.0),
}

# 城市四线 colours.
GREEN_LINE = (0, 150, 60)
BLUE_LINE = (0, 100, 230)
PURPLE_LINE = (140, 40, 190)
YELLOW_LINE = (230, 175, 0)

RENEWAL_COLOURS = {"整治型": (0, 120, 210), "调整型": (240, 140, 0), "重构型": (215, 30, 30)}

# 道路: (casing colour, casing width, inner colour, inner width).
ROAD_STYLES = {
    "快速路": ((170, 70, 20), 1.8, (255, 160, 60), 1.2),
    "I级主干路": ((150, 115, 50), 1.3, (255, 210, 110), 0.85),
    "II级主干路": ((130, 130, 130), 0.9, (255, 240, 185), 0.55),
}

SERVICES_VISIBLE_FROM_SCALE = 60_000  # 1:60 000 and closer

# 公共服务设施: (marker shape, colour).
SERVICE_MARKERS = {
    "小学": ("circle", (30, 110, 230)),
    "初中": ("square", (20, 60, 160)),
    "医院": ("cross_fill", (225, 25, 35)),
    "社区卫生服务中心": ("diamond", (240, 110, 150)),
    "公园": ("triangle", (40, 160, 60)),
    "养老": ("pentagon", (240, 140, 20)),
    "体育": ("star", (0, 150, 150)),
    "文化": ("hexagon", (140, 60, 180)),
}


# --- symbol helpers --------------------------------------------------------


def rgb(values: tuple[int, int, int], alpha: int = 255) -> QColor:
    return QColor(values[0], values[1], values[2], alpha)


def simple_line_layer(
    colour: QColor, width: float, dash: tuple[float, ...] | None = None, pass_: int = 0
) -> QgsSimpleLineSymbolLayer:
    layer = QgsSimpleLineSymbolLayer(colour, width)
    layer.setWidthUnit(QgsUnitTypes.RenderUnit.RenderMillimeters)
    layer.setPenJoinStyle(Qt.PenJoinStyle.RoundJoin)
    layer.setPenCapStyle(Qt.PenCapStyle.RoundCap)
    if dash:
        layer.setUseCustomDashPattern(True)
        layer.setCustomDashVector(list(dash))
        layer.setCustomDashPatternUnit(QgsUnitTypes.RenderUnit.RenderMillimeters)
        layer.setPenCapStyle(Qt.PenCapStyle.FlatCap)
    layer.setRenderingPass(pass_)
    return layer


def fill_layer(colour: QColor | None, stroke: QColor | None = None, stroke_width: float = 0.1):
    layer = QgsSimpleFillSymbolLayer()
    if colour is None:
        layer.setBrushStyle(Qt.BrushStyle.NoBrush)
    else:
        layer.setColor(colour)
    if stroke is None:
        layer.setStrokeStyle(Qt.PenStyle.NoPen)
    else:
        layer.setStrokeColor(stroke)
        layer.setStrokeWidth(stroke_width)
        layer.setStrokeWidthUnit(QgsUnitTypes.RenderUnit.RenderMillimeters)
    return layer


def hatch_layer(colour: QColor, angle: float, spacing: float = 3.0, width: float = 0.25):
    layer = QgsLinePatternFillSymbolLayer()
    layer.setLineAngle(angle)
    layer.setDistance(spacing)
    layer.setDistanceUnit(QgsUnitTypes.RenderUnit.RenderMillimeters)
    line = QgsLineSymbol()
    line.changeSymbolLayer(0, simple_line_layer(colour, width))
    layer.setSubSymbol(line)
    layer.setLineWidth(width)
    layer.setColor(colour)
    return layer


def polygon_symbol(*layers) -> QgsFillSymbol:
    symbol = QgsFillSymbol()
    symbol.deleteSymbolLayer(0)
    for layer in layers:
        symbol.appendSymbolLayer(layer)
    return symbol


def ring_line(colour: QColor, width: float, dash: tuple[float, ...] | None = None) -> QgsSymbolLayer:
    """A polygon outline ("outline: simple line"), optionally with a custom dash pattern."""
    return simple_line_layer(colour, width, dash)


def line_symbol(*layers) -> QgsLineSymbol:
    symbol = QgsLineSymbol()
    symbol.deleteSymbolLayer(0)
    for layer in layers:
        symbol.appendSymbolLayer(layer)
    return symbol


def categorized(attribute: str, categories: list[QgsRendererCategory], other: QgsRendererCategory | None):
    if other is not None:
        categories = [*categories, other]
    return QgsCategorizedSymbolRenderer(attribute, categories)


def other_polygon_category() -> QgsRendererCategory:
    symbol = polygon_symbol(fill_layer(rgb((200, 200, 200), 160), OUTLINE_GREY, 0.2))
    return QgsRendererCategory("", symbol, OTHER_VALUES_LABEL)


# --- labels ------------------------------------------------------------------


def label_settings(
    expression: str,
    size: float,
    colour: tuple[int, int, int] = (40, 40, 40),
    placement=QgsPalLayerSettings.Placement.OverPoint,
    bold: bool = False,
    is_expression: bool = False,
) -> QgsPalLayerSettings:
    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = is_expression
    settings.placement = placement
    text = QgsTextFormat()
    font = QFont(LABEL_FONT)
    font.setBold(bold)
    text.setFont(font)
    text.setNamedStyle("Bold" if bold else "Regular")
    text.setSize(size)
    text.setSizeUnit(QgsUnitTypes.RenderUnit.RenderPoints)
    text.setColor(rgb(colour))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setSizeUnit(QgsUnitTypes.RenderUnit.RenderMillimeters)
    buffer.setColor(QColor(255, 255, 255, 220))
    text.setBuffer(buffer)
    settings.setFormat(text)
    return settings


def set_labels(layer: QgsVectorLayer, settings: QgsPalLayerSettings) -> None:
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


# --- one function per layer ------------------------------------------------------


def style_xzq(layer: QgsVectorLayer) -> None:
    # 行政界线: dash-dot grey boundary.
    symbol = polygon_symbol(ring_line(QColor(80, 80, 80), 0.7, (4.0, 1.0, 0.8, 1.0)))
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    set_labels(layer, label_settings("XZQMC", 12, (60, 60, 60), bold=True))


def style_zxcqfw(layer: QgsVectorLayer) -> None:
    symbol = polygon_symbol(ring_line(QColor(30, 30, 30), 1.0, (8.0, 3.0)))
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


def style_stbhhx(layer: QgsVectorLayer) -> None:
    red = QColor(230, 0, 0)
    symbol = polygon_symbol(
        fill_layer(rgb((90, 175, 90), 110)),
        hatch_layer(red, 45.0, 2.5, 0.25),
        ring_line(red, 0.8),
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


def style_yjjbnt(layer: QgsVectorLayer) -> None:
    dark_yellow = QColor(185, 145, 0)
    symbol = polygon_symbol(
        fill_layer(rgb((255, 250, 170), 200)),
        hatch_layer(dark_yellow, 45.0, 3.0, 0.2),
        hatch_layer(dark_yellow, 135.0, 3.0, 0.2),
        ring_line(QColor(160, 120, 0), 0.26),
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


# 国土调查 地类图斑 fills in the usual 三调 colours (DLBM → RGB), as a public 三调 map style has them
# (MapGIS WebClient-Vue, cesium/docs/template 「三调样式」); 0603 盐田, which it lacks, takes the 工矿 colour.
SURVEY_COLOURS: dict[str, tuple[int, int, int]] = {
    "0101": (248, 208, 114), "0102": (248, 231, 28), "0103": (255, 251, 177),
    "0201": (214, 167, 201), "0202": (213, 167, 176), "0203": (231, 204, 226), "0204": (231, 204, 226),
    "0301": (49, 173, 105), "0302": (49, 173, 105), "0303": (49, 173, 105), "0304": (49, 173, 105),
    "0305": (100, 185, 104), "0306": (100, 185, 104), "0307": (151, 207, 178),
    "0401": (131, 194, 56), "0402": (131, 194, 56), "0403": (154, 206, 127), "0404": (200, 227, 160),
    "05H1": (226, 161, 149), "0508": (197, 154, 140),
    "0601": (197, 154, 140), "0602": (197, 154, 140), "0603": (197, 154, 140),
    "0701": (229, 103, 102), "0702": (236, 137, 138),
    "08H1": (241, 165, 180), "08H2": (241, 165, 180), "0809": (241, 165, 180), "0810": (129, 195, 93),
    "09": (193, 114, 97),
    "1001": (209, 201, 211), "1002": (209, 201, 211), "1003": (210, 216, 201), "1004": (222, 222, 221),
    "1005": (170, 169, 169), "1006": (194, 193, 193), "1007": (235, 137, 126), "1008": (235, 137, 126),
    "1009": (235, 137, 126),
    "1101": (163, 214, 245), "1102": (163, 214, 245), "1103": (163, 214, 245), "1104": (144, 170, 207),
    "1105": (179, 222, 248), "1106": (179, 222, 248), "1107": (160, 205, 240), "1108": (175, 200, 220),
    "1109": (230, 130, 100), "1110": (215, 237, 251),
    "1201": (225, 220, 225), "1202": (220, 180, 130), "1203": (200, 204, 210), "1204": (200, 190, 170),
    "1205": (200, 190, 170), "1206": (215, 200, 185), "1207": (222, 221, 214),
}


def style_dltb(layer: QgsVectorLayer) -> None:
    # A 可调整 code (0201K) is drawn as its base class; names from resources/rules/dltb_classes.csv.
    classes = survey_classes()
    categories = [
        QgsRendererCategory(
            code, polygon_symbol(fill_layer(rgb(colour), QColor(150, 150, 150), 0.05)), f"{code} {classes[code].name}"
        )
        for code, colour in SURVEY_COLOURS.items()
    ]
    expression = "regexp_replace(upper(trim(to_string(\"DLBM\"))), 'K$', '')"
    layer.setRenderer(categorized(expression, categories, other_polygon_category()))


def dev_boundary_part_expression() -> str:
    """Classify CZKFBJ on the part, whichever spelling the data uses.

    The national GHFQMC values (城镇集中建设区, 城镇弹性发展区) fold onto the short
    names (集中建设区, 弹性发展区), as ``plan_schema.czkfbj_part`` does for the review.
    """
    field = 'trim(to_string("GHFQMC"))'
    cases = []
    for part, spellings in schema.CZKFBJ_PART_SPELLINGS.items():
        listed = ", ".join(f"'{spelling}'" for spelling in spellings)
        cases.append(f"WHEN {field} IN ({listed}) THEN '{part}'")
    return f"CASE {' '.join(cases)} ELSE {field} END"


def dev_boundary_part_label(part: str) -> str:
    """Legend label: the national name, with the short form the sample writes (城镇集中建设区（集中建设区）)."""
    national = schema.CZKFBJ_NATIONAL_NAMES[part]
    return national if national == part else f"{national}（{part}）"


def style_czkfbj(layer: QgsVectorLayer) -> None:
    categories = []
    for name in schema.CZKFBJ_PARTS:
        colour, width, dash, hatch_angle = DEV_BOUNDARY_PARTS[name]
        parts = []
        if hatch_angle is not None:
            parts.append(hatch_layer(rgb(colour, 150), hatch_angle, 4.0, 0.2))
        parts.append(ring_line(rgb(colour), width, dash))
        categories.append(QgsRendererCategory(name, polygon_symbol(*parts), dev_boundary_part_label(name)))
    other_symbol = polygon_symbol(ring_line(OTHER_GREY, 0.6, (2.0, 2.0)))
    other = QgsRendererCategory("", other_symbol, OTHER_VALUES_LABEL)
    layer.setRenderer(categorized(dev_boundary_part_expression(), categories, other))


def zoning_renderer() -> QgsCategorizedSymbolRenderer:
    categories = []
    for name in schema.GHFQ_CODES.values():
        symbol = polygon_symbol(fill_layer(rgb(ZONING_COLOURS[name]), QColor(120, 120, 120), 0.15))
        categories.append(QgsRendererCategory(name, symbol, name))
    return categorized("GHFQMC", categories, other_polygon_category())


def style_ghfq(layer: QgsVectorLayer) -> None:
    layer.setRenderer(zoning_renderer())
    layer.setOpacity(ZONING_OPACITY)


def land_use_expression() -> str:
    """Classify on the code, falling back to the nearest code in the colour table.

    A listed third-level code (060102 田间道) is its own category, so the legend
    names it; an unlisted one uses its second-level entry (070109 → 0701); a
    second-level code missing from the table uses its first level (0605 → 06).
    """
    codes = land_use_codes()
    third_level = ", ".join(f"'{code}'" for code in sorted(code for code in codes if len(code) == 6))
    second_level = ", ".join(f"'{code}'" for code in sorted(code for code in codes if len(code) == 4))
    field = f'trim(to_string("{LAND_USE_FIELD}"))'
    return (
        f"CASE WHEN {field} IN ({third_level}) THEN {field} "
        f"WHEN left({field}, 4) IN ({second_level}) THEN left({field}, 4) ELSE left({field}, 2) END"
    )


def style_zxcqghydyh(layer: QgsVectorLayer) -> None:
    categories = []
    for code, entry in land_use_codes().items():
        symbol = polygon_symbol(fill_layer(rgb(entry.rgb), QColor(130, 130, 130), 0.1))
        categories.append(QgsRendererCategory(code, symbol, f"{code} {entry.name}"))
    layer.setRenderer(categorized(land_use_expression(), categories, other_polygon_category()))
    # 用地代码 on each parcel from 1:10,000 inwards, as a 详细规划 map prints them; road reserves
    # (1207) stay unlabelled (the streets name themselves), and a code never spills out of its parcel.
    code = f'"{LAND_USE_FIELD}"'
    settings = label_settings(f"CASE WHEN {code} <> '1207' THEN {code} END", 7, (40, 40, 40), is_expression=True)
    settings.centroidInside = True
    settings.fitInPolygonOnly = True
    settings.scaleVisibility = True
    settings.minimumScale = LAND_USE_LABELS_FROM_SCALE  # the most zoomed-out scale with labels
    settings.maximumScale = 0
    # The lowest priority and no obstacle: the codes give way to every other label on the map
    # (review findings, district and road names), never the reverse.
    settings.priority = 0
    obstacle = settings.obstacleSettings()
    obstacle.setIsObstacle(False)
    settings.setObstacleSettings(obstacle)
    set_labels(layer, settings)


def city_line_symbol(colour: tuple[int, int, int], level: str) -> QgsFillSymbol:
    if level == schema.LINE_LEVELS[0]:  # 一级: bold solid outline, dense hatch
        return polygon_symbol(
            fill_layer(rgb(colour, 45)),
            hatch_layer(rgb(colour, 200), 45.0, 2.5, 0.25),
            ring_line(rgb(colour), 0.8),
        )
    return polygon_symbol(  # 二级: thinner dashed outline, sparse hatch
        hatch_layer(rgb(colour, 160), 45.0, 4.5, 0.2),
        ring_line(rgb(colour), 0.5, (3.0, 1.5)),
    )


def city_line_styler(colour: tuple[int, int, int]) -> Callable[[QgsVectorLayer], None]:
    def style(layer: QgsVectorLayer) -> None:
        categories = [
            QgsRendererCategory(level, city_line_symbol(colour, level), level) for level in schema.LINE_LEVELS
        ]
        other = QgsRendererCategory("", city_line_symbol(colour, schema.LINE_LEVELS[1]), OTHER_VALUES_LABEL)
        layer.setRenderer(categorized("JB", categories, other))

    return style


def style_zxcqcszx(layer: QgsVectorLayer) -> None:
    symbol = polygon_symbol(
        fill_layer(rgb(PURPLE_LINE, 40)),
        hatch_layer(rgb(PURPLE_LINE, 190), 135.0, 2.5, 0.25),
        ring_line(rgb(PURPLE_LINE), 0.8),
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


def style_csgxdy(layer: QgsVectorLayer) -> None:
    categories = []
    for kind in schema.RENEWAL_TYPES:
        colour = RENEWAL_COLOURS[kind]
        symbol = polygon_symbol(fill_layer(rgb(colour, 45)), ring_line(rgb(colour), 0.7, (4.0, 1.5)))
        categories.append(QgsRendererCategory(kind, symbol, kind))
    layer.setRenderer(categorized("GXLX", categories, other_polygon_category()))
    set_labels(layer, label_settings("DYMC", 9, (50, 50, 50)))


def style_kjtd(layer: QgsVectorLayer) -> None:
    # The control width (KZKD, metres) drawn to scale as a translucent band.
    band = simple_line_layer(QColor(0, 150, 255, 70), 1.0)
    band.setWidthUnit(QgsUnitTypes.RenderUnit.RenderMapUnits)
    band.setPenCapStyle(Qt.PenCapStyle.FlatCap)
    width = QgsProperty.fromExpression('coalesce("KZKD", 0)')
    band.setDataDefinedProperty(QgsSymbolLayer.Property.PropertyStrokeWidth, width)
    centre = simple_line_layer(QColor(0, 60, 170), 1.4, (5.0, 2.0))
    layer.setRenderer(QgsSingleSymbolRenderer(line_symbol(band, centre)))
    expression = "concat(\"MC\", if(\"KZKD\" IS NULL, '', '（控制宽度' || format_number(\"KZKD\", 0) || '米）'))"
    settings = label_settings(
        expression, 9, (0, 50, 140), QgsPalLayerSettings.Placement.Line, is_expression=True
    )
    set_labels(layer, settings)


def style_zxcqdl(layer: QgsVectorLayer) -> None:
    categories = []
    for name in schema.ROAD_CLASSES:
        casing_colour, casing_width, inner_colour, inner_width = ROAD_STYLES[name]
        symbol = line_symbol(
            simple_line_layer(rgb(casing_colour), casing_width, pass_=0),
            simple_line_layer(rgb(inner_colour), inner_width, pass_=1),
        )
        categories.append(QgsRendererCategory(name, symbol, name))
    other_symbol = line_symbol(simple_line_layer(QColor(150, 150, 150), 0.4))
    other = QgsRendererCategory("", other_symbol, OTHER_VALUES_LABEL)
    renderer = categorized("DJ", categories, other)
    renderer.setUsingSymbolLevels(True)
    layer.setRenderer(renderer)
    settings = label_settings("MC", 8, (70, 45, 20), QgsPalLayerSettings.Placement.Curved)
    set_labels(layer, settings)


def style_ggfwss(layer: QgsVectorLayer) -> None:
    categories = []
    for kind in schema.SERVICE_TYPES:
        shape, colour = SERVICE_MARKERS[kind]
        symbol = QgsMarkerSymbol.createSimple(
            {
                "name": shape,
                "color": f"{colour[0]},{colour[1]},{colour[2]},255",
                "outline_color": "255,255,255,255",
                "outline_width": "0.3",
                "size": "3.4",
            }
        )
        categories.append(QgsRendererCategory(kind, symbol, kind))
    other_symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": "150,150,150,255", "size": "2.4"})
    other = QgsRendererCategory("", other_symbol, OTHER_VALUES_LABEL)
    layer.setRenderer(categorized("LX", categories, other))
    # Hundreds of facilities bury the city-wide map; show them from district scale on.
    layer.setScaleBasedVisibility(True)
    layer.setMinimumScale(SERVICES_VISIBLE_FROM_SCALE)


STYLERS: dict[str, Callable[[QgsVectorLayer], None]] = {
    "XZQ": style_xzq,
    "ZXCQFW": style_zxcqfw,
    "STBHHX": style_stbhhx,
    "YJJBNT": style_yjjbnt,
    "CZKFBJ": style_czkfbj,
    "GHFQ": style_ghfq,
    "ZXCQGHFQ": style_ghfq,
    "ZXCQGHYDYH": style_zxcqghydyh,
    "ZXCQCSLVX": city_line_styler(GREEN_LINE),
    "ZXCQCSLX": city_line_styler(BLUE_LINE),
    "ZXCQCSZX": style_zxcqcszx,
    "ZXCQCSHX": city_line_styler(YELLOW_LINE),
    "CSGXDY": style_csgxdy,
    "KJTD": style_kjtd,
    "ZXCQDL": style_zxcqdl,
    "GGFWSS": style_ggfwss,
    "DLTB": style_dltb,
}


def template_layer(spec: schema.LayerSpec) -> QgsVectorLayer:
    fields = "".join(f"&field={name}:string" for name in spec.required_fields if name not in ("MJ", "KZKD"))
    if "MJ" in spec.required_fields:
        fields += "&field=MJ:double"
    if "KZKD" in spec.required_fields:
        fields += "&field=KZKD:double"
    layer = QgsVectorLayer(f"{spec.geometry}?crs=EPSG:{schema.PLAN_EPSG}{fields}", spec.name, "memory")
    if not layer.isValid():
        raise RuntimeError(f"cannot create a template layer for {spec.name}")
    return layer


def write_styles(output_dir: Path) -> list[Path]:
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in schema.LAYERS:
        if spec.geometry == schema.TABLE:
            continue
        layer = template_layer(spec)
        STYLERS[spec.name](layer)
        path = output_dir / f"{spec.name}.qml"
        message, ok = layer.saveNamedStyle(str(path), STYLE_CATEGORIES)
        if not ok:
            raise RuntimeError(f"cannot write {path}: {message}")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=REPO_ROOT / "styles")
    args = parser.parse_args(argv)
    app = QgsApplication([], False)
    app.initQgis()
    try:
        for path in write_styles(args.output_dir):
            print(f"wrote {path}")
    finally:
        app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
