"""Fuzz: shapefiles (.shp/.shx/.dbf/.prj/.cpg), each part mutated on its own, through read_submission."""

from __future__ import annotations

import struct
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from osgeo import ogr, osr

from hengyang_plan_plugin.core.submission_model import Submission
from test.fuzz.fuzz_support import encode, mutated_bytes, mutated_text, overwritten_fields, read_files
from test.gdal_support import ogr_recodes_shapefiles

X0, Y0 = 38_360_912.217, 2_977_218.934
SQUARE_WKT = f"POLYGON(({X0} {Y0},{X0} {Y0 + 100},{X0 + 100} {Y0 + 100},{X0 + 100} {Y0},{X0} {Y0}))"
HOLE_WKT = (
    f"POLYGON(({X0} {Y0},{X0} {Y0 + 200},{X0 + 200} {Y0 + 200},{X0 + 200} {Y0},{X0} {Y0}),"
    f"({X0 + 20} {Y0 + 20},{X0 + 70} {Y0 + 20},{X0 + 70} {Y0 + 70},{X0 + 20} {Y0 + 70},{X0 + 20} {Y0 + 20}))"
)
# DBF field names hold 10 bytes: Chinese names fit in GBK (8 bytes), not in UTF-8 (12).
FIELDS = {
    "gbk": {"地块编号": "A1", "地块名称": "衡阳市雁峰区白沙洲地块", "YDYHFLDM": "0701", "申报面积": 1.0},
    "utf8": {"DKBH": "A1", "DKMC": "衡阳市雁峰区白沙洲地块", "YDYHFLDM": "0701", "DKMJ": 1.0},
}
PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")

PRJ_REPLACEMENTS = (
    b"",
    b'PROJCS["CGCS2000_3_Degree_GK_Zone_38"]',  # name only: resolved by name
    b'PROJCS["Xian_1980_3_Degree_GK_Zone_38"]',  # an old datum: refused
    b'PROJCS["WGS_1984_UTM_Zone_49N"]',
    b'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"]',
    b'PROJCS["\x1b[31m"]',
    b"\xef\xbb\xbf\xff\xfe",
    b"\xff\xfe\x00\xd8",
    b"EPSG:4526",
    b"+proj=longlat +datum=WGS84",
)
CPG_REPLACEMENTS = (b"", b"UTF-8", b"GBK", b"936", b"65001", b"ISO-8859-1", b"\x00", b"\xff\xfe", b"NOSUCHCODEPAGE")


@cache
def seed(kind: str) -> dict[str, bytes]:
    """The bytes of a valid shapefile: ``utf8`` (with .cpg) or ``gbk`` (no .cpg, as Chinese desktop GIS writes)."""
    with tempfile.TemporaryDirectory(prefix="hengyang-fuzz-seed-") as folder:
        path = Path(folder) / "site.shp"
        with ogr_recodes_shapefiles():
            dataset = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
            srs = osr.SpatialReference()
            srs.ImportFromEPSG(4526)
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            options = ["ENCODING=UTF-8" if kind == "utf8" else "ENCODING=GBK"]
            layer = dataset.CreateLayer("site", srs, ogr.wkbPolygon, options=options)
            for name, value in FIELDS[kind].items():
                layer.CreateField(ogr.FieldDefn(name, ogr.OFTReal if isinstance(value, float) else ogr.OFTString))
            for index, wkt in enumerate((SQUARE_WKT, HOLE_WKT)):
                feature = ogr.Feature(layer.GetLayerDefn())
                for name, value in FIELDS[kind].items():
                    feature.SetField(name, value)
                feature.SetField(0, f"A{index + 1}")
                feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
                layer.CreateFeature(feature)
            dataset = None
        if kind == "gbk":
            path.with_suffix(".cpg").unlink()
        return {p.suffix: p.read_bytes() for p in Path(folder).iterdir()}


def _shp_fields(data: bytes, index: bool) -> list[tuple[int, str]]:
    """(offset, struct format) of the header and record fields of a .shp (or, ``index``, a .shx)."""
    fields = [(0, ">i"), (24, ">i"), (28, "<i"), (32, "<i")] + [(36 + 8 * i, "<d") for i in range(8)]
    if index:
        return fields + [(offset, ">i") for offset in range(100, len(data), 4)]
    record = 100
    while record + 52 <= len(data):
        (length,) = struct.unpack(">i", data[record + 4 : record + 8])
        parts, points = struct.unpack("<ii", data[record + 44 : record + 52])
        fields += [(record, ">i"), (record + 4, ">i"), (record + 8, "<i"), (record + 44, "<i"), (record + 48, "<i")]
        fields += [(record + 12 + 8 * i, "<d") for i in range(4)]
        fields += [(record + 52 + 4 * i, "<i") for i in range(parts)]
        first_point = record + 52 + 4 * parts
        fields += [(first_point + 8 * i, "<d") for i in range(2 * points)]
        record += 8 + 2 * length
    return fields


