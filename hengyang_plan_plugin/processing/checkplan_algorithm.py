"""``hengyangplan:checkplan``: 规划成果质检 of a plan database (GeoPackage, shapefile folder or PG:).

The checks are ``core.qa.run_plan_qa``; this module resolves the PLAN (empty:
the plan set in the options, else the sample, as for a review), writes the four
files into OUTPUT_FOLDER and reports the counts. An unusable PLAN is an
``error:`` exception (``make checkplan`` exit 2), never a traceback.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterString,
)

from ..core.feedback import ReviewCancelled
from ..core.output_files import OutputFileError
from ..core.plan.model import PlanSourceError
from ..core.qa import run_plan_qa
from ..i18n import tr
from ..paths import plugin_version
from ..qgis_adapters.qa_outputs import write_qa_outputs
from ..qgis_adapters.review_defaults import request_defaults
from .base_algorithm import GROUP_MONITORING, HengyangAlgorithm


class CheckPlanAlgorithm(HengyangAlgorithm):
    group_id = GROUP_MONITORING

    PLAN = "PLAN"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    ERRORS = "ERRORS"
    WARNINGS = "WARNINGS"
    SUMMARY = "SUMMARY"
    OUTPUT_JSON = "OUTPUT_JSON"
    OUTPUT_ERRORS = "OUTPUT_ERRORS"

    def name(self) -> str:
        return "checkplan"

    def displayName(self) -> str:  # noqa: N802
        return tr("Check the plan database (QA)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Checks a plan database before reviews rely on it: layers, required fields and their types, one "
            "CGCS2000 Gauss-Krüger CRS; known zone names, 城镇开发边界 parts, 用地用海 codes, line levels and "
            "renewal types; BSM and area fields; invalid, empty, multi-part, sliver and duplicated geometries; "
            "zones tiling their area without gaps or overlaps, parcels inside 中心城区, the three control lines "
            "apart, 永久基本农田 in 农田保护区, 生态保护红线 in 生态保护区, renewal units inside the "
            "城镇开发边界; and the control line areas against the plan's figures. 错误: reviews against the plan "
            "cannot be trusted until it is fixed; 警告: look at it. The optional 地类图斑 (DLTB) layer is checked "
            "when present. The plan is only read, never changed. Writes qa.json, qa.html, qa.pdf and "
            "qa_errors.gpkg (one feature per finding, open it beside the plan to see where) into the output folder."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterString(
                self.PLAN, tr("Plan (GeoPackage, folder or PG:…; empty = the plan in the options)"), optional=True
            )
        )
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, tr("Output folder")))
        self.addOutput(QgsProcessingOutputNumber(self.ERRORS, tr("Errors")))
        self.addOutput(QgsProcessingOutputNumber(self.WARNINGS, tr("Warnings")))
        self.addOutput(QgsProcessingOutputString(self.SUMMARY, tr("Summary")))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_JSON, tr("QA report (JSON)")))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_ERRORS, tr("QA error layer")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        plan = self.plan_parameter(parameters, self.PLAN, context, feedback) or request_defaults().plan
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        try:
            report = run_plan_qa(plan, feedback, plugin_version())
        except PlanSourceError as error:
            raise self.input_error(error) from error
        except ReviewCancelled:
            raise QgsProcessingException(tr("The plan QA was cancelled.")) from None
        try:
            outputs = write_qa_outputs(report, folder)
        except OutputFileError as error:
            raise self.input_error(error) from error
        for entry, found in report.by_rule():
            feedback.pushInfo(f"[{entry.severity}] {entry.title}（{entry.id}）: {sum(f.count for f in found)}")
        feedback.pushInfo(report.summary())
        return {
            self.OUTPUT_FOLDER: folder,
            self.ERRORS: report.error_count,
            self.WARNINGS: report.warning_count,
            self.SUMMARY: report.summary(),
            self.OUTPUT_JSON: str(outputs.json_path),
            self.OUTPUT_ERRORS: str(outputs.errors_path),
        }
