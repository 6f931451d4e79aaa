"""Topology rules (三区三线): what must tile, lie within or stay apart, and the shapely engine that checks it.

The jobs are data (``JOBS``); an engine answers four questions about them
(self overlaps, overlaps between two layers, parts outside a container, gaps
in a coverage) with raw pieces; ``findings`` turns pieces into findings the
same way for every engine, dropping boundary noise (smaller than 1 m² or
thinner than 0.1 m everywhere). The shapely engine uses STRtree pairs (never
all pairs) and unions coverages tile by tile; ``topology_sql`` is the
PostGIS engine, run in the database.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ..plan_schema import layer_title
from ..report.presentation import feature_name
from .layer_data import LayerData
from .model import Finding

NOISE_AREA_M2 = 1.0
NOISE_WIDTH_M = 0.1
TILE_COUNT = 12  # coverage unions in about TILE_COUNT × TILE_COUNT tiles


@dataclass(frozen=True)
class Selection:
    layer: str
    field: str | None = None
    value: str | None = None

    def label(self) -> str:
        title = layer_title(self.layer)
        return f"{title}（{self.layer}）" if self.value is None else f"{self.value}（{self.layer}.{self.field}）"


@dataclass(frozen=True)
class Job:
    rule_id: str
    kind: str  # "self_overlap", "cross_overlap", "outside", "gaps"
    subject: Selection
    other: Selection | None = None  # the second layer, the container, or the area a coverage must fill


JOBS: tuple[Job, ...] = (
    Job("zoning_gap", "gaps", Selection("GHFQ"), Selection("XZQ")),
    Job("zoning_gap", "gaps", Selection("ZXCQGHFQ"), Selection("ZXCQFW")),
    Job("zoning_overlap", "self_overlap", Selection("GHFQ")),
    Job("zoning_overlap", "self_overlap", Selection("ZXCQGHFQ")),
    Job("zoning_outside", "outside", Selection("GHFQ"), Selection("XZQ")),
    Job("zoning_outside", "outside", Selection("ZXCQGHFQ"), Selection("ZXCQFW")),
    Job("parcel_outside", "outside", Selection("ZXCQGHYDYH"), Selection("ZXCQFW")),
    Job("parcel_overlap", "self_overlap", Selection("ZXCQGHYDYH")),
    Job("control_line_overlap", "cross_overlap", Selection("YJJBNT"), Selection("STBHHX")),
    Job("control_line_overlap", "cross_overlap", Selection("YJJBNT"), Selection("CZKFBJ")),
    Job("control_line_overlap", "cross_overlap", Selection("STBHHX"), Selection("CZKFBJ")),
    Job("farmland_zone", "outside", Selection("YJJBNT"), Selection("GHFQ", "GHFQMC", "农田保护区")),
    Job("redline_zone", "outside", Selection("STBHHX"), Selection("GHFQ", "GHFQMC", "生态保护区")),
    Job("renewal_boundary", "outside", Selection("CSGXDY"), Selection("CZKFBJ")),
)


def job_layers(job: Job) -> tuple[Selection, ...]:
    return (job.subject,) if job.other is None else (job.subject, job.other)


# --- from pieces to findings ---------------------------------------------------------------------------


def significant(piece: BaseGeometry | None) -> BaseGeometry | None:
    """The polygonal part of ``piece`` that is more than boundary noise, or None.

    A part wider than NOISE_WIDTH_M somewhere survives an inward buffer of
    half that width; a part whose mean width (2·area/perimeter) exceeds it
    certainly does, so the buffer is only computed for the thin-looking ones.
    """
    if piece is None or piece.is_empty:
        return None
    parts = shapely.get_parts(shapely.get_parts(piece))
    parts = parts[shapely.get_dimensions(parts) == 2]
    if not len(parts):
        return None
    areas = shapely.area(parts)
    big = areas >= NOISE_AREA_M2
    parts, areas = parts[big], areas[big]
    thin = 2 * areas / np.maximum(shapely.length(parts), 1e-12) <= NOISE_WIDTH_M
    if thin.any():
        cores = shapely.buffer(parts[thin], -NOISE_WIDTH_M / 2, join_style="mitre")
        keep = np.ones(len(parts), dtype=bool)
        keep[thin] = ~shapely.is_empty(cores)
        parts = parts[keep]
    if not len(parts):
        return None
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(list(parts))


class Namer:
    """Feature names for messages, from the layers as read."""

    def __init__(self, layers: dict[str, LayerData]):
        self._layers = layers
        self._rows: dict[str, dict[int, int]] = {}

    def name(self, layer: str, fid: int) -> str:
        data = self._layers[layer]
        if layer not in self._rows:
            self._rows[layer] = {int(f): i for i, f in enumerate(data.fids)}
        row = self._rows[layer].get(int(fid))
        if row is None:
            return ""
        attributes = {key: values[row] for key, values in data.columns.items()}
        name = feature_name(attributes)
        return f"（{name}）" if name else ""


def _m2(area: float) -> str:
    return f"{area:,.2f} 平方米"


def findings(job: Job, answer, namer: Namer) -> list[Finding]:
    """Findings of one job from its engine's raw answer."""
    out = []
    subject = job.subject
    title = f"{layer_title(subject.layer)}（{subject.layer}）"
    if job.kind == "gaps":
        for piece in answer:
            for part in shapely.get_parts(piece):
                kept = significant(part)
                if kept is None:
                    continue
                message = f"{title}在{job.other.label()}内有缝隙 {_m2(kept.area)}，未被任何分区覆盖"
                out.append(Finding(job.rule_id, subject.layer, message, (), kept, kept.area))
    elif job.kind in ("self_overlap", "cross_overlap"):
        other = job.other or subject
        other_title = f"{layer_title(other.layer)}（{other.layer}）"
        for fid_a, fid_b, piece in answer:
            kept = significant(piece)
            if kept is None:
                continue
            a = f"要素 {fid_a}{namer.name(subject.layer, fid_a)}"
            b = f"要素 {fid_b}{namer.name(other.layer, fid_b)}"
            message = (
                f"{title}{a}与{b}重叠 {_m2(kept.area)}"
                if job.kind == "self_overlap"
                else f"{title}{a}与{other_title}{b}重叠 {_m2(kept.area)}"
            )
            out.append(Finding(job.rule_id, subject.layer, message, (int(fid_a), int(fid_b)), kept, kept.area))
    else:
        for fid, piece in answer:
            kept = significant(piece)
            if kept is None:
                continue
            message = f"{title}要素 {fid}{namer.name(subject.layer, fid)}有 {_m2(kept.area)}不在{job.other.label()}内"
            out.append(Finding(job.rule_id, subject.layer, message, (int(fid),), kept, kept.area))
    # Ties (one pair, several pieces) by their bounds: a finding's location (polylabel, pure Python in
    # shapely 2.0) is worked out only for the findings listed, not for all 70,000 of a messy plan.
    out.sort(key=lambda f: (f.fids, f.geometry.bounds))
    return out


