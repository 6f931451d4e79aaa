"""qgis_adapters/field_types.py: the QgsField type spelling this QGIS takes, on a real memory layer."""

from __future__ import annotations

from qgis.core import Qgis, QgsFeature, QgsVectorLayer

from hengyang_plan_plugin.qgis_adapters import field_types


def test_the_field_type_family_follows_the_qgis_version():
    qmetatype = Qgis.QGIS_VERSION_INT >= 33800
    assert field_types.QMETATYPE_FIELDS is qmetatype
    family = "QMetaType" if qmetatype else "QVariant"
    assert type(field_types.STRING).__qualname__ == f"{family}.Type"


def test_fields_made_here_hold_their_values_in_a_memory_layer(qgis_app):
    layer = QgsVectorLayer("None", "field_types", "memory")
    kinds = {
        "name": field_types.STRING,
        "count": field_types.INT,
        "big": field_types.LONG,
        "area": field_types.DOUBLE,
        "ok": field_types.BOOL,
    }
    assert layer.dataProvider().addAttributes([field_types.make_field(n, k) for n, k in kinds.items()])
    layer.updateFields()
    assert [f.name() for f in layer.fields()] == list(kinds)
    assert [f.type() for f in layer.fields()] == [int(k) for k in kinds.values()]

    feature = QgsFeature(layer.fields())
    feature.setAttributes(["衡阳", 3, 2**40, 1.25, True])
    assert layer.dataProvider().addFeatures([feature])[0]
    stored = next(layer.getFeatures())
    assert stored.attributes() == ["衡阳", 3, 2**40, 1.25, True]


def test_length_and_precision_are_applied():
    field = field_types.make_field("GHMBZ", field_types.DOUBLE, length=12, precision=4)
    assert (field.length(), field.precision()) == (12, 4)
