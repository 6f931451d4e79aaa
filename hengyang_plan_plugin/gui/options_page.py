"""The plugin's page in QGIS Settings ▸ Options, backed by QgsSettings."""

from __future__ import annotations

from dataclasses import replace

from qgis.core import QgsDataSourceUri, QgsProviderRegistry
from qgis.gui import QgsAuthConfigSelect, QgsFileWidget, QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit

from ..core.plan.pg_connection import DEFAULT_SCHEMA, is_pg_source, parse_pg_source, quote_value
from ..i18n import tr
from ..paths import icon_path
from ..qgis_adapters.preferences import Preferences

DEFAULT_PLAN_SCHEMA = "hengyang"


def postgres_connections() -> dict[str, str]:
    """The PostgreSQL connections saved in QGIS (Data Source Manager): name → provider URI."""
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    if metadata is None:
        return {}
    return {name: connection.uri() for name, connection in metadata.connections(False).items()}


def pg_source_from_uri(uri_text: str, schema: str, authcfg: str = "") -> str:
    """A PG: plan source from a QGIS connection URI; no password, only service, .pgpass or ``authcfg``."""
    uri = QgsDataSourceUri(uri_text)
    parts = [
        ("service", uri.service()),
        ("host", uri.host()),
        ("port", uri.port()),
        ("dbname", uri.database()),
        ("user", "" if authcfg or uri.authConfigId() else uri.username()),
        ("authcfg", authcfg or uri.authConfigId()),
        ("schemas", schema.strip() or DEFAULT_SCHEMA),
    ]
    return "PG:" + " ".join(f"{key}={quote_value(value)}" for key, value in parts if value)


