"""The QML styles: they load, cover the sample plan's values and render as intended."""

from __future__ import annotations

import os
import subprocess
import sys
from xml.etree import ElementTree

import pytest
from qgis.core import (
    Qgis,
    QgsCategorizedSymbolRenderer,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsMapRendererCustomPainterJob,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsPointXY,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QImage, QPainter

from hengyang_plan_plugin.core import plan_schema as schema
from hengyang_plan_plugin.core.land_use_codes import land_use_codes
from hengyang_plan_plugin.paths import STYLES_DIR, style_path

SPATIAL_LAYERS = [spec.name for spec in schema.LAYERS if spec.geometry != schema.TABLE]
LABEL_FONT = "Noto Sans CJK SC"
LABEL_FIELDS = {"XZQ": "XZQMC", "CSGXDY": "DYMC", "KJTD": "MC", "ZXCQDL": "MC", "ZXCQGHYDYH": "YDYHFLDM"}

# Categorized layers and the schema value domain each must cover.
CATEGORY_DOMAINS = {
    "CZKFBJ": schema.CZKFBJ_PARTS,
    "GHFQ": tuple(schema.GHFQ_CODES.values()),
    "ZXCQGHFQ": tuple(schema.GHFQ_CODES.values()),
    "ZXCQGHYDYH": tuple(land_use_codes()),
    "ZXCQCSLVX": schema.LINE_LEVELS,
    "ZXCQCSLX": schema.LINE_LEVELS,
    "ZXCQCSHX": schema.LINE_LEVELS,
    "CSGXDY": schema.RENEWAL_TYPES,
    "ZXCQDL": schema.ROAD_CLASSES,
    "GGFWSS": schema.SERVICE_TYPES,
}
WHITE = (255, 255, 255)


# --- helpers -----------------------------------------------------------------


def sample_layer(gpkg, name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
    assert layer.isValid(), f"{name} is not in the sample plan"
    return layer


def styled_sample_layer(gpkg, name: str) -> QgsVectorLayer:
    layer = sample_layer(gpkg, name)
    message, ok = layer.loadNamedStyle(str(style_path(name)))
    assert ok, f"{name}.qml: {message}"
    return layer


def qml_root(name: str) -> ElementTree.Element:
    return ElementTree.parse(style_path(name)).getroot()


def category_values(renderer: QgsCategorizedSymbolRenderer) -> set[str]:
    """Explicit category values (without the "all other values" category)."""
    return {str(category.value()) for category in renderer.categories() if category.value() not in ("", None)}


def classified_values(layer: QgsVectorLayer) -> list[tuple[int, str]]:
    """(fid, value the renderer classifies on) for every feature of the layer."""
    renderer = layer.renderer()
    expression = QgsExpression(renderer.classAttribute())
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    expression.prepare(context)
    values = []
    for feature in layer.getFeatures():
        context.setFeature(feature)
        value = expression.evaluate(context)
        assert not expression.hasEvalError(), expression.evalErrorString()
        values.append((feature.id(), "" if value is None else str(value)))
    return values


def render(layer: QgsVectorLayer, extent: QgsRectangle, size: int = 200) -> QImage:
    """The layer's symbols alone (labels off: a 用地代码 label would sit on the sampled pixel)."""
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(size, size))
    settings.setExtent(extent)
    settings.setFlag(Qgis.MapSettingsFlag.DrawLabeling, False)
    settings.setBackgroundColor(QColor(*WHITE))
    image = QImage(settings.deviceOutputSize(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(*WHITE))
    painter = QPainter(image)
    job = QgsMapRendererCustomPainterJob(settings, painter)
    job.start()
    job.waitForFinished()
    painter.end()
    return image


def pixels(image: QImage, step: int = 1):
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colour = QColor(image.pixel(x, y))
            yield colour.red(), colour.green(), colour.blue()


def close(colour, expected, tolerance: int = 6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))


def interior_extent(layer: QgsVectorLayer, feature: QgsFeature, max_half_size: float = 20.0) -> QgsRectangle:
    """A small square well inside the feature (around its pole of inaccessibility)."""
    pole, distance = feature.geometry().poleOfInaccessibility(0.5)
    half = min(distance * 0.5, max_half_size)
    assert half > 0.5, f"feature {feature.id()} of {layer.name()} is too thin to sample"
    point = pole.asPoint()
    return QgsRectangle(point.x() - half, point.y() - half, point.x() + half, point.y() + half)


# --- the style files -----------------------------------------------------------


def test_one_style_per_spatial_layer():
    assert sorted(path.stem for path in STYLES_DIR.glob("*.qml")) == sorted(SPATIAL_LAYERS)


def test_styles_match_their_generator(tmp_path):
    """styles/*.qml are what scripts/generate_styles.py writes (edit the generator, not the QML)."""
    generator = STYLES_DIR.parent / "scripts" / "generate_styles.py"
    if qml_root(SPATIAL_LAYERS[0]).get("version") != Qgis.QGIS_VERSION:
        pytest.skip("the styles were written by another QGIS version")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_HASH_SEED": "0"}
    subprocess.run(
        [sys.executable, str(generator), "--output-dir", str(tmp_path)], check=True, env=env, capture_output=True
    )
    for name in SPATIAL_LAYERS:
        assert (tmp_path / f"{name}.qml").read_bytes() == style_path(name).read_bytes(), name


@pytest.mark.parametrize("name", SPATIAL_LAYERS)
def test_style_is_qgis_322_qml(name):
    root = qml_root(name)
    assert root.tag == "qgis"
    assert root.get("version", "").startswith("3.22")
    assert root.find("renderer-v2") is not None


@pytest.mark.parametrize("name", SPATIAL_LAYERS)
def test_style_loads_onto_sample_layer(qgis_new_project, sample_plan_path, name):
    layer = styled_sample_layer(sample_plan_path, name)
    assert layer.renderer().type() == qml_root(name).find("renderer-v2").get("type")
    if name in LABEL_FIELDS:
        assert layer.labelsEnabled()
        settings = layer.labeling().settings()
        assert LABEL_FIELDS[name] in settings.fieldName
        assert settings.format().font().family() == LABEL_FONT


@pytest.mark.parametrize("name", sorted(CATEGORY_DOMAINS))
def test_categories_cover_the_value_domain(qgis_new_project, sample_plan_path, name):
    layer = styled_sample_layer(sample_plan_path, name)  # keep the layer alive
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol"
    missing = set(CATEGORY_DOMAINS[name]) - category_values(renderer)
    assert not missing, f"{name}.qml has no category for {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(CATEGORY_DOMAINS))
def test_categories_cover_every_sample_value(qgis_new_project, sample_plan_path, name):
    layer = styled_sample_layer(sample_plan_path, name)
    assert layer.featureCount() > 0
    covered = category_values(layer.renderer())
    uncovered = sorted({value for _, value in classified_values(layer) if value not in covered})
    assert not uncovered, f"{name}: values in the sample plan without a category: {uncovered}"


def test_land_use_colours_follow_the_code_table(qgis_new_project, sample_plan_path):
    layer = styled_sample_layer(sample_plan_path, "ZXCQGHYDYH")  # keep the layer alive
    renderer = layer.renderer()
    colours = {str(category.value()): category.symbol().color() for category in renderer.categories()}
    for code, entry in land_use_codes().items():
        colour = colours[code]
        assert (colour.red(), colour.green(), colour.blue()) == entry.rgb, code


def test_land_use_codes_fall_back_to_their_parent(qgis_new_project):
    codes = land_use_codes()
    expected = {
        "070101": codes["0701"].rgb,  # a listed third level code: its own category
        "070109": codes["0701"].rgb,  # an unlisted third level code → second level
        "060102": codes["06"].rgb,
        "0804": codes["0804"].rgb,
        " 1402 ": codes["1402"].rgb,  # stray blanks
        "0699": codes["06"].rgb,  # unknown second level → first level
        "07": codes["07"].rgb,
    }
    layer = QgsVectorLayer("Polygon?crs=EPSG:4526&field=YDYHFLDM:string&field=YDYHFLMC:string", "t", "memory")
    message, ok = layer.loadNamedStyle(str(style_path("ZXCQGHYDYH")))
    assert ok, message
    x0, y0, size = 38_360_000.0, 2_977_000.0, 100.0
    features = []
    for index, code in enumerate(expected):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([code, ""])
        x = x0 + index * size
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(x, y0, x + size, y0 + size)))
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    layer.updateExtents()
    for index, (code, rgb) in enumerate(expected.items()):
        x = x0 + index * size + size / 2
        image = render(layer, QgsRectangle(x - 10, y0 + 40, x + 10, y0 + 60), size=20)
        centre = QColor(image.pixel(10, 10))
        assert (centre.red(), centre.green(), centre.blue()) == rgb, code


