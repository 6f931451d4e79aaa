"""Loading the plan into a project: groups, styles, read-only, zoom, reloads, sources."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from osgeo import gdal, ogr
from qgis.core import QgsLayerTreeGroup, QgsLayerTreeLayer, QgsProject, QgsVectorLayer

from hengyang_plan_plugin.core import plan_schema as schema
from hengyang_plan_plugin.core.plan.model import PlanSourceError
from hengyang_plan_plugin.paths import style_path
from hengyang_plan_plugin.qgis_adapters.plan_loader import (
    LAYER_PROPERTY,
    ROOT_GROUP_NAME,
    find_plan_layer,
    load_plan,
    plan_layers,
)
from test.gdal_support import ogr_recodes_shapefiles

ALL_LAYERS = [spec.name for spec in schema.LAYERS]
SPATIAL_LAYERS = [spec.name for spec in schema.LAYERS if spec.geometry != schema.TABLE]
TABLE_LAYERS = [spec.name for spec in schema.LAYERS if spec.geometry == schema.TABLE]



# --- helpers -------------------------------------------------------------------------


def top_groups(project: QgsProject) -> list[QgsLayerTreeGroup]:
    return [node for node in project.layerTreeRoot().children() if isinstance(node, QgsLayerTreeGroup)]


def plan_group(project: QgsProject) -> QgsLayerTreeGroup:
    groups = [group for group in top_groups(project) if group.name() == ROOT_GROUP_NAME]
    assert len(groups) == 1, [group.name() for group in top_groups(project)]
    return groups[0]


def tree_layer_names(group: QgsLayerTreeGroup) -> list[str]:
    """Contract names of the layers under ``group``, in layer-tree (drawing) order."""
    return [node.layer().customProperty(LAYER_PROPERTY) for node in group.findLayers()]


def qml_renderer_type(name: str) -> str:
    return ElementTree.parse(style_path(name)).getroot().find("renderer-v2").get("type")


def export_plan(gpkg: Path, target: Path, driver: str, skip: tuple[str, ...] = (), options=None) -> None:
    """Copy the sample plan's layers to ``target`` (a folder of shapefiles or one GeoPackage)."""
    source = ogr.Open(str(gpkg))
    names = [source.GetLayerByIndex(i).GetName() for i in range(source.GetLayerCount())]
    source = None
    for name in names:
        if name in skip:
            continue
        if driver == "ESRI Shapefile":
            destination = str(target / f"{name}.shp")
            access = None
        else:
            destination = str(target)
            access = "update" if target.exists() else None
        gdal.VectorTranslate(
            destination,
            str(gpkg),
            format=driver,
            layers=[name],
            layerName=name,
            accessMode=access,
            layerCreationOptions=options or [],
        )


def clear_dbf_code_page(dbf: Path) -> None:
    """Zero the DBF language-driver byte, like shapefiles from Chinese desktop GIS."""
    with dbf.open("r+b") as handle:
        handle.seek(29)
        handle.write(b"\x00")


@pytest.fixture
def project(qgis_new_project) -> QgsProject:
    return QgsProject.instance()


@pytest.fixture
def loaded(project, qgis_canvas, sample_plan_path):
    report = load_plan(None, project, qgis_canvas)
    return project, qgis_canvas, report


@pytest.fixture(scope="module")
def gbk_shapefile_plan(tmp_path_factory, sample_plan_path) -> Path:
    """The sample plan as GBK shapefiles without .cpg (as Chinese desktop GIS writes them)."""
    folder = tmp_path_factory.mktemp("plan_shapefiles_gbk")
    with ogr_recodes_shapefiles():
        export_plan(sample_plan_path, folder, "ESRI Shapefile", options=["ENCODING=GBK"])
    for cpg in folder.glob("*.cpg"):
        cpg.unlink()
    for dbf in folder.glob("*.dbf"):
        clear_dbf_code_page(dbf)
    return folder


# --- the sample plan ----------------------------------------------------------------


