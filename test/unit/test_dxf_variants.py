"""DXF as CAD software writes it: encodings by AutoCAD version, several red-line layers, HATCH over its boundary."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from osgeo import gdal, ogr, osr

from hengyang_plan_plugin.core.dxf_source import is_red_line_name
from hengyang_plan_plugin.core.submission_io import describe_layers, list_layers, read_submission
from hengyang_plan_plugin.core.submission_model import AmbiguousLayerError, SubmissionError
from test.dxf_drawing import drawing, hatch, lwpolyline, square, text

CRS = "EPSG:4526"
X0, Y0 = 38_360_900.0, 2_977_200.0


def _square(dx: float = 0.0, dy: float = 0.0, size: float = 100.0) -> list[tuple[float, float]]:
    return square(X0, Y0, dx, dy, size)


def _text(layer: str, value: str) -> list[str]:
    return text(layer, value, X0, Y0)


def _dxf(
    path: Path,
    entities: list[str],
    acadver: str | None = "AC1015",
    codepage: str | None = "ANSI_936",
    encoding: str = "gbk",
) -> Path:
    path.write_bytes(drawing(entities, acadver, codepage).encode(encoding))
    return path


def _site_drawing() -> list[str]:
    return (
        lwpolyline("用地红线", _square(), linetype="红线线型")
        + _text("用地红线", "衡阳市雁峰区地块")
        + lwpolyline("道路", _square(dx=300))
        + lwpolyline("图框", _square(dx=-50, dy=-50, size=1000))
    )


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("acadver", ["AC1021", "AC1027", "AC1032"])
def test_autocad_2007_and_later_is_utf8_whatever_the_code_page_says(tmp_path, acadver):
    path = _dxf(tmp_path / "site.dxf", _site_drawing(), acadver=acadver, codepage="ANSI_936", encoding="utf-8")

    submission = read_submission(path, crs=CRS)

    assert len(submission.parcels) == 1
    parcel = submission.parcels[0]
    assert parcel.geometry.area == pytest.approx(10_000.0)
    assert parcel.attributes["Layer"] == "用地红线"
    assert parcel.attributes["Linetype"] == "红线线型"
    assert "site.dxf: DXF有多个图层，读取红线图层“用地红线”" in submission.warnings
    assert list_layers(path) == ["用地红线", "道路", "图框"]
    assert describe_layers(path) == [("用地红线", 1), ("道路", 1), ("图框", 1)]


def test_autocad_2000_follows_its_gbk_code_page(tmp_path):
    path = _dxf(tmp_path / "site.dxf", _site_drawing(), acadver="AC1015", codepage="ANSI_936", encoding="gbk")
    assert "衡阳".encode("gbk") in path.read_bytes()

    submission = read_submission(path, crs=CRS)

    assert [p.attributes["Layer"] for p in submission.parcels] == ["用地红线"]
    assert submission.parcels[0].attributes["Linetype"] == "红线线型"
    assert list_layers(path) == ["用地红线", "道路", "图框"]


def test_dxf_without_header_is_decoded_from_its_bytes(tmp_path):
    path = _dxf(tmp_path / "site.dxf", _site_drawing(), acadver=None, codepage=None, encoding="utf-8")

    submission = read_submission(path, crs=CRS)

    assert [p.attributes["Layer"] for p in submission.parcels] == ["用地红线"]
    assert submission.parcels[0].attributes["Linetype"] == "红线线型"
    assert "site.dxf: DXF没有文件头，文字按UTF-8读取" in submission.warnings
    assert list_layers(path) == ["用地红线", "道路", "图框"]


def test_gbk_text_in_an_autocad_2013_file_is_still_read(tmp_path):
    """Some Chinese CAD tools write an AC1027 header over GBK text: the bytes decide, with a warning."""
    path = _dxf(tmp_path / "site.dxf", _site_drawing(), acadver="AC1027", codepage="ANSI_936", encoding="gbk")

    submission = read_submission(path, crs=CRS)

    assert [p.attributes["Layer"] for p in submission.parcels] == ["用地红线"]
    assert "site.dxf: DXF为AutoCAD 2007及以后版本，文字却不是UTF-8，已按GBK读取" in submission.warnings


def test_utf8_text_under_an_old_code_page_is_read_as_utf8(tmp_path):
    path = _dxf(tmp_path / "site.dxf", _site_drawing(), acadver="AC1015", codepage="ANSI_936", encoding="utf-8")

    submission = read_submission(path, crs=CRS)

    assert [p.attributes["Layer"] for p in submission.parcels] == ["用地红线"]
    assert "site.dxf: DXF声明代码页ANSI_936，文字却是UTF-8，已按UTF-8读取" in submission.warnings


def test_gbk_text_under_the_western_code_page_is_read_as_gbk(tmp_path):
    """Chinese CAD tools that never set the code page: ANSI_1252 over GBK bytes."""
    path = _dxf(tmp_path / "site.dxf", _site_drawing(), acadver="AC1015", codepage="ANSI_1252", encoding="gbk")

    submission = read_submission(path, crs=CRS)

    assert [p.attributes["Layer"] for p in submission.parcels] == ["用地红线"]
    assert "site.dxf: DXF声明代码页ANSI_1252，文字按GBK读取，请核对图层名" in submission.warnings
    assert list_layers(path) == ["用地红线", "道路", "图框"]


def _escaped(text: str) -> str:
    return "".join(ch if ord(ch) < 128 else f"\\U+{ord(ch):04X}" for ch in text)


def test_unicode_escapes_of_an_english_locale_autocad_2000_are_decoded(tmp_path):
    """AutoCAD writes characters outside ANSI_1252 as \\U+XXXX: the layer names come back as written."""
    entities = lwpolyline(_escaped("用地红线"), _square()) + lwpolyline(_escaped("道路中线"), _square(dx=300))
    path = _dxf(tmp_path / "site.dxf", entities, acadver="AC1015", codepage="ANSI_1252", encoding="ascii")
    assert b"\\U+7528" in path.read_bytes()

    submission = read_submission(path, crs=CRS)

    assert [p.attributes["Layer"] for p in submission.parcels] == ["用地红线"]
    assert describe_layers(path) == [("用地红线", 1), ("道路中线", 1)]
    assert len(read_submission(path, layer="道路中线", crs=CRS).parcels) == 1


def test_encoding_is_thread_local_and_restored(tmp_path):
    utf8 = _dxf(tmp_path / "utf8.dxf", _site_drawing(), acadver="AC1032", encoding="utf-8")
    gbk = _dxf(tmp_path / "gbk.dxf", _site_drawing(), acadver="AC1015", encoding="gbk")
    previous = gdal.GetConfigOption("DXF_ENCODING")
    gdal.SetConfigOption("DXF_ENCODING", "ISO-8859-1")  # a user's global setting: not ours to change
    layers: list[str] = []

    def read(path: Path) -> None:
        for _ in range(5):
            layers.append(read_submission(path, crs=CRS).parcels[0].attributes["Layer"])

    try:
        threads = [threading.Thread(target=read, args=(path,)) for path in (utf8, gbk, utf8, gbk)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert gdal.GetConfigOption("DXF_ENCODING") == "ISO-8859-1"
        assert gdal.GetThreadLocalConfigOption("DXF_ENCODING", None) is None
    finally:
        gdal.SetConfigOption("DXF_ENCODING", previous)
    assert layers == ["用地红线"] * 20


@pytest.mark.parametrize("exceptions_on", [False, True], ids=["gdal-exceptions-off", "gdal-exceptions-on"])
def test_dxf_reads_the_same_whatever_the_gdal_exception_switch(tmp_path, exceptions_on):
    path = _dxf(tmp_path / "site.dxf", _site_drawing(), acadver="AC1021", encoding="utf-8")
    modules = (gdal, ogr, osr)
    before = [module.GetUseExceptions() for module in modules]
    for module in modules:
        if exceptions_on:
            module.UseExceptions()
    try:
        assert [p.attributes["Layer"] for p in read_submission(path, crs=CRS).parcels] == ["用地红线"]
        assert describe_layers(path) == [("用地红线", 1), ("道路", 1), ("图框", 1)]
    finally:
        for module, on in reversed(list(zip(modules, before))):
            if not on and module.GetUseExceptions():
                module.DontUseExceptions()


# --- which CAD layer is the site -------------------------------------------------------------------


def test_road_red_line_and_park_are_not_part_of_the_site(tmp_path):
    path = _dxf(
        tmp_path / "site.dxf",
        lwpolyline("道路红线", _square(dx=-20, size=140))
        + lwpolyline("用地红线", _square())
        + lwpolyline("公园", _square(dx=100)),
        acadver="AC1027",
        encoding="utf-8",
    )

    submission = read_submission(path, crs=CRS)

    assert len(submission.parcels) == 1
    assert submission.parcels[0].geometry.area == pytest.approx(10_000.0)
    assert submission.parcels[0].attributes["Layer"] == "用地红线"


def test_two_exact_red_line_layers_ask_the_user(tmp_path):
    path = _dxf(
        tmp_path / "site.dxf",
        lwpolyline("用地红线", _square())
        + lwpolyline("红线", _square(dx=200))
        + lwpolyline("红线", _square(dx=400))
        + lwpolyline("图框", _square(size=1000))
        + _text("说明", "衡阳"),
    )

    with pytest.raises(AmbiguousLayerError) as caught:
        read_submission(path, crs=CRS)

    error = caught.value
    assert isinstance(error, SubmissionError)
    assert error.layers == [("用地红线", 1), ("红线", 2), ("图框", 1), ("说明", 0)]
    assert str(error) == (
        f"{path}: 多个图层含闭合图形，无法确定哪个是用地红线：用地红线(1)、红线(2)、图框(1)（括号内为闭合图形数）。"
        "请在导入对话框中选择图层；命令行请用 LAYER=<图层名> 指定"
    )
    chosen = read_submission(path, layer="红线", crs=CRS)
    assert [p.geometry.area for p in chosen.parcels] == pytest.approx([10_000.0, 10_000.0])


def test_several_layers_with_shapes_and_no_red_line_name_ask_the_user(tmp_path):
    path = _dxf(
        tmp_path / "site.dxf",
        lwpolyline("道路红线", _square()) + lwpolyline("公园", _square(dx=200)),
        acadver="AC1032",
        encoding="utf-8",
    )
    with pytest.raises(AmbiguousLayerError) as caught:
        read_submission(path, crs=CRS)
    assert caught.value.layers == [("道路红线", 1), ("公园", 1)]
    assert caught.value.bare_message.startswith("多个图层含闭合图形，无法确定哪个是用地红线：道路红线(1)、公园(1)")


def test_the_only_layer_with_closed_shapes_is_the_site(tmp_path):
    path = _dxf(
        tmp_path / "site.dxf",
        lwpolyline("地块", _square())
        + lwpolyline("标注", _square(dx=200), closed=False)
        + _text("标注", "衡阳"),
    )
    submission = read_submission(path, crs=CRS)
    assert [p.attributes["Layer"] for p in submission.parcels] == ["地块"]
    assert "site.dxf: DXF有多个图层，读取唯一含闭合图形的图层“地块”" in submission.warnings


def test_red_line_layer_without_closed_shapes_says_so(tmp_path):
    path = _dxf(
        tmp_path / "site.dxf",
        lwpolyline("用地红线", _square(), closed=False) + lwpolyline("图框", _square(size=1000)),
    )
    with pytest.raises(SubmissionError) as caught:
        read_submission(path, crs=CRS)
    assert caught.value.bare_message == "图层“用地红线”中没有面要素或闭合多段线"


def test_drawing_without_closed_shapes_is_refused(tmp_path):
    path = _dxf(tmp_path / "site.dxf", lwpolyline("道路", _square(), closed=False) + _text("说明", "衡阳"))
    with pytest.raises(SubmissionError) as caught:
        read_submission(path, crs=CRS)
    assert caught.value.bare_message == "DXF中没有面、闭合多段线或填充，请在CAD中将用地红线画成闭合多段线"


def test_unknown_layer_lists_the_layers(tmp_path):
    path = _dxf(tmp_path / "site.dxf", _site_drawing(), acadver="AC1024", encoding="utf-8")
    with pytest.raises(SubmissionError) as caught:
        read_submission(path, layer="绿地", crs=CRS)
    assert not isinstance(caught.value, AmbiguousLayerError)
    assert caught.value.bare_message == "DXF中没有图层“绿地”(有: 用地红线、道路、图框)"


@pytest.mark.parametrize(
    "name",
    ["用地红线", "红线", "建设用地红线", "项目红线", "YDHX", "ydhx", "HX", "0-HX", "01_用地红线", "用地红线-1", "HX2"],
)
def test_red_line_names(name):
    assert is_red_line_name(name)


@pytest.mark.parametrize("name", ["道路红线", "用地红线范围外", "HX_TEXT", "蓝线", "0", "红线标注", "1234-HX"])
def test_not_red_line_names(name):
    assert not is_red_line_name(name)


# --- duplicates ----------------------------------------------------------------------------------


def test_hatch_over_its_boundary_is_one_parcel(tmp_path):
    nudged = [(x + 0.0004, y - 0.0003) for x, y in _square(dx=200)]  # redrawn within half a millimetre
    path = _dxf(
        tmp_path / "site.dxf",
        lwpolyline("用地红线", _square())
        + hatch("用地红线", _square())
        + lwpolyline("用地红线", _square(dx=200))
        + lwpolyline("用地红线", nudged)
        + lwpolyline("用地红线", _square(dx=10, dy=10, size=50)),  # inside the first: a different shape
        acadver="AC1027",
        encoding="utf-8",
    )

    submission = read_submission(path, crs=CRS)

    assert [p.id for p in submission.parcels] == ["1", "2", "3"]
    assert [p.geometry.area for p in submission.parcels] == pytest.approx([10_000.0, 10_000.0, 2_500.0])
    assert "site.dxf: 2个图形与其他图形重合(如填充与其边界线)，已去除重复" in submission.warnings
    assert describe_layers(path) == [("用地红线", 5)]  # the raw count: what the drawing holds


# --- describe_layers for other sources ------------------------------------------------------------


def test_describe_layers_of_ogr_sources_and_txt(tmp_path):
    gpkg = tmp_path / "s.gpkg"
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(gpkg))
    polygons = dataset.CreateLayer("地块", None, ogr.wkbPolygon)
    for _ in range(2):
        feature = ogr.Feature(polygons.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON((0 0,1 0,1 1,0 0))"))
        polygons.CreateFeature(feature)
    dataset.CreateLayer("点", None, ogr.wkbPoint)
    dataset = None
    geojson = tmp_path / "mixed.geojson"
    geojson.write_text(
        '{"type":"FeatureCollection","features":['
        '{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},'
        '{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,0]}}]}'
    )
    txt = tmp_path / "site.txt"
    txt.write_text("J1,1,2977218.934,38360912.217\n", encoding="utf-8")

    assert describe_layers(gpkg) == [("地块", 2), ("点", 0)]
    assert describe_layers(geojson) == [("mixed", 1)]
    assert describe_layers(txt) == []
    assert describe_layers(tmp_path / "none.dxf") == []
