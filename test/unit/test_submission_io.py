"""read_submission: TXT and the GDAL sources (shapefile, GeoPackage, GeoJSON, KML, DXF)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from osgeo import ogr, osr

from hengyang_plan_plugin.core.submission_io import file_sha256, read_submission
from hengyang_plan_plugin.core.submission_model import SubmissionError
from test.gdal_support import ogr_recodes_shapefiles

VALID_TXT = Path(__file__).resolve().parents[1] / "data" / "txt" / "valid"

SQUARE_WKT = "POLYGON((38360912 2977218,38361012 2977218,38361012 2977318,38360912 2977318,38360912 2977218))"
SQUARE = [
    (38360912.217, 2977218.934),
    (38361012.217, 2977218.934),
    (38361012.217, 2977318.934),
    (38360912.217, 2977318.934),
]


def _write_vector(
    path: Path,
    driver: str,
    fields: dict[str, object],
    wkt: str = SQUARE_WKT,
    epsg: int | None = 4526,
    layer_options: list[str] | None = None,
    layer_name: str = "site",
    count: int = 1,
) -> Path:
    with ogr_recodes_shapefiles():
        _create_vector(path, driver, fields, wkt, epsg, layer_options, layer_name, count)
    return path


def _create_vector(path, driver, fields, wkt, epsg, layer_options, layer_name, count) -> None:
    dataset = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    srs = None
    if epsg:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layer = dataset.CreateLayer(layer_name, srs, ogr.wkbPolygon, options=layer_options or [])
    for name, value in fields.items():
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTReal if isinstance(value, float) else ogr.OFTString))
    for _ in range(count):
        feature = ogr.Feature(layer.GetLayerDefn())
        for name, value in fields.items():
            feature.SetField(name, value)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    dataset = None


def _dxf(entities: list[str], codepage: str = "ANSI_936") -> bytes:
    header = [
        "0",
        "SECTION",
        "2",
        "HEADER",
        "9",
        "$ACADVER",
        "1",
        "AC1015",
        "9",
        "$DWGCODEPAGE",
        "3",
        codepage,
        "0",
        "ENDSEC",
    ]
    lines = [*header, "0", "SECTION", "2", "ENTITIES", *entities, "0", "ENDSEC", "0", "EOF"]
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def _lwpolyline(layer: str, points, closed: bool) -> list[str]:
    out = ["0", "LWPOLYLINE", "8", layer, "90", str(len(points)), "70", "1" if closed else "0"]
    for x, y in points:
        out += ["10", repr(x), "20", repr(y)]
    return out


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


# --- TXT -----------------------------------------------------------------------


def test_txt_goes_to_the_coordinate_reader():
    submission = read_submission(VALID_TXT / "zone37.txt")
    assert submission.crs == "EPSG:4525"
    assert submission.parcels[0].geometry.area == pytest.approx(6400.0)
    assert submission.sha256 == hashlib.sha256((VALID_TXT / "zone37.txt").read_bytes()).hexdigest()


def test_malformed_txt_raises_with_line():
    with pytest.raises(SubmissionError) as caught:
        read_submission(VALID_TXT.parent / "malformed" / "xian80.txt")
    assert caught.value.line == 5


def test_missing_file(tmp_path):
    with pytest.raises(SubmissionError, match="文件不存在"):
        read_submission(tmp_path / "none.shp")


# --- shapefile -------------------------------------------------------------------


def test_gbk_shapefile_without_cpg_reads_chinese_attributes(tmp_path):
    fields = {"地块编号": "A1", "地块名称": "衡阳市雁峰区白沙洲地块", "YDYHFLDM": "0701", "申报面积": 1.0}
    path = _write_vector(tmp_path / "gbk.shp", "ESRI Shapefile", fields, layer_options=["ENCODING=GBK"])
    path.with_suffix(".cpg").unlink()
    assert "衡阳".encode("gbk") in path.with_suffix(".dbf").read_bytes()
    before = _snapshot(tmp_path)

    submission = read_submission(path)

    parcel = submission.parcels[0]
    assert parcel.id == "A1"
    assert parcel.name == "衡阳市雁峰区白沙洲地块"
    assert parcel.land_use == "0701"
    assert parcel.declared_area_m2 == pytest.approx(10000.0)
    assert parcel.geometry.area == pytest.approx(10000.0)
    assert submission.crs == "EPSG:4526"
    assert any("GB18030" in warning for warning in submission.warnings)
    assert _snapshot(tmp_path) == before  # never writes to the input
    assert submission.sha256 == file_sha256(path)
    assert len(submission.sha256) == 64


def test_shapefile_hash_covers_the_attribute_file(tmp_path):
    path = _write_vector(tmp_path / "a.shp", "ESRI Shapefile", {"DLBM": "0901"})
    first = file_sha256(path)
    with path.with_suffix(".dbf").open("r+b") as handle:  # change one attribute byte, not the geometry
        data = handle.read()
        index = data.rindex(b"0901")
        handle.seek(index)
        handle.write(b"0902")
    assert file_sha256(path) != first


def test_utf8_shapefile_without_cpg_and_dlbm(tmp_path):
    path = _write_vector(
        tmp_path / "u.shp",
        "ESRI Shapefile",
        {"DLBM": "0901", "DLMC": "商业用地"},
        layer_options=["ENCODING=UTF-8"],
    )
    path.with_suffix(".cpg").unlink()
    parcel = read_submission(path).parcels[0]
    assert parcel.land_use == "0901"
    assert parcel.land_use_name == "商业用地"


# --- GeoPackage, GeoJSON, KML ---------------------------------------------------------


def test_geopackage_layer_choice(tmp_path):
    path = _write_vector(tmp_path / "s.gpkg", "GPKG", {"地块编号": "G1", "地块用途": "公园绿地"}, count=2)
    dataset = ogr.Open(str(path), 1)
    dataset.CreateLayer("other", None, ogr.wkbPoint)
    dataset = None
    submission = read_submission(path, layer="site")
    assert [p.id for p in submission.parcels] == ["G1", "2"]  # duplicate ids are renumbered
    assert submission.parcels[0].land_use == "1401"  # from the use name
    assert submission.crs == "EPSG:4526"
    with pytest.raises(SubmissionError, match="没有图层“nope”"):
        read_submission(path, layer="nope")
    assert read_submission(path).parcels  # the polygon layer is the default


def test_geojson_in_cgcs2000_geographic(tmp_path):
    path = tmp_path / "s.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"地块名称": "江东地块", "YDYHFLDM": "0901"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [
                                [[112.6, 26.9], [112.601, 26.9], [112.601, 26.901], [112.6, 26.9]]
                            ],
                        },
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    submission = read_submission(path)
    assert submission.crs == "EPSG:4326"  # GeoJSON's own CRS; the review reprojects
    assert submission.parcels[0].name == "江东地块"
    assert submission.parcels[0].land_use == "0901"


def test_kml_polygon(tmp_path):
    path = tmp_path / "s.kml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>石鼓地块</name>
<Polygon><outerBoundaryIs><LinearRing>
<coordinates>112.6,26.9,0 112.601,26.9,0 112.601,26.901,0 112.6,26.9,0</coordinates>
</LinearRing></outerBoundaryIs></Polygon>
</Placemark></Document></kml>""",
        encoding="utf-8",
    )
    submission = read_submission(path)
    parcel = submission.parcels[0]
    assert parcel.name == "石鼓地块"
    assert parcel.geometry.geom_type == "Polygon" and not parcel.geometry.has_z
    assert submission.crs == "EPSG:4326"


