"""CGCS2000 Gauss-Kruger zone arithmetic against GDAL's EPSG database."""

from __future__ import annotations

import pytest
from osgeo import osr

from hengyang_plan_plugin.core import gk_zones
from hengyang_plan_plugin.core.gk_zones import GaussKrugerZone


def _projection(epsg: int) -> tuple[str, float, float]:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return srs.GetName(), srs.GetProjParm("central_meridian"), srs.GetProjParm("false_easting")


@pytest.mark.parametrize("width", [3, 6])
@pytest.mark.parametrize("prefixed", [True, False])
def test_zone_codes_match_epsg_definitions(width, prefixed):
    zones = gk_zones.THREE_DEGREE_ZONES if width == 3 else gk_zones.SIX_DEGREE_ZONES
    for number in zones:
        zone = GaussKrugerZone(width, number, prefixed)
        name, central_meridian, false_easting = _projection(zone.epsg)
        assert name.startswith("CGCS2000 /")
        assert ("3-degree" in name) == (width == 3)
        assert central_meridian == zone.central_meridian
        assert false_easting == (number * 1_000_000 + 500_000 if prefixed else 500_000)
        assert gk_zones.zone_from_epsg(zone.epsg) == zone


def test_hengyang_zones():
    assert GaussKrugerZone(3, 37, True).authid == "EPSG:4525"
    assert GaussKrugerZone(3, 38, True).authid == "EPSG:4526"
    assert GaussKrugerZone(3, 37, False).authid == "EPSG:4546"
    assert GaussKrugerZone(3, 38, False).authid == "EPSG:4547"
    assert GaussKrugerZone(6, 19, True).authid == "EPSG:4497"
    assert gk_zones.three_degree_zone_for_longitude(112.6) == 38
    assert gk_zones.three_degree_zone_for_longitude(112.1) == 37


def test_zone_from_easting():
    assert gk_zones.zone_from_easting(38_360_912.217) == 38
    assert gk_zones.zone_from_easting(360_912.217) is None
    assert gk_zones.zone_from_easting(float("nan")) is None


@pytest.mark.parametrize(
    ("name", "datum"),
    [
        ("2000国家大地坐标系", "CGCS2000"),
        ("CGCS2000", "CGCS2000"),
        ("1980西安坐标系", "1980西安坐标系"),
        ("西安80", "1980西安坐标系"),
        ("1954北京坐标系", "1954北京坐标系"),
        ("北京54", "1954北京坐标系"),
        ("", None),
    ],
)
def test_datum_names(name, datum):
    assert gk_zones.datum_from_name(name) == datum
