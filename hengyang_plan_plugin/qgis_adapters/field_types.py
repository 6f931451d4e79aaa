"""Field types for ``QgsField`` on QGIS 3.22 through QGIS 4 (Qt6).

QGIS 3.38 changed ``QgsField(name, type)`` from ``QVariant.Type`` to ``QMetaType.Type``, and Qt6
(QGIS 4) has no ``QVariant.Type`` at all; QGIS before 3.38 only takes ``QVariant.Type``. This module
picks the right one once, by ``Qgis.QGIS_VERSION_INT``; every ``QgsField`` the plugin makes is built
with :func:`make_field` and the constants below (``test/unit/test_code_layout.py`` checks that).
"""

from __future__ import annotations

from qgis.core import Qgis, QgsField

QMETATYPE_FIELDS = Qgis.QGIS_VERSION_INT >= 33800

if QMETATYPE_FIELDS:
    from qgis.PyQt.QtCore import QMetaType

    STRING = QMetaType.Type.QString
    INT = QMetaType.Type.Int
    LONG = QMetaType.Type.LongLong
    DOUBLE = QMetaType.Type.Double
    BOOL = QMetaType.Type.Bool
    DATE = QMetaType.Type.QDate
    DATETIME = QMetaType.Type.QDateTime
else:
    # QGIS < 3.38 (Qt5 only): QgsField takes QVariant.Type; flake8-qgis's QGS402 is about Qt6.
    from qgis.PyQt.QtCore import QVariant

    STRING = QVariant.Type.String  # noqa: QGS402
    INT = QVariant.Type.Int  # noqa: QGS402
    LONG = QVariant.Type.LongLong  # noqa: QGS402
    DOUBLE = QVariant.Type.Double  # noqa: QGS402
    BOOL = QVariant.Type.Bool  # noqa: QGS402
    DATE = QVariant.Type.Date  # noqa: QGS402
    DATETIME = QVariant.Type.DateTime  # noqa: QGS402


def make_field(name: str, field_type, length: int = 0, precision: int = 0) -> QgsField:
    """``QgsField(name, field_type)`` with one of this module's types (and length/precision if given)."""
    field = QgsField(name, field_type)
    if length:
        field.setLength(length)
    if precision:
        field.setPrecision(precision)
    return field