def test_source_without_polygons_is_refused(tmp_path):
    path = tmp_path / "lines.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
        '"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}'
    )
    with pytest.raises(SubmissionError, match="没有面要素或闭合多段线"):
        read_submission(path)


def test_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "junk.gpkg"
    path.write_bytes(b"not a geopackage")
    with pytest.raises(SubmissionError):
        read_submission(path)


# --- DXF -------------------------------------------------------------------------------


def test_dxf_closes_an_almost_closed_polyline_on_the_chosen_layer(tmp_path):
    nearly_closed = [(x + 500.0, y) for x, y in SQUARE] + [(38361412.247, 2977218.954)]  # 3.6 cm short
    far_open = [(x + 1000.0, y) for x, y in SQUARE] + [(38361912.217, 2977228.934)]  # 10 m short
    path = tmp_path / "site.dxf"
    path.write_bytes(
        _dxf(
            _lwpolyline("红线", SQUARE, closed=True)
            + _lwpolyline("红线", nearly_closed, closed=False)
            + _lwpolyline("红线", far_open, closed=False)
            + _lwpolyline("道路", [(x + 2000.0, y) for x, y in SQUARE], closed=True)
        )
    )
    before = _snapshot(tmp_path)

    submission = read_submission(path, layer="红线")

    assert len(submission.parcels) == 2
    assert submission.parcels[0].geometry.area == pytest.approx(10000.0)
    assert submission.parcels[1].geometry.area == pytest.approx(10000.0, rel=1e-3)
    assert submission.parcels[1].geometry.is_valid
    assert any("首尾相距0.036米，已自动闭合" in warning for warning in submission.warnings)
    assert any("1个要素不是面或闭合线" in warning for warning in submission.warnings)
    # DXF has no CRS: the prefixed eastings give zone 38, with a warning.
    assert submission.crs == "EPSG:4526"
    assert any("不含坐标系" in warning for warning in submission.warnings)
    assert _snapshot(tmp_path) == before


def test_dxf_default_layer_and_crs(tmp_path):
    plain = [(x - 38_000_000.0, y) for x, y in SQUARE]
    path = tmp_path / "plain.dxf"
    path.write_bytes(
        _dxf(_lwpolyline("用地红线", plain, closed=True) + _lwpolyline("图框", plain, closed=True))
    )
    # No CRS and no zone prefix: never reviewed on a guess, the user is asked.
    with pytest.raises(SubmissionError, match="plain.dxf: 数据不含坐标系，东坐标也没有高斯-克吕格带号前缀"):
        read_submission(path)
    submission = read_submission(path, crs="EPSG:4547")  # the user's answer
    assert submission.crs == "EPSG:4547"
    assert len(submission.parcels) == 1  # the red-line layer is picked among several
    assert submission.parcels[0].attributes["Layer"] == "用地红线"


def test_dxf_unknown_layer(tmp_path):
    path = tmp_path / "a.dxf"
    path.write_bytes(_dxf(_lwpolyline("红线", SQUARE, closed=True)))
    with pytest.raises(SubmissionError, match="DXF中没有图层“道路”"):
        read_submission(path, layer="道路")


def test_list_layers(tmp_path):
    from hengyang_plan_plugin.core.submission_io import list_layers

    dxf = tmp_path / "a.dxf"
    dxf.write_bytes(_dxf(_lwpolyline("红线", SQUARE, closed=True) + _lwpolyline("道路", SQUARE, closed=True)))
    assert list_layers(dxf) == ["红线", "道路"]
    gpkg = _write_vector(tmp_path / "s.gpkg", "GPKG", {"MC": "x"}, layer_name="地块")
    assert list_layers(gpkg) == ["地块"]
    assert list_layers(VALID_TXT / "zone37.txt") == []
