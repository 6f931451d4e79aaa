"""The dock, the canvas layers and the print layout word a review as the report does.

One real review on a hand-made plan whose 永久基本农田 patch carries its county
(XZQMC) and 标识码 (BSM), as real plan data does. Every surface is the real
widget or layer; the expected texts come from core/report/presentation.py and
are checked against the report HTML too, so the surfaces agree with each other.
"""

from __future__ import annotations

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import Qt

from hengyang_plan_plugin.core.plan.registry import open_plan
from hengyang_plan_plugin.core.report import CaseInfo, render_review_html
from hengyang_plan_plugin.core.report.geometries import review_geometries
from hengyang_plan_plugin.core.report.presentation import (
    NOTICE_COLOUR,
    area_in_unit,
    area_text,
    format_m2,
    status_label,
    verdict_colour,
    verdict_label,
)
from hengyang_plan_plugin.core.review import review_submission
from hengyang_plan_plugin.gui.result_view import ResultView
from hengyang_plan_plugin.qgis_adapters.print_layout import A4_PORTRAIT, build_review_layout
from hengyang_plan_plugin.qgis_adapters.review_layers import make_review_layers
from test.review_fixtures import rect, release_plans, submission, write_plan

COUNTY_FARMLAND = {
    "BSM": "4304050000123",
    "YSDM": "2090010100",
    "XZQDM": "430405",
    "MJ": 1.0,
    "XZQMC": "珠晖区",
}
COUNTY = "珠晖区"


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    """(review.json dict, geometries, report HTML) for two parcels, one of them half on the patch."""
    plan_path = write_plan(
        tmp_path_factory.mktemp("presentation") / "plan.gpkg",
        {"YJJBNT": [(rect(0, -100, 200, 200), COUNTY_FARMLAND)]},
    )
    site = submission(rect(-50, 0, 50, 100), rect(-250, 0, -150, 100), land_use="0701")
    result = review_submission(site, open_plan(plan_path))
    data = result.to_dict()
    yield data, review_geometries(result, site), render_review_html(data, CaseInfo(reviewer="张三"))
    release_plans()


def _farmland(data: dict) -> dict:
    return next(check for check in data["checks"] if check["id"] == "farmland")


def test_dock_tree_words_status_feature_and_area_as_the_report(qgis_app, review):
    data, _, html = review
    farmland = _farmland(data)
    view = ResultView()
    view.show_result(data)

    assert view.banner.text().endswith(verdict_label(data["verdict"]))
    assert verdict_colour(data["verdict"]) in view.banner.styleSheet()
    item = next(
        view.tree.topLevelItem(i)
        for i in range(view.tree.topLevelItemCount())
        if view.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1)[0] == "farmland"
    )
    assert item.text(1) == status_label("conflict")
    assert f'">{status_label("conflict")}</span>' in html
    assert item.text(2) == area_in_unit(farmland["overlap_area_m2"]) == "5,000.00 m²"
    assert area_text(farmland["overlap_area_m2"]).startswith(item.text(2))
    # The patch reads 珠晖区 in the dock and in the report (not its 标识码 in one of them).
    feature_row = item.child(0).text(0)
    assert feature_row.endswith(f" · {COUNTY}")
    assert f"{COUNTY}（fid 1）" in html

    view.set_unit("ha")
    refilled = {
        view.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1)[0]: view.tree.topLevelItem(i).text(2)
        for i in range(view.tree.topLevelItemCount())
    }
    assert refilled["farmland"] == area_in_unit(farmland["overlap_area_m2"], "ha") == "0.5000 公顷"