def _dbf_fields(data: bytes) -> list[tuple[int, str]]:
    fields = [(0, "<B"), (4, "<i"), (8, "<H"), (10, "<H")]
    for start in range(32, len(data) - 32, 32):
        if data[start] == 0x0D:
            break
        fields += [(start + 11, "<B"), (start + 16, "<B"), (start + 17, "<B")]
    return fields


@st.composite
def mutated_part(draw, suffix: str, data: bytes) -> bytes:
    if suffix in (".shp", ".shx"):
        choice = draw(st.sampled_from(["fields", "bytes", "both"]))
        if choice != "bytes":
            data = draw(overwritten_fields(data, _shp_fields(data, index=suffix == ".shx")))
        if choice != "fields":
            data = draw(mutated_bytes(data))
        return data
    if suffix == ".dbf":
        choice = draw(st.sampled_from(["fields", "bytes", "both"]))
        if choice != "bytes":
            data = draw(overwritten_fields(data, _dbf_fields(data)))
        if choice != "fields":
            data = draw(mutated_bytes(data))  # "number" replaces the ASCII numbers of the records
        return data
    if suffix == ".prj":
        if draw(st.booleans()):
            return draw(st.sampled_from(PRJ_REPLACEMENTS))
        text = draw(mutated_text(data.decode("latin-1"), max_ops=2))
        return draw(mutated_bytes(encode(text, draw(st.sampled_from(["latin-1", "utf-8", "utf-8-sig"]))), max_ops=1))
    if draw(st.booleans()):  # .cpg
        return draw(st.sampled_from(CPG_REPLACEMENTS))
    return draw(mutated_bytes(data, max_ops=2))


@st.composite
def mutated_shapefiles(draw) -> dict[str, bytes]:
    """A seed shapefile with one or more of its parts mutated, and maybe a sidecar missing."""
    files = dict(seed(draw(st.sampled_from(["utf8", "gbk"]))))
    mutated = draw(st.lists(st.sampled_from(PARTS), min_size=1, max_size=3, unique=True))
    for suffix in mutated:
        files[suffix] = draw(mutated_part(suffix, files.get(suffix, b"UTF-8")))
    if draw(st.integers(min_value=0, max_value=5)) == 0:
        files.pop(draw(st.sampled_from([".shx", ".dbf", ".prj", ".cpg"])), None)
    return {f"site{suffix}": data for suffix, data in sorted(files.items())}


def test_seeds_are_valid():
    for kind in ("utf8", "gbk"):
        files = {f"site{suffix}": data for suffix, data in seed(kind).items()}
        outcome = read_files(files, "site.shp")
        assert isinstance(outcome, Submission), outcome
        assert outcome.crs == "EPSG:4526"
        assert [p.name for p in outcome.parcels] == ["衡阳市雁峰区白沙洲地块"] * 2
        assert [p.id for p in outcome.parcels] == ["A1", "A2"]


def _with(kind: str, **parts: bytes) -> dict[str, bytes]:
    files = dict(seed(kind))
    files.update({f".{suffix}": data for suffix, data in parts.items()})
    return {f"site{suffix}": data for suffix, data in files.items()}


def _set_double(data: bytes, offset: int, value: float) -> bytes:
    return data[:offset] + struct.pack("<d", value) + data[offset + 8 :]


@given(mutated_shapefiles())
@example(_with("utf8", shp=_set_double(seed("utf8")[".shp"], 100 + 52 + 4 + 8, 1e308)))  # a vertex's x
@example(_with("utf8", shp=_set_double(seed("utf8")[".shp"], 100 + 52 + 4 + 8, float("inf"))))
@example(_with("gbk", prj=b'PROJCS["CGCS2000_3_Degree_GK_Zone_38"]'))
@example(_with("gbk", shx=b""))
def test_mutated_shapefile_gives_a_submission_or_its_own_error(files):
    read_files(files, "site.shp")
