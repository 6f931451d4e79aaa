"""``hengyangplan:review``: one submission against the plan, through the core engine.

Outputs are declared in ``_output_parameters`` and written in ``_write_outputs``;
a new output (HTML, PDF) is one parameter there and one branch here.
Unusable input becomes a QgsProcessingException whose message starts with
``error:`` (what ``make review`` shows), never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)

from .. import api
from ..core import review_log
from ..core.plan_location import PlanSourceError
from ..core.rules import RuleTableError
from ..core.submission_model import SubmissionError
from ..i18n import tr

ERROR_PREFIX = "error: "


class ReviewAlgorithm(QgsProcessingAlgorithm):
    SUBMISSION = "SUBMISSION"
    PLAN = "PLAN"
    LAND_USE = "LAND_USE"
    OUTPUT_JSON = "OUTPUT_JSON"
    OUTPUT_HTML = "OUTPUT_HTML"
    OUTPUT_PDF = "OUTPUT_PDF"
    OUTPUT_CONFLICTS = "OUTPUT_CONFLICTS"

    def name(self) -> str:
        return "review"

    def displayName(self) -> str:  # noqa: N802
        return tr("Review a submission against the plan")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Reviews a site boundary (界址点 TXT or any vector file) and its proposed land use "
            "(用地用海 code) against the Hengyang master plan: pass / fail / needs manual review, "
            "with areas in m², ha and mu "
            "and the rule behind each finding. PLAN: a GeoPackage, a folder of shapefiles, or empty for the "
            "bundled sample plan."
        )

    def createInstance(self):  # noqa: N802
        return ReviewAlgorithm()

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(self.SUBMISSION, tr("Submission (用地红线)")))
        self.addParameter(
            QgsProcessingParameterString(
                self.PLAN, tr("Plan (GeoPackage, folder; empty = sample)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.LAND_USE, tr("Proposed land use (用地用海 code)"), optional=True
            )
        )
        for parameter in self._output_parameters():
            self.addParameter(parameter)

    def _output_parameters(self) -> list:
        return [
            QgsProcessingParameterFileDestination(
                self.OUTPUT_JSON, tr("Review result (JSON)"), "JSON (*.json)"
            ),
            # Report outputs (qgis_adapters/review_outputs.py): off unless asked for, a
            # JSON-only run (batch) then skips loading and rendering the plan.
            QgsProcessingParameterFileDestination(
                self.OUTPUT_HTML,
                tr("Review report (HTML)"),
                "HTML (*.html)",
                optional=True,
                createByDefault=False,
            ),
            QgsProcessingParameterFileDestination(
                self.OUTPUT_PDF,
                tr("Review report (PDF)"),
                "PDF (*.pdf)",
                optional=True,
                createByDefault=False,
            ),
            QgsProcessingParameterVectorDestination(
                self.OUTPUT_CONFLICTS, tr("Conflict areas"), optional=True, createByDefault=False
            ),
        ]

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        submission_path = self.parameterAsFile(parameters, self.SUBMISSION, context)
        plan = self.parameterAsString(parameters, self.PLAN, context).strip() or None
        land_use = self.parameterAsString(parameters, self.LAND_USE, context).strip() or None
        try:
            submission = api.read(submission_path)
            result = api.review(submission, plan=plan, land_use=land_use)
        except (SubmissionError, PlanSourceError, RuleTableError) as error:
            raise QgsProcessingException(ERROR_PREFIX + str(error)) from error
        feedback.pushInfo(f"审查结论: {result.verdict_label} ({result.verdict})")
        for check in result.checks:
            feedback.pushInfo(f"[{check.status}] {check.title}: {check.site.message}")
        return self._write_outputs(result, submission, parameters, context, feedback)

    def _write_outputs(self, result, submission, parameters, context, feedback) -> dict:
        outputs = {"VERDICT": result.verdict}
        json_path = self.parameterAsFileOutput(parameters, self.OUTPUT_JSON, context)
        if json_path:
            outputs[self.OUTPUT_JSON] = str(api.write_json(result, json_path))
        outputs.update(self._write_report(result, submission, parameters, context, feedback))
        conflicts_path = self.parameterAsOutputLayer(parameters, self.OUTPUT_CONFLICTS, context)
        if conflicts_path:
            from ..qgis_adapters.conflict_layer import write_conflicts

            count = write_conflicts(result, conflicts_path, context.transformContext())
            feedback.pushInfo(f"冲突范围 {count} 个 → {conflicts_path}")
            outputs[self.OUTPUT_CONFLICTS] = conflicts_path
        # 留痕: the record api.review made says it came from Processing, with its report folder.
        review_log.ensure_logged(result, entry=review_log.ENTRY_PROCESSING,
                                 report_dir=Path(json_path).parent if json_path else None)
        return outputs

    def _write_report(self, result, submission, parameters, context, feedback) -> dict:
        html_path = self.parameterAsFileOutput(parameters, self.OUTPUT_HTML, context)
        pdf_path = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        if not (html_path or pdf_path):
            return {}
        from ..core.report import CaseInfo
        from ..qgis_adapters.review_outputs import write_review_outputs

        plan = self.parameterAsString(parameters, self.PLAN, context).strip() or None
        write_review_outputs(
            result,
            CaseInfo(),
            html_path=html_path or None,
            pdf_path=pdf_path or None,
            submission=submission,
            plan=plan,
        )
        written = {
            name: path for name, path in ((self.OUTPUT_HTML, html_path), (self.OUTPUT_PDF, pdf_path)) if path
        }
        for path in written.values():
            feedback.pushInfo(f"审查意见表 → {path}")
        return written
