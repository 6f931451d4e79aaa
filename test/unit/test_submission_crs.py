"""The CRS of a submission file: the same rule for every reader, and never a guess."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from osgeo import ogr, osr
from shapely.geometry import Polygon, box

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core.review import ReviewInputError
from hengyang_plan_plugin.core.submission_crs import distance_m, epsg_from_prj_name
from hengyang_plan_plugin.core.submission_io import read_submission
from hengyang_plan_plugin.core.submission_model import Parcel, Submission, SubmissionError

# A 100 m square near Hengyang's centre, zone-38 prefixed (EPSG:4526), and the same without the prefix.
PREFIXED = box(38_360_900, 2_977_300, 38_361_000, 2_977_400)
UNPREFIXED = box(360_900, 2_977_300, 361_000, 2_977_400)


def _shapefile(path: Path, geometry, prj: str | None) -> Path:
    dataset = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    layer = dataset.CreateLayer(path.stem, None, ogr.wkbPolygon)
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(ogr.CreateGeometryFromWkt(geometry.wkt))
    layer.CreateFeature(feature)
    dataset = None
    if prj is not None:
        path.with_suffix(".prj").write_text(prj, encoding="ascii")
    return path


def _esri_wkt(epsg: int) -> str:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.MorphToESRI()
    return srs.ExportToWkt()


@pytest.mark.parametrize(
    ("epsg", "datum"),
    [(2362, "1980西安坐标系"), (2414, "1954北京坐标系")],
    ids=["xian-1980-zone-38", "beijing-1954-zone-38"],
)
def test_old_datum_shapefile_is_refused_like_the_txt_reader_does(tmp_path, epsg, datum):
    path = _shapefile(tmp_path / "site.shp", PREFIXED, _esri_wkt(epsg))
    before = path.with_suffix(".prj").read_bytes()
    with pytest.raises(SubmissionError) as refused:
        read_submission(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: 坐标系为“")
    assert f"({datum})，只接受2000国家大地坐标系(CGCS2000)" in message
    assert "请先转换为CGCS2000坐标后再送审" in message
    assert path.with_suffix(".prj").read_bytes() == before  # the input is never modified


def test_old_datum_chosen_by_hand_is_refused_too(tmp_path):
    path = _shapefile(tmp_path / "site.shp", PREFIXED, None)
    with pytest.raises(SubmissionError, match=r"\(1980西安坐标系\)，只接受2000国家大地坐标系"):
        read_submission(path, crs="EPSG:2362")


def test_old_datum_submission_object_is_refused_by_the_review():
    parcel = Parcel(id="1", geometry=PREFIXED)
    submission = Submission(name="s", source="layer:红线", crs="EPSG:2414", parcels=[parcel])
    with pytest.raises(ReviewInputError, match=r"layer:红线: 坐标系为“Beijing 1954.*\(1954北京坐标系\)"):
        api.review(submission)


@pytest.mark.parametrize(
    ("name", "geometry", "epsg"),
    [
        ("CGCS2000_3_Degree_GK_Zone_38", PREFIXED, 4526),
        ("CGCS2000_3_Degree_GK_CM_114E", UNPREFIXED, 4547),
    ],
)
def test_name_only_prj_is_resolved_by_its_name(tmp_path, name, geometry, epsg):
    path = _shapefile(tmp_path / "site.shp", geometry, f'PROJCS["{name}"]')
    submission = read_submission(path)
    assert submission.crs == f"EPSG:{epsg}"
    assert any(f".prj只有坐标系名称，按名称取EPSG:{epsg}" in warning for warning in submission.warnings)
    result = api.review(submission)
    assert result.site_area_m2 == pytest.approx(10_000, abs=0.01)


def test_name_only_prj_of_an_old_datum_is_refused(tmp_path):
    path = _shapefile(tmp_path / "site.shp", PREFIXED, 'PROJCS["Xian_1980_3_Degree_GK_Zone_38"]')
    with pytest.raises(SubmissionError, match=r"\(1980西安坐标系\)，只接受2000国家大地坐标系"):
        read_submission(path)


def test_unknown_prj_name_is_refused_not_guessed(tmp_path):
    path = _shapefile(tmp_path / "site.shp", PREFIXED, 'PROJCS["Hengyang_Local_Grid"]')
    with pytest.raises(SubmissionError) as refused:
        read_submission(path)
    assert str(refused.value) == (
        f"{path}: site.prj中的坐标系定义无法识别（PROJCS[\"Hengyang_Local_Grid\"]）。"
        "请用GIS软件重新导出带完整定义的.prj，或删除.prj后在导入对话框中选择坐标系"
    )


def test_prj_names_cover_the_cgcs2000_gauss_kruger_block():
    assert epsg_from_prj_name('PROJCS["CGCS2000_3_Degree_GK_Zone_25"]') == 4513
    assert epsg_from_prj_name('PROJCS["CGCS2000_3_Degree_GK_CM_135E"]') == 4554
    assert epsg_from_prj_name('PROJCS["CGCS2000_GK_Zone_19"]') == 4497
    assert epsg_from_prj_name('PROJCS["CGCS2000 / Gauss-Kruger CM 111E"]') == 4508
    assert epsg_from_prj_name('GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"]') == 4490
    assert epsg_from_prj_name('PROJCS["My_Grid"]') is None


def _kml_line(path: Path, coordinates: list[tuple[float, float]]) -> Path:
    text = " ".join(f"{lon!r},{lat!r},0" for lon, lat in coordinates)
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<Placemark><name>道路中线</name><LineString><coordinates>{text}</coordinates></LineString>"
        "</Placemark></Document></kml>",
        encoding="utf-8",
    )
    return path


def test_open_lonlat_line_is_not_closed_into_a_site(tmp_path):
    # A road centre line whose ends are about 2.4 km apart: in degrees that is 0.023, under 0.1.
    road = [(112.60, 26.90), (112.61, 26.91), (112.62, 26.90), (112.624, 26.90)]
    assert distance_m(road[0], road[-1], geographic=True) == pytest.approx(2_380, rel=0.01)
    path = _kml_line(tmp_path / "road.kml", road)
    with pytest.raises(SubmissionError, match="road.kml: 图层“.*”中没有面要素或闭合多段线"):
        read_submission(path)


def test_almost_closed_lonlat_line_is_closed_with_the_gap_in_metres(tmp_path):
    lon0, lat0 = 112.60, 26.90
    gap_deg = 0.05 / (6371008.8 * math.pi / 180)  # 5 cm north of the start
    ring = [(lon0, lat0), (lon0 + 0.001, lat0), (lon0 + 0.001, lat0 + 0.001), (lon0, lat0 + gap_deg)]
    submission = read_submission(_kml_line(tmp_path / "site.kml", ring))
    assert len(submission.parcels) == 1 and isinstance(submission.parcels[0].geometry, Polygon)
    assert any("首尾相距0.050米，已自动闭合" in warning for warning in submission.warnings)


def _review_error(geometry, crs: str = "EPSG:4526") -> str:
    submission = Submission(name="s", source="s.txt", crs=crs, parcels=[Parcel(id="1", geometry=geometry)])
    with pytest.raises(ReviewInputError) as refused:
        api.review(submission)
    return str(refused.value)


def test_unprefixed_easting_gets_a_zone_prefix_hint():
    message = _review_error(UNPREFIXED)
    assert message.startswith("s.txt: 坐标")
    assert "Y坐标（东坐标）没有38带号前缀？请在导入时选择正确的坐标系" in message


def test_swapped_axes_get_a_swap_hint():
    swapped = box(2_977_300, 38_360_900, 2_977_400, 38_361_000)
    assert "X、Y坐标是否颠倒" in _review_error(swapped)


def test_lonlat_numbers_in_a_projected_crs_get_a_lonlat_hint():
    assert "坐标像经纬度，而不是EPSG:4526的平面坐标" in _review_error(box(112.60, 26.90, 112.61, 26.91))


def test_other_zone_prefix_is_named():
    assert "Y坐标的带号为37，与坐标系的38带不符" in _review_error(box(37_640_000, 2_977_300, 37_640_100, 2_977_400))


def _gpkg_without_crs(path, easting: float):
    from osgeo import ogr

    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = source.CreateLayer("site", None, ogr.wkbPolygon)  # srs_id 0: "Undefined geographic SRS"
    feature = ogr.Feature(layer.GetLayerDefn())
    e, n = easting, 2973300.0
    feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({e} {n},{e + 100} {n},{e + 100} {n + 100},{e} {n}))"))
    layer.CreateFeature(feature)
    source = None


def test_a_geopackage_without_crs_is_read_by_its_zone_prefix_not_as_degrees(tmp_path):
    from hengyang_plan_plugin.core.submission_io import read_submission

    _gpkg_without_crs(tmp_path / "site.gpkg", 38355200.0)
    submission = read_submission(tmp_path / "site.gpkg")
    assert submission.crs == "EPSG:4526"
    assert any("数据不含坐标系" in warning for warning in submission.warnings)


def test_a_geopackage_without_crs_or_zone_prefix_asks_for_the_crs(tmp_path):
    import pytest

    from hengyang_plan_plugin.core.submission_io import read_submission
    from hengyang_plan_plugin.core.submission_model import SubmissionError

    _gpkg_without_crs(tmp_path / "site.gpkg", 355200.0)
    with pytest.raises(SubmissionError, match="CRS=EPSG"):
        read_submission(tmp_path / "site.gpkg")
