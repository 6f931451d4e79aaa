"""Read a submission (送审红线) from any supported file: 界址点坐标 TXT or a GDAL vector source.

``read_submission`` is the one entry point the review, the CLI and the GUI use.
TXT files go to ``txt_coordinates``; everything else (shapefile, GeoPackage,
GeoJSON, KML, DXF ...) is read through OGR, read-only.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import suppress
from pathlib import Path

from osgeo import gdal, ogr, osr
from shapely import wkb
from shapely.errors import GEOSException
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from . import gk_zones
from .encodings import shapefile_encoding
from .gdal_errors import last_error, quiet_errors
from .plan_schema import PLAN_EPSG
from .submission_model import Parcel, Submission, SubmissionError
from .txt_coordinates import land_use_from_code_or_name, looks_like_coordinate_txt, read_txt
from .units import M2_PER_HA

PLAN_CRS = f"EPSG:{PLAN_EPSG}"

# A polyline whose ends are this close (metres) is a closed boundary drawn
# carelessly in CAD; wider gaps are not guessed at.
DEFAULT_CLOSE_TOLERANCE_M = 0.1

# Field names (case-insensitive) that carry parcel attributes, most specific first.
ID_FIELDS = ("地块编号", "DKBH", "BSM", "BH", "ID", "编号")
NAME_FIELDS = ("地块名称", "DKMC", "XMMC", "项目名称", "NAME", "MC", "名称")
CODE_FIELDS = ("地类编码", "YDYHFLDM", "YDYHDM", "DLBM", "YDXZDM", "用地代码")
USE_FIELDS = ("地块用途", "YDYHFLMC", "DLMC", "YDXZ", "用途", "用地性质")
# Declared areas in 公顷 (the TXT convention, and the 送审红线 layer's 申报面积).
DECLARED_HA_FIELDS = ("申报面积", "地块面积", "DKMJ")

DXF_LAYER_FIELD = "Layer"
# CAD layers whose name says "red line" are taken by default when a DXF has several.
RED_LINE_LAYER_PATTERN = re.compile(r"红线|用地|送审|hongxian|boundary|site", re.IGNORECASE)

SIDECAR_SUFFIXES = (".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx")


def read_submission(path: str | Path, layer: str | None = None, crs: str | None = None) -> Submission:
    """Read the submission in ``path``.

    ``layer`` picks an OGR layer (or, for DXF, the CAD layer); ``crs`` (an
    authority id or WKT) is used when the source has no CRS of its own, e.g.
    DXF; without it such sources get the plan CRS and a warning, unless the
    eastings carry a Gauss-Kruger zone prefix.
    """
    path = Path(path)
    if not path.exists():
        raise SubmissionError("文件不存在", str(path))
    if path.suffix.lower() == ".txt":
        submission = read_txt(path)
        if crs and crs != submission.crs:
            submission.warnings.append(
                f"{path.name}: 界址点坐标文件自带坐标系{submission.crs}，忽略指定的{crs}"
            )
        return submission
    if path.is_file() and path.suffix.lower() not in (
        ".shp",
        ".gpkg",
        ".geojson",
        ".json",
        ".kml",
        ".kmz",
        ".dxf",
    ):
        head = path.read_bytes()[:4096]
        if looks_like_coordinate_txt(head):
            return read_txt(path)
    with quiet_errors():
        return _OgrReader(path, layer, crs).read()


def list_layers(path: str | Path) -> list[str]:
    """The layers a user can choose in ``path``: OGR layers, or the CAD layers of a DXF; [] for TXT."""
    path = Path(path)
    if path.suffix.lower() == ".txt" or not path.exists():
        return []
    with quiet_errors():
        try:
            dataset = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY)
        except RuntimeError:  # raised instead of None when someone turned GDAL exceptions on
            return []
        if dataset is None:
            return []
        if path.suffix.lower() != ".dxf":
            return [dataset.GetLayerByIndex(i).GetName() for i in range(dataset.GetLayerCount())]
        names: list[str] = []
        for feature in dataset.GetLayerByIndex(0):
            name = feature.GetField(DXF_LAYER_FIELD)
            if name is not None and name not in names:
                names.append(name)
        return names


def file_sha256(path: str | Path) -> str:
    """SHA-256 of the input and, for a shapefile, its sidecar files in a fixed order."""
    path = Path(path)
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    if path.suffix.lower() == ".shp":
        for suffix in SIDECAR_SUFFIXES:
            for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
                if candidate.is_file():
                    files.append(candidate)
                    break
    for file in files:
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def crs_authid(srs: osr.SpatialReference | None) -> str | None:
    """``EPSG:nnnn`` when GDAL can identify the CRS, else its WKT; None without a CRS."""
    if srs is None:
        return None
    srs = srs.Clone()
    with suppress(RuntimeError):  # no EPSG twin: FindMatches below is the looser second try
        srs.AutoIdentifyEPSG()
    name, code = srs.GetAuthorityName(None), srs.GetAuthorityCode(None)
    if name and code:
        return f"{name}:{code}"
    try:
        matches = srs.FindMatches()
    except RuntimeError:
        matches = []
    for match, confidence in matches:
        if confidence >= 90 and match.GetAuthorityName(None) and match.GetAuthorityCode(None):
            return f"{match.GetAuthorityName(None)}:{match.GetAuthorityCode(None)}"
    return srs.ExportToWkt()


def crs_from_eastings(eastings: list[float]) -> str | None:
    """The CGCS2000 3-degree (or 6-degree) CRS implied by zone-prefixed eastings, if they all agree."""
    zones = {gk_zones.zone_from_easting(e) for e in eastings}
    if len(zones) != 1 or None in zones:
        return None
    zone = zones.pop()
    width = gk_zones.width_for_zone_number(zone)
    if width is None:
        return None
    return gk_zones.GaussKrugerZone(width, zone, True).authid


def _find_field(names: list[str], candidates: tuple[str, ...]) -> str | None:
    by_upper = {name.upper(): name for name in names}
    for candidate in candidates:
        if candidate.upper() in by_upper:
            return by_upper[candidate.upper()]
    return None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _as_float(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number == number and number not in (float("inf"), float("-inf")) else None


class ParcelBuilder:
    """Parcels from (geometry, attributes) records, whatever the source's field names.

    Shared by the OGR reader and the QGIS layer adapter so both recognise the
    same 地块编号 / 名称 / 地类编码 / 用途 / 申报面积 fields.
    """

    def __init__(self, field_names: list[str], warn, use_ids: bool = True):
        self.warn = warn
        self.id_field = _find_field(field_names, ID_FIELDS) if use_ids else None
        self.name_field = _find_field(field_names, NAME_FIELDS)
        self.code_field = _find_field(field_names, CODE_FIELDS)
        self.use_field = _find_field(field_names, USE_FIELDS)
        self.area_field = _find_field(field_names, DECLARED_HA_FIELDS)
        self.parcels: list[Parcel] = []
        self._used_ids: set[str] = set()

    def add(self, geometry: BaseGeometry, attributes: dict[str, object]) -> Parcel:
        parcel_id = _text(attributes.get(self.id_field)) if self.id_field else ""
        if not parcel_id or parcel_id in self._used_ids:
            parcel_id = str(len(self.parcels) + 1)  # the position: FIDs start at 0 or 1 by driver
            while parcel_id in self._used_ids:
                parcel_id += "_"
        self._used_ids.add(parcel_id)
        code = _text(attributes.get(self.code_field)) if self.code_field else ""
        use = _text(attributes.get(self.use_field)) if self.use_field else ""
        land_use = land_use_from_code_or_name(code, use)
        if code and land_use is None:
            self.warn(f"要素{parcel_id}的{self.code_field}“{code}”不是用地用海分类代码")
        declared_ha = _as_float(attributes.get(self.area_field)) if self.area_field else None
        parcel = Parcel(
            id=parcel_id,
            geometry=geometry,
            name=_text(attributes.get(self.name_field)) if self.name_field else "",
            land_use=land_use,
            land_use_name=use,
            declared_area_m2=declared_ha * M2_PER_HA if declared_ha else None,
            attributes={k: v for k, v in attributes.items() if v is not None},
        )
        self.parcels.append(parcel)
        return parcel


class _OgrReader:
    def __init__(
        self,
        path: Path,
        layer: str | None,
        crs: str | None,
        close_tolerance: float = DEFAULT_CLOSE_TOLERANCE_M,
    ):
        self.path = path
        self.layer_name = layer
        self.crs = crs
        self.close_tolerance = close_tolerance
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.path.name}: {message}")

    def _open(self) -> gdal.Dataset:
        options = []
        if self.path.suffix.lower() == ".shp":
            encoding = shapefile_encoding(self.path)
            if encoding:
                # Without a .cpg OGR would assume ISO-8859-1 and garble Chinese text.
                options.append(f"ENCODING={encoding}")
                if encoding != "UTF-8":
                    self.warn(f"没有.cpg文件，属性按{encoding}编码读取")
        try:
            dataset = gdal.OpenEx(str(self.path), gdal.OF_VECTOR | gdal.OF_READONLY, open_options=options)
            message = last_error()
        except RuntimeError as error:  # raised instead of None when someone turned GDAL exceptions on
            dataset, message = None, str(error)
        if dataset is None or dataset.GetLayerCount() == 0:
            detail = f"（GDAL: {message}）" if dataset is None and message else ""
            raise SubmissionError(f"不是可读取的矢量数据，请确认文件完整、格式受支持{detail}", str(self.path))
        return dataset

    @property
    def is_dxf(self) -> bool:
        return self.path.suffix.lower() == ".dxf"

    def read(self) -> Submission:
        dataset = self._open()
        ogr_layer = self._pick_layer(dataset)
        cad_layer = self._pick_cad_layer(ogr_layer) if self.is_dxf else None
        parcels = self._parcels(ogr_layer, cad_layer)
        if not parcels:
            where = f"图层“{cad_layer}”" if cad_layer else f"图层“{ogr_layer.GetName()}”"
            raise SubmissionError(f"{where}中没有面要素或闭合多段线", str(self.path))
        crs = self._crs(ogr_layer, parcels)
        name = self.path.stem if self.path.is_file() else self.path.name
        return Submission(
            name=name,
            source=str(self.path),
            crs=crs,
            parcels=parcels,
            warnings=self.warnings,
            sha256=file_sha256(self.path),
        )

    def _pick_layer(self, dataset: gdal.Dataset) -> ogr.Layer:
        layers = [dataset.GetLayerByIndex(i) for i in range(dataset.GetLayerCount())]
        if self.layer_name and not self.is_dxf:
            for candidate in layers:
                if candidate.GetName() == self.layer_name:
                    return candidate
            names = "、".join(candidate.GetName() for candidate in layers)
            raise SubmissionError(f"没有图层“{self.layer_name}”(有: {names})", str(self.path))
        polygon_layers = [
            candidate
            for candidate in layers
            if ogr.GT_Flatten(candidate.GetGeomType())
            in (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbCurvePolygon, ogr.wkbMultiSurface)
        ]
        chosen = (polygon_layers or layers)[0]
        if len(layers) > 1 and not self.is_dxf:
            self.warn(f"含{len(layers)}个图层，读取“{chosen.GetName()}”")
        return chosen

    def _pick_cad_layer(self, ogr_layer: ogr.Layer) -> str | None:
        """The DXF (CAD) layer to read: the requested one, a red-line layer, or all."""
        names: list[str] = []
        ogr_layer.ResetReading()
        for feature in ogr_layer:
            name = feature.GetField(DXF_LAYER_FIELD) if feature.GetFieldIndex(DXF_LAYER_FIELD) >= 0 else None
            if name is not None and name not in names:
                names.append(name)
        ogr_layer.ResetReading()
        if self.layer_name:
            if self.layer_name not in names:
                raise SubmissionError(
                    f"DXF中没有图层“{self.layer_name}”(有: {'、'.join(names)})", str(self.path)
                )
            return self.layer_name
        red_lines = [name for name in names if RED_LINE_LAYER_PATTERN.search(name)]
        if len(red_lines) == 1 and len(names) > 1:
            self.warn(f"DXF有多个图层，读取红线图层“{red_lines[0]}”")
            return red_lines[0]
        if len(names) > 1:
            self.warn(f"DXF有多个图层({'、'.join(names)})，读取全部图层中的闭合图形")
        return None

    def _parcels(self, ogr_layer: ogr.Layer, cad_layer: str | None) -> list[Parcel]:
        definition = ogr_layer.GetLayerDefn()
        names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
        # CAD entity handles are no parcel numbers: DXF parcels are numbered in order.
        builder = ParcelBuilder(names, self.warn, use_ids=not self.is_dxf)
        skipped = 0
        ogr_layer.ResetReading()
        for feature in ogr_layer:
            if cad_layer is not None and feature.GetField(DXF_LAYER_FIELD) != cad_layer:
                continue
            geometry = self._polygon(feature)
            if geometry is None:
                skipped += 1
                continue
            builder.add(geometry, {name: feature.GetField(name) for name in names})
        parcels = builder.parcels
        if skipped:
            self.warn(f"{skipped}个要素不是面或闭合线，已跳过")
        return parcels

    def _polygon(self, feature: ogr.Feature) -> BaseGeometry | None:
        """A 2D (multi)polygon from a feature: polygons as they are, closed lines as rings."""
        ogr_geometry = feature.GetGeometryRef()
        if ogr_geometry is None or ogr_geometry.IsEmpty():
            return None
        ogr_geometry = (
            ogr_geometry.GetLinearGeometry() if ogr_geometry.HasCurveGeometry() else ogr_geometry.Clone()
        )
        ogr_geometry.FlattenTo2D()
        try:
            geometry = wkb.loads(bytes(ogr_geometry.ExportToWkb()))
        except (GEOSException, ValueError):
            return None
        if isinstance(geometry, (Polygon, MultiPolygon)):
            return geometry
        lines = (
            [geometry]
            if isinstance(geometry, LineString)
            else [g for g in getattr(geometry, "geoms", []) if isinstance(g, LineString)]
        )
        polygons = [p for p in (self._ring_polygon(line, feature) for line in lines) if p is not None]
        polygons += [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon)]
        if not polygons:
            return None
        return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)

    def _ring_polygon(self, line: LineString, feature: ogr.Feature) -> Polygon | None:
        coords = list(line.coords)
        if len(coords) < 3:
            return None
        gap = LineString([coords[0], coords[-1]]).length
        if gap > self.close_tolerance:
            return None
        if gap > 0:
            self.warn(f"要素{feature.GetFID()}的多段线首尾相距{gap:.3f}米，已自动闭合")
        polygon = Polygon(coords)
        return polygon if polygon.area > 0 else None

    def _crs(self, ogr_layer: ogr.Layer, parcels: list[Parcel]) -> str:
        own = crs_authid(ogr_layer.GetSpatialRef())
        if own:
            if self.crs and self.crs != own:
                self.warn(f"数据自带坐标系{own}，忽略指定的{self.crs}")
            return own
        if self.crs:
            return self.crs
        eastings = [x for parcel in parcels for x, _y in _exterior_coords(parcel.geometry)]
        inferred = crs_from_eastings(eastings)
        if inferred:
            self.warn(f"数据不含坐标系，按东坐标的带号前缀取{inferred}")
            return inferred
        self.warn(f"数据不含坐标系，按规划坐标系{PLAN_CRS}读取，请确认")
        return PLAN_CRS


def _exterior_coords(geometry: BaseGeometry) -> list[tuple[float, float]]:
    polygons = [geometry] if isinstance(geometry, Polygon) else list(getattr(geometry, "geoms", []))
    return [(c[0], c[1]) for polygon in polygons for c in polygon.exterior.coords]
