"""The papers a bureau signs, looked at: the 审查图 from every path, the 审查意见表, review.docx.

``make review`` (scripts/review_cli.py → qgis_process.bin → hengyangplan:review) writes
review_sheet.pdf and review.docx beside review.json/html/pdf; Processing in this process and
the dock's export give the same pages from the same template. The PDFs are read back with
pdftotext and rendered with pdftoppm; review.docx is converted by LibreOffice headless.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from qgis.core import QgsProject

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.report.case_info import CaseInfo
from hengyang_plan_plugin.core.report.geometries import review_geometries
from hengyang_plan_plugin.core.report.presentation import (
    area_text,
    concern_area,
    format_ha,
    format_m2,
    format_mu,
)
from hengyang_plan_plugin.core.report.sheet_pages import PARCEL, conflict_rows
from hengyang_plan_plugin.paths import SAMPLES_DIR
from hengyang_plan_plugin.qgis_adapters.plan_loader import load_plan
from hengyang_plan_plugin.qgis_adapters.print_layout import build_review_layout, export_review_sheet
from test.report_cases import pdf_page_count, render_pdf_pages

pytestmark = pytest.mark.qgis_process

REPO = Path(__file__).resolve().parents[2]
SAMPLE = SAMPLES_DIR / "sample_submission.txt"
MAX_SHEET_BYTES = 5 * 1024 * 1024
MAX_REPORT_PAGES = 8
# A row of the conflict table as pdftotext lays it out: m², 公顷 and 亩 side by side.
TABLE_ROW = re.compile(r"\d[\d,]*\.\d{2}\s+\d[\d,]*\.\d{4}\s+\d[\d,]*\.\d{2}(?!\s*亩)")


def page_text(pdf: Path, page: int) -> str:
    """The page's text in drawing order (a table row is one line; -layout would mix in the legend)."""
    return subprocess.run(
        ["pdftotext", "-raw", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def staged_plugin():
    subprocess.run(["make", "plugin"], cwd=REPO, check=True, capture_output=True)
    return REPO / "build" / "plugin"


@pytest.fixture(scope="module")
def make_review(staged_plugin, tmp_path_factory, sample_plan_path):
    """``make review`` of the sample over the bundled sample plan (no PLAN: the test profile sets
    none), A3 (default) and SHEET=A4: {size: out folder}."""
    outs = {}
    for size in ("A3", "A4"):
        out = tmp_path_factory.mktemp(f"make_review_{size}")
        completed = subprocess.run(
            ["/usr/bin/python3", str(REPO / "scripts" / "review_cli.py"), "--submission", str(SAMPLE),
             "--out", str(out), *(["--sheet", size] if size == "A4" else [])],
            cwd=REPO, env={**os.environ, "QGIS_PLUGINPATH": str(staged_plugin)},
            capture_output=True, text=True, timeout=600,
        )
        assert completed.returncode == 0, completed.stderr
        outs[size] = out
    return outs


@pytest.fixture(scope="module")
def sample():
    submission = api.read(SAMPLE)
    result = api.review(submission)
    return result, submission


@pytest.fixture(scope="module")
def plan_project():
    project = QgsProject()
    load_plan(None, project)
    yield project
    project.clear()


def planned_pages(plan_project, sample, size: str):
    result, submission = sample
    layout = build_review_layout(plan_project, result.to_dict(), CaseInfo(), review_geometries(result, submission),
                                 size)
    return layout.pages.pages


def test_make_review_writes_the_sheet_and_the_word_report(make_review):
    for out in make_review.values():
        names = sorted(path.name for path in out.iterdir())
        assert names == ["review.docx", "review.html", "review.json", "review.pdf", "review_sheet.pdf"]


@pytest.mark.parametrize("size", ["A3", "A4"])
def test_the_sheet_pages_are_what_was_planned_and_nothing_is_left_unevaluated(size, make_review, plan_project,
                                                                              sample, tmp_path):
    pdf = make_review[size] / "review_sheet.pdf"
    pages = planned_pages(plan_project, sample, size)
    result = json.loads((make_review[size] / "review.json").read_text(encoding="utf-8"))
    assert pdf_page_count(pdf) == len(pages)
    assert pages[0].heading == "总图"
    printed_rows = 0
    for page in pages:
        text = page_text(pdf, page.number)
        flat = compact(text)
        assert "[%" not in text and "%]" not in text
        assert f"第{page.number}页/共{len(pages)}页" in flat
        assert re.search(r"比例尺1:(\d+)", flat) and int(re.search(r"比例尺1:(\d+)", flat).group(1)) >= 500
        assert compact(page.heading) in flat
        parcels = {p["id"]: p for p in result["submission"]["parcels"]}
        area = result["submission"]["area_m2"] if page.parcel_id == "" else parcels[page.parcel_id]["area_m2"]
        assert compact(f"面积：{area_text(area)}") in flat  # digits searchable, not lost to the CJK font
        assert "CGCS20003度带高斯-克吕格EPSG:4526" in flat
        assert "审查单位：" in flat and "制图单位：" in flat and "审查人：" in flat
        assert "示意数据，非法定规划成果" in flat  # the sample plan
        assert ".gpkg" not in flat and "/" not in re.sub(r"第\d+页/共\d+页", "", flat)  # the plan by its title
        rows = TABLE_ROW.findall(text)
        assert len(rows) == len(page.rows), (page.number, rows)
        for row in page.rows:  # each row whole: parcel, finding, result and its three areas
            assert compact(" ".join(row[k] for k in ("parcel_id", "title", "status", "area_m2", "area_ha",
                                                     "area_mu"))) in flat, row
        printed_rows += len(rows)
    # every finding, none dropped, and each parcel page's own 现状地类 rows
    paged = list(dict.fromkeys(page.parcel_id for page in pages if page.kind == PARCEL))
    assert printed_rows == len(conflict_rows(result, paged))
    if size == "A3":
        assert pdf.stat().st_size <= MAX_SHEET_BYTES
    pngs = render_pdf_pages(pdf, tmp_path, dpi=40)
    assert len(pngs) == len(pages) and all(png.stat().st_size > 20_000 for png in pngs)


@pytest.fixture
def processing_with_provider(qgis_app):
    from processing.core.Processing import Processing
    from qgis.core import QgsApplication

    from hengyang_plan_plugin.processing.provider import HengyangPlanProvider

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("hengyangplan")
    if provider is None:
        provider = HengyangPlanProvider()
        registry.addProvider(provider)
    yield registry
    registry.removeProvider(provider)


def test_processing_and_the_dock_print_the_same_pages_as_make_review(make_review, plan_project, sample, tmp_path,
                                                                     processing_with_provider):
    from qgis import processing

    result, submission = sample
    processing_pdf = tmp_path / "processing_sheet.pdf"
    processing.run("hengyangplan:review", {"SUBMISSION": str(SAMPLE), "OUTPUT_JSON": str(tmp_path / "r.json"),
                                           "OUTPUT_SHEET": str(processing_pdf), "SHEET": "A3"})
    [dock_pdf] = export_review_sheet(result, submission, CaseInfo(), tmp_path / "dock_sheet.pdf", "A3", plan_project)
    reference = make_review["A3"] / "review_sheet.pdf"
    count = pdf_page_count(reference)
    for pdf in (processing_pdf, dock_pdf):
        assert pdf_page_count(pdf) == count
        for page in range(1, count + 1):
            assert compact(page_text(pdf, page)) == compact(page_text(reference, page)), (pdf.name, page)


def test_the_report_is_concise_in_beijing_time_without_paths(make_review):
    out = make_review["A3"]
    pdf = out / "review.pdf"
    assert pdf_page_count(pdf) <= MAX_REPORT_PAGES
    # -raw: the text in the order it was drawn; the reading-order guess may put the signature's
    # bottom-aligned 审查单位 cell after the next heading, depending on where the page ends.
    text = compact(
        subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )
    assert "北京时间UTC+8" in text and "+00:00" not in text
    assert str(REPO) not in text and "/tmp/" not in text and "/root" not in text  # no machine path
    assert "sample_submission.txt" in text and "hengyang_sample_plan.gpkg" in text  # the appendix: file names
    signature = text.split("五、审查签署")[1].split("附：复现信息")[0]
    assert "审查单位（盖章）" in signature and "衡阳市自然资源和规划局" in signature
    assert "未申报" not in text  # every sample parcel declares its 地类编码


def test_review_docx_converts_with_libreoffice_and_keeps_text_and_tables(make_review, tmp_path):
    import docx

    out = make_review["A3"]
    result = json.loads((out / "review.json").read_text(encoding="utf-8"))
    document = docx.Document(str(out / "review.docx"))
    summary = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    assert len(summary.rows) == len(result["checks"]) + 1
    assert len(document.inline_shapes) >= 2  # the site figure and the parcel close-ups

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (libreoffice-writer) is required: make test installs it"
    profile = tmp_path / "lo-profile"
    completed = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(out / "review.docx")],
        capture_output=True, text=True, timeout=240,
    )
    converted = tmp_path / "review.pdf"
    assert converted.is_file(), completed.stderr
    text = compact(subprocess.run(["pdftotext", "-layout", str(converted), "-"], capture_output=True, text=True,
                                  check=True).stdout)
    assert result["submission"]["name"] in text and "审查结论：不通过" in text
    farmland = next(check for check in result["checks"] if check["id"] == "farmland")
    area = concern_area(farmland)
    for figure in (f"{format_m2(area)}m²", f"{format_ha(area)}公顷", f"{format_mu(area)}亩"):
        assert figure in text
    for check in result["checks"]:
        assert compact(check["title"]) in text
    assert "审查单位（盖章）" in text and "附：复现信息" in text


