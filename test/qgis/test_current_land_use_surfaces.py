"""现状地类 (#17) on every paper: a site on the sample's farmland, across two villages' 耕地, reviewed;
its 耕地 by type, 农用地转用面积 and 权属单位 read back from review.html, review.pdf (pdftotext),
review.docx (python-docx) and the 审查图 (pdftotext), each equal to review.json, and review.json's
耕地 equal to an overlay computed here with shapely on the DLTB features (0.01 %).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import shapely
from osgeo import ogr, osr
from shapely.geometry import MultiPolygon, box

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.plan_schema import PLAN_EPSG
from hengyang_plan_plugin.core.report.presentation import format_ha, format_m2, format_mu
from hengyang_plan_plugin.qgis_adapters.review_outputs import write_review_outputs
from test.report_cases import CASE, pdf_page_count
from test.sample_sites import _layer

CULTIVATED = {"0101": "水田", "0102": "水浇地", "0103": "旱地"}
SIDE_M = 120.0
MAX_REPORT_PAGES = 8


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def farmland_site(plan_path: Path):
    """A square on the boundary between two villages' 耕地 of different types (集体, outside towns),
    lying wholly on those two 图斑: so it takes 耕地 of two types from two 权属单位."""
    attributes, geometries = _layer(str(plan_path), "DLTB")
    farmland = [(a, g) for a, g in zip(attributes, geometries)
                if a["DLBM"] in CULTIVATED and str(a["QSXZ"]).startswith("3")]
    tree = shapely.STRtree([g for _, g in farmland])
    for a, g in farmland:
        for j in tree.query(g, predicate="touches"):
            b, h = farmland[j]
            if b["QSDWDM"] == a["QSDWDM"] or b["DLBM"] == a["DLBM"]:
                continue
            shared = g.intersection(h)
            if shared.length < 3 * SIDE_M:
                continue
            centre = shared.interpolate(0.5, normalized=True)
            site = box(centre.x - SIDE_M / 2, centre.y - SIDE_M / 2, centre.x + SIDE_M / 2, centre.y + SIDE_M / 2)
            if site.difference(g.union(h)).area < 1e-6:
                return site
    raise AssertionError("the sample's DLTB has no two villages' 耕地 side by side")


def write_submission(path: Path, site) -> Path:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(PLAN_EPSG)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = dataset.CreateLayer("site", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("DKBH", ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("DKBH", "1")
    feature.SetGeometry(ogr.CreateGeometryFromWkb(site.wkb))
    layer.CreateFeature(feature)
    dataset = None
    return path


def independent_overlay(plan_path: Path, site) -> dict:
    """耕地 by type and area per 权属单位, straight from the DLTB features: piece × (1 − KCXS) is the
    图斑's own 地类, piece × KCXS its 田坎 (still 农用地, still the same 权属单位)."""
    attributes, geometries = _layer(str(plan_path), "DLTB")
    cultivated, owners = defaultdict(float), defaultdict(float)
    for a, g in zip(attributes, geometries):
        piece = g.intersection(site).area
        if piece <= 0:
            continue
        owners[a["QSDWMC"]] += piece
        if a["DLBM"] in CULTIVATED:
            cultivated[CULTIVATED[a["DLBM"]]] += piece * (1 - float(a["KCXS"] or 0.0))
    return {"cultivated": cultivated, "owners": owners}


@pytest.fixture(scope="module")
def farmland_review(qgis_app, sample_plan_path, tmp_path_factory):
    work = tmp_path_factory.mktemp("current_land_use")
    site = farmland_site(sample_plan_path)
    submission = api.read(write_submission(work / "site.gpkg", site))
    result = api.review(submission, plan=str(sample_plan_path), land_use="0701")
    write_review_outputs(result, CASE, work / "out", submission=submission)
    out = work / "out"
    data = json.loads((out / "review.json").read_text(encoding="utf-8"))
    check = next(c for c in data["checks"] if c["id"] == "current_land_use")
    return {"out": out, "check": check, "site": site, "plan": sample_plan_path}