def test_loads_every_layer_of_the_sample(loaded):
    _, _, report = loaded
    assert sorted(report.loaded) == sorted(ALL_LAYERS)
    assert report.missing == []
    assert report.style_warnings == {}
    assert report.messages() == []
    assert report.is_sample


def test_layers_are_grouped_under_one_top_group(loaded):
    project, _, _ = loaded
    top = plan_group(project)
    assert top is project.layerTreeRoot().children()[0]
    group_names = [node.name() for node in top.children()]
    assert group_names == [*schema.GROUP_ORDER, schema.GROUP_INDICATORS]
    for group in top.children():
        for name in tree_layer_names(group):
            assert schema.LAYER_BY_NAME[name].group == group.name(), name
    assert sorted(tree_layer_names(top)) == sorted(ALL_LAYERS)


def test_drawing_order_follows_the_schema(loaded):
    project, _, _ = loaded
    order = [name for name in tree_layer_names(plan_group(project)) if name in schema.DRAWING_ORDER]
    for group in plan_group(project).children():
        names = tree_layer_names(group)
        if group.name() == schema.GROUP_INDICATORS:
            assert names == TABLE_LAYERS
            continue
        assert names == [name for name in schema.DRAWING_ORDER if name in names], group.name()
    # Points and lines over areas; administrative units at the bottom.
    assert order[:3] == ["GGFWSS", "KJTD", "ZXCQDL"]
    assert order[-1] == "XZQ"


def test_layers_are_titled_read_only_and_styled(loaded):
    project, _, _ = loaded
    for name in ALL_LAYERS:
        layer = find_plan_layer(project, name)
        assert isinstance(layer, QgsVectorLayer), name
        assert layer.name() == schema.layer_title(name)
        assert layer.readOnly(), name
        assert layer.providerType() == "ogr"
        assert layer.featureCount() > 0, name
        if name in SPATIAL_LAYERS:
            assert layer.renderer().type() == qml_renderer_type(name), name
    for name in TABLE_LAYERS:
        assert not find_plan_layer(project, name).isSpatial()


def test_labels_come_with_the_styles(loaded):
    project, _, _ = loaded
    for name in ("XZQ", "CSGXDY", "KJTD", "ZXCQDL"):
        assert find_plan_layer(project, name).labelsEnabled(), name


def test_canvas_is_zoomed_to_the_central_city(loaded):
    project, canvas, report = loaded
    assert report.zoomed
    central_city = find_plan_layer(project, "ZXCQFW").extent()
    extent = canvas.extent()
    assert extent.contains(central_city)
    size = max(central_city.width(), central_city.height())
    assert extent.center().distance(central_city.center()) < 0.05 * size
    # The canvas keeps its aspect ratio: the central city fills one dimension.
    assert min(extent.width() / central_city.width(), extent.height() / central_city.height()) < 1.2


def test_loading_twice_replaces_the_first_load(loaded, sample_plan_path):
    project, canvas, _ = loaded
    first_ids = {layer.id() for layer in plan_layers(project)}
    report = load_plan(str(sample_plan_path), project, canvas)
    assert sorted(report.loaded) == sorted(ALL_LAYERS)
    assert len(plan_layers(project)) == len(ALL_LAYERS)
    assert len(project.mapLayers()) == len(ALL_LAYERS)
    assert not first_ids & {layer.id() for layer in plan_layers(project)}
    assert [group.name() for group in top_groups(project)] == [ROOT_GROUP_NAME]


def test_reload_keeps_other_layers(loaded, sample_plan_path):
    project, canvas, _ = loaded
    site = QgsVectorLayer("Polygon?crs=EPSG:4526", "送审地块", "memory")
    project.addMapLayer(site)
    root = project.layerTreeRoot()
    site_node = root.findLayer(site.id())
    root.insertChildNode(0, site_node.clone())  # the site above the plan
    root.removeChildNode(site_node)
    load_plan(str(sample_plan_path), project, canvas)
    assert project.mapLayer(site.id()) is site
    assert len(project.mapLayers()) == len(ALL_LAYERS) + 1
    # The reloaded plan takes the old plan's place: the site stays on top.
    assert root.children()[0].layer() is site
    assert root.children()[1] is plan_group(project)


