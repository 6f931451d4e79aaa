"""What the fuzz suite found in the readers, each as its smallest reproducer (now fixed).

Terminal control codes echoed in errors, mojibake layer names, areas that overflow or are zero,
a .prj that is not UTF-8 (TypeError), and DXF bytes that hang GDAL 3.6 for good.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import textwrap

import pytest

from test.fuzz.fuzz_support import CONTROL, read_files, scratch_folder

HEADER = "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=38\n[地块坐标]\n"
CRS_4526 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4526"}}


def _geojson(ring: list[list[float]]) -> bytes:
    geometry = {"type": "Polygon", "coordinates": [ring]}
    feature = {"type": "Feature", "properties": {}, "geometry": geometry}
    return json.dumps({"type": "FeatureCollection", "crs": CRS_4526, "features": [feature]}).encode()


def _own_error_message(files: dict[str, bytes], main: str, **options) -> str:
    outcome = read_files(files, main, **options)
    assert isinstance(outcome, Exception), outcome
    return str(outcome)


def test_txt_error_message_has_no_control_characters():
    data = HEADER.encode("utf-8") + b"\x1b[2J\n"  # ESC [2J clears the user's terminal
    message = _own_error_message({"site.txt": data}, "site.txt")
    # was: '…/site.txt:6: 第6行: 坐标行之前没有地块行(以“@”结尾): \x1b[2J'
    assert CONTROL.search(message) is None, repr(message)


def test_dxf_layer_names_in_an_error_are_not_mojibake():
    entities = ["0", "LWPOLYLINE", "8", "用地红线", "90", "3", "70", "1"]
    entities += ["10", "38360912.0", "20", "2977218.0", "10", "38361012.0", "20", "2977318.0"]
    entities += ["10", "38361012.0", "20", "2977218.0"]
    lines = ["0", "SECTION", "2", "ENTITIES", *entities, "0", "ENDSEC", "0", "EOF"]
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8") + b"\xff"  # one byte that is not UTF-8
    message = _own_error_message({"site.dxf": data}, "site.dxf", layer="红线")
    # was: '…/site.dxf: DXF中没有图层“红线”(有: ç\x94¨å\x9c°çº¢çº¿)'
    assert CONTROL.search(message) is None and "用地红线" in message, repr(message)


def test_geojson_coordinates_whose_area_overflows_are_refused():
    data = _geojson([[38360912, 2977218], [1e308, 2977218], [38361012, 2977318], [38360912, 2977218]])
    outcome = read_files({"site.geojson": data}, "site.geojson")  # was: a Submission, parcel area inf
    assert isinstance(outcome, Exception), [parcel.geometry.area for parcel in outcome.parcels]
    assert "超出合理范围" in str(outcome)


def test_geojson_bow_tie_of_zero_area_is_refused():
    data = _geojson(
        [[38360912, 2977218], [38361012, 2977318], [38361012, 2977218], [38360912, 2977318], [38360912, 2977218]]
    )
    outcome = read_files({"site.geojson": data}, "site.geojson")  # was: a Submission, area 0.0
    assert isinstance(outcome, Exception), [parcel.geometry.area for parcel in outcome.parcels]
    assert "相互交叉" in str(outcome)


def test_geojson_self_intersecting_polygon_is_read_and_the_review_repairs_it_and_says_so():
    from hengyang_plan_plugin import api

    ring = [[38360912, 2977218], [38361012, 2977318], [38361012, 2977218], [38360912, 2977268], [38360912, 2977218]]
    with scratch_folder() as folder:
        (folder / "site.geojson").write_bytes(_geojson(ring))
        result = api.review(api.read(folder / "site.geojson")).to_dict()
    geometry = next(check for check in result["checks"] if check["id"] == "geometry")
    assert geometry["status"] == "warning" and "几何无效" in geometry["message"]
    assert result["submission"]["area_m2"] > 0


def test_shapefile_whose_prj_is_not_utf8_gives_its_own_error_or_reads():
    from test.fuzz.test_fuzz_shapefile import seed

    files = {f"site{suffix}": data for suffix, data in seed("gbk").items()}
    files["site.prj"] = files["site.prj"].replace(b"CGCS2000_3", b"CGCS\x80_3", 1)
    # was: TypeError: in method 'SpatialReference_SetFromUserInput', argument 2 of type 'char const *'
    # (submission_io.py _OgrReader.read -> submission_crs.py is_geographic)
    from hengyang_plan_plugin.core.submission_io import read_submission
    from hengyang_plan_plugin.core.submission_model import SubmissionError

    with scratch_folder() as folder:
        for name, data in files.items():
            (folder / name).write_bytes(data)
        with contextlib.suppress(SubmissionError):
            read_submission(folder / "site.shp")


HANG_SCRIPT = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[2])
    from hengyang_plan_plugin.core.submission_io import read_submission
    from hengyang_plan_plugin.core.submission_model import SubmissionError
    try:
        read_submission(sys.argv[1])
    except SubmissionError:
        pass
    """
)
HANG_TIMEOUT_S = 4  # the read takes well under a second; a hang never ends


@pytest.mark.parametrize(
    "data",
    [
        b"0\r\nSECTION\r\n2\r\nENTITIES\r",  # a CRLF file cut between \r and \n
        b"0\r\nSECTION\r\n2\r\nENTITIES\r\n0\r\nLINE\r\x00\n8\r\n0\r\n0\r\nENDSEC\r\n0\r\nEOF\r\n",  # \r NUL
    ],
    ids=["cut-after-cr", "cr-nul"],
)
def test_dxf_with_a_carriage_return_before_nul_or_the_end_does_not_hang(data):
    from test.conftest import REPO_ROOT

    with scratch_folder() as folder:
        path = folder / "site.dxf"
        path.write_bytes(data)
        try:
            subprocess.run(
                [sys.executable, "-c", HANG_SCRIPT, str(path), str(REPO_ROOT)],
                timeout=HANG_TIMEOUT_S,
                check=True,
                capture_output=True,
            )
        except subprocess.TimeoutExpired:  # subprocess.run kills the child on timeout
            pytest.fail(f"read_submission did not return within {HANG_TIMEOUT_S} s")