def test_land_use_legend_names_the_third_level_codes(qgis_new_project):
    """The 2023 三级 codes (060102 田间道 …) are legend entries of their own, in the parent's colour."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:4526&field=YDYHFLDM:string&field=YDYHFLMC:string", "t", "memory")
    message, ok = layer.loadNamedStyle(str(style_path("ZXCQGHYDYH")))
    assert ok, message
    labels = {str(category.value()): category.label() for category in layer.renderer().categories()}
    assert labels["060102"] == "060102 田间道"
    assert labels["120803"] == "120803 社会停车场用地"
    assert {code for code in land_use_codes() if len(code) == 6} <= set(labels)


def test_dev_boundary_parts_are_classified_whichever_spelling_the_data_uses(qgis_new_project):
    """National GHFQMC (城镇集中建设区, 城镇弹性发展区) and the sample's short names share a category."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:4526&field=GHFQMC:string", "t", "memory")
    message, ok = layer.loadNamedStyle(str(style_path("CZKFBJ")))
    assert ok, message
    spellings = {
        "集中建设区": "集中建设区",
        "城镇集中建设区": "集中建设区",
        "弹性发展区": "弹性发展区",
        " 城镇弹性发展区 ": "弹性发展区",
        "特别用途区": "特别用途区",
        "其他": "其他",
    }
    features = []
    for value in spellings:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([value])
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(38_360_000, 2_977_000, 38_360_100, 2_977_100)))
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    classified = [value for _, value in classified_values(layer)]
    assert classified == list(spellings.values())
    categories = {str(c.value()): c.label() for c in layer.renderer().categories()}
    assert categories["集中建设区"] == "城镇集中建设区（集中建设区）"
    assert categories["弹性发展区"] == "城镇弹性发展区（弹性发展区）"