def test_canvas_layers_and_conflict_table_word_areas_as_the_report(qgis_app, review):
    data, geometries, html = review
    farmland = _farmland(data)
    layers = make_review_layers(data, geometries)

    labels = {feature["check_id"]: feature["area_text"] for feature in layers.conflicts.getFeatures()}
    assert labels["farmland"] == area_text(farmland["overlap_area_m2"])
    assert f"<td>{labels['farmland']}</td>" in html  # the check section's 重叠面积 row

    parcels = {feature["parcel_id"]: feature["area_text"] for feature in layers.parcels.getFeatures()}
    assert parcels == {p["id"]: area_text(p["area_m2"]) for p in data["submission"]["parcels"]}

    rows = [
        row
        for row in (f.attributes() for f in layers.conflict_rows.getFeatures())
        if row[1] == farmland["title"]
    ]
    assert rows and all(row[2] == status_label("conflict") for row in rows)
    assert {row[3] for row in rows} == {format_m2(farmland["overlap_area_m2"])}


def test_print_layout_words_area_and_verdict_as_the_report(qgis_app, review):
    data, geometries, html = review
    project = QgsProject()
    try:
        sheet = build_review_layout(
            project, data, CaseInfo(reviewer="张三"), geometries, A4_PORTRAIT, plan_layers=[], is_sample=True
        )
        layout = sheet.layout
        assert verdict_label(data["verdict"]) in layout.itemById("case_info").text()
        notice = layout.itemById("notice")
        assert notice.fontColor().name() == NOTICE_COLOUR

        # Two parcels: the overview page with the site's area, then a page per flagged parcel with its own.
        atlas = layout.atlas()
        atlas.beginRender()
        try:
            atlas.seekTo(0)
            label = layout.itemById("parcel_label").currentText()
            assert label == f"总图　面积：{area_text(data['submission']['area_m2'])}"
            atlas.seekTo(1)
            parcel = next(p for p in data["submission"]["parcels"] if p["id"] == sheet.pages.pages[1].parcel_id)
            label = layout.itemById("parcel_label").currentText()
            assert label == f"地块 {parcel['id']}　面积：{area_text(parcel['area_m2'])}"
        finally:
            atlas.endRender()
        assert area_text(data["submission"]["area_m2"]) in html  # 用地面积 in the report header
    finally:
        project.clear()


def test_dev_boundary_shows_the_area_outside_on_every_surface(qgis_app):
    """Sample submission: 17,197.02 m² outside (71,457.64 inside); parcel 3 1,883.29 outside
    (11,908.30 inside). The dock, the sheet's conflict table and the report show the outside.
    (Figures measured apart from the engine, with shapely: see test/unit/test_concern_area.py.)"""
    from hengyang_plan_plugin import api
    from hengyang_plan_plugin.paths import SAMPLES_DIR

    submission_data = api.read(SAMPLES_DIR / "sample_submission.txt")
    result = api.review(submission_data)
    data = result.to_dict()
    dev = next(check for check in data["checks"] if check["id"] == "dev_boundary")
    outside = {p["id"]: p["outside_area_m2"] for p in dev["parcels"]}
    assert dev["outside_area_m2"] == 17_197.02 and outside["3"] == 1_883.29

    view = ResultView()
    view.show_result(data)
    item = next(
        view.tree.topLevelItem(i)
        for i in range(view.tree.topLevelItemCount())
        if view.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1)[0] == "dev_boundary"
    )
    assert item.text(2) == area_in_unit(17_197.02) == "17,197.02 m²"
    parcel_rows = {
        item.child(i).data(0, Qt.ItemDataRole.UserRole + 1)[1]: item.child(i).text(2)
        for i in range(item.childCount())
        if item.child(i).data(0, Qt.ItemDataRole.UserRole + 1)[0] == "dev_boundary"
    }
    assert parcel_rows["3"] == "1,883.29 m²"

    layers = make_review_layers(data, review_geometries(result, submission_data))
    table = (feature.attributes() for feature in layers.conflict_rows.getFeatures())
    rows = {row[0]: row[3] for row in table if row[1] == dev["title"]}
    assert rows["3"] == format_m2(1_883.29) and "11,908.30" not in rows.values()
    assert format_m2(17_197.02) in rows.values()

    html = render_review_html(data, CaseInfo())
    assert "城镇开发边界（边界外面积）" in html and "<tr><th>边界外面积</th><td>17,197.02 m²" in html
