"""Read a submission (送审红线) from any supported file: 界址点坐标 TXT or a GDAL vector source.

``read_submission`` is the one entry point the review, the CLI and the GUI use.
TXT files go to ``txt_coordinates``; everything else (shapefile, GeoPackage,
GeoJSON, KML, DXF ...) is read through OGR, read-only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import shapely
from osgeo import gdal, ogr
from shapely import wkb
from shapely.errors import GEOSException
from shapely.geometry import LineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from . import dxf_source
from .dxf_source import DxfEncoding, gdal_text_encoding, text_encoding
from .encodings import shapefile_encoding
from .gdal_errors import quiet_errors
from .readonly_source import open_vector
from .submission_checks import check_parcels
from .submission_crs import CRS_OWN, choose_crs, crs_authid, crs_from_prj_file, distance_m, is_geographic
from .submission_model import Parcel, Submission, SubmissionError
from .txt_coordinates import land_use_from_code_or_name, looks_like_coordinate_txt, read_txt
from .units import M2_PER_HA, MAX_DECLARED_AREA_M2

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

POLYGON_GEOMETRY_TYPES = (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbCurvePolygon, ogr.wkbMultiSurface)

SIDECAR_SUFFIXES = (".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx")


def read_submission(path: str | Path, layer: str | None = None, crs: str | None = None) -> Submission:
    """Read the submission in ``path``.

    ``layer`` picks an OGR layer (or, for DXF, the CAD layer); ``crs`` (an
    authority id or WKT) is used when the source has no CRS of its own, e.g.
    DXF; without it such sources are refused unless the eastings carry a
    Gauss-Kruger zone prefix (core/submission_crs.py decides, for every reader).
    """
    return check_parcels(_read(Path(path), layer, crs))


def _read(path: Path, layer: str | None, crs: str | None) -> Submission:
    if not path.exists():
        raise SubmissionError("文件不存在", str(path))
    if not (path.is_file() or path.is_dir()):  # a pipe would block the read forever, a device never end
        raise SubmissionError("不是普通文件（管道或设备），请选择送审文件本身", str(path))
    if path.suffix.lower() == ".txt":
        submission = _read_coordinate_txt(path)
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
            return _read_coordinate_txt(path)
    with quiet_errors():
        return _OgrReader(path, layer, crs).read()


def _read_coordinate_txt(path: Path) -> Submission:
    submission = read_txt(path)
    submission.crs_reason = submission.crs_reason or "界址点坐标文件的表头与东坐标带号"
    return submission


def list_layers(path: str | Path) -> list[str]:
    """The layers a user can choose in ``path``: OGR layers, or the CAD layers of a DXF; [] for TXT."""
    return [name for name, _count in _layers(Path(path), count_shapes=False)]


def describe_layers(path: str | Path) -> list[tuple[str, int]]:
    """``list_layers`` with each layer's number of closed shapes (DXF) or polygon features; [] for TXT."""
    return _layers(Path(path), count_shapes=True)


