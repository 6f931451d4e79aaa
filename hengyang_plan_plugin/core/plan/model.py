"""What a plan is to its users, whatever stores it: layer references, features, the backend protocol.

No backend is imported here; both backends and every caller import this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Protocol

from shapely.geometry.base import BaseGeometry

from .pg_connection import PgConnection

Bbox = tuple[float, float, float, float]  # minx, miny, maxx, maxy


class PlanSourceError(ValueError):
    """The plan source cannot be used at all (not found, not a plan)."""


@dataclass(frozen=True)
class PlanLayerRef:
    name: str  # contract layer name, e.g. "YJJBNT"
    datasource: str  # what OGR/QGIS opens: a .gpkg or .shp path, or a PG: string
    layer: str | None  # layer inside the datasource; None for a shapefile
    encoding: str | None = None  # attribute encoding for OGR/QGIS, None = let the driver decide
    schema: str | None = None  # PostGIS only: the table's schema (``layer`` is the table)
    geometry_column: str | None = None  # PostGIS only; None for a table without geometry
    key_column: str | None = None  # PostGIS only: the integer primary key used as fid
    srid: int | None = None  # PostGIS only

    def qgis_uri(self) -> str:
        """The ``ogr`` provider URI (PostGIS sources build their own URI)."""
        if self.layer is None:
            return self.datasource
        return f"{self.datasource}|layername={self.layer}"


@dataclass
class PlanLocation:
    source: str
    kind: str  # "gpkg", "folder" or "postgres"
    layers: dict[str, PlanLayerRef] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    is_sample: bool = False
    connection: PgConnection | None = None  # kind == "postgres" only


@dataclass(frozen=True)
class PlanFeature:
    layer: str
    fid: int
    attributes: dict[str, Any]
    geometry: BaseGeometry


LIKE_ESCAPE = "!"  # not a backslash: OGR SQL reads a backslash in a literal as an escape of its own


@dataclass(frozen=True)
class FieldMatch:
    """An attribute condition a backend pushes to its store, or tests in Python (indexed path)."""

    field: str
    value: str
    prefix: bool = False  # value is a prefix (``YDYHFLDM`` 14 matches 1401, 1402 …)

    def matches(self, attributes: dict[str, Any]) -> bool:
        actual = str(attributes.get(self.field) or "")
        return actual.startswith(self.value) if self.prefix else actual == self.value

    def like_pattern(self) -> str:
        """The prefix as a LIKE pattern with ``ESCAPE LIKE_ESCAPE``: ``%`` and ``_`` in it match literally."""
        escaped = "".join(LIKE_ESCAPE + c if c in (LIKE_ESCAPE, "%", "_") else c for c in self.value)
        return escaped + "%"


# (feature, area of site ∩ feature) per piece of at least the noise floor, and the union of the pieces.
OverlayAnswer = tuple[list[tuple[PlanFeature, float]], Optional[BaseGeometry]]  # noqa: UP007 (runtime, py39)


class PlanLayer(Protocol):
    """What callers read of one opened layer (the backends add their own internals)."""

    name: str
    crs_key: str | None  # None: the layer declares no CRS

    def has_geometry(self) -> bool: ...

    def extent(self) -> Bbox | None:
        """In the layer's own CRS; None for a table or an empty layer."""


class PlanBackend(Protocol):
    """An opened, read-only plan: what the review, indicators, point query and hashing use.

    Backends are shared by concurrent reviews and lock internally. Features
    come back in the caller's working CRS.
    """

    location: PlanLocation

    @property
    def source(self) -> str:
        """The plan as shown to users (a path, or a PG: string without secrets)."""

    def has_layer(self, name: str) -> bool: ...

    def layer(self, name: str) -> PlanLayer: ...

    def query(
        self,
        name: str,
        area: BaseGeometry,
        working_key: str,
        grow_m: float = 0.0,
        where: FieldMatch | None = None,
    ) -> list[PlanFeature]:
        """Features of layer ``name`` meeting the bbox of ``area`` grown by grow_m and ``where``."""

    def overlay(
        self,
        site: BaseGeometry,
        features: list[PlanFeature],
        working_key: str,
        noise_m2: float,
        buffers: tuple[list[float], int] | None = None,
    ) -> OverlayAnswer | None:
        """Site ∩ features done by the store itself (pieces ≥ noise_m2, in ``features`` order).

        ``buffers`` = (distance per feature, quad_segs) buffers each feature
        first. None when the backend cannot (files; another CRS; a server-side
        topology error): ``core.overlay`` then overlays locally with shapely.
        """

    def table_rows(self, name: str, where: FieldMatch | None = None) -> list[dict[str, Any]]:
        """Attribute rows of a table layer (GHZB), or of a layer's features meeting ``where`` without
        their geometry (DLTB's 耕地 图斑 for 耕地保有量), in fid order."""

    def unreadable_count(self, name: str) -> int:
        """Features of layer ``name`` whose geometry cannot be read (NULL, empty, damaged); 0 for a table.

        Counted over the whole layer once per opened plan: a spatial query never
        returns such a feature, so the checks could not tell it from open land.
        """

    def extent(self, target_key: str) -> Bbox | None:
        """The plan's extent in target_key: the administrative area (XZQ), else all layers."""

    def crs_key(self) -> str | None:
        """The CRS of the plan's spatial layers (the first that declares one)."""

    def sha256(self) -> str | None:
        """The plan's content hash, computed once per opened plan (may be slow)."""

    def known_sha256(self) -> str | None:
        """The hash if already computed; never computes it."""

    def release_handles(self) -> None:
        """After each review: give back what must not outlive it (OGR handles)."""

    def close(self) -> None:
        """Release everything and forget cached features."""
