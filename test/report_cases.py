"""A real review for report and layout tests: two parcels across a 永久基本农田 patch of the sample plan.

The site is derived from the plan itself (a farmland patch inside the central
city), so it keeps conflicting whatever seed regenerates the sample plan.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from osgeo import ogr, osr
from shapely import wkb
from shapely.geometry import box

from hengyang_plan_plugin.core.plan_schema import PLAN_EPSG
from hengyang_plan_plugin.core.report import CaseInfo

PROJECT_NAME = "蒸湘区雁城大道<script>alert('x')</script>改造项目"
CASE = CaseInfo(
    project_name=PROJECT_NAME,
    document_number="衡自然资规审〔2026〕12号",
    applicant="衡阳市城市建设投资有限公司",
    reviewer="张三",
    review_date=dt.date(2026, 11, 29),
)
PARCEL_HALF_SIZE_M = 150.0
MIN_PATCH_M2, MAX_PATCH_M2 = 100_000.0, 3_000_000.0


def farmland_point(plan_path: Path) -> tuple[float, float]:
    """An interior point of a mid-sized 永久基本农田 patch inside 中心城区范围."""
    dataset = ogr.Open(str(plan_path))
    city_feature = dataset.GetLayerByName("ZXCQFW").GetNextFeature()  # keep: OGR geometries die with it
    city = wkb.loads(bytes(city_feature.GetGeometryRef().ExportToWkb()))
    farmland = dataset.GetLayerByName("YJJBNT")
    farmland.SetSpatialFilterRect(*city.bounds)
    for feature in farmland:
        patch = wkb.loads(bytes(feature.GetGeometryRef().ExportToWkb()))
        if MIN_PATCH_M2 < patch.area < MAX_PATCH_M2 and city.contains(patch):
            point = patch.representative_point()
            return point.x, point.y
    raise AssertionError("the sample plan has no mid-sized farmland patch in the central city")


def write_site(path: Path, plan_path: Path, parcels: int = 2) -> Path:
    """A GeoPackage submission: ``parcels`` side-by-side squares meeting at a farmland point."""
    x, y = farmland_point(plan_path)
    h = PARCEL_HALF_SIZE_M
    shapes = [box(x - 2 * h, y - h, x, y + h), box(x, y - h, x + 2 * h, y + h)][:parcels]
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(PLAN_EPSG)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = dataset.CreateLayer("site", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("DKBH", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("DKMC", ogr.OFTString))
    for number, shape in enumerate(shapes, start=1):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("DKBH", str(number))
        feature.SetField("DKMC", "<script>alert(1)</script>地块")
        feature.SetGeometry(ogr.CreateGeometryFromWkb(shape.wkb))
        layer.CreateFeature(feature)
    dataset = None
    return path


def pdf_text(pdf_path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_page_count(pdf_path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def render_pdf_pages(pdf_path: Path, out_dir: Path, dpi: int = 60) -> list[Path]:
    assert shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is required"
    prefix = out_dir / pdf_path.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf_path), str(prefix)], check=True)
    return sorted(out_dir.glob(f"{pdf_path.stem}-*.png"))
