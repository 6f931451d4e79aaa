"""``hengyangplan:review``: one submission against the plan, through the core engine.

Outputs are declared in ``_output_parameters`` and written in ``_write_outputs``;
a new output (HTML, PDF, Word, the 审查图 sheet) is one parameter there and one branch here.
The review itself is the one pipeline (core/pipeline.py) with the request
defaults of qgis_adapters/review_defaults.py (an empty PLAN is the plan set in
the options, as in the dock); Processing's feedback cancels it between checks.
Unusable input becomes a QgsProcessingException whose message starts with
``error:`` (what ``make review`` shows), never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)

from .. import api
from ..core.feedback import ReviewCancelled
from ..core.pipeline import ENTRY_PROCESSING, run_review
from ..core.plan.model import PlanSourceError
from ..core.rules import RuleTableError
from ..core.submission_model import SubmissionError
from ..i18n import tr
from ..qgis_adapters.review_defaults import review_request
from .base_algorithm import ERROR_PREFIX, WARNING_PREFIX, HengyangAlgorithm

__all__ = ["ERROR_PREFIX", "ReviewAlgorithm"]


class ReviewAlgorithm(HengyangAlgorithm):
    SUBMISSION = "SUBMISSION"
    PLAN = "PLAN"
    LAND_USE = "LAND_USE"
    LAYER = "LAYER"
    CRS = "CRS"
    OUTPUT_JSON = "OUTPUT_JSON"
    OUTPUT_HTML = "OUTPUT_HTML"
    OUTPUT_PDF = "OUTPUT_PDF"
    OUTPUT_DOCX = "OUTPUT_DOCX"
    OUTPUT_SHEET = "OUTPUT_SHEET"
    SHEET = "SHEET"
    SHEET_SIZES = ("A3", "A4")  # A3 landscape, A4 portrait (print_layout.TEMPLATES)
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
            "and the rule behind each finding. PLAN: a GeoPackage, a folder of shapefiles, a PG: source, or "
            "empty for the plan set in the plugin options (the bundled sample when none is set). "
            "LAYER: the layer (CAD layer of a DXF) holding the site, when the file has several "
            "that could be it. CRS: the CRS of a file that defines none (a DXF without zone-prefixed "
            "eastings); a file's own CRS always wins."
        )

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
        self.addParameter(
            QgsProcessingParameterString(
                self.LAYER, tr("Layer holding the site (CAD layer of a DXF)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterCrs(self.CRS, tr("CRS of a file that has none"), optional=True)
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
            QgsProcessingParameterFileDestination(
                self.OUTPUT_DOCX,
                tr("Review report (Word, editable)"),
                "Word (*.docx)",
                optional=True,
                createByDefault=False,
            ),
            QgsProcessingParameterFileDestination(
                self.OUTPUT_SHEET,
                tr("Review map sheet (PDF)"),
                "PDF (*.pdf)",
                optional=True,
                createByDefault=False,
            ),
            QgsProcessingParameterEnum(
                self.SHEET,
                tr("Sheet size (A3 landscape or A4 portrait)"),
                options=list(self.SHEET_SIZES),
                defaultValue=self.SHEET_SIZES[0],
                optional=True,
                usesStaticStrings=True,
            ),
            QgsProcessingParameterVectorDestination(
                self.OUTPUT_CONFLICTS, tr("Conflict areas"), optional=True, createByDefault=False
            ),
        ]

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        submission_path = self.parameterAsFile(parameters, self.SUBMISSION, context)
        plan = self.plan_parameter(parameters, self.PLAN, context, feedback)
        land_use = self.parameterAsString(parameters, self.LAND_USE, context).strip() or None
        layer = self.parameterAsString(parameters, self.LAYER, context).strip() or None
        crs = self.parameterAsCrs(parameters, self.CRS, context)
        json_path = self.parameterAsFileOutput(parameters, self.OUTPUT_JSON, context)
        request = review_request(
            submission_path,
            entry=ENTRY_PROCESSING,
            plan=plan,
            land_use=land_use,
            report_dir=Path(json_path).parent if json_path else None,
            submission_layer=layer,
            submission_crs=(crs.authid() or crs.toWkt()) if crs.isValid() else None,
        )
        try:
            run = run_review(request, feedback)
        except ReviewCancelled as error:
            raise self.cancelled() from error
        except (SubmissionError, PlanSourceError, RuleTableError) as error:
            raise self.input_error(error) from error
        result = run.result
        if run.log_error:
            feedback.pushWarning(f"{WARNING_PREFIX}{run.log_error}")
        feedback.pushInfo(f"审查结论: {result.verdict_label} ({result.verdict})")
        for check in result.checks:
            feedback.pushInfo(f"[{check.status}] {check.title}: {check.site.message}")
        return self._write_outputs(run, parameters, context, feedback)

    def _write_outputs(self, run, parameters, context, feedback) -> dict:
        outputs = {"VERDICT": run.verdict}
        json_path = self.parameterAsFileOutput(parameters, self.OUTPUT_JSON, context)
        if json_path:
            outputs[self.OUTPUT_JSON] = str(api.write_json(run, json_path))
        outputs.update(self._write_report(run, parameters, context, feedback))
        conflicts_path = self.parameterAsOutputLayer(parameters, self.OUTPUT_CONFLICTS, context)
        if conflicts_path:
            from ..qgis_adapters.conflict_layer import write_conflicts

            count = write_conflicts(run.result, conflicts_path, context.transformContext())
            feedback.pushInfo(f"冲突范围 {count} 个 → {conflicts_path}")
            outputs[self.OUTPUT_CONFLICTS] = conflicts_path
        return outputs

    def _write_report(self, run, parameters, context, feedback) -> dict:
        paths = {
            name: self.parameterAsFileOutput(parameters, name, context)
            for name in (self.OUTPUT_HTML, self.OUTPUT_PDF, self.OUTPUT_DOCX, self.OUTPUT_SHEET)
        }
        if not any(paths.values()):
            return {}
        sheet = self.parameterAsEnumString(parameters, self.SHEET, context) or self.SHEET_SIZES[0]
        # The sheet is laid out and rendered here, in the algorithm's thread, over a private
        # project of the plan: nothing of the desktop's project is touched (review_outputs.py).
        from ..core.report.docx_report import DocxUnavailable

        try:
            written = self._write_files(run, paths, sheet)
        except DocxUnavailable as error:
            raise QgsProcessingException(str(error)) from error
        outputs = {name: path for name, path in paths.items() if path}
        for name, path in outputs.items():
            label = "审查图" if name == self.OUTPUT_SHEET else "审查意见表"
            feedback.pushInfo(f"{label} → {path}")
        if written.sheet_path:
            feedback.pushInfo(f"审查图 {written.sheet_pages} 页")
        return outputs

    def _write_files(self, run, paths: dict, sheet: str):
        from ..qgis_adapters.review_outputs import write_review_outputs

        return write_review_outputs(
            run.result,
            run.request.case,
            html_path=paths[self.OUTPUT_HTML] or None,
            pdf_path=paths[self.OUTPUT_PDF] or None,
            docx_path=paths[self.OUTPUT_DOCX] or None,
            sheet_path=paths[self.OUTPUT_SHEET] or None,
            sheet_template=sheet if sheet in self.SHEET_SIZES else self.SHEET_SIZES[0],
            submission=run.submission,
            plan=run.request.plan,
            data=run.data,
        )