def pdf_text(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def expected_facts(check: dict) -> list[str]:
    """What every report surface must say, as review.json has it (亩 to 0.0001, m² to 0.01)."""
    details = check["details"]
    facts = [f"{row['name']}{row['area_mu']:,.4f}亩（{row['area_m2']:,.2f}m²）" for row in details["cultivated"]]
    facts.append(f"{check['conversion_area_mu']:,.4f}亩（{check['conversion_area_m2']:,.2f}m²）")
    facts += [f"{row['name']}（{row['code']}）{row['area_mu']:,.4f}亩" for row in details["collective"]]
    return facts


def test_review_json_cultivated_land_matches_an_independent_overlay(farmland_review):
    check, site = farmland_review["check"], farmland_review["site"]
    overlay = independent_overlay(farmland_review["plan"], site)
    details = check["details"]
    by_type = {row["name"]: row["area_m2"] for row in details["cultivated"]}
    taken = {name for name, area in overlay["cultivated"].items() if area > 0}
    assert len(taken) == 2, overlay  # two types of 耕地 …
    assert len([row for row in details["collective"]]) == 2  # … from two villages
    for name, area in overlay["cultivated"].items():
        assert by_type[name] == pytest.approx(area, rel=1e-4)
    total = sum(overlay["cultivated"].values())
    assert check["cultivated_area_m2"] == check["concern_area_m2"] == pytest.approx(total, rel=1e-4)
    assert {row["name"]: row["area_m2"] for row in details["collective"]} == pytest.approx(overlay["owners"],
                                                                                          rel=1e-4)
    # All of it is 农用地 proposed for 0701 城镇住宅用地: the whole site is to be converted.
    assert check["conversion_area_m2"] == pytest.approx(site.area, rel=1e-4)
    assert check["status"] == "warning" and "占补平衡" in check["message"] and "征收" in check["message"]
    # The summary table adds up: each row, the 合计 row and the site area.
    table = details["summary_table"]["m2"]
    for row in table["rows"]:
        assert round(sum(row["values"][:-1]), 2) == row["values"][-1]
    residual = (table["residual"] or {"values": [0.0]})["values"][-1]
    assert round(sum(r["values"][-1] for r in table["rows"]) + residual, 2) == table["total"]["values"][-1]
    assert table["total"]["values"][-1] == round(site.area, 2)


def test_report_html_and_pdf_state_the_figures_of_review_json(farmland_review):
    out, check = farmland_review["out"], farmland_review["check"]
    page = compact(re.sub(r"<[^>]+>", " ", html.unescape((out / "review.html").read_text(encoding="utf-8"))))
    printed = compact(pdf_text(out / "review.pdf"))
    assert pdf_page_count(out / "review.pdf") <= MAX_REPORT_PAGES
    for text in (page, printed):
        assert "现状地类面积汇总表" in text and "须依法办理土地征收" in text
        for fact in expected_facts(check):
            assert compact(fact) in text, fact
        table = check["details"]["summary_table"]["m2"]
        for row in table["rows"]:  # each 权属单位 (name, 权属性质, code) with its 合计
            assert compact(f"{row['name']}{row['ownership']}{row['code']}") in text
            assert f"{row['values'][-1]:,.2f}" in text
        assert f"{table['total']['values'][-1]:,.2f}" in text


def test_review_docx_carries_the_same_summary_table(farmland_review):
    import docx

    out, check = farmland_review["out"], farmland_review["check"]
    document = docx.Document(str(out / "review.docx"))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "权属单位名称")
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    summary = check["details"]["summary_table"]
    header = cells[0]
    assert header[:3] == summary["key_columns"] and header[-2:] == ["合计（m²）", "合计（亩）"]
    expected = [
        [row["name"], row["code"], row["ownership"]] + [f"{v:,.2f}" for v in row["values"]]
        for row in summary["m2"]["rows"]
    ]
    body = [r for r in cells[1:] if r[0] not in ("舍入差", "合计")]
    columns = summary["columns"]
    for printed, wanted in zip(body, expected):
        assert printed[:3] == wanted[:3]
        for heading, value in zip(header[3:-2], printed[3:-2]):
            assert value == wanted[3 + columns.index(heading)], heading
        assert printed[-2] == wanted[-1]
    assert len(body) == len(expected)
    total = next(r for r in cells if r[0] == "合计")
    assert total[-2] == f"{summary['m2']['total']['values'][-1]:,.2f}"
    assert total[-1] == f"{summary['mu']['total']['values'][-1]:,.4f}"
    facts = compact(" ".join(cell.text for t in document.tables for row in t.rows for cell in row.cells))
    for fact in expected_facts(check):
        assert compact(fact) in facts, fact


def test_the_sheet_prints_cultivated_land_conversion_and_owners(farmland_review):
    out, check = farmland_review["out"], farmland_review["check"]
    text = compact(pdf_text(out / "review_sheet.pdf", "-raw", "-f", "1", "-l", "1"))
    details = check["details"]

    def row(title: str, status: str, m2: float) -> str:
        return compact(f"全部 {title} {status} {format_m2(m2)} {format_ha(m2)} {format_mu(m2)}")

    taken = [entry for entry in details["cultivated"] if entry["area_m2"] > 0]
    assert len(taken) == 2
    for entry in taken:
        assert row(f"现状耕地·{entry['name']}", "占补平衡", entry["area_m2"]) in text, entry
    assert row("农用地转用面积", "须转用", check["conversion_area_m2"]) in text
    for owner in details["collective"]:
        assert row(f"权属：{owner['name']}", "须征收", owner["area_m2"]) in text, owner


def write_parcels(path: Path, parcels: list) -> Path:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(PLAN_EPSG)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = dataset.CreateLayer("site", srs, ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("DKBH", ogr.OFTString))
    for number, shape in enumerate(parcels, start=1):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("DKBH", str(number))
        polygons = [part for part in getattr(shape, "geoms", [shape]) if part.geom_type == "Polygon"]
        feature.SetGeometry(ogr.CreateGeometryFromWkb(MultiPolygon(polygons).wkb))
        layer.CreateFeature(feature)
    dataset = None
    return path