# --- rendering -------------------------------------------------------------------


@pytest.mark.parametrize("name", SPATIAL_LAYERS)
def test_layer_renders_non_blank(qgis_new_project, sample_plan_path, name):
    layer = styled_sample_layer(sample_plan_path, name)
    extent = layer.extent()
    extent.grow(max(extent.width(), extent.height()) * 0.02 + 10)
    if layer.hasScaleBasedVisibility():
        # Render a window around one feature at a scale where the layer shows.
        centre = next(layer.getFeatures()).geometry().boundingBox().center()
        extent = QgsRectangle(centre.x() - 1000, centre.y() - 1000, centre.x() + 1000, centre.y() + 1000)
    image = render(layer, extent)
    assert any(colour != WHITE for colour in pixels(image, step=2)), f"{name} rendered blank"


def test_service_points_are_hidden_at_city_scale(qgis_new_project, sample_plan_path):
    layer = styled_sample_layer(sample_plan_path, "GGFWSS")
    assert layer.hasScaleBasedVisibility() and layer.minimumScale() == 60_000
    image = render(layer, layer.extent())
    assert all(colour == WHITE for colour in pixels(image, step=2))


# 100102 and 120801: 三级 codes of the sample, drawn in their parent's colour under their own legend entry.
@pytest.mark.parametrize("code", ["0701", "1401", "0804", "0901", "1001", "1701", "100102", "120801"])
def test_land_use_parcel_renders_in_its_colour(qgis_new_project, sample_plan_path, code):
    layer = styled_sample_layer(sample_plan_path, "ZXCQGHYDYH")
    fids = [fid for fid, value in classified_values(layer) if value == code]
    if not fids:
        pytest.skip(f"no {code} parcel in the sample plan")
    parcels = layer.getFeatures(QgsFeatureRequest().setFilterFids(fids))
    largest = max(parcels, key=lambda feature: feature.geometry().area())
    image = render(layer, interior_extent(layer, largest), size=40)
    expected = land_use_codes()[code].rgb
    centre = QColor(image.pixel(20, 20))
    assert close((centre.red(), centre.green(), centre.blue()), expected), (code, centre.getRgb())


