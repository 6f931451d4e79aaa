"""The 审查图 print layouts: templates, filled items, legend filter, atlas pages, exports."""

from __future__ import annotations

import math
import re

import pytest
from qgis.core import QgsLayoutExporter, QgsLayoutItemPage, QgsLegendStyle, QgsProject

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.plan_schema import PLAN_EPSG, SAMPLE_NOTICE
from hengyang_plan_plugin.core.report.geometries import review_geometries
from hengyang_plan_plugin.paths import SAMPLES_DIR
from hengyang_plan_plugin.qgis_adapters.plan_loader import find_plan_layer, load_plan
from hengyang_plan_plugin.qgis_adapters.print_layout import (
    A3_LANDSCAPE,
    A4_PORTRAIT,
    LAYOUT_ITEM_IDS,
    build_review_layout,
    export_layout_pdf,
    export_layout_png,
    load_template,
)
from hengyang_plan_plugin.qgis_adapters.review_layers import CONFLICTS_LAYER_NAME, PARCELS_LAYER_NAME
from test.report_cases import CASE, pdf_page_count, pdf_text, write_site

PAGE_SIZES_MM = {A3_LANDSCAPE: (420, 297), A4_PORTRAIT: (210, 297)}


@pytest.fixture(scope="module")
def plan_project():
    project = QgsProject()
    load_plan(None, project)
    yield project
    project.clear()  # emptied before it is destroyed: destroying a loaded QgsProject at teardown crashes


@pytest.fixture(scope="module")
def reviews(sample_plan_path, tmp_path_factory):
    """(result dict, geometries) for a two-parcel and a one-parcel site."""
    work = tmp_path_factory.mktemp("layout_sites")
    cases = {}
    for parcels in (1, 2):
        submission = api.read(write_site(work / f"site_{parcels}.gpkg", sample_plan_path, parcels=parcels))
        result = api.review(submission, plan=str(sample_plan_path), land_use="0701")
        cases[parcels] = (result.to_dict(), review_geometries(result, submission))
    return cases


@pytest.mark.parametrize("template", [A3_LANDSCAPE, A4_PORTRAIT])
def test_template_loads_with_every_item(template, plan_project):
    # The layout belongs to a project that outlives it (a layout must not outlive its project).
    layout = load_template(plan_project, template)
    for item_id, kind in LAYOUT_ITEM_IDS.items():
        assert isinstance(layout.itemById(item_id), kind), item_id
    page = layout.pageCollection().page(0)
    size = page.pageSize()
    assert (round(size.width()), round(size.height())) == PAGE_SIZES_MM[template]
    orientation = QgsLayoutItemPage.Orientation
    expected = orientation.Landscape if template == A3_LANDSCAPE else orientation.Portrait
    assert page.orientation() == expected
    grid = layout.itemById("main_map").grids().grid(0)
    assert grid.enabled() and grid.crs().authid() == f"EPSG:{PLAN_EPSG}"
    assert grid.annotationEnabled()
    assert layout.itemById("north_arrow").picturePath().endswith(".svg")


@pytest.fixture(scope="module")
def sample_review(sample_plan_path):
    """The bundled sample submission: six parcels spread over the city."""
    submission = api.read(SAMPLES_DIR / "sample_submission.txt")
    result = api.review(submission, plan=str(sample_plan_path))
    return result.to_dict(), review_geometries(result, submission)


@pytest.mark.parametrize("template", [A3_LANDSCAPE, A4_PORTRAIT])
def test_atlas_pages_are_the_overview_then_each_flagged_parcel(template, plan_project, sample_review, tmp_path):
    result, geometries = sample_review
    flagged = [p["id"] for p in result["submission"]["parcels"] if p["verdict"] != "pass"]
    assert 1 < len(flagged) < len(result["submission"]["parcels"])
    review_layout = build_review_layout(plan_project, result, CASE, geometries, template)
    planned = review_layout.pages.pages
    assert [page.parcel_id for page in planned if not page.continued] == ["", *flagged]
    assert review_layout.is_atlas and review_layout.page_count() == len(planned)
    if template == A3_LANDSCAPE:  # the A3 table holds each parcel's findings; only the overview, with
        # the 现状地类 rows (耕地, 农用地转用, 权属单位) after the findings, continues on a （续） page
        assert [page.parcel_id for page in planned if page.continued] == [""]
        assert len(planned) == 2 + len(flagged)

    pdf = export_layout_pdf(review_layout, tmp_path / "sheet.pdf", dpi=100)
    assert pdf_page_count(pdf) == len(planned)
    pages = export_layout_png(review_layout, tmp_path / "sheet.png", dpi=30)
    assert [p.name for p in pages] == [f"sheet_{n:03d}.png" for n in range(1, len(planned) + 1)]

    text = re.sub(r"\s+", "", pdf_text(pdf))
    assert "规划符合性审查图" in text and "永久基本农田" in text
    assert SAMPLE_NOTICE in text and "审查人：张三" in text and "总图" in text


