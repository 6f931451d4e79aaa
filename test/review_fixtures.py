"""Small hand-made plans and submissions for the review tests (exact answers by construction).

Coordinates are EPSG:4526 (x = zone-prefixed easting, y = northing) around
Hengyang's centre; ``X0, Y0`` is the lower-left corner everything is placed from.
"""

from __future__ import annotations

from pathlib import Path

from osgeo import ogr, osr
from shapely.geometry import box

from hengyang_plan_plugin.core.plan_schema import LAYERS, PLAN_EPSG
from hengyang_plan_plugin.core.submission_model import Parcel, Submission

X0, Y0 = 38_360_000.0, 2_977_000.0
NUMERIC_FIELDS = {"MJ", "TBMJ", "TBDLMJ", "KZKD", "KCXS", "KCMJ"}
OGR_TYPES = {
    "Polygon": ogr.wkbMultiPolygon,
    "LineString": ogr.wkbLineString,
    "Point": ogr.wkbPoint,
    "None": ogr.wkbNone,
}


def square(x: float, y: float, size: float = 100.0):
    """An axis-aligned square with its lower-left corner at (X0 + x, Y0 + y)."""
    return box(X0 + x, Y0 + y, X0 + x + size, Y0 + y + size)


def rect(x1: float, y1: float, x2: float, y2: float):
    return box(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


def write_plan(
    path: Path,
    features: dict,
    epsg: int = PLAN_EPSG,
    omit: tuple[str, ...] = (),
    transform=None,
    without_fields: tuple[str, ...] = (),
) -> Path:
    """A plan GeoPackage with every required contract layer (empty unless given), or without ``omit``;
    an optional layer (DLTB) only when ``features`` has it.

    ``without_fields`` leaves those required fields out of every layer (a plan
    delivered with other field names, e.g. TBMJ for MJ).

    ``features`` maps a layer name to [(shapely geometry, {field: value})].
    ``transform`` maps a shapely geometry into ``epsg`` when that is not 4526.
    """
    driver = ogr.GetDriverByName("GPKG")
    dataset = driver.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    defaults = {"XZQ": [(rect(-10_000, -10_000, 10_000, 10_000), {"XZQDM": "430405", "XZQMC": "珠晖区"})]}
    for spec in LAYERS:
        if spec.name in omit or (spec.optional and spec.name not in features):
            continue  # an optional layer (DLTB) only when the test gives it
        layer = dataset.CreateLayer(
            spec.name, srs if spec.geometry != "None" else None, OGR_TYPES[spec.geometry]
        )
        layer_features = features.get(spec.name, defaults.get(spec.name, []))
        # Real plan data carries more than the contract's fields (e.g. XZQMC on every layer).
        extra = dict.fromkeys(key for _, attributes in layer_features for key in attributes)
        required = [name for name in spec.required_fields if name not in without_fields]
        for name in (*required, *(key for key in extra if key not in required)):
            layer.CreateField(ogr.FieldDefn(name, ogr.OFTReal if name in NUMERIC_FIELDS else ogr.OFTString))
        for geometry, attributes in layer_features:
            feature = ogr.Feature(layer.GetLayerDefn())
            for key, value in attributes.items():
                feature.SetField(key, value)
            if geometry is not None:
                if transform is not None:
                    geometry = transform(geometry)
                if spec.geometry == "Polygon" and geometry.geom_type == "Polygon":
                    from shapely.geometry import MultiPolygon

                    geometry = MultiPolygon([geometry])
                feature.SetGeometry(ogr.CreateGeometryFromWkb(geometry.wkb))
            layer.CreateFeature(feature)
    dataset = None
    return path


def submission(
    *geometries, crs: str | None = "EPSG:4526", land_use: str | None = None, declared=None, name="测试用地"
):
    parcels = [
        Parcel(
            id=str(i),
            geometry=g,
            name=f"地块{i}",
            land_use=land_use,
            declared_area_m2=(declared[i - 1] if declared else None),
        )
        for i, g in enumerate(geometries, start=1)
    ]
    return Submission(name=name, source=f"<{name}>", crs=crs, parcels=parcels)


def release_plans():
    """Close cached plan handles so no OGR dataset outlives the test (QGIS tears GDAL down at exit)."""
    from hengyang_plan_plugin.core.plan.registry import close_plans

    close_plans()