def _layers(path: Path, count_shapes: bool) -> list[tuple[str, int]]:
    if path.suffix.lower() == ".txt" or not path.exists():
        return []
    with quiet_errors():
        reader = _OgrReader(path, None, None)
        try:
            dataset = reader._open()
        except SubmissionError:
            return []
        if reader.is_dxf:
            counter = reader.is_closed_shape if count_shapes else None
            return dxf_source.cad_layers(dataset.GetLayerByIndex(0), reader.dxf_encoding, counter)
        layers = [dataset.GetLayerByIndex(i) for i in range(dataset.GetLayerCount())]
        return [(layer.GetName(), reader.polygon_count(layer) if count_shapes else 0) for layer in layers]


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
        if declared_ha is not None and not 0 <= declared_ha * M2_PER_HA <= MAX_DECLARED_AREA_M2:
            self.warn(f"要素{parcel_id}的{self.area_field}“{declared_ha:g}”不是合理的公顷数，已忽略")
            declared_ha = None
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
        self.dxf_encoding = DxfEncoding()
        self.geographic = False
        self.own_crs_reason = CRS_OWN
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
        if self.is_dxf or (self.path.is_file() and dxf_source.looks_like_dxf(self.path)):
            line = dxf_source.damaged_line_end(self.path)
            if line is not None:
                raise SubmissionError(
                    f"DXF文件不完整或已损坏（第{line}行的换行后是空字节或文件结尾），请从CAD重新导出", str(self.path)
                )
        if self.is_dxf:
            self.dxf_encoding = self._dxf_text_encoding()
        with gdal_text_encoding(self.dxf_encoding):
            dataset, message = open_vector(self.path, options)
        if dataset is None or dataset.GetLayerCount() == 0:
            detail = f"（GDAL: {message}）" if dataset is None and message else ""
            raise SubmissionError(f"不是可读取的矢量数据，请确认文件完整、格式受支持{detail}", str(self.path))
        return dataset

    def _dxf_text_encoding(self) -> DxfEncoding:
        try:
            encoding = text_encoding(self.path)
        except OSError as error:
            raise SubmissionError(f"无法读取文件: {error.strerror or error}", str(self.path)) from error
        if encoding.note:
            self.warn(encoding.note)
        return encoding

    @property
    def is_dxf(self) -> bool:
        return self.path.suffix.lower() == ".dxf"

    def read(self) -> Submission:
        dataset = self._open()
        ogr_layer = self._pick_layer(dataset)
        cad_layer = self._pick_cad_layer(ogr_layer) if self.is_dxf else None
        own_crs = self._own_crs(ogr_layer)
        self.geographic = is_geographic(own_crs or self.crs)
        parcels = self._parcels(ogr_layer, cad_layer)
        if not parcels:
            where = f"图层“{cad_layer}”" if cad_layer else f"图层“{ogr_layer.GetName()}”"
            raise SubmissionError(f"{where}中没有面要素或闭合多段线", str(self.path))
        eastings = [x for parcel in parcels for x, _y in _exterior_coords(parcel.geometry)]
        crs, crs_reason = choose_crs(own_crs, self.crs, eastings, self.warn, str(self.path))
        name = self.path.stem if self.path.is_file() else self.path.name
        return Submission(
            name=name,
            source=str(self.path),
            crs=crs,
            parcels=parcels,
            warnings=self.warnings,
            sha256=file_sha256(self.path),
            crs_reason=self.own_crs_reason if crs_reason == CRS_OWN else crs_reason,
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

    def _pick_cad_layer(self, ogr_layer: ogr.Layer) -> str:
        """The DXF (CAD) layer to read: the requested one, else the one the drawing makes unambiguous."""
        layers = dxf_source.cad_layers(ogr_layer, self.dxf_encoding, self.is_closed_shape)
        chosen, note = dxf_source.pick_site_layer(layers, self.layer_name, str(self.path))
        if note:
            self.warn(note)
        return chosen

    def is_closed_shape(self, feature: ogr.Feature) -> bool:
        """Whether ``feature`` would become a parcel (without the warnings reading it gives)."""
        kept = len(self.warnings)
        closed = self._polygon(feature) is not None
        del self.warnings[kept:]
        return closed

    def polygon_count(self, ogr_layer: ogr.Layer) -> int:
        if ogr.GT_Flatten(ogr_layer.GetGeomType()) in POLYGON_GEOMETRY_TYPES:
            return ogr_layer.GetFeatureCount()
        ogr_layer.ResetReading()  # mixed geometry types (GeoJSON, KML): look at each feature
        count = sum(1 for feature in ogr_layer if self.is_closed_shape(feature))
        ogr_layer.ResetReading()
        return count

    def _parcels(self, ogr_layer: ogr.Layer, cad_layer: str | None) -> list[Parcel]:
        definition = ogr_layer.GetLayerDefn()
        names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
        # CAD entity handles are no parcel numbers: DXF parcels are numbered in order.
        builder = ParcelBuilder(names, self.warn, use_ids=not self.is_dxf)
        shapes, skipped = self._shapes(ogr_layer, cad_layer, names)
        if self.is_dxf:
            shapes, dropped = dxf_source.without_duplicate_shapes(shapes)
            if dropped:
                self.warn(f"{dropped}个图形与其他图形重合(如填充与其边界线)，已去除重复")
        for geometry, attributes in shapes:
            builder.add(geometry, attributes)
        if skipped:
            self.warn(f"{skipped}个要素不是面或闭合线，已跳过")
        return builder.parcels

    def _shapes(
        self, ogr_layer: ogr.Layer, cad_layer: str | None, names: list[str]
    ) -> tuple[list[tuple[BaseGeometry, dict[str, object]]], int]:
        """(geometry, attributes) of each area feature (on ``cad_layer``), and how many were not areas."""
        text = self.dxf_encoding.text
        shapes: list[tuple[BaseGeometry, dict[str, object]]] = []
        skipped = 0
        ogr_layer.ResetReading()
        for feature in ogr_layer:
            if cad_layer is not None and dxf_source.layer_of(feature, self.dxf_encoding) != cad_layer:
                continue
            geometry = self._polygon(feature)
            if geometry is None:
                skipped += 1
                continue
            shapes.append((geometry, {name: text(feature.GetField(name)) for name in names}))
        return shapes, skipped

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
        if not np.isfinite(shapely.get_coordinates(geometry)).all():  # 1e400 in GeoJSON reads as inf
            message = f"要素{feature.GetFID()}的坐标不是有限数值（无穷大或非数），请检查数据"
            raise SubmissionError(message, str(self.path))
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
        gap = distance_m(coords[0], coords[-1], self.geographic)
        if gap > self.close_tolerance:
            return None
        if gap > 0:
            self.warn(f"要素{feature.GetFID()}的多段线首尾相距{gap:.3f}米，已自动闭合")
        polygon = Polygon(coords)
        return polygon if polygon.area > 0 else None

    def _own_crs(self, ogr_layer: ogr.Layer) -> str | None:
        """The CRS the source defines, resolving a name-only .prj that GDAL could not read."""
        try:
            own = crs_authid(ogr_layer.GetSpatialRef())
        except RuntimeError:  # an unreadable .prj, when someone turned OGR exceptions on
            own = None
        if own is None and self.path.suffix.lower() == ".shp":
            own = crs_from_prj_file(self.path)
            if own:
                self.warn(f".prj只有坐标系名称，按名称取{own}")
                self.own_crs_reason = ".prj只有坐标系名称，按名称确定"
        return own


def _exterior_coords(geometry: BaseGeometry) -> list[tuple[float, float]]:
    polygons = [geometry] if isinstance(geometry, Polygon) else list(getattr(geometry, "geoms", []))
    return [(c[0], c[1]) for polygon in polygons for c in polygon.exterior.coords]