# --- the shapely engine -------------------------------------------------------------------------------


def _polygons(data: LayerData, selection: Selection) -> tuple[np.ndarray, np.ndarray]:
    """(fids, polygonal geometries) of the selected features; invalid ones repaired in memory."""
    geometries = data.geometries
    keep = ~shapely.is_missing(geometries)
    keep[keep] &= ~shapely.is_empty(geometries[keep])
    if selection.field is not None:
        values = data.values(selection.field) or [None] * len(data)
        keep &= np.array([str(v or "").strip() == selection.value for v in values], dtype=bool)
    fids, shapes = data.fids[keep], geometries[keep].copy()
    if not len(shapes):
        return fids, shapes
    if shapely.has_z(shapes).any():
        shapes = shapely.force_2d(shapes)
    invalid = ~shapely.is_valid(shapes)
    if invalid.any():
        shapes[invalid] = [_polygonal(shapely.make_valid(g)) for g in shapes[invalid]]
    polygonal = shapely.get_dimensions(shapes) == 2
    return fids[polygonal], shapes[polygonal]


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


class ShapelyEngine:
    """Topology of layers read into memory (file plans)."""

    def __init__(self, layers: dict[str, LayerData]):
        self._layers = layers
        self._cache: dict[Selection, tuple[np.ndarray, np.ndarray]] = {}

    def _get(self, selection: Selection) -> tuple[np.ndarray, np.ndarray]:
        if selection not in self._cache:
            self._cache[selection] = _polygons(self._layers[selection.layer], selection)
        return self._cache[selection]

    def run(self, job: Job):
        return getattr(self, job.kind)(job)

    @staticmethod
    def _pairs(big: np.ndarray, small: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index in big, index in small) of intersecting pairs: the tree on the bigger side, prepared queries."""
        if not len(big) or not len(small):
            return np.array([], dtype=int), np.array([], dtype=int)
        tree = shapely.STRtree(big)
        small_index, big_index = tree.query(small, predicate="intersects")
        return big_index, small_index

    @staticmethod
    def _overlap_pieces(a: np.ndarray, b: np.ndarray, fa, fb, ia, ib) -> list:
        if not len(ia):
            return []
        real = shapely.relate_pattern(a[ia], b[ib], "2********")
        ia, ib = ia[real], ib[real]
        pieces = shapely.intersection(a[ia], b[ib]) if len(ia) else []
        return [(int(fa[i]), int(fb[j]), piece) for i, j, piece in zip(ia, ib, pieces)]

    def self_overlap(self, job: Job):
        fids, shapes = self._get(job.subject)
        left, right = self._pairs(shapes, shapes)
        keep = left < right
        return self._overlap_pieces(shapes, shapes, fids, fids, left[keep], right[keep])

    def cross_overlap(self, job: Job):
        fa, a = self._get(job.subject)
        fb, b = self._get(job.other)
        if len(a) >= len(b):
            ia, ib = self._pairs(a, b)
        else:
            ib, ia = self._pairs(b, a)
        return self._overlap_pieces(a, b, fa, fb, ia, ib)

    def outside(self, job: Job):
        fids, shapes = self._get(job.subject)
        _, container = self._get(job.other)
        if not len(shapes):
            return []
        covered = np.zeros(len(shapes), dtype=bool)
        if len(container):
            tree = shapely.STRtree(shapes)
            _, inside = tree.query(container, predicate="covers")
            covered[inside] = True
        loose = np.flatnonzero(~covered)
        if not len(loose):
            return []
        if not len(container):
            return [(int(fids[i]), shapes[i]) for i in loose]
        # Loose subjects grouped by the containers they meet: one union per group, one vectorised difference.
        subject_index, container_index = shapely.STRtree(container).query(shapes[loose], predicate="intersects")
        hits: dict[int, list[int]] = {}
        for s_i, c_i in zip(subject_index, container_index):
            hits.setdefault(int(s_i), []).append(int(c_i))
        groups: dict[tuple[int, ...], list[int]] = {}
        for position in range(len(loose)):
            groups.setdefault(tuple(sorted(hits.get(position, ()))), []).append(position)
        answer = []
        for members, positions in groups.items():
            chosen = loose[positions]
            rests = (
                shapely.difference(shapes[chosen], shapely.union_all(container[list(members)]))
                if members
                else shapes[chosen]
            )
            answer += [(int(fids[i]), rest) for i, rest in zip(chosen, rests)]
        answer.sort(key=lambda pair: pair[0])
        return answer

    def gaps(self, job: Job):
        _, coverage = self._get(job.subject)
        _, area = self._get(job.other)
        if not len(area):
            return []
        minx, miny, maxx, maxy = shapely.total_bounds(area)
        step = max(maxx - minx, maxy - miny) / TILE_COUNT or 1.0
        area_tree = shapely.STRtree(area)
        coverage_tree = shapely.STRtree(coverage) if len(coverage) else None
        pieces = []
        for x in np.arange(minx, maxx, step):
            for y in np.arange(miny, maxy, step):
                tile = shapely.box(x, y, min(x + step, maxx), min(y + step, maxy))
                inside = area_tree.query(tile, predicate="intersects")
                if not len(inside):
                    continue
                wanted = shapely.union_all(shapely.intersection(area[inside], tile))
                if coverage_tree is not None:
                    hits = coverage_tree.query(tile, predicate="intersects")
                    if len(hits):
                        wanted = shapely.difference(
                            wanted, shapely.union_all(shapely.intersection(coverage[hits], tile))
                        )
                if not wanted.is_empty and wanted.area > 0:
                    pieces.append(wanted)
        if not pieces:
            return []
        return [shapely.union_all(pieces)]  # gaps cut by tile edges become whole again
