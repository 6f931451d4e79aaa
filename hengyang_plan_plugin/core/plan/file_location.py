"""Find the contract layers of a file plan: a GeoPackage, or a folder of shapefiles (or GeoPackages).

Layers and files are matched to the national layer names case-insensitively;
missing layers are listed, not fatal. Nothing is opened for writing.
"""

from __future__ import annotations

from pathlib import Path

from ...paths import SAMPLE_PLAN_PATH
from ..encodings import shapefile_encoding
from ..plan_schema import LAYERS
from ..readonly_source import open_vector
from .model import PlanLayerRef, PlanLocation, PlanSourceError


def resolve_file_plan(path: Path) -> PlanLocation:
    is_sample = path.resolve() == SAMPLE_PLAN_PATH.resolve()
    if path.is_dir():
        location = PlanLocation(str(path), "folder", is_sample=is_sample)
        _resolve_folder(path, location)
    elif path.is_file():
        location = PlanLocation(str(path), "gpkg", is_sample=is_sample)
        _resolve_gpkg(path, location)
    else:
        raise PlanSourceError(f"规划数据不存在: {path}")
    if not location.layers:
        raise PlanSourceError(
            f"{path} 中没有找到任何规划图层（应使用国家数据库规范的图层名，如 YJJBNT、STBHHX）"
        )
    return location


def _layer_names_in_gpkg(path: Path) -> list[str]:
    dataset, message = open_vector(path, default_message="无法识别的数据格式")
    if dataset is None:
        raise PlanSourceError(f"规划数据无法打开: {path}（{message}）")
    return [dataset.GetLayerByIndex(i).GetName() for i in range(dataset.GetLayerCount())]


def _resolve_gpkg(path: Path, location: PlanLocation) -> None:
    present = {name.upper(): name for name in _layer_names_in_gpkg(path)}
    for spec in LAYERS:
        actual = present.get(spec.name)
        if actual is None:
            if not spec.optional:  # an optional layer (DLTB) is simply absent, not missing
                location.missing.append(spec.name)
        else:
            location.layers[spec.name] = PlanLayerRef(spec.name, str(path), actual)


def _resolve_folder(folder: Path, location: PlanLocation) -> None:
    suffixes = (".shp", ".gpkg", ".dbf")
    files = {p.stem.upper(): p for p in sorted(folder.iterdir()) if p.suffix.lower() in suffixes}
    for spec in LAYERS:
        path = files.get(spec.name)
        if path is None:
            if not spec.optional:
                location.missing.append(spec.name)
        elif path.suffix.lower() == ".gpkg":
            names = _layer_names_in_gpkg(path)
            location.layers[spec.name] = PlanLayerRef(spec.name, str(path), names[0] if names else spec.name)
        else:
            # A lone .dbf is a table (GHZB); OGR reads it like a shapefile.
            location.layers[spec.name] = PlanLayerRef(spec.name, str(path), None, shapefile_encoding(path))