class HengyangOptionsPage(QgsOptionsPageWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("hengyangOptionsPage")
        preferences = Preferences.load()
        form = QFormLayout(self)

        self.plan_source = QgsFileWidget()
        self.plan_source.setObjectName("planSourceWidget")
        self.plan_source.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        self.plan_source.setFilter(tr("GeoPackage (*.gpkg);;All files (*)"))
        self.plan_source.setFilePath(preferences.plan_source)
        form.addRow(tr("Plan source"), self.plan_source)
        hint = QLabel(tr("A GeoPackage or a folder of shapefiles named after the national layer names "
                         "(YJJBNT, STBHHX, …). Leave empty for the bundled sample plan."))
        hint.setWordWrap(True)
        form.addRow("", hint)
        self._add_postgres_rows(form, preferences.plan_source)

        self.area_unit = QComboBox()
        self.area_unit.setObjectName("areaUnitOption")
        for label, value in ((tr("m²"), "m2"), (tr("hectares (公顷)"), "ha"), (tr("mu (亩)"), "mu")):
            self.area_unit.addItem(label, value)
        self.area_unit.setCurrentIndex(max(self.area_unit.findData(preferences.area_unit), 0))
        form.addRow(tr("Area unit"), self.area_unit)

        self.sliver_area = QDoubleSpinBox()
        self.sliver_area.setObjectName("sliverAreaOption")
        self.sliver_area.setRange(0.0, 1000.0)
        self.sliver_area.setDecimals(2)
        self.sliver_area.setSuffix(" m²")
        self.sliver_area.setValue(preferences.sliver_area_m2)
        form.addRow(tr("Ignore overlaps smaller than"), self.sliver_area)

        self.sliver_width = QDoubleSpinBox()
        self.sliver_width.setObjectName("sliverWidthOption")
        self.sliver_width.setRange(0.0, 10.0)
        self.sliver_width.setDecimals(3)
        self.sliver_width.setSuffix(" m")
        self.sliver_width.setValue(preferences.sliver_width_m)
        form.addRow(tr("…or narrower than"), self.sliver_width)

        self.declared_abs = QDoubleSpinBox()
        self.declared_abs.setObjectName("declaredAreaAbsOption")
        self.declared_abs.setRange(0.0, 10000.0)
        self.declared_abs.setDecimals(2)
        self.declared_abs.setSuffix(" m²")
        self.declared_abs.setValue(preferences.declared_area_abs_tolerance_m2)
        form.addRow(tr("Declared area may differ by"), self.declared_abs)

        self.declared_rel = QDoubleSpinBox()
        self.declared_rel.setObjectName("declaredAreaRelOption")
        self.declared_rel.setRange(0.0, 100.0)
        self.declared_rel.setDecimals(3)
        self.declared_rel.setSuffix(" %")
        self.declared_rel.setValue(preferences.declared_area_rel_tolerance * 100.0)
        form.addRow(tr("…and by"), self.declared_rel)

        self.reviewer = QLineEdit(preferences.reviewer)
        self.reviewer.setObjectName("reviewerOption")
        form.addRow(tr("Reviewer"), self.reviewer)
        self.reviewing_unit = QLineEdit(preferences.reviewing_unit)
        self.reviewing_unit.setObjectName("reviewingUnitOption")
        form.addRow(tr("Reviewing unit"), self.reviewing_unit)
        self.mapping_unit = QLineEdit(preferences.mapping_unit)
        self.mapping_unit.setObjectName("mappingUnitOption")
        # Empty means the reviewing unit drew the 审查图 itself (CaseInfo.mapping_unit_text).
        self.mapping_unit.setPlaceholderText(tr("Same as the reviewing unit"))
        form.addRow(tr("Mapping unit"), self.mapping_unit)

    def _add_postgres_rows(self, form: QFormLayout, current: str) -> None:
        """Or the bureau's shared plan in PostGIS: a saved connection, a schema, an authentication config."""
        self._connections = postgres_connections()
        self.pg_connection = QComboBox()
        self.pg_connection.setObjectName("pgConnectionOption")
        self.pg_connection.addItem(tr("None (use the file above)"), "")
        for name in sorted(self._connections):
            self.pg_connection.addItem(name, name)
        form.addRow(tr("Or PostgreSQL connection"), self.pg_connection)
        self.pg_schema = QLineEdit(DEFAULT_PLAN_SCHEMA)
        self.pg_schema.setObjectName("pgSchemaOption")
        form.addRow(tr("Schema"), self.pg_schema)
        self.pg_auth = QgsAuthConfigSelect(self, "postgres")
        self.pg_auth.setObjectName("pgAuthConfigOption")
        form.addRow(tr("Authentication"), self.pg_auth)
        pg_hint = QLabel(tr("The schema's tables carry the national layer names. Credentials come from the "
                            "selected authentication configuration, a pg_service file or .pgpass; "
                            "no password is stored with the plugin's settings. A PG: connection string "
                            "may also be typed into the plan source field."))
        pg_hint.setWordWrap(True)
        form.addRow("", pg_hint)
        if is_pg_source(current):
            self._show_pg_source(current)

    def _show_pg_source(self, text: str) -> None:
        """Select the saved connection a stored PG: source came from (else leave the typed string)."""
        try:
            connection = parse_pg_source(text)
        except ValueError:
            return
        self.pg_schema.setText(connection.schema)
        if connection.authcfg:
            self.pg_auth.setConfigId(connection.authcfg)
        for name, uri_text in self._connections.items():
            uri = QgsDataSourceUri(uri_text)
            same_service = connection.service and uri.service() == connection.service
            same_server = (uri.host(), uri.port() or "5432", uri.database()) == (
                connection.host or "", connection.port or "5432", connection.dbname or "")
            if same_service or (not connection.service and same_server):
                self.pg_connection.setCurrentIndex(self.pg_connection.findData(name))
                self.plan_source.setFilePath("")
                return
        self.plan_source.setFilePath(text)

    def plan_source_text(self) -> str:
        """The plan setting: the chosen PostgreSQL connection and schema, else the file field's text."""
        name = self.pg_connection.currentData()
        if name and name in self._connections:
            return pg_source_from_uri(self._connections[name], self.pg_schema.text(), self.pg_auth.configId())
        return self.plan_source.filePath().strip()

    def apply(self) -> None:
        # replace(): settings this page does not show keep their stored values.
        replace(
            Preferences.load(),
            plan_source=self.plan_source_text(),
            area_unit=self.area_unit.currentData(),
            sliver_area_m2=self.sliver_area.value(),
            sliver_width_m=self.sliver_width.value(),
            declared_area_abs_tolerance_m2=self.declared_abs.value(),
            declared_area_rel_tolerance=self.declared_rel.value() / 100.0,
            reviewer=self.reviewer.text().strip(),
            reviewing_unit=self.reviewing_unit.text().strip(),
            mapping_unit=self.mapping_unit.text().strip(),
        ).save()


class HengyangOptionsFactory(QgsOptionsWidgetFactory):
    def __init__(self):
        super().__init__()
        self.setTitle(tr("Hengyang plan review"))

    def icon(self) -> QIcon:
        return QIcon(str(icon_path("hengyang.svg")))

    def createWidget(self, parent=None) -> HengyangOptionsPage:  # noqa: N802 (QGIS's name)
        return HengyangOptionsPage(parent)
