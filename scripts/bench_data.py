#!/usr/bin/env python3
"""Deterministic city-scale plan and submission sites for the benchmark.

Writes, under ``build/bench/<version>-<scale>/``:

- ``plan.gpkg``: every contract layer of ``plan_schema.LAYERS`` (same names and
  fields as the sample plan, EPSG:4526, GeoPackage R-trees), at city scale:
  >= 300,000 永久基本农田 patches, >= 50,000 规划用地用海 parcels and the optional
  国土调查 DLTB as 1,000,000 地类图斑;
- ``sites.gpkg``: the submission sites (layer ``sites``: ``site_id``, ``role``
  = cold | warm | batch, ``land_use``), and ``site_cold.gpkg`` with the one
  site the cold review and the native chain use;
- ``cases/warm/*.geojson`` and ``cases/batch/*.geojson``: one submission file
  per site (fields ``DKBH`` and ``YDYHFLDM``, EPSG:4526), as a technician would
  hand them in: the warm reviews and the batch read these;
- ``manifest.json``: counts, parameters, the generator version (written last:
  a folder without it is incomplete and regenerated).

Geometry is built with vectorised shapely/numpy. Within each polygon layer the
features never overlap (patches inside their own grid cell, tessellations
sharing edges), so the sum of per-feature overlaps a native intersection
reports equals the union the contract asks the engine for.

    .venv/bin/python scripts/bench_data.py [--smoke] [--root build/bench]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import shapely
import shapely.geometry
from osgeo import gdal, ogr, osr

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from hengyang_plan_plugin.core import plan_schema as schema  # noqa: E402
from hengyang_plan_plugin.core.land_use_codes import land_use_codes  # noqa: E402
from hengyang_plan_plugin.core.rules import survey_classes  # noqa: E402


@contextmanager
def gdal_exceptions():
    """GDAL errors as exceptions while generating, then the caller's setting again: importing this
    module (the smoke test does) must not switch them on for the plugin code under test."""
    previous = (gdal.GetUseExceptions(), ogr.GetUseExceptions())
    gdal.UseExceptions()
    ogr.UseExceptions()
    try:
        yield
    finally:
        for module, was_on in ((ogr, previous[1]), (gdal, previous[0])):  # handlers stack: reverse order
            if not was_on:
                module.DontUseExceptions()

# Bump whenever the generated data change: the cache is keyed by it.
GENERATOR_VERSION = 5
DEFAULT_ROOT = REPO_ROOT / "build" / "bench"
SEED = 20210235


@dataclass(frozen=True)
class Scale:
    name: str
    origin: tuple[float, float]  # south-west corner of the city (EPSG:4526)
    width_m: float
    height_m: float
    central_size_m: float  # 中心城区 square side
    parcel_grid: int  # ZXCQGHYDYH is parcel_grid x parcel_grid parcels
    farmland_cell_m: float
    farmland_patches: int
    redline_cell_m: float
    redline_patches: int
    zoning_cell_m: float  # GHFQ tessellation
    central_zoning_cell_m: float  # ZXCQGHFQ tessellation
    town_radius_m: float
    batch_sites: int
    warm_sites: int
    services: int
    survey_grid: int = 100  # DLTB is survey_grid x survey_grid 地类图斑 tiling the city


FULL = Scale(
    name="full",
    origin=(38_300_000.0, 2_900_000.0),
    width_m=120_000.0,
    height_m=150_000.0,
    central_size_m=30_000.0,
    parcel_grid=224,  # 50,176 parcels
    farmland_cell_m=150.0,
    farmland_patches=310_000,
    redline_cell_m=1_000.0,
    redline_patches=2_400,
    zoning_cell_m=2_000.0,
    central_zoning_cell_m=500.0,
    town_radius_m=2_500.0,
    batch_sites=1_000,
    warm_sites=100,
    services=3_000,
    survey_grid=1_000,  # 1,000,000 地类图斑 of 120 m x 150 m: a city's 国土调查 DLTB
)

SMOKE = Scale(
    name="smoke",
    origin=(38_350_000.0, 2_965_000.0),
    width_m=24_000.0,
    height_m=24_000.0,
    central_size_m=8_000.0,
    parcel_grid=40,
    farmland_cell_m=150.0,
    farmland_patches=6_000,
    redline_cell_m=1_000.0,
    redline_patches=60,
    zoning_cell_m=2_000.0,
    central_zoning_cell_m=500.0,
    town_radius_m=1_000.0,
    batch_sites=20,
    warm_sites=10,
    services=200,
)

SCALES = {scale.name: scale for scale in (FULL, SMOKE)}


# --- geometry helpers -------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """Where the city lies: derived once from a Scale."""

    x0: float
    y0: float
    x1: float
    y1: float
    cx: float  # 中心城区 centre
    cy: float
    half: float  # half side of the 中心城区 square
    core_radius: float  # radius of the central 城镇开发边界 disc

    @classmethod
    def of(cls, scale: Scale) -> Frame:
        x0, y0 = scale.origin
        cx, cy = x0 + scale.width_m * 0.51, y0 + scale.height_m * 0.515
        half = scale.central_size_m / 2
        return cls(x0, y0, x0 + scale.width_m, y0 + scale.height_m, cx, cy, half, half * 0.74)

    def central_box(self) -> tuple[float, float, float, float]:
        return self.cx - self.half, self.cy - self.half, self.cx + self.half, self.cy + self.half


WAVELENGTHS_M = (4_000.0, 9_000.0, 17_000.0, 31_000.0)


def noise(x: np.ndarray, y: np.ndarray, seed: int, wavelengths=WAVELENGTHS_M) -> np.ndarray:
    """A smooth deterministic field in [-1, 1]-ish: a sum of plane waves."""
    rng = np.random.default_rng(seed)
    total = np.zeros_like(x, dtype=float)
    for wavelength in wavelengths:
        for _ in range(2):
            angle = rng.uniform(0, np.pi)
            phase = rng.uniform(0, 2 * np.pi)
            k = 2 * np.pi / wavelength
            total += np.sin(k * (x * np.cos(angle) + y * np.sin(angle)) + phase)
    return total / (2 * len(wavelengths)) ** 0.5


def star_polygons(
    centres: np.ndarray,
    radius_min: np.ndarray,
    radius_max: np.ndarray,
    vertices: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Irregular star-shaped (hence simple) polygons, each within radius_max of its centre."""
    n = len(centres)
    step = 2 * np.pi / vertices
    angles = np.arange(vertices) * step + rng.uniform(-0.3 * step, 0.3 * step, size=(n, vertices))
    radii = rng.uniform(0, 1, size=(n, vertices)) * (radius_max - radius_min)[:, None] + radius_min[:, None]
    xs = centres[:, 0:1] + radii * np.cos(angles)
    ys = centres[:, 1:2] + radii * np.sin(angles)
    ring = np.stack([xs, ys], axis=-1)
    ring = np.concatenate([ring, ring[:, :1]], axis=1)
    return shapely.polygons(ring)