def test_find_plan_layer_by_contract_name(loaded):
    project, _, _ = loaded
    layer = find_plan_layer(project, "YJJBNT")
    assert layer.name() == "永久基本农田"
    assert layer.customProperty(LAYER_PROPERTY) == "YJJBNT"
    assert find_plan_layer(project, "NOPE") is None


def test_find_plan_layer_before_loading(project):
    assert find_plan_layer(project, "YJJBNT") is None


# --- other plan sources ---------------------------------------------------------------


def test_gbk_shapefiles_without_cpg_read_correct_chinese(
    project, qgis_canvas, gbk_shapefile_plan, sample_plan_path
):
    dbf = (gbk_shapefile_plan / "XZQ.dbf").read_bytes()
    assert "珠晖区".encode("gbk") in dbf  # really GBK on disk
    assert not list(gbk_shapefile_plan.glob("*.cpg"))

    report = load_plan(str(gbk_shapefile_plan), project, qgis_canvas)
    assert sorted(report.loaded) == sorted(ALL_LAYERS)
    assert not report.is_sample

    names = {feature["XZQMC"] for feature in find_plan_layer(project, "XZQ").getFeatures()}
    assert names == {name for _, name in schema.COUNTIES}
    parts = {feature["GHFQMC"] for feature in find_plan_layer(project, "CZKFBJ").getFeatures()}
    assert parts <= set(schema.CZKFBJ_PARTS) and parts
    kinds = {feature["GXLX"] for feature in find_plan_layer(project, "CSGXDY").getFeatures()}
    assert kinds == set(schema.RENEWAL_TYPES)
    sample_indicators = QgsVectorLayer(f"{sample_plan_path}|layername=GHZB", "GHZB", "ogr")
    expected = sorted(feature["ZBMC"] for feature in sample_indicators.getFeatures())
    assert sorted(feature["ZBMC"] for feature in find_plan_layer(project, "GHZB").getFeatures()) == expected


def test_gbk_categories_still_match(project, qgis_canvas, gbk_shapefile_plan):
    """Styles key on Chinese values; they must match once GBK is decoded."""
    load_plan(str(gbk_shapefile_plan), project, qgis_canvas)
    layer = find_plan_layer(project, "GGFWSS")
    values = {str(category.value()) for category in layer.renderer().categories()}
    assert {feature["LX"] for feature in layer.getFeatures()} <= values


def test_missing_layer_is_reported_by_name(project, qgis_canvas, sample_plan_path, tmp_path):
    partial = tmp_path / "partial_plan.gpkg"
    export_plan(sample_plan_path, partial, "GPKG", skip=("KJTD", "GHZB"))
    report = load_plan(str(partial), project, qgis_canvas)
    assert report.missing == ["KJTD", "GHZB"]
    assert "KJTD" not in report.loaded
    assert len(report.loaded) == len(ALL_LAYERS) - 2
    messages = report.messages()
    assert len(messages) == 2
    assert "KJTD" in messages[0] and "规划跨江通道" in messages[0]
    assert find_plan_layer(project, "KJTD") is None
    assert find_plan_layer(project, "YJJBNT") is not None


def test_unusable_source_raises_a_clear_error(project, qgis_canvas, tmp_path):
    with pytest.raises(PlanSourceError, match="nope"):
        load_plan(str(tmp_path / "nope.gpkg"), project, qgis_canvas)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(PlanSourceError):
        load_plan(str(empty), project, qgis_canvas)
    assert plan_layers(project) == []


def test_failed_load_keeps_the_previous_plan(loaded, tmp_path):
    project, canvas, _ = loaded
    with pytest.raises(PlanSourceError):
        load_plan(str(tmp_path / "nope.gpkg"), project, canvas)
    assert len(plan_layers(project)) == len(ALL_LAYERS)


def test_without_canvas(project, sample_plan_path):
    report = load_plan(str(sample_plan_path), project, None)
    assert not report.zoomed
    assert isinstance(plan_group(project).findLayers()[0], QgsLayerTreeLayer)