def test_single_parcel_sheet_is_one_page(plan_project, reviews, tmp_path):
    result, geometries = reviews[1]
    review_layout = build_review_layout(plan_project, result, CASE, geometries, A4_PORTRAIT)
    assert review_layout.page_count() == 1
    assert pdf_page_count(export_layout_pdf(review_layout, tmp_path / "one.pdf", dpi=100)) == 1


def test_conflict_table_follows_the_atlas_page(plan_project, reviews):
    result, geometries = reviews[2]
    review_layout = build_review_layout(plan_project, result, CASE, geometries, A3_LANDSCAPE)
    layout = review_layout.layout
    table = layout.itemById("conflict_table").multiFrame()
    atlas = layout.atlas()
    atlas.beginRender()
    try:
        for page in review_layout.pages.pages:
            atlas.seekTo(page.number - 1)
            table.refreshAttributes()
            rows = table.contents()
            assert len(rows) == len(page.rows) > 0
            assert {row[0] for row in rows} == {page.parcel_id or "全部"}
            assert "永久基本农田" in {row[1] for row in rows}
    finally:
        atlas.endRender()


def test_legend_lists_only_layers_in_the_map_extent(plan_project, reviews):
    result, geometries = reviews[1]
    layout = build_review_layout(plan_project, result, CASE, geometries, A3_LANDSCAPE).layout
    legend = layout.itemById("legend")
    assert legend.legendFilterByMapEnabled()
    QgsLayoutExporter(layout).renderPageToImage(0)  # the filter is applied when the legend is drawn
    model = legend.model()
    entries = {node.name(): len(model.layerLegendNodes(node)) for node in model.rootGroup().findLayers()}
    assert entries[PARCELS_LAYER_NAME] == 1 and entries[CONFLICTS_LAYER_NAME] == 1
    assert entries["永久基本农田"] == 1
    assert "规划指标" not in entries  # a table, not a map layer
    absent = [name for name, count in entries.items() if count == 0]
    assert absent, "no plan layer was filtered out of the legend"
    land_use_classes = find_plan_layer(plan_project, "ZXCQGHYDYH").renderer().categories()
    assert 0 < entries["中心城区规划用地用海"] < len(land_use_classes)


def test_labels_carry_the_case_and_the_notice_follows_the_plan(plan_project, reviews):
    result, geometries = reviews[1]
    layout = build_review_layout(plan_project, result, CASE, geometries, A4_PORTRAIT).layout
    assert CASE.project_name in layout.itemById("title").text()
    assert CASE.document_number in layout.itemById("case_info").text()
    assert "张三" in layout.itemById("date_reviewer").text()
    assert layout.itemById("notice").isVisible()

    statutory = dict(result, plan={"source": "/data/statutory.gpkg", "sha256": None, "is_sample": False})
    layout = build_review_layout(plan_project, statutory, CASE, geometries, A4_PORTRAIT).layout
    assert not layout.itemById("notice").isVisible()


def test_layout_replaces_its_previous_version_in_the_project(plan_project, reviews):
    result, geometries = reviews[1]
    build_review_layout(plan_project, result, CASE, geometries, A4_PORTRAIT)
    build_review_layout(plan_project, result, CASE, geometries, A4_PORTRAIT)
    names = [layout.name() for layout in plan_project.layoutManager().printLayouts()]
    assert len(names) == len(set(names))
    review_layers = [
        layer
        for layer in plan_project.mapLayers().values()
        if layer.name() in (PARCELS_LAYER_NAME, CONFLICTS_LAYER_NAME)
    ]
    assert len(review_layers) == 2


def test_dock_export_writes_pdf_and_png(plan_project, sample_plan_path, tmp_path):
    from hengyang_plan_plugin.qgis_adapters.print_layout import export_review_sheet

    submission = api.read(write_site(tmp_path / "site.gpkg", sample_plan_path, parcels=1))
    result = api.review(submission, plan=str(sample_plan_path), land_use="0701")
    [pdf] = export_review_sheet(result, submission, CASE, tmp_path / "审查图.pdf", A4_PORTRAIT, plan_project)
    assert pdf_page_count(pdf) == 1
    pngs = export_review_sheet(result, submission, CASE, tmp_path / "审查图.png", A4_PORTRAIT, plan_project)
    assert [p.name for p in pngs] == ["审查图_001.png"] and pngs[0].stat().st_size > 10_000


