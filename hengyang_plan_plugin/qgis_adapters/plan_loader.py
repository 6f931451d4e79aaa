"""One-click loading of the plan into a QGIS project.

``load_plan`` resolves the plan source (``core.plan.registry.resolve_plan``), opens every
contract layer it finds read-only through the ``ogr`` provider (a PostGIS
plan through the ``postgres`` provider, with its ``authcfg``), applies
``styles/<LAYER>.qml``, names it with its Chinese title and files it in the
Chinese layer-tree groups of ``plan_schema`` under one top group. A second
load replaces the first. Each layer keeps its contract name in the custom
property ``hengyang/layer``; ``find_plan_layer`` looks layers up by it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from qgis.core import (
    QgsCoordinateTransform,
    QgsDataSourceUri,
    QgsLayerTreeGroup,
    QgsMapLayer,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QTimer

from ..core import plan_schema as schema
from ..core.plan.model import PlanLayerRef, PlanLocation, PlanSourceError
from ..core.plan.pg_connection import PgConnection
from ..core.plan.registry import resolve_plan
from ..i18n import tr
from ..paths import style_path

__all__ = [
    "LAYER_PROPERTY",
    "ROOT_GROUP_NAME",
    "LoadReport",
    "PlanSourceError",
    "find_plan_layer",
    "load_plan",
    "plan_layers",
    "unload_plan",
]

ROOT_GROUP_NAME = "衡阳市国土空间总体规划"
LAYER_PROPERTY = "hengyang/layer"  # contract layer name, e.g. "YJJBNT"
SOURCE_PROPERTY = "hengyang/plan_source"
GROUP_PROPERTY = "hengyang/plan_group"  # marks the top group this module made
ZOOM_LAYER = "ZXCQFW"
ZOOM_MARGIN = 0.05  # fraction of the 中心城区 extent added on each side
# Hidden after loading: ZXCQGHFQ lies under 中心城区规划用地用海 and would only add clutter; the
# 国土调查 地类图斑 (DLTB) lies under the whole plan, and a city's DLTB is its largest layer.
HIDDEN_BY_DEFAULT = ("ZXCQGHFQ", "DLTB")


@dataclass
class LoadReport:
    """What ``load_plan`` did; the GUI shows it, tests check it."""

    source: str
    is_sample: bool = False
    loaded: list[str] = field(default_factory=list)  # contract names, drawing order
    missing: list[str] = field(default_factory=list)  # not in the source, or not readable
    errors: dict[str, str] = field(default_factory=dict)  # name → why it could not be opened
    style_warnings: dict[str, str] = field(default_factory=dict)  # name → style problem
    zoomed: bool = False

    @property
    def ok(self) -> bool:
        return not self.missing and not self.style_warnings

    def messages(self) -> list[str]:
        """One user-facing line per problem, naming the layer."""
        lines = []
        for name in self.missing:
            reason = self.errors.get(name)
            if reason:
                lines.append(
                    tr("Plan layer {} ({}) could not be opened: {}").format(
                        schema.layer_title(name), name, reason
                    )
                )
            else:
                lines.append(
                    tr("Plan layer {} ({}) is missing from {}").format(
                        schema.layer_title(name), name, self.source
                    )
                )
        for name, warning in self.style_warnings.items():
            lines.append(
                tr("The style of plan layer {} ({}) could not be applied: {}").format(
                    schema.layer_title(name), name, warning
                )
            )
        return lines


def plan_layers(project: QgsProject) -> list[QgsMapLayer]:
    """Every layer in the project that a plan load created."""
    return [layer for layer in project.mapLayers().values() if layer.customProperty(LAYER_PROPERTY)]


def find_plan_layer(project: QgsProject, name: str) -> QgsVectorLayer | None:
    """The loaded plan layer with contract name ``name`` (e.g. "YJJBNT"), if any."""
    for layer in plan_layers(project):
        if layer.customProperty(LAYER_PROPERTY) == name and isinstance(layer, QgsVectorLayer):
            return layer
    return None


def unload_plan(project: QgsProject) -> int:
    """Remove the plan layers and groups a previous ``load_plan`` added.

    Returns the position the plan's top group had in the layer-tree root (0
    when there was none there), so a reload keeps the user's arrangement.
    """
    root = project.layerTreeRoot()
    groups = _plan_groups(root)
    top_level = [root.children().index(group) for group in groups if group.parent() is root]
    layer_ids = [layer.id() for layer in plan_layers(project)]
    if layer_ids:
        project.removeMapLayers(layer_ids)
    for group in groups:
        group.parent().removeChildNode(group)
    return min(top_level, default=0)


def _plan_groups(group: QgsLayerTreeGroup) -> list[QgsLayerTreeGroup]:
    """Top-most groups under ``group`` made by a plan load (searched at any depth)."""
    found = []
    for child in group.children():
        if not isinstance(child, QgsLayerTreeGroup):
            continue
        if child.customProperty(GROUP_PROPERTY):
            found.append(child)
        else:
            found.extend(_plan_groups(child))
    return found


def postgres_uri(connection: PgConnection, ref: PlanLayerRef) -> str:
    """The ``postgres`` provider URI of one plan table.

    With ``authcfg`` the credentials stay in the QGIS authentication manager:
    the URI names the configuration, never a password.
    """
    uri = QgsDataSourceUri()
    sslmode = QgsDataSourceUri.SslMode.SslPrefer
    if connection.sslmode:
        sslmode = QgsDataSourceUri.decodeSslMode(connection.sslmode)
    password = "" if connection.authcfg else (connection.password or "")
    if connection.service:
        uri.setConnection(
            connection.service, connection.dbname or "", connection.user or "", password, sslmode,
            connection.authcfg or "",
        )
    else:
        uri.setConnection(
            connection.host or "", connection.port or "", connection.dbname or "", connection.user or "",
            password, sslmode, connection.authcfg or "",
        )
    uri.setDataSource(ref.schema, ref.layer, ref.geometry_column or "", "", ref.key_column or "")
    if ref.srid:
        uri.setSrid(str(ref.srid))
    return uri.uri(False)


def _open_layer(ref: PlanLayerRef, location: PlanLocation | None = None) -> QgsVectorLayer:
    if location is not None and location.kind == "postgres":
        uri = postgres_uri(location.connection, ref)
        return QgsVectorLayer(uri, schema.layer_title(ref.name), "postgres")
    layer = QgsVectorLayer(ref.qgis_uri(), schema.layer_title(ref.name), "ogr")
    if ref.encoding and layer.isValid():
        # Shapefiles without a .cpg (GBK from Chinese desktop GIS): decode with
        # the detected encoding instead of the provider default.
        layer.setProviderEncoding(ref.encoding)
    return layer


def _apply_style(layer: QgsVectorLayer, name: str) -> str | None:
    """Apply styles/<name>.qml; returns a problem description or None."""
    path = style_path(name)
    if not path.is_file():
        return tr("style file not found: {}").format(str(path))
    message, ok = layer.loadNamedStyle(str(path))
    if not ok:
        return message or tr("style file not readable: {}").format(str(path))
    return None


def _make_groups(project: QgsProject, position: int) -> dict[str, QgsLayerTreeGroup]:
    """The top group at ``position`` in the root, with one subgroup per schema group."""
    root = project.layerTreeRoot()
    top = root.insertGroup(position, ROOT_GROUP_NAME)
    top.setCustomProperty(GROUP_PROPERTY, True)
    groups = {}
    for name in (*schema.GROUP_ORDER, schema.GROUP_INDICATORS):
        group = top.addGroup(name)
        group.setCustomProperty(GROUP_PROPERTY, True)
        groups[name] = group
    return groups


def _load_order() -> list[str]:
    """Contract names in drawing order (top first), then any table layers."""
    names = list(schema.DRAWING_ORDER)
    names += [spec.name for spec in schema.LAYERS if spec.name not in names]
    return names


def _zoom_to_central_city(project: QgsProject, canvas, layer: QgsVectorLayer) -> bool:
    zoomed = _apply_central_city_extent(project, canvas, layer)
    if zoomed:
        # The desktop's layer-tree bridge zooms to the full extent, deferred, when the
        # first layers arrive in an empty project; zoom again after it has run.
        QTimer.singleShot(0, lambda: _zoom_if_alive(project, canvas, layer))
    return zoomed


def _zoom_if_alive(project: QgsProject, canvas, layer: QgsVectorLayer) -> None:
    with contextlib.suppress(RuntimeError):  # the canvas or layer was deleted meanwhile (tests, shutdown)
        _apply_central_city_extent(project, canvas, layer)


def _apply_central_city_extent(project: QgsProject, canvas, layer: QgsVectorLayer) -> bool:
    extent = QgsRectangle(layer.extent())
    if extent.isEmpty():
        return False
    target_crs = canvas.mapSettings().destinationCrs()
    if not target_crs.isValid():
        target_crs = project.crs() if project.crs().isValid() else layer.crs()
        canvas.setDestinationCrs(target_crs)
    if target_crs != layer.crs():
        transform = QgsCoordinateTransform(layer.crs(), target_crs, project)
        extent = transform.transformBoundingBox(extent)
    extent.grow(max(extent.width(), extent.height()) * ZOOM_MARGIN)
    canvas.setExtent(extent)
    canvas.refresh()
    return True


def load_plan(plan: str | None, project: QgsProject | None = None, canvas=None) -> LoadReport:
    """Load the plan (None or "" → the bundled sample) into ``project``.

    Raises PlanSourceError when the source cannot be used at all; layers
    missing from it are listed in the report, not raised.
    """
    project = project or QgsProject.instance()
    location = resolve_plan(plan)  # raises PlanSourceError
    report = LoadReport(source=location.source, is_sample=location.is_sample)
    report.missing = [name for name in _load_order() if name in location.missing]

    opened: dict[str, QgsVectorLayer] = {}
    for name in _load_order():
        ref = location.layers.get(name)
        if ref is None:
            continue
        layer = _open_layer(ref, location)
        if not layer.isValid():
            report.errors[name] = layer.error().summary() or tr("not a readable vector layer")
            report.missing.append(name)
            continue
        opened[name] = layer
    if not opened:
        raise PlanSourceError(tr("No plan layer could be opened from {}").format(location.source))

    position = unload_plan(project)
    groups = _make_groups(project, position)
    # A project holding nothing else takes the plan's CRS (CGCS2000 Gauss-Kruger),
    # so areas and coordinates on the canvas read as the plan's.
    if not project.crs().isValid() or not project.mapLayers():
        first_spatial = next((layer for layer in opened.values() if layer.isSpatial()), None)
        if first_spatial is not None:
            project.setCrs(first_spatial.crs())
            if canvas is not None:
                canvas.setDestinationCrs(first_spatial.crs())

    for name, layer in opened.items():
        spec = schema.LAYER_BY_NAME[name]
        if layer.isSpatial():
            problem = _apply_style(layer, name)
            if problem:
                report.style_warnings[name] = problem
        layer.setCustomProperty(LAYER_PROPERTY, name)
        layer.setCustomProperty(SOURCE_PROPERTY, location.source)
        layer.setReadOnly(True)
        project.addMapLayer(layer, False)
        node = groups[spec.group].addLayer(layer)
        if name in HIDDEN_BY_DEFAULT:
            node.setItemVisibilityChecked(False)
        report.loaded.append(name)

    for group in groups.values():
        if not group.children():
            group.parent().removeChildNode(group)

    zoom_layer = opened.get(ZOOM_LAYER)
    if canvas is not None and zoom_layer is not None:
        report.zoomed = _zoom_to_central_city(project, canvas, zoom_layer)
    return report
