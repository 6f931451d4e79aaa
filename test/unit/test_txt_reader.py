"""界址点坐标 TXT reader: the well-formed corpus under test/data/txt/valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from hengyang_plan_plugin.core.txt_coordinates import read_txt

VALID = Path(__file__).resolve().parents[1] / "data" / "txt" / "valid"

# file -> (CRS, [(地块编号, exact area m²)]); areas are exact for these coordinates.
CORPUS = {
    "single_parcel.txt": ("EPSG:4526", [("1", 10000.0)]),
    "several_parcels.txt": ("EPSG:4526", [("A-01", 10000.0), ("A-02", 2500.0), ("A-03", 717845 / 128)]),
    "holes.txt": ("EPSG:4526", [("H1", 40000.0 - 2500.0 - 400.0)]),
    "zone37.txt": ("EPSG:4525", [("Q1", 6400.0)]),
    "zone38.txt": ("EPSG:4526", [("Z1", 3600.0)]),
    "no_prefix.txt": ("EPSG:4547", [("NP1", 10000.0)]),
    "gbk_crlf.txt": ("EPSG:4526", [("G1", 10000.0)]),
    "gb18030_crlf.txt": ("EPSG:4526", [("GB1", 10000.0)]),
    "utf8_bom.txt": ("EPSG:4526", [("U1", 10000.0)]),
    "six_degree.txt": ("EPSG:4497", [("S1", 22500.0)]),
    "precision_digits.txt": ("EPSG:4526", [("P1", 10000.0)]),
    "numeric_point_names.txt": ("EPSG:4526", [("1", 10000.0)]),
    "zone_from_prefix_only.txt": ("EPSG:4526", [("W5", 10000.0)]),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_well_formed_file_reads_with_exact_areas_and_crs(name):
    crs, parcels = CORPUS[name]
    submission = read_txt(VALID / name)
    assert submission.crs == crs
    assert [(p.id, p.geometry.area) for p in submission.parcels] == [
        (pid, pytest.approx(area, abs=1e-6)) for pid, area in parcels
    ]
    assert all(p.geometry.is_valid for p in submission.parcels)
    assert submission.warnings == []
    assert len(submission.sha256) == 64


def test_single_parcel_attributes_and_land_use():
    parcel = read_txt(VALID / "single_parcel.txt").parcels[0]
    assert parcel.name == "地块1"
    assert parcel.land_use == "0701"
    assert parcel.land_use_name == "城镇住宅用地"
    assert parcel.declared_area_m2 == pytest.approx(10000.0)
    assert parcel.attributes["地类编码"] == "0701"
    assert parcel.attributes["图形属性"] == "面"
    # Easting first (GIS order), northing second; the closing point is kept once.
    assert list(parcel.geometry.exterior.coords)[0] == (38360912.217, 2977318.934)
    assert len(parcel.geometry.exterior.coords) == 5


def test_submission_land_use_is_the_common_code():
    assert read_txt(VALID / "single_parcel.txt").land_use == "0701"
    assert read_txt(VALID / "several_parcels.txt").land_use is None  # 0901 and 1401


def test_holes_become_interior_rings():
    geometry = read_txt(VALID / "holes.txt").parcels[0].geometry
    assert geometry.geom_type == "Polygon"
    assert len(geometry.interiors) == 2


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("gbk_crlf.txt", "衡阳县西渡镇地块"),
        ("gb18030_crlf.txt", "䶮山地块𠀀"),
        ("utf8_bom.txt", "南岳区地块"),
    ],
)
def test_encodings_decode_names(name, text):
    assert read_txt(VALID / name).parcels[0].name == text


def test_extra_fields_before_at_are_kept():
    parcel = read_txt(VALID / "precision_digits.txt").parcels[0]
    assert parcel.attributes["附加字段"] == "备注,XX项目"


def test_name_and_source():
    submission = read_txt(VALID / "zone37.txt")
    assert submission.name == "zone37"
    assert submission.source.endswith("zone37.txt")


# Well-formed files that read with a warning naming the file and line.
WARNED = {
    "swapped_xy.txt": ("第13行", "X、Y坐标填反了"),
    "unclosed_ring.txt": ("第17行", "未闭合，已自动闭合"),
    "point_count_mismatch.txt": ("第13行", "界址点数为7，实际读到5个坐标行"),
}


@pytest.mark.parametrize("name", sorted(WARNED))
def test_repairable_problems_are_warnings(name):
    line, text = WARNED[name]
    submission = read_txt(VALID / name)
    assert len(submission.warnings) == 1
    warning = submission.warnings[0]
    assert warning.startswith(f"{name} {line}: ")
    assert text in warning
    assert submission.parcels[0].geometry.area == pytest.approx(10000.0)
    assert submission.crs == "EPSG:4526"


def test_swapped_axes_are_swapped_back():
    swapped = read_txt(VALID / "swapped_xy.txt").parcels[0].geometry
    normal = read_txt(VALID / "single_parcel.txt").parcels[0].geometry
    assert swapped.equals(normal)


def test_declared_area_is_read_not_judged():
    # The geometry check compares it, with the review's tolerances (test_declared_area.py).
    submission = read_txt(VALID / "area_mismatch.txt")
    assert submission.warnings == []
    assert submission.parcels[0].declared_area_m2 == pytest.approx(12_000.0)