def test_scale_bar_keeps_round_numbers_on_every_atlas_page(plan_project, sample_review):
    result, geometries = sample_review
    layout = build_review_layout(plan_project, result, CASE, geometries, A4_PORTRAIT).layout
    scalebar, main_map = layout.itemById("scalebar"), layout.itemById("main_map")
    atlas = layout.atlas()
    atlas.beginRender()
    try:
        for index in range(atlas.count()):
            atlas.seekTo(index)
            segment = scalebar.unitsPerSegment()
            mantissa = segment / 10 ** math.floor(math.log10(segment))
            assert round(mantissa, 6) in (1, 2, 2.5, 5)
            bar_mm = (
                segment
                * scalebar.numberOfSegments()
                * scalebar.mapUnitsPerScaleBarUnit()
                / (main_map.extent().width() / main_map.sizeWithUnits().width())
            )
            assert 0.1 < bar_mm / main_map.sizeWithUnits().width() <= 0.25
            assert scalebar.unitLabel() == "米" and scalebar.mapUnitsPerScaleBarUnit() == 1  # metres
    finally:
        atlas.endRender()


def test_every_page_is_at_a_round_scale_and_prints_it(plan_project, sample_review):
    result, geometries = sample_review
    layout = build_review_layout(plan_project, result, CASE, geometries, A3_LANDSCAPE).layout
    main_map, scale_text = layout.itemById("main_map"), layout.itemById("scale_text")
    atlas = layout.atlas()
    atlas.beginRender()
    try:
        for index in range(atlas.count()):
            atlas.seekTo(index)
            scale = round(main_map.scale(), 3)
            mantissa = scale / 10 ** math.floor(math.log10(scale))
            assert round(mantissa, 6) in (1, 2, 2.5, 5), scale
            assert scale_text.currentText() == f"比例尺 1:{round(scale)}"
            assert layout.itemById("page_number").currentText() == f"第 {index + 1} 页 / 共 {atlas.count()} 页"
            assert "[%" not in layout.itemById("parcel_label").currentText()
    finally:
        atlas.endRender()


@pytest.mark.parametrize("template", [A3_LANDSCAPE, A4_PORTRAIT])
def test_the_overview_legend_at_city_scale_shows_every_entry_inside_its_box(template, plan_project, sample_review,
                                                                            tmp_path):
    """The sample's overview is at city scale (1:50,000 on A3, 1:100,000 on A4) with some 80 legend
    entries; the legend shrinks its text and wraps into columns until all fit its box, and each one
    is printed inside the box on the page (pdftotext of the box's region), none clipped off."""
    import subprocess

    from qgis.PyQt.QtCore import Qt

    from hengyang_plan_plugin.qgis_adapters.print_layout import LEGEND_FONT_PT, legend_content_size

    result, geometries = sample_review
    review_layout = build_review_layout(plan_project, result, CASE, geometries, template)
    layout = review_layout.layout
    layout.atlas().first()
    legend, main_map = layout.itemById("legend"), layout.itemById("main_map")
    assert main_map.scale() >= 49_999  # a page showing the city's classes, not a site's
    box = legend.sizeWithUnits()
    width, height = legend_content_size(legend)
    assert width <= box.width() + 0.01 and height <= box.height() + 0.01
    assert legend.styleFont(QgsLegendStyle.Style.SymbolLabel).pointSizeF() < LEGEND_FONT_PT  # it had to shrink
    model = legend.model()
    labels = [str(node.data(Qt.ItemDataRole.DisplayRole)) for layer in model.rootGroup().findLayers()
              for node in model.layerLegendNodes(layer)]
    labels = [re.sub(r"\s+", "", label) for label in labels if label.strip()]
    assert len(labels) > 40, labels

    pdf = export_layout_pdf(review_layout, tmp_path / "sheet.pdf", dpi=72)
    mm_to_pt = 72 / 25.4
    region = [f"{value * mm_to_pt:.0f}" for value in (legend.pos().x(), legend.pos().y(), box.width(), box.height())]
    in_box = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-r", "72", "-x", region[0], "-y", region[1], "-W", region[2],
         "-H", region[3], str(pdf), "-"], capture_output=True, text=True, check=True,
    ).stdout
    in_box = re.sub(r"\s+", "", in_box)
    missing = [label for label in labels if label not in in_box]
    assert not missing, missing


def test_cjk_radicals_in_the_pdf_text_layer_map_to_the_ideographs_drawn():
    """Qt names a glyph by its lowest code point: 用 comes out as ⽤ (Kangxi), and 西, drawn by the
    JP face that CJK text falls back to from the table's Latin font, as ⻄ (radical supplement)."""
    from hengyang_plan_plugin.qgis_adapters.pdf_text_fix import radical_replacements

    replacements = radical_replacements()
    assert chr(replacements[0x2F64]) == "用" and chr(replacements[0x2EC4]) == "西"
    assert chr(replacements[ord("⻚")]) == "页"