def plan_without_dltb(plan_path: Path, folder: Path) -> Path:
    copy = folder / "plan_without_dltb.gpkg"
    copy.write_bytes(plan_path.read_bytes())
    dataset = ogr.Open(str(copy), 1)
    names = [dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())]
    dataset.DeleteLayer(names.index("DLTB"))
    dataset = None
    return copy


@pytest.fixture(scope="module")
def two_parcel_sheets(qgis_app, sample_plan_path, tmp_path_factory):
    """The farmland square cut along the two villages' boundary into two parcels, each on one village's
    耕地: reviewed (review.json and review_sheet.pdf of one run) over the sample plan and over a copy of
    it without DLTB."""
    work = tmp_path_factory.mktemp("current_land_use_parcels")
    site = farmland_site(sample_plan_path)
    attributes, geometries = _layer(str(sample_plan_path), "DLTB")
    pieces = [site.intersection(g) for g in geometries if g.intersects(site)]
    parcels = [p for p in pieces if p.area > 1.0]
    assert len(parcels) == 2
    submission = api.read(write_parcels(work / "parcels.gpkg", parcels))
    outs = {}
    for name, plan in (("dltb", sample_plan_path), ("no_dltb", plan_without_dltb(sample_plan_path, work))):
        result = api.review(submission, plan=str(plan), land_use="0701")
        out = work / name
        write_review_outputs(result, CASE, out, submission=submission)
        outs[name] = (out, json.loads((out / "review.json").read_text(encoding="utf-8")))
    return outs


def sheet_pages_text(pdf: Path) -> list[str]:
    return [pdf_text(pdf, "-raw", "-f", str(n), "-l", str(n)) for n in range(1, pdf_page_count(pdf) + 1)]


# A row of the sheet's table as pdftotext lays it out: m², 公顷 and 亩 side by side.
TABLE_ROW = re.compile(r"\d[\d,]*\.\d{2}\s+\d[\d,]*\.\d{4}\s+\d[\d,]*\.\d{2}(?!\s*亩)")


def test_each_parcel_page_prints_that_parcels_cultivated_land_and_owners(two_parcel_sheets):
    out, data = two_parcel_sheets["dltb"]
    check = next(c for c in data["checks"] if c["id"] == "current_land_use")
    pages = [compact(text) for text in sheet_pages_text(out / "review_sheet.pdf")]
    assert "地块1面积" in pages[1]  # the overview, then a page per parcel (each takes 耕地: 需人工复核)
    for entry in check["parcels"]:
        # the parcel's page (and its （续） page, if its table runs over)
        page = "".join(t for t in pages[1:] if re.search(f"地块{entry['id']}(（续）)?面积", t))
        [taken] = [row for row in entry["details"]["cultivated"] if row["area_m2"] > 0]
        [owner] = entry["details"]["owners"]  # one village's 耕地 under each parcel
        # the parcel's 耕地 in 亩 as review.json has it, on its own page, with its type and owner
        assert taken["area_mu"] == pytest.approx(entry["cultivated_area_mu"]) and taken["area_mu"] > 0
        assert f"{entry['cultivated_area_mu']:,.2f}" == format_mu(taken["area_m2"])
        row = compact(f"{entry['id']} 现状耕地·{taken['name']} 占补平衡 {format_m2(taken['area_m2'])} "
                      f"{format_ha(taken['area_m2'])} {format_mu(taken['area_m2'])}")
        assert row in page, (row, page)
        assert compact(f"{entry['id']} 农用地转用面积 须转用 {format_m2(entry['conversion_area_m2'])}") in page
        assert compact(f"{entry['id']} 权属：{owner['name']} 须征收 {format_m2(owner['area_m2'])}") in page
        others = [o["details"]["owners"][0]["name"] for o in check["parcels"] if o["id"] != entry["id"]]
        assert others and not any(f"权属：{name}" in page for name in others)  # the other parcel's village


def test_without_dltb_the_parcel_pages_carry_no_land_use_block(two_parcel_sheets):
    from hengyang_plan_plugin.core.report.sheet_pages import conflict_rows

    out, data = two_parcel_sheets["no_dltb"]
    check = next(c for c in data["checks"] if c["id"] == "current_land_use")
    assert check["status"] == "not_run" and all("details" not in p for p in check["parcels"])
    pages = sheet_pages_text(out / "review_sheet.pdf")
    assert len(pages) >= 3 and "地块2面积" in compact("".join(pages))  # the parcels' pages are there
    for text in pages:
        assert not any(word in compact(text) for word in ("现状耕地", "农用地转用面积", "权属："))
    # the printed rows are the findings alone, as before the 现状地类 rows existed
    assert sum(len(TABLE_ROW.findall(text)) for text in pages) == len(conflict_rows(data)) > 0
