"""Coordinate systems of a review: parse, transform, pick the area-measuring CRS.

Areas are planar in a projected CRS: the plan's own when it is projected, else
(geographic plan data, e.g. EPSG:4490) the CGCS2000 3-degree Gauss-Kruger zone
of the site, with zone prefix. Axis order is always x=easting/longitude.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from osgeo import osr
from shapely.geometry.base import BaseGeometry

from .gdal_errors import last_error, quiet_errors
from .gk_zones import THREE_DEGREE, GaussKrugerZone, three_degree_zone_for_longitude


class CrsError(ValueError):
    """A CRS that cannot be understood or coordinates it cannot carry; ``detail`` is PROJ's own word."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail


@lru_cache(maxsize=64)
def spatial_reference(definition: str) -> osr.SpatialReference:
    """An osr SRS from an authority id (``EPSG:4526``) or WKT, in GIS axis order."""
    srs = osr.SpatialReference()
    try:
        with quiet_errors():
            failed = srs.SetFromUserInput(definition) != 0
    except RuntimeError:  # raised instead when someone turned OSR exceptions on
        failed = True
    if failed:
        raise CrsError(f"无法识别的坐标系: {definition[:80]}")
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def srs_key(srs: osr.SpatialReference) -> str:
    """A short, stable name: ``EPSG:nnnn`` when the SRS has one, else its WKT."""
    name, code = srs.GetAuthorityName(None), srs.GetAuthorityCode(None)
    if name and code:
        return f"{name}:{code}"
    return srs.ExportToWkt()


def same_crs(a: osr.SpatialReference, b: osr.SpatialReference) -> bool:
    return srs_key(a) == srs_key(b) or bool(a.IsSame(b))


@lru_cache(maxsize=64)
def _transformation(source_key: str, target_key: str) -> osr.CoordinateTransformation:
    try:
        with quiet_errors():
            transformation = osr.CoordinateTransformation(
                spatial_reference(source_key), spatial_reference(target_key)
            )
    except (RuntimeError, TypeError) as error:
        transformation, message = None, str(error)
    else:
        message = last_error()
    if transformation is None:
        raise CrsError(f"无法在 {source_key[:40]} 与 {target_key[:40]} 之间转换坐标（{message}）", message)
    return transformation


def transform_coordinates(xy: np.ndarray, source_key: str, target_key: str) -> np.ndarray:
    if source_key == target_key or len(xy) == 0:
        return xy
    transformation = _transformation(source_key, target_key)
    try:
        with quiet_errors():
            points = transformation.TransformPoints(np.asarray(xy, dtype=float).tolist())
            message = last_error("超出坐标系有效范围")
    except RuntimeError as error:  # raised instead when someone turned OSR exceptions on
        raise CrsError(f"坐标无法转换到规划坐标系（{error}）", str(error)) from error
    out = np.asarray(points, dtype=float)[:, :2]
    if not np.all(np.isfinite(out)):  # PROJ marks points outside the projection's domain as inf
        raise CrsError(f"坐标无法转换到规划坐标系（{message}）", message)
    return out


def transform_geometry(geometry: BaseGeometry, source_key: str, target_key: str) -> BaseGeometry:
    """Vertex-wise transform (vectorised over all vertices of the geometry)."""
    if source_key == target_key:
        return geometry
    return shapely.transform(geometry, lambda xy: transform_coordinates(xy, source_key, target_key))


def gauss_kruger_key_for_longitude(longitude: float) -> str:
    zone = GaussKrugerZone(THREE_DEGREE, three_degree_zone_for_longitude(longitude), True)
    return zone.authid


def working_crs_key(plan_key: str, site_lonlat_centre: tuple[float, float] | None) -> str:
    """The projected CRS areas are measured in (see module docstring)."""
    plan_srs = spatial_reference(plan_key)
    if plan_srs.IsProjected():
        return plan_key
    if site_lonlat_centre is None:
        raise CrsError("规划数据为地理坐标系，且无法确定用地所在的高斯-克吕格投影带")
    return gauss_kruger_key_for_longitude(site_lonlat_centre[0])


GEOGRAPHIC_CGCS2000 = "EPSG:4490"


def lonlat_centre(geometry: BaseGeometry, source_key: str) -> tuple[float, float]:
    centre = geometry.envelope.centroid
    lon, lat = transform_coordinates(np.array([[centre.x, centre.y]]), source_key, GEOGRAPHIC_CGCS2000)[0]
    return float(lon), float(lat)
