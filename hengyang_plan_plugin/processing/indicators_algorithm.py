"""``hengyangplan:planindicators``: the plan's GHZB targets against what its data measure.

The computation is ``core.indicators.compute_indicators``; this module writes its
rows to the OUTPUT table (no geometry) and, optionally, the per-county control
line areas to OUTPUT_COUNTIES.
"""

from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..core.indicators import MET, NOT_MET, compute_indicators
from ..core.plan.model import PlanSourceError
from ..i18n import tr
from ..qgis_adapters.field_types import DOUBLE, STRING, make_field
from .base_algorithm import GROUP_MONITORING, HengyangAlgorithm

# (field, type, key in IndicatorRow.to_dict())
INDICATOR_FIELDS = (
    ("ZBMC", STRING, "name"),
    ("FW", STRING, "scope"),
    ("ZBSX", STRING, "attribute"),
    ("DW", STRING, "unit"),
    ("GHMBZ", DOUBLE, "target"),
    ("JSZ", DOUBLE, "value"),  # 计算值
    ("CZ", DOUBLE, "difference"),  # 差值 = 计算值 - 目标值
    ("YQ", STRING, "direction_label"),  # 要求: 不低于 / 不高于
    ("ZT", STRING, "status"),  # met / not_met / not_computable
    ("ZTMC", STRING, "status_label"),  # 达标 / 未达标 / 无法由数据计算
    ("JSFF", STRING, "method"),  # 计算方法或无法计算的原因
    ("TC", STRING, "layer"),
    ("LY", STRING, "source"),
    ("ZBLX", STRING, "kind_label"),  # 空间指标 / 非空间指标
    ("JSTC", STRING, "layers_text"),  # 计算图层 of a 空间指标
    ("SJLY", STRING, "data_source"),  # where a 非空间指标's 现状值 comes from
)
COUNTY_FIELDS = (
    ("XZQDM", STRING, "code"),
    ("XZQMC", STRING, "name"),
    ("TC", STRING, "layer"),
    ("TCMC", STRING, "layer_title"),
    ("MJ_M2", DOUBLE, "area_m2"),
    ("MJ_KM2", DOUBLE, "area_km2"),
    ("MJ_WANMU", DOUBLE, "area_wan_mu"),
)


def _fields(spec) -> QgsFields:
    fields = QgsFields()
    for name, kind, _ in spec:
        fields.append(make_field(name, kind))
    return fields


def _write(sink, spec, fields: QgsFields, rows: list[dict]) -> None:
    for row in rows:
        feature = QgsFeature(fields)
        feature.setAttributes([row.get(key) for _, _, key in spec])
        sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)


class PlanIndicatorsAlgorithm(HengyangAlgorithm):
    group_id = GROUP_MONITORING

    PLAN = "PLAN"
    OUTPUT = "OUTPUT"
    OUTPUT_COUNTIES = "OUTPUT_COUNTIES"
    MET_COUNT = "MET"
    NOT_MET_COUNT = "NOT_MET"

    def name(self) -> str:
        return "planindicators"

    def displayName(self) -> str:  # noqa: N802
        return tr("Plan indicators")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Measures the plan's indicators from the plan data and compares them with the targets in the GHZB "
            "table: 永久基本农田, 生态保护红线 and 城镇开发边界 areas (市域 and 市辖区), the city line areas by level "
            "(中心城区), river crossings and school counts. Each row says met / not met and the difference "
            "(computed minus target, in the target's unit). 耕地保有量 is the 图斑地类面积 (TBDLMJ) of the 国土调查 "
            "DLTB's 耕地 by 坐落单位 when the plan has DLTB; the non-spatial indicators are listed as not computable "
            "from the data. OUTPUT_COUNTIES (optional) gives the control line areas per county."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterString(
                self.PLAN, tr("Plan (GeoPackage, folder; empty = sample)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Plan indicators"), QgsProcessing.SourceType.TypeVector
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT_COUNTIES,
                tr("Control line areas per county"),
                QgsProcessing.SourceType.TypeVector,
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.MET_COUNT, tr("Indicators met")))
        self.addOutput(QgsProcessingOutputNumber(self.NOT_MET_COUNT, tr("Indicators not met")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        plan = self.plan_parameter(parameters, self.PLAN, context, feedback)
        wants_counties = self.parameterAsOutputLayer(parameters, self.OUTPUT_COUNTIES, context)
        try:
            report = compute_indicators(plan, counties=bool(wants_counties))
        except PlanSourceError as error:
            raise self.input_error(error) from error
        for warning in report.warnings:
            feedback.pushWarning(warning)
        rows = [row.to_dict() for row in report.rows]
        for row in report.rows:
            value = "—" if row.value is None else f"{row.value:g}"
            feedback.pushInfo(
                f"[{row.status_label}] {row.name}（{row.scope}）: {value} / {row.target} {row.unit}"
            )
        fields = _fields(INDICATOR_FIELDS)
        sink, dest = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        _write(sink, INDICATOR_FIELDS, fields, rows)
        outputs = {
            self.OUTPUT: dest,
            self.MET_COUNT: sum(1 for row in report.rows if row.status == MET),
            self.NOT_MET_COUNT: sum(1 for row in report.rows if row.status == NOT_MET),
        }
        if wants_counties:
            county_fields = _fields(COUNTY_FIELDS)
            county_sink, county_dest = self.parameterAsSink(
                parameters, self.OUTPUT_COUNTIES, context, county_fields, QgsWkbTypes.Type.NoGeometry
            )
            if county_sink is not None:
                _write(county_sink, COUNTY_FIELDS, county_fields, [c.to_dict() for c in report.counties])
                outputs[self.OUTPUT_COUNTIES] = county_dest
        return outputs
