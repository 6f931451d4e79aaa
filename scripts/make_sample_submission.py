#!/usr/bin/env python3
"""Write resources/samples/sample_submission.txt: a multi-parcel 界址点 TXT placed on the sample plan.

Each parcel is searched for on the plan (points on or in chosen plan features,
first one whose single-parcel review gives the wanted findings), so together
the parcels exercise every check: one clean residential parcel, and parcels on
永久基本农田 outside the 城镇开发边界, in a 跨江通道 corridor and 蓝线/绿线, in a
紫线 and 更新单元, in a 黄线, and in 生态保护红线. Deterministic for a given plan.
The clean parcel is also written alone as GeoJSON in EPSG:4490, a sample that
passes. Re-run after the sample plan generator changes.

The sites look like surveyed red lines, not squares: the residential site is a
planned street block's lot (its edges on the street reserves) with a retained
courtyard; the others are uneven quadrilaterals turned to the streets around
them, with a cut corner, trimmed back to the road side where a street reserve
(1207) passes, their 界址点 to the millimetre.

    .venv/bin/python scripts/make_sample_submission.py [--plan GPKG] [--output TXT]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import Point, Polygon, box

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hengyang_plan_plugin.core import plan_schema as ps  # noqa: E402
from hengyang_plan_plugin.core.crs import transform_geometry  # noqa: E402
from hengyang_plan_plugin.core.plan.ogr_backend import OgrBackend  # noqa: E402
from hengyang_plan_plugin.core.plan.registry import resolve_plan  # noqa: E402
from hengyang_plan_plugin.core.review import review_submission  # noqa: E402
from hengyang_plan_plugin.core.submission_model import Parcel, Submission  # noqa: E402
from hengyang_plan_plugin.core.txt_coordinates import write_txt  # noqa: E402
from hengyang_plan_plugin.paths import SAMPLE_PLAN_PATH, SAMPLES_DIR  # noqa: E402

CRS = "EPSG:4526"
CLEAN = ("farmland", "eco_redline", "green_line", "blue_line", "purple_line", "yellow_line", "river_crossing")


@dataclass
class ParcelSpec:
    id: str
    name: str
    use_name: str
    code: str
    layer: str
    where: Callable[[dict], bool]  # plan feature attributes → is an anchor
    wanted: Callable[[dict], bool]  # {check id: CheckResult} → good placement
    size: float = 120.0
    hole: bool = False
    lot: bool = False  # the site is a whole planned lot of the 用地用海 layer


def _area(checks, check_id):
    return checks[check_id].site.overlap_area_m2


SPECS = (
    ParcelSpec(
        "1",
        "雁城花园住宅地块",
        "城镇住宅用地",
        "0701",
        "ZXCQGHYDYH",
        lambda a: a.get("GHFQMC") == "居住生活区" and a.get("YDYHFLDM") == "0701",
        lambda c: all(
            c[i].status == "pass" for i in (*CLEAN, "dev_boundary", "land_use", "service_coverage")
        ),
        hole=True,
        lot=True,
    ),
    ParcelSpec(
        "2",
        "城郊物流仓储地块",
        "物流仓储用地",
        "1101",
        "CZKFBJ",
        lambda a: ps.czkfbj_part(a.get("GHFQMC")) == "集中建设区",
        lambda c: (  # a farmland corner under 1000 m²: test_one_pipeline's sliver option turns it to 需人工复核
            c["farmland"].status == "conflict"
            and _area(c, "farmland") < 1000
            and c["dev_boundary"].site.extra_areas["outside_area"] > 2000
        ),
    ),
    ParcelSpec(
        "3",
        "滨江商业地块",
        "商业用地",
        "0901",
        "KJTD",
        lambda a: True,
        lambda c: (
            c["river_crossing"].status == "conflict"
            and _area(c, "blue_line") > 500
            and _area(c, "green_line") > 500
        ),
    ),
    ParcelSpec(
        "4",
        "历史街区文化设施地块",
        "文化用地",
        "0803",
        "ZXCQCSZX",
        lambda a: True,
        lambda c: _area(c, "purple_line") > 500 and _area(c, "renewal_unit") > 500,
        size=80.0,
    ),
    ParcelSpec(
        "5",
        "变电站扩建地块",
        "供电用地",
        "1303",
        "ZXCQCSHX",
        lambda a: True,
        lambda c: _area(c, "yellow_line") > 500,
        size=80.0,
    ),
    ParcelSpec(
        "6",
        "生态区连接道路地块",
        "公路用地",
        "1202",
        "STBHHX",
        lambda a: True,
        lambda c: _area(c, "eco_redline") > 500 and c["farmland"].status == "pass",
        size=100.0,
    ),
)


def _anchor_points(plan: OgrBackend, spec: ParcelSpec, centre) -> list:
    layer = plan.layer(spec.layer)
    features = [f for f in layer.query_bbox(layer.extent()) if spec.where(f.attributes)]
    features.sort(key=lambda f: (f.geometry.distance(centre), f.fid))  # near the central city first
    if spec.lot:  # whole lots of a fitting size, not cut by a zone boundary (few corners)
        lots = [f for f in features if 12_000 <= f.geometry.area <= 40_000 and _corners(f.geometry) <= 8]
        return [f.geometry for f in lots[:60]]
    points = []
    for feature in features[:12]:
        line = (
            feature.geometry
            if feature.geometry.geom_type.endswith("LineString")
            else feature.geometry.boundary
        )
        points.append(feature.geometry.representative_point())
        points += [line.interpolate(t, normalized=True) for t in np.linspace(0, 1, 41)[:-1]]
    return points


def _corners(geom) -> int:
    polygon = max(shapely.get_parts(geom), key=lambda g: g.area)
    return len(shapely.simplify(polygon, 0.5).exterior.coords) - 1


def _unit(*key) -> float:
    """A stable number in [0, 1) for a key: the same red line on every run."""
    digest = hashlib.sha256(repr(key).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _to_mm(polygon: Polygon) -> Polygon:
    """界址点 coordinates to the millimetre, as a survey (勘测定界) gives them."""
    rings = [np.round(np.asarray(ring.coords), 3) for ring in (polygon.exterior, *polygon.interiors)]
    return Polygon(rings[0], rings[1:])


def _street_bearing(plan: OgrBackend, x: float, y: float) -> float:
    """The bearing (radians) of the lot around a point, else of a deterministic draw."""
    layer = plan.layer("ZXCQGHYDYH")
    near = [f for f in layer.query_bbox((x - 5, y - 5, x + 5, y + 5)) if f.geometry.intersects(Point(x, y))]
    if near:
        rect = np.asarray(near[0].geometry.minimum_rotated_rectangle.exterior.coords)
        edges = np.diff(rect[:3], axis=0)
        dx, dy = max(edges, key=lambda e: math.hypot(*e))
        return math.atan2(dy, dx)
    return _unit("bearing", round(x), round(y)) * math.pi


def _road_reserves(plan: OgrBackend, area) -> object:
    layer = plan.layer("ZXCQGHYDYH")
    roads = [f.geometry for f in layer.query_bbox(area.bounds) if f.attributes.get("YDYHFLDM") == "1207"]
    return shapely.union_all(roads) if roads else None


def _red_line(plan: OgrBackend, spec: ParcelSpec, x: float, y: float) -> Polygon:
    """An uneven quadrilateral of about size² around (x, y), turned to the streets, one corner cut."""
    bearing = _street_bearing(plan, x, y)
    draw = [_unit(spec.id, round(x, 1), round(y, 1), k) for k in range(12)]
    width = spec.size * (1.05 + 0.3 * draw[0])
    height = spec.size**2 / width
    corners = np.array([(-1, -1), (1, -1), (1, 1), (-1, 1)], dtype=float) * (width / 2, height / 2)
    corners += (np.array(draw[1:9]).reshape(4, 2) - 0.5) * 0.12 * spec.size  # no right angles
    cut = int(draw[9] * 4)  # a chamfered corner, as at a street corner (切角)
    before, after = corners[cut - 1], corners[(cut + 1) % 4]
    chamfer = 0.12 + 0.1 * draw[10]
    corner = corners[cut]
    ring = []
    for i, point in enumerate(corners):
        if i == cut:
            ring += [corner + (before - corner) * chamfer, corner + (after - corner) * chamfer]
        else:
            ring.append(point)
    ring = np.array(ring)
    c, s = math.cos(bearing), math.sin(bearing)
    xy = np.column_stack([x + ring[:, 0] * c - ring[:, 1] * s, y + ring[:, 0] * s + ring[:, 1] * c])
    site = Polygon(xy)
    roads = _road_reserves(plan, site)
    if roads is not None:  # the red line stops at the road side
        parts = [g for g in shapely.get_parts(site.difference(roads)) if g.geom_type == "Polygon"]
        if not parts:
            return site
        site = max(parts, key=lambda g: g.area)
        site = shapely.simplify(site, 0.05)
    return site


def _courtyard(lot: Polygon) -> Polygon | None:
    """A retained courtyard (an inner ring, 圈号 2): a turned quadrilateral well inside the lot."""
    inner = lot.buffer(-25.0)
    if inner.is_empty:
        return None
    p = inner.representative_point()
    draw = [_unit("courtyard", round(p.x, 1), round(p.y, 1), k) for k in range(5)]
    half_w, half_h = 14.0 + 6.0 * draw[0], 10.0 + 5.0 * draw[1]
    angle = draw[2] * 180.0
    hole = shapely.affinity.rotate(box(p.x - half_w, p.y - half_h, p.x + half_w, p.y + half_h), angle)
    return hole if inner.contains(hole) else None


def _parcel(plan: OgrBackend, spec: ParcelSpec, anchor) -> Polygon | None:
    if spec.lot:
        lot = max(shapely.get_parts(anchor), key=lambda g: g.area)
        site = Polygon(shapely.simplify(lot, 0.05).exterior)
        if spec.hole:
            hole = _courtyard(site)
            if hole is None:
                return None
            site = Polygon(site.exterior.coords, [hole.exterior.coords])
    else:
        site = _red_line(plan, spec, anchor.x, anchor.y)
    site = _to_mm(site)
    return site if site.is_valid and site.area > 0.5 * spec.size**2 else None


def place(plan: OgrBackend, spec: ParcelSpec, taken) -> Polygon:
    centre = shapely.centroid(shapely.box(*plan.layer("ZXCQFW").extent()))
    for anchor in _anchor_points(plan, spec, centre):
        site = _parcel(plan, spec, anchor)
        if site is None or (taken is not None and site.buffer(20).intersects(taken)):
            continue
        result = review_submission(
            Submission("probe", "<probe>", CRS, [Parcel(spec.id, site, land_use=spec.code)]), plan
        )
        if spec.wanted({check.id: check for check in result.checks}):
            return site
    raise SystemExit(f"no placement found for parcel {spec.id} {spec.name} on this plan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default=str(SAMPLE_PLAN_PATH))
    parser.add_argument("--output", default=str(SAMPLES_DIR / "sample_submission.txt"))
    parser.add_argument("--passing-output", default=str(SAMPLES_DIR / "sample_residential_4490.geojson"))
    args = parser.parse_args()
    plan = OgrBackend(resolve_plan(args.plan))
    parcels, taken = [], None
    for spec in SPECS:
        site = place(plan, spec, taken)
        taken = site if taken is None else taken.union(site)
        parcels.append(
            Parcel(
                spec.id,
                site,
                name=spec.name,
                land_use=spec.code,
                land_use_name=spec.use_name,
                declared_area_m2=round(site.area, 0),
            )
        )
        where = f"{site.centroid.x:.0f}, {site.centroid.y:.0f}"
        print(f"parcel {spec.id} {spec.name}: {site.area:.0f} m² at {where}")
    plan.close()
    submission = Submission("衡阳示例送审项目", args.output, CRS, parcels)
    write_txt(submission, args.output, producer="衡阳市自然资源和规划局（示例）")
    print(f"wrote {args.output}")
    write_passing_geojson(parcels[0], args.passing_output)
    print(f"wrote {args.passing_output}")
    return 0


def write_passing_geojson(parcel: Parcel, path: str) -> None:
    """The clean residential parcel alone, in geographic CGCS2000: a sample that passes (通过)."""
    geometry = transform_geometry(parcel.geometry, CRS, "EPSG:4490")
    feature = {
        "type": "Feature",
        "properties": {"地块编号": parcel.id, "地块名称": parcel.name, "地类编码": parcel.land_use},
        "geometry": shapely.geometry.mapping(shapely.set_precision(geometry, 1e-9)),
    }
    collection = {
        "type": "FeatureCollection",
        "name": "衡阳示例住宅用地",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4490"}},
        "features": [feature],
    }
    Path(path).write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
