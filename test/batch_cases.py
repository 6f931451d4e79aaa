"""Generated batch inputs: a small hand-made plan and N 界址点 TXT cases with known answers.

Case ``case_XX`` is a 100 m square. Even cases overlap the one 永久基本农田
feature by exactly 50 m × 100 m = 5000 m²; odd cases lie clear of it. Broken
cases are unreadable in three different ways (not a coordinate file, a ring
that does not close into a polygon, a GeoJSON that is not JSON).
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from hengyang_plan_plugin.core.plan.registry import close_plans
from hengyang_plan_plugin.core.submission_model import Parcel, Submission
from hengyang_plan_plugin.core.txt_coordinates import write_txt
from test.review_fixtures import rect, square, write_plan

FARMLAND_OVERLAP_M2 = 5000.0
SITE_AREA_M2 = 10_000.0


def make_plan(path: Path) -> Path:
    farmland = {"BSM": "YJJBNT0001", "YSDM": "2004020100", "XZQDM": "430405", "MJ": 1_000_000.0}
    return write_plan(
        path,
        {
            "YJJBNT": [(rect(0, 0, 1000, 1000), farmland)],
            "CZKFBJ": [(rect(-5000, -5000, 5000, 5000), {"GHFQMC": "集中建设区"})],
        },
    )


def case_geometry(index: int, shift_m: float = 0.0):
    """Even: overlaps the farmland by 50 m (shift_m moves it east, off the farmland); odd: 2 km east of it."""
    row = (index // 2) % 9
    if index % 2 == 0:
        return square(950 + shift_m, row * 100.0)
    return square(2000 + (index % 20) * 150.0, row * 150.0)


def write_case(path: Path, index: int, name: str | None = None, shift_m: float = 0.0) -> Path:
    name = name or path.stem
    parcel = Parcel(id="1", geometry=case_geometry(index, shift_m), name=f"{name}地块")
    return write_txt(Submission(name=name, source=str(path), crs="EPSG:4526", parcels=[parcel]), path)


BROKEN_KINDS = ("garbage", "open_ring", "bad_geojson")


def write_broken(folder: Path, index: int, kind: str) -> Path:
    if kind == "garbage":
        path = folder / f"case_{index:02d}.txt"
        path.write_text("这不是界址点坐标文件\nhello\n", encoding="utf-8")
    elif kind == "open_ring":
        path = folder / f"case_{index:02d}.txt"
        path.write_text(
            "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=38\n[地块坐标]\n"
            "2,1.0,1,坏地块,面,,,,@\nJ1,1,2977000.000,38360000.000\nJ2,1,2977100.000,38360000.000\n",
            encoding="utf-8",
        )
    else:
        path = folder / f"case_{index:02d}.geojson"
        path.write_text("{ not json", encoding="utf-8")
    return path


def make_cases(folder: Path, count: int = 50, broken: tuple[int, ...] = (7, 23, 41)) -> dict[str, str]:
    """Write the cases; returns {case name: "conflict" | "clear" | "broken"}."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for index in range(count):
        name = f"case_{index:02d}"
        if index in broken:
            write_broken(folder, index, BROKEN_KINDS[broken.index(index) % len(BROKEN_KINDS)])
            expected[name] = "broken"
        else:
            write_case(folder / f"{name}.txt", index)
            expected[name] = "conflict" if index % 2 == 0 else "clear"
    return expected


@pytest.fixture(autouse=True, scope="module")
def close_plans_after_module():
    """Drop the cached plan handles (OGR datasets) before QGIS exits: a GDAL dataset freed
    after ``exitQgis`` crashes the interpreter at shutdown."""
    yield
    close_plans()
    gc.collect()