def jittered_grid(
    box: tuple[float, float, float, float], nx: int, ny: int, jitter: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A tessellation of box into nx*ny quads with shared, jittered interior nodes.

    Returns (polygons, centres). Neighbours share their edges exactly and the
    outline is the box, so the quads tile it without overlap.
    """
    x0, y0, x1, y1 = box
    dx, dy = (x1 - x0) / nx, (y1 - y0) / ny
    gx, gy = np.meshgrid(np.linspace(x0, x1, nx + 1), np.linspace(y0, y1, ny + 1), indexing="ij")
    jx = rng.uniform(-jitter, jitter, gx.shape) * dx
    jy = rng.uniform(-jitter, jitter, gy.shape) * dy
    jx[[0, -1], :] = 0.0
    jy[:, [0, -1]] = 0.0
    gx, gy = gx + jx, gy + jy
    i, j = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    i, j = i.ravel(), j.ravel()
    corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1), (i, j)]
    ring = np.stack([np.stack([gx[a, b], gy[a, b]], axis=-1) for a, b in corners], axis=1)
    centres = np.stack([x0 + (i + 0.5) * dx, y0 + (j + 0.5) * dy], axis=-1)
    return shapely.polygons(ring), centres


def cell_centres(box: tuple[float, float, float, float], cell: float) -> np.ndarray:
    x0, y0, x1, y1 = box
    xs = np.arange(x0 + cell / 2, x1, cell)
    ys = np.arange(y0 + cell / 2, y1, cell)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    return np.stack([gx.ravel(), gy.ravel()], axis=-1)


def regular_polygon(cx: float, cy: float, radius: float, vertices: int = 48):
    angles = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    return shapely.Polygon(np.stack([cx + radius * np.cos(angles), cy + radius * np.sin(angles)], axis=-1))


# --- the plan ---------------------------------------------------------------


@dataclass
class LayerData:
    """A layer ready to write: geometries (or None for a table) and attribute columns."""

    name: str
    geometries: np.ndarray | None
    columns: dict[str, list]

    @property
    def count(self) -> int:
        if self.geometries is not None:
            return len(self.geometries)
        return len(next(iter(self.columns.values())))


URBAN_PARCEL_CODES = (
    "0701", "0701", "0701", "0702", "0801", "0802", "0803", "0901", "1001",
    "1001", "1101", "1207", "1301", "1302", "1401", "1401", "1402", "1403",
)
RURAL_PARCEL_CODES = ("0101", "0101", "0102", "0103", "0201", "0301", "0301", "0703", "1702")


def survey_names() -> list[tuple[str, str]]:
    return [(code, entry.name) for code, entry in survey_classes().items()]


def zone_columns(codes) -> dict[str, list]:
    return {"GHFQDM": list(codes), "GHFQMC": [schema.GHFQ_CODES[c] for c in codes]}


class PlanBuilder:
    def __init__(self, scale: Scale):
        self.scale = scale
        self.frame = Frame.of(scale)
        self.rng = np.random.default_rng(SEED)
        self.codes = land_use_codes()

    # -- shared shapes

    def counties(self) -> tuple[np.ndarray, list[tuple[str, str]]]:
        f = self.frame
        cols, rows = 4, 3
        w, h = (f.x1 - f.x0) / cols, (f.y1 - f.y0) / rows
        boxes = [
            (f.x0 + c * w, f.y0 + r * h, f.x0 + (c + 1) * w, f.y0 + (r + 1) * h)
            for r in range(rows)
            for c in range(cols)
        ]
        return shapely.box(*np.array(boxes).T), list(schema.COUNTIES)

    def county_of(self, xy: np.ndarray) -> np.ndarray:
        f = self.frame
        col = np.clip(((xy[:, 0] - f.x0) / ((f.x1 - f.x0) / 4)).astype(int), 0, 3)
        row = np.clip(((xy[:, 1] - f.y0) / ((f.y1 - f.y0) / 3)).astype(int), 0, 2)
        codes = np.array([code for code, _ in schema.COUNTIES])
        return codes[row * 4 + col]

    def town_centres(self) -> np.ndarray:
        """One county town per county cell away from the central city."""
        polygons, _ = self.counties()
        centres = shapely.get_coordinates(shapely.centroid(polygons))
        f = self.frame
        far = np.hypot(centres[:, 0] - f.cx, centres[:, 1] - f.cy) > f.half + 2 * self.scale.town_radius_m
        return centres[far]

    def built_up(self, xy: np.ndarray, margin: float) -> np.ndarray:
        """Inside the central 城镇开发边界 disc or a county town (grown by margin)."""
        f = self.frame
        inside = np.hypot(xy[:, 0] - f.cx, xy[:, 1] - f.cy) < f.core_radius + margin
        for tx, ty in self.town_centres():
            inside |= np.hypot(xy[:, 0] - tx, xy[:, 1] - ty) < self.scale.town_radius_m + margin
        return inside

    def river(self):
        """湘江 through the central city, south to north, and its 蒸水 tributary
        (without the main river)."""
        f = self.frame
        ys = np.linspace(f.y0, f.y1, 400)
        xs = f.cx + 0.2 * f.half * np.sin(2 * np.pi * (ys - f.y0) / (1.3 * f.half))
        main = shapely.LineString(np.stack([xs, ys], axis=-1)).buffer(0.0125 * f.half * 2, quad_segs=4)
        tx = np.linspace(f.cx - f.half * 1.6, f.cx, 200)
        ty = f.cy + 0.25 * f.half + 0.1 * f.half * np.sin(2 * np.pi * (tx - tx[0]) / (0.7 * f.half))
        tributary = shapely.LineString(np.stack([tx, ty], axis=-1)).buffer(0.006 * f.half * 2, quad_segs=4)
        return main, shapely.difference(tributary, main)

    # -- layers

    def xzq(self) -> LayerData:
        polygons, counties = self.counties()
        columns = {"XZQDM": [c for c, _ in counties], "XZQMC": [n for _, n in counties]}
        return LayerData("XZQ", polygons, columns)

    def zxcqfw(self) -> LayerData:
        return LayerData("ZXCQFW", np.array([shapely.box(*self.frame.central_box())]), {})

    def yjjbnt(self) -> LayerData:
        s, f = self.scale, self.frame
        cell = s.farmland_cell_m
        centres = cell_centres((f.x0, f.y0, f.x1, f.y1), cell)
        main, tributary = self.river()
        eligible = ~self.built_up(centres, 300.0)
        eligible &= ~shapely.contains_xy(main.buffer(cell), centres[:, 0], centres[:, 1])
        score = noise(centres[:, 0], centres[:, 1], SEED + 1)
        candidates = np.flatnonzero(eligible)
        take = min(s.farmland_patches, len(candidates))
        chosen = np.sort(candidates[np.argsort(-score[candidates], kind="stable")[:take]])
        picked = centres[chosen]
        n = len(picked)
        polygons = star_polygons(picked, np.full(n, 0.28 * cell), np.full(n, 0.48 * cell), 12, self.rng)
        areas = shapely.area(polygons)
        return LayerData(
            "YJJBNT",
            polygons,
            {
                "BSM": [f"YJJBNT{i + 1:08d}" for i in range(n)],
                "YSDM": ["2090020100"] * n,
                "XZQDM": list(self.county_of(picked)),
                "MJ": [round(float(a), 2) for a in areas],
            },
        )

    def stbhhx(self) -> LayerData:
        s, f = self.scale, self.frame
        cell = s.redline_cell_m
        centres = cell_centres((f.x0, f.y0, f.x1, f.y1), cell)
        x0, y0, x1, y1 = f.central_box()
        near_centre = (centres[:, 0] > x0 - cell) & (centres[:, 0] < x1 + cell)
        near_centre &= (centres[:, 1] > y0 - cell) & (centres[:, 1] < y1 + cell)
        eligible = ~near_centre
        eligible &= ~self.built_up(centres, cell)
        score = -noise(centres[:, 0], centres[:, 1], SEED + 1)  # where farmland is not
        candidates = np.flatnonzero(eligible)
        take = min(s.redline_patches, len(candidates))
        chosen = np.sort(candidates[np.argsort(-score[candidates], kind="stable")[:take]])
        picked = centres[chosen]
        n = len(picked)
        polygons = star_polygons(picked, np.full(n, 0.3 * cell), np.full(n, 0.49 * cell), 24, self.rng)
        areas = shapely.area(polygons)
        return LayerData(
            "STBHHX",
            polygons,
            {
                "BSM": [f"STBHHX{i + 1:06d}" for i in range(n)],
                "YSDM": ["2090010100"] * n,
                "XZQDM": list(self.county_of(picked)),
                "MJ": [round(float(a), 2) for a in areas],
            },
        )

    def central_zoning_grid(self):
        f, s = self.frame, self.scale
        n = int(round(2 * f.half / s.central_zoning_cell_m))
        rng = np.random.default_rng(SEED + 2)
        return jittered_grid(f.central_box(), n, n, 0.2, rng)

    def czkfbj(self) -> LayerData:
        """The central disc (cells of the ZXCQGHFQ grid) and a round town per county."""
        f, s = self.frame, self.scale
        polygons, centres = self.central_zoning_grid()
        distance = np.hypot(centres[:, 0] - f.cx, centres[:, 1] - f.cy)
        inside = distance < f.core_radius
        flexible_ring = distance[inside] > f.core_radius * 0.9
        parts = np.where(flexible_ring, "弹性发展区", "集中建设区").astype(object)
        special = self.rng.uniform(size=len(parts)) < 0.03
        parts[special] = "特别用途区"
        towns = [regular_polygon(x, y, s.town_radius_m) for x, y in self.town_centres()]
        geometries = np.concatenate([polygons[inside], np.array(towns, dtype=object)])
        names = list(parts) + ["集中建设区"] * len(towns)
        return LayerData("CZKFBJ", geometries, {"GHFQMC": names})

    def ghfq(self) -> LayerData:
        f, s = self.frame, self.scale
        nx, ny = int(round((f.x1 - f.x0) / s.zoning_cell_m)), int(round((f.y1 - f.y0) / s.zoning_cell_m))
        rng = np.random.default_rng(SEED + 3)
        polygons, centres = jittered_grid((f.x0, f.y0, f.x1, f.y1), nx, ny, 0.2, rng)
        score = noise(centres[:, 0], centres[:, 1], SEED + 1)
        codes = np.where(score < -0.3, "02", "05")
        codes = np.where(score < -0.6, "01", codes)
        codes = np.where(score > 0.2, "03", codes).astype(object)
        codes[self.built_up(centres, 0.0)] = "04"
        mining = self.rng.uniform(size=len(codes)) < 0.01
        codes[mining] = "07"
        return LayerData("GHFQ", polygons, zone_columns(codes))

    def zxcqghfq(self) -> LayerData:
        f = self.frame
        polygons, centres = self.central_zoning_grid()
        distance = np.hypot(centres[:, 0] - f.cx, centres[:, 1] - f.cy)
        subzones = [c for c in schema.GHFQ_URBAN_SUBZONES if c.startswith("0401")]
        urban = np.array(subzones, dtype=object)[self.rng.integers(0, len(subzones), len(centres))]
        score = noise(centres[:, 0], centres[:, 1], SEED + 1)
        rural = np.where(score > 0.2, "03", np.where(score < -0.5, "02", "05")).astype(object)
        codes = np.where(distance < f.core_radius, urban, rural)
        return LayerData("ZXCQGHFQ", polygons, zone_columns(codes))

    def parcels(self):
        if not hasattr(self, "_parcels"):
            f, s = self.frame, self.scale
            grid_rng = np.random.default_rng(SEED + 4)
            polygons, centres = jittered_grid(f.central_box(), s.parcel_grid, s.parcel_grid, 0.2, grid_rng)
            distance = np.hypot(centres[:, 0] - f.cx, centres[:, 1] - f.cy)
            urban, rural = URBAN_PARCEL_CODES, RURAL_PARCEL_CODES
            rng = np.random.default_rng(SEED + 5)
            codes = np.where(
                distance < f.core_radius,
                np.array(urban)[rng.integers(0, len(urban), len(centres))],
                np.array(rural)[rng.integers(0, len(rural), len(centres))],
            )
            main, _ = self.river()
            in_river = shapely.contains_xy(main, centres[:, 0], centres[:, 1])
            codes[in_river] = "1701"
            self._parcels = (polygons, centres, codes)
        return self._parcels

    def zxcqghydyh(self) -> LayerData:
        polygons, _, codes = self.parcels()
        columns = {"YDYHFLDM": list(codes), "YDYHFLMC": [self.codes[c].name for c in codes]}
        return LayerData("ZXCQGHYDYH", polygons, columns)

    def parcel_subset(self, name: str, prefix: tuple[str, ...], share: float, seed: int) -> LayerData:
        polygons, _, codes = self.parcels()
        rng = np.random.default_rng(seed)
        keep = np.char.startswith(codes.astype(str), prefix[0])
        for p in prefix[1:]:
            keep |= np.char.startswith(codes.astype(str), p)
        keep &= rng.uniform(size=len(codes)) < share
        n = int(keep.sum())
        levels = np.array(schema.LINE_LEVELS)[rng.integers(0, 2, n)]
        names = [f"{schema.layer_title(name)}{i + 1:05d}" for i in range(n)]
        return LayerData(name, polygons[keep], {"JB": list(levels), "MC": names})

    def zxcqcslx(self) -> LayerData:
        """城市蓝线: the rivers cut into 1 km pieces (pieces never overlap)."""
        f = self.frame
        main, tributary = self.river()
        centres = cell_centres((f.x0, f.y0, f.x1, f.y1), 1_000.0)
        grid = shapely.box(*(np.tile(centres, 2) + np.array([-500.0, -500.0, 500.0, 500.0])).T)
        central = shapely.box(*f.central_box())
        pieces, levels = [], []
        for shape, level in ((main, "一级"), (tributary, "二级")):
            shape = shapely.intersection(shape, central)
            candidates = grid[shapely.intersects(grid, shape)]
            cut = shapely.intersection(candidates, shape)
            cut = cut[shapely.area(cut) > 1.0]
            pieces.extend(cut)
            levels.extend([level] * len(cut))
        names = ["湘江" if level == "一级" else "蒸水" for level in levels]
        return LayerData("ZXCQCSLX", np.array(pieces, dtype=object), {"JB": levels, "MC": names})

    def spaced_blobs(self, spacing: float, radius: tuple[float, float], share: float, seed: int):
        """Blobs at the centres of a coarse grid inside the central city (spacing keeps them apart)."""
        f = self.frame
        rng = np.random.default_rng(seed)
        centres = cell_centres(f.central_box(), spacing)
        centres = centres[rng.uniform(size=len(centres)) < share]
        n = len(centres)
        return star_polygons(centres, np.full(n, radius[0]), np.full(n, radius[1]), 20, rng), centres

    def zxcqcszx(self) -> LayerData:
        polygons, _ = self.spaced_blobs(2_000.0, (120.0, 300.0), 0.3, SEED + 6)
        names = [f"历史文化街区{i + 1:03d}" for i in range(len(polygons))]
        return LayerData("ZXCQCSZX", polygons, {"MC": names})

    def csgxdy(self) -> LayerData:
        f = self.frame
        rng = np.random.default_rng(SEED + 7)
        reach = f.core_radius * 0.7
        centres = cell_centres((f.cx - reach, f.cy - reach, f.cx + reach, f.cy + reach), 2_000.0)
        units = [(name, kind) for kind, names in schema.RENEWAL_UNITS.items() for name in names]
        picked = centres[rng.permutation(len(centres))[: len(units)]]
        n = len(picked)
        polygons = star_polygons(picked, np.full(n, 500.0), np.full(n, 950.0), 24, rng)
        columns = {"DYMC": [u[0] for u in units[:n]], "GXLX": [u[1] for u in units[:n]]}
        return LayerData("CSGXDY", polygons, columns)

    def kjtd(self) -> LayerData:
        """规划跨江通道: straight crossings of the main river, far enough apart
        that their corridors never meet."""
        f = self.frame
        step = 2 * f.half / 8
        lines, names, widths = [], [], []
        for k in range(1, 8):
            y = f.cy - f.half + k * step
            x = f.cx + 0.2 * f.half * np.sin(2 * np.pi * (y - f.y0) / (1.3 * f.half))
            lines.append(shapely.LineString([(x - 0.1 * f.half, y), (x + 0.1 * f.half, y)]))
            names.append(f"跨江通道{k}")
            widths.append(float(60 + 20 * (k % 3)))
        return LayerData("KJTD", np.array(lines, dtype=object), {"MC": names, "KZKD": widths})

    def zxcqdl(self) -> LayerData:
        f = self.frame
        x0, y0, x1, y1 = f.central_box()
        step = 1_000.0
        lines, classes = [], []
        for k, v in enumerate(np.arange(x0 + step, x1, step)):
            cls = schema.ROAD_CLASSES[k % 3]
            for a in np.arange(y0, y1, step):
                lines.append(shapely.LineString([(v, a), (v, a + step)]))
                classes.append(cls)
        for k, v in enumerate(np.arange(y0 + step, y1, step)):
            cls = schema.ROAD_CLASSES[k % 3]
            for a in np.arange(x0, x1, step):
                lines.append(shapely.LineString([(a, v), (a + step, v)]))
                classes.append(cls)
        names = [f"道路{i + 1:05d}" for i in range(len(lines))]
        return LayerData("ZXCQDL", np.array(lines, dtype=object), {"MC": names, "DJ": classes})

    def ggfwss(self) -> LayerData:
        f = self.frame
        rng = np.random.default_rng(SEED + 8)
        n = self.scale.services
        xs = rng.uniform(f.cx - f.half, f.cx + f.half, n)
        ys = rng.uniform(f.cy - f.half, f.cy + f.half, n)
        xy = np.stack([xs, ys], axis=-1)
        kinds = np.array(schema.SERVICE_TYPES)[rng.integers(0, len(schema.SERVICE_TYPES), n)]
        names = [f"{k}{i + 1:05d}" for i, k in enumerate(kinds)]
        return LayerData("GGFWSS", shapely.points(xy), {"MC": names, "LX": list(kinds)})

    def ghzb(self) -> LayerData:
        rows = [
            ("耕地保有量", 480.0, "万亩", "约束性", "《规划》表1"),
            ("永久基本农田保护面积", 476.06, "万亩", "约束性", "《规划》表1"),
            ("生态保护红线面积", 1809.56, "平方千米", "约束性", "《规划》表1"),
            ("城镇开发边界面积", 607.04, "平方千米", "约束性", "《规划》表1"),
        ]
        fields = ("ZBMC", "GHMBZ", "DW", "ZBSX", "LY")
        return LayerData("GHZB", None, {k: [r[i] for r in rows] for i, k in enumerate(fields)})

    def dltb(self) -> LayerData:
        """国土调查 地类图斑: a jittered tessellation of the whole city (图斑 never overlap), 地类 by
        where they lie: built land in the towns (国有), rivers, 耕地 with 8 % 田坎 on the low ground."""
        s, f = self.scale, self.frame
        rng = np.random.default_rng(SEED + 17)
        polygons, centres = jittered_grid((f.x0, f.y0, f.x1, f.y1), s.survey_grid, s.survey_grid, 0.3, rng)
        x, y = centres[:, 0], centres[:, 1]
        field = noise(x, y, SEED + 18)
        codes = np.where(field < -0.1, "0101", np.where(field < 0.1, "0103", "0301"))
        codes = np.where((field > 0.45) & (rng.random(len(codes)) < 0.3), "0307", codes)
        codes = np.where(rng.random(len(codes)) < 0.05, "0702", codes)
        codes = np.where(rng.random(len(codes)) < 0.04, "1104", codes)
        codes = np.where(self.built_up(centres, 0.0), "0701", codes)
        main, tributary = self.river()
        codes = np.where(shapely.contains_xy(shapely.union(main, tributary), x, y), "1101", codes)
        state = np.isin(codes, ("0701", "1101"))
        ridge = np.where(np.isin(codes, ("0101", "0103")), 0.08, 0.0)
        areas = shapely.area(polygons)
        village = (((x - f.x0) // 4_000).astype(int) * 100 + ((y - f.y0) // 4_000).astype(int)).astype(str)
        county = self.county_of(centres)
        unit = np.char.add(np.char.add(county, np.char.zfill(village, 6)), "0000000")
        names = dict(survey_names())
        columns = {
            "DLBM": codes.tolist(),
            "DLMC": [names[c] for c in codes],
            "QSXZ": np.where(state, "20", "30").tolist(),
            "QSDWDM": unit.tolist(),
            "QSDWMC": np.where(state, "国有土地", np.char.add(np.char.add("村", village), "农民集体")).tolist(),
            "TBMJ": np.round(areas, 2).tolist(),
            "KCXS": ridge.tolist(),
            "TBDLMJ": np.round(areas * (1 - ridge), 2).tolist(),
        }
        return LayerData("DLTB", polygons, columns)

    def layers(self) -> list[LayerData]:
        builders = {
            "XZQ": self.xzq,
            "ZXCQFW": self.zxcqfw,
            "STBHHX": self.stbhhx,
            "YJJBNT": self.yjjbnt,
            "CZKFBJ": self.czkfbj,
            "GHFQ": self.ghfq,
            "ZXCQGHFQ": self.zxcqghfq,
            "ZXCQGHYDYH": self.zxcqghydyh,
            "ZXCQCSLVX": lambda: self.parcel_subset("ZXCQCSLVX", ("14",), 0.6, SEED + 9),
            "ZXCQCSLX": self.zxcqcslx,
            "ZXCQCSZX": self.zxcqcszx,
            "ZXCQCSHX": lambda: self.parcel_subset("ZXCQCSHX", ("13", "12"), 0.8, SEED + 10),
            "CSGXDY": self.csgxdy,
            "KJTD": self.kjtd,
            "ZXCQDL": self.zxcqdl,
            "GGFWSS": self.ggfwss,
            "GHZB": self.ghzb,
            "DLTB": self.dltb,
        }
        missing = [spec.name for spec in schema.LAYERS if spec.name not in builders]
        if missing:
            raise RuntimeError(f"bench_data has no builder for contract layers {missing}")
        return [builders[spec.name]() for spec in schema.LAYERS]


# --- sites ------------------------------------------------------------------

SITE_LAND_USES = ("0701", "1001", "0801", "1202", "0901", "1401", "0702", "1301")


def scaled_to_area(polygons: np.ndarray, centres: np.ndarray, areas_m2: np.ndarray) -> np.ndarray:
    factor = np.sqrt(areas_m2 / shapely.area(polygons))
    coords = [shapely.get_coordinates(p) for p in polygons]
    scaled = [(c - centre) * k + centre for c, centre, k in zip(coords, centres, factor)]
    return np.array([shapely.Polygon(c) for c in scaled], dtype=object)


def site_centres(frame: Frame, n: int, rng: np.random.Generator) -> np.ndarray:
    """Half in the 中心城区, half anywhere in the city (kept 3 km inside its edge)."""
    central = n // 2
    cx = rng.uniform(frame.cx - frame.half, frame.cx + frame.half, central)
    cy = rng.uniform(frame.cy - frame.half, frame.cy + frame.half, central)
    ox = rng.uniform(frame.x0 + 3_000, frame.x1 - 3_000, n - central)
    oy = rng.uniform(frame.y0 + 3_000, frame.y1 - 3_000, n - central)
    xy = np.stack([np.concatenate([cx, ox]), np.concatenate([cy, oy])], axis=-1)
    return xy[rng.permutation(n)]


def make_sites(centres: np.ndarray, areas_m2: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    radius = np.sqrt(areas_m2 / np.pi)
    raw = star_polygons(centres, radius * 0.7, radius * 1.2, 16, rng)
    return scaled_to_area(raw, centres, areas_m2)


def cold_site(builder: PlanBuilder, rng: np.random.Generator) -> shapely.Polygon:
    """A 1 km² site on the edge of the central 城镇开发边界, over farmland,
    parcels, the river and a river-crossing corridor."""
    f = builder.frame
    y = f.cy - f.core_radius - 100.0
    river_x = f.cx + 0.2 * f.half * np.sin(2 * np.pi * (y - f.y0) / (1.3 * f.half))
    centre = np.array([[river_x + 600.0, y]])
    return make_sites(centre, np.array([1_000_000.0]), rng)[0]


def build_sites(builder: PlanBuilder) -> LayerData:
    s, f = builder.scale, builder.frame
    rng = np.random.default_rng(SEED + 20)
    warm_centres = site_centres(f, s.warm_sites, rng)
    warm = make_sites(warm_centres, rng.uniform(0.8e6, 1.25e6, s.warm_sites), rng)
    batch_centres = site_centres(f, s.batch_sites, rng)
    batch_areas = np.exp(rng.uniform(np.log(0.1e6), np.log(5e6), s.batch_sites))
    batch = make_sites(batch_centres, batch_areas, rng)
    cold = cold_site(builder, rng)
    geometries = np.concatenate([np.array([cold], dtype=object), warm, batch])
    roles = ["cold"] + ["warm"] * len(warm) + ["batch"] * len(batch)
    ids = ["cold"] + [f"warm{i:03d}" for i in range(len(warm))] + [f"batch{i:04d}" for i in range(len(batch))]
    uses = [SITE_LAND_USES[i % len(SITE_LAND_USES)] for i in range(len(ids))]
    return LayerData("sites", geometries, {"site_id": ids, "role": roles, "land_use": uses})


# --- writing ----------------------------------------------------------------

OGR_GEOMETRY = {
    schema.POLYGON: ogr.wkbMultiPolygon,
    schema.LINE: ogr.wkbLineString,
    schema.POINT: ogr.wkbPoint,
    schema.TABLE: ogr.wkbNone,
}
LAYER_OPTIONS = ["GEOMETRY_NAME=geom", "FID=fid", "SPATIAL_INDEX=YES"]


def _field_type(values: list) -> int:
    if values and all(isinstance(v, (float, np.floating)) for v in values):
        return ogr.OFTReal
    if values and all(isinstance(v, (int, np.integer)) for v in values):
        return ogr.OFTInteger
    return ogr.OFTString


def spatial_reference() -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(schema.PLAN_EPSG)
    return srs


def as_multipolygon(geometry):
    return geometry if geometry.geom_type == "MultiPolygon" else shapely.MultiPolygon([geometry])


def write_layer(dataset: gdal.Dataset, data: LayerData, geometry_type: int) -> int:
    srs = spatial_reference() if geometry_type != ogr.wkbNone else None
    layer = dataset.CreateLayer(data.name, srs, geometry_type, options=LAYER_OPTIONS)
    names = list(data.columns)
    for name in names:
        layer.CreateField(ogr.FieldDefn(name, _field_type(data.columns[name])))
    definition = layer.GetLayerDefn()
    wkbs = None
    if data.geometries is not None:
        geometries = data.geometries
        if geometry_type == ogr.wkbMultiPolygon:
            geometries = np.array([as_multipolygon(g) for g in geometries], dtype=object)
        wkbs = shapely.to_wkb(geometries)
    count = data.count
    columns = [data.columns[name] for name in names]
    layer.StartTransaction()
    for i in range(count):
        feature = ogr.Feature(definition)
        for k, column in enumerate(columns):
            value = column[i]
            feature.SetField(k, value.item() if isinstance(value, np.generic) else value)
        if wkbs is not None:
            feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkbs[i]))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    return count


def write_gpkg(path: Path, layers: list[tuple[LayerData, int]]) -> dict[str, int]:
    driver = ogr.GetDriverByName("GPKG")
    dataset = driver.CreateDataSource(str(path))
    counts = {}
    for data, geometry_type in layers:
        counts[data.name] = write_layer(dataset, data, geometry_type)
    dataset = None
    return counts


def write_case_files(folder: Path, sites: LayerData, role: str) -> int:
    """One GeoJSON submission per site of role (text written directly: fast, exact)."""
    folder.mkdir(parents=True, exist_ok=True)
    crs = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{schema.PLAN_EPSG}"}}
    count = 0
    columns = sites.columns
    for geometry, site_id, site_role, land_use in zip(
        sites.geometries, columns["site_id"], columns["role"], columns["land_use"]
    ):
        if site_role != role:
            continue
        properties = {"DKBH": site_id, "YDYHFLDM": land_use}
        shape = shapely.geometry.mapping(geometry)
        feature = {"type": "Feature", "properties": properties, "geometry": shape}
        collection = {"type": "FeatureCollection", "name": site_id, "crs": crs, "features": [feature]}
        (folder / f"{site_id}.geojson").write_text(json.dumps(collection), encoding="utf-8")
        count += 1
    return count


# --- cache ------------------------------------------------------------------


def data_dir(scale: Scale, root: Path = DEFAULT_ROOT) -> Path:
    return root / f"v{GENERATOR_VERSION}-{scale.name}"


def load_manifest(scale: Scale, root: Path = DEFAULT_ROOT) -> dict | None:
    manifest = data_dir(scale, root) / "manifest.json"
    if not manifest.is_file():
        return None
    return json.loads(manifest.read_text(encoding="utf-8"))


def generate(scale: Scale, root: Path = DEFAULT_ROOT, log=print) -> dict:
    """Generate into a temporary folder, then move it into place (manifest last)."""
    with gdal_exceptions():
        return _generate(scale, root, log)


def _generate(scale: Scale, root: Path, log) -> dict:
    target = data_dir(scale, root)
    work = target.with_name(target.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    started = time.perf_counter()
    builder = PlanBuilder(scale)
    plan_layers = []
    for data in builder.layers():
        spec = schema.LAYER_BY_NAME[data.name]
        plan_layers.append((data, OGR_GEOMETRY[spec.geometry]))
        log(f"  built {data.name}: {data.count} features")
    built = time.perf_counter()
    counts = write_gpkg(work / "plan.gpkg", plan_layers)
    sites = build_sites(builder)
    site_counts = write_gpkg(work / "sites.gpkg", [(sites, ogr.wkbMultiPolygon)])
    cold = LayerData("site", sites.geometries[:1], {k: v[:1] for k, v in sites.columns.items()})
    write_gpkg(work / "site_cold.gpkg", [(cold, ogr.wkbMultiPolygon)])
    for role in ("warm", "batch"):
        write_case_files(work / "cases" / role, sites, role)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "scale": asdict(scale),
        "layer_counts": counts,
        "site_count": site_counts["sites"],
        "central_box": list(builder.frame.central_box()),
        "build_s": round(built - started, 2),
        "total_s": round(time.perf_counter() - started, 2),
    }
    (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)
    return manifest


def ensure(scale: Scale, root: Path = DEFAULT_ROOT, log=print) -> tuple[Path, dict]:
    """The cached data folder for scale, generating it when absent or stale."""
    manifest = load_manifest(scale, root)
    if manifest is None or manifest.get("generator_version") != GENERATOR_VERSION:
        log(f"bench data: generating {scale.name} data under {data_dir(scale, root)} ...")
        manifest = generate(scale, root, log)
        log(f"bench data: done in {manifest['total_s']} s")
    return data_dir(scale, root), manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="the small data set")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--force", action="store_true", help="regenerate even when cached")
    args = parser.parse_args(argv)
    scale = SMOKE if args.smoke else FULL
    if args.force:
        shutil.rmtree(data_dir(scale, args.root), ignore_errors=True)
    folder, manifest = ensure(scale, args.root)
    print(json.dumps({"folder": str(folder), **manifest}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