def rendered_labels(layer: QgsVectorLayer, centre: QgsPointXY, scale: float) -> tuple[float, list[str]]:
    """(the map's scale, the label texts QGIS placed) for an 800 px square map at that scale."""
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(800, 800))
    half = scale * 800 * 0.0254 / settings.outputDpi() / 2  # metres per pixel at this scale
    settings.setExtent(QgsRectangle(centre.x() - half, centre.y() - half, centre.x() + half, centre.y() + half))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    results = job.takeLabelingResults()
    return settings.scale(), [label.labelText for label in results.labelsWithinRect(settings.visibleExtent())]


def test_land_use_codes_are_labelled_from_1_to_10000(qgis_new_project, sample_plan_path):
    """Each planned parcel shows its 用地代码 from 1:10,000 inwards, as a 详细规划 map does; zoomed
    further out the codes would bury the map, and road reserves (1207) are never labelled."""
    layer = styled_sample_layer(sample_plan_path, "ZXCQGHYDYH")
    settings = layer.labeling().settings()
    assert settings.scaleVisibility and settings.minimumScale == 10_000
    assert settings.priority == 0 and not settings.obstacleSettings().isObstacle()  # gives way to the rest
    homes = [f for f in layer.getFeatures() if f["YDYHFLDM"] == "0701" and f["GHFQMC"] == "居住生活区"]
    centre = max(homes, key=lambda f: f.geometry().area()).geometry().centroid().asPoint()
    codes = set(land_use_codes())
    scale, texts = rendered_labels(layer, centre, 9_900)
    assert 9_800 < scale <= 10_000
    assert len(texts) >= 10 and set(texts) <= codes and "1207" not in texts, texts
    assert "0701" in texts
    scale, texts = rendered_labels(layer, centre, 20_000)
    assert scale > 10_000 and texts == []


def test_sample_has_the_colour_checked_parcels(qgis_new_project, sample_plan_path):
    layer = styled_sample_layer(sample_plan_path, "ZXCQGHYDYH")
    present = {value for _, value in classified_values(layer)}
    assert "0701" in present
    assert len(present & {"0701", "1401", "0804", "0901", "1001", "1701"}) >= 3


@pytest.mark.parametrize(
    ("name", "is_expected"),
    [
        # 生态保护红线: red hatch and outline
        ("STBHHX", lambda r, g, b: r > 200 and g < 80 and b < 80),
        # 永久基本农田: dark-yellow hatch on light yellow
        ("YJJBNT", lambda r, g, b: r > 150 and g > 110 and b < 90 and r - b > 100),
        # 城镇开发边界: magenta/purple outline
        ("CZKFBJ", lambda r, g, b: r > 120 and b > 150 and g < 90),
        # 城市蓝线: blue
        ("ZXCQCSLX", lambda r, g, b: b > 180 and r < 80),
        # 城市绿线: green
        ("ZXCQCSLVX", lambda r, g, b: g > 120 and r < 60 and b < 110),
    ],
)
def test_control_line_colours(qgis_new_project, sample_plan_path, name, is_expected):
    layer = styled_sample_layer(sample_plan_path, name)
    feature = max(layer.getFeatures(), key=lambda f: f.geometry().area())
    extent = feature.geometry().boundingBox()
    extent.grow(max(extent.width(), extent.height()) * 0.05)
    image = render(layer, extent, size=300)
    matching = sum(1 for colour in pixels(image) if is_expected(*colour))
    assert matching > 50, f"{name}: only {matching} pixels in the expected colour"


def test_services_are_told_apart(qgis_new_project, sample_plan_path):
    layer = styled_sample_layer(sample_plan_path, "GGFWSS")  # keep the layer alive
    renderer = layer.renderer()
    looks = set()
    for category in renderer.categories():
        if category.value() in ("", None):
            continue
        symbol_layer = category.symbol().symbolLayer(0)
        looks.add((symbol_layer.properties().get("name"), category.symbol().color().name()))
    assert len(looks) == len(schema.SERVICE_TYPES)
