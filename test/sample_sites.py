"""Sites placed on the sample plan (or a copy of it) on a chosen ground, for rule tests.

A ground is "inside these features and clear of those": e.g. the 农田保护区 zone
on 永久基本农田, clear of the 城镇开发边界 and of every city line. ``site_on``
returns a 40 m square that lies wholly on it, so a review of that square sees
exactly that ground (areas 1,600 m²).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import shapely
from osgeo import ogr
from shapely.geometry import box

SIDE_M = 40.0
LINE_LAYERS = ("ZXCQCSLVX", "ZXCQCSLX", "ZXCQCSZX", "ZXCQCSHX")


@cache
def _layer(path: str, name: str) -> tuple[tuple[dict, ...], tuple]:
    dataset = ogr.Open(path)
    layer = dataset.GetLayerByName(name)
    attributes, geometries = [], []
    for feature in layer:
        attributes.append(feature.items())
        geometries.append(shapely.from_wkb(bytes(feature.GetGeometryRef().ExportToWkb())))
    return tuple(attributes), tuple(geometries)


def _matches(attributes: dict, where: dict) -> bool:
    for key, wanted in where.items():
        value = attributes.get(key)
        if not (wanted(value) if callable(wanted) else value == wanted):
            return False
    return True


def shapes(path: Path, layer: str, **where) -> list:
    """The geometries of a layer's features whose attributes match ``where`` (a value or a predicate)."""
    attributes, geometries = _layer(str(path), layer)
    return [g for a, g in zip(attributes, geometries) if _matches(a, where)]


def region(path: Path, layer: str, **where):
    """The union of ``shapes`` (for small layers; pass big ones to ``site_on`` as shapes)."""
    return shapely.union_all(shapes(path, layer, **where))


def corridors(path: Path) -> list:
    """The 跨江通道 control corridors (each line buffered by half its KZKD)."""
    attributes, geometries = _layer(str(path), "KJTD")
    return [g.buffer(a["KZKD"] / 2) for a, g in zip(attributes, geometries)]


def lines_and_corridors(path: Path) -> list:
    """What a site is kept clear of unless a test asks for it: the 四线 and the 跨江通道 corridors."""
    return [g for name in LINE_LAYERS for g in shapes(path, name)] + corridors(path)


def site_on(ground, avoid=()):
    """A 40 m square wholly on ``ground`` and clear of every shape in ``avoid``.

    Deterministic: the largest part of the ground that has room, at the inner
    point of its largest room. Only the obstacles near a part are subtracted
    (an STRtree), so huge layers (永久基本农田) cost nothing where they are not.
    """
    obstacles = [part for shape in avoid for part in shapely.get_parts(shape)]
    tree = shapely.STRtree(obstacles) if obstacles else None
    for part in sorted(shapely.get_parts(ground), key=lambda g: g.area, reverse=True):
        free = part
        if tree is not None:
            near = tree.query(part)
            if len(near):
                free = part.difference(shapely.union_all([obstacles[i] for i in near]))
        room = free.buffer(-SIDE_M)  # a square of side s fits wherever the inner buffer by s/√2 is not empty
        if room.is_empty:
            continue
        centre = max(shapely.get_parts(room), key=lambda g: g.area).representative_point()
        half = SIDE_M / 2
        site = box(centre.x - half, centre.y - half, centre.x + half, centre.y + half)
        assert free.contains(site)
        return site
    raise AssertionError("no room for a site on this ground")