def test_the_docs_pictures_show_the_current_sample_sheet(make_review, tmp_path):
    """docs/review_sheet_*.png (the README's) are the pages ``make review`` prints now, rendered by
    scripts/sheet_doc_images.py; regenerate them with that script when the sheet changes. Compared in
    grey at 120 px across: closely when this QGIS drew them (a stale picture, e.g. the legend before
    it was fitted, differs by 1.2-3.4), loosely under another QGIS (the same page, not the same
    hinting: another page differs by about 28)."""
    import sys

    from PIL import Image, ImageChops, ImageStat

    sys.path.insert(0, str(REPO / "scripts"))
    from sheet_doc_images import render_doc_images

    for rendered in render_doc_images(make_review["A3"], make_review["A4"], tmp_path):
        committed = REPO / "docs" / rendered.name
        assert committed.is_file(), committed
        with Image.open(rendered) as new, Image.open(committed) as old:
            assert new.size == old.size, rendered.name
            same_qgis = old.text.get("QGIS") == new.text.get("QGIS")
            size = (120, round(120 * new.height / new.width))
            small_new, small_old = (image.convert("L").resize(size, Image.Resampling.BOX) for image in (new, old))
            difference = ImageStat.Stat(ImageChops.difference(small_new, small_old)).mean[0]
        assert difference < (0.5 if same_qgis else 8.0), (rendered.name, difference, "run scripts/sheet_doc_images.py")
