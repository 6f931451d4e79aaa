"""``hengyangplan:batchreview``: a folder (or list) of submissions → one report folder per case + summary.csv.

All the work is ``core.batch.run_batch`` (one pipeline run per case, with the
request defaults every entry point uses); this module maps parameters, feedback
(progress, Cancel between cases and checks) and the QGIS report writer onto it.
A broken case is an error row in summary.csv, not a failure.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
)

from ..core import review_log
from ..core.batch import BatchError, list_cases, run_batch, write_json_only
from ..core.plan.model import PlanSourceError
from ..i18n import tr
from ..qgis_adapters.review_defaults import complete_case, request_defaults
from .base_algorithm import HengyangAlgorithm


class BatchReviewAlgorithm(HengyangAlgorithm):
    INPUT_FOLDER = "INPUT_FOLDER"
    INPUT_FILES = "INPUT_FILES"
    PLAN = "PLAN"
    LAND_USE = "LAND_USE"
    JSON_ONLY = "JSON_ONLY"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    SUMMARY = "SUMMARY"
    CASES = "CASES"
    REVIEWED = "REVIEWED"
    ERRORS = "ERRORS"

    def name(self) -> str:
        return "batchreview"

    def displayName(self) -> str:  # noqa: N802
        return tr("Batch review submissions")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Reviews every submission in a folder against the Hengyang master plan: each 界址点 TXT or vector "
            "file at the top of the folder is a case, and so is each sub-folder holding one submission file. "
            "Every case gets its own folder in OUTPUT_FOLDER with review.json, review.html and review.pdf; "
            "summary.csv (UTF-8 with BOM, opens in Excel) lists case, verdict, site area and the area of each "
            "conflicting check. A case that cannot be read becomes an error row with its message and the batch "
            "goes on. OUTPUT_FOLDER must not be the submission folder or inside it, and must not already hold "
            "the summary.csv of an earlier batch (nothing of an earlier run is overwritten). Cancel stops the "
            "running case and keeps the finished ones. LAND_USE, when given, applies to every case; empty uses "
            "each submission's own land-use code. Every review is recorded in the review log."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT_FOLDER,
                tr("Folder of submissions"),
                behavior=QgsProcessingParameterFile.Behavior.Folder,
                optional=True,
            )
        )
        files = QgsProcessingParameterMultipleLayers(
            self.INPUT_FILES,
            tr("Or: submission files"),
            layerType=QgsProcessing.SourceType.TypeFile,
            optional=True,
        )
        self.addParameter(files)
        self.addParameter(
            QgsProcessingParameterString(
                self.PLAN, tr("Plan (GeoPackage, folder; empty = sample)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                self.LAND_USE,
                tr("Proposed land use for every case (用地用海 code; empty = each file's own)"),
                optional=True,
            )
        )
        json_only = QgsProcessingParameterBoolean(
            self.JSON_ONLY, tr("Write review.json only (no HTML/PDF)"), False
        )
        json_only.setFlags(json_only.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(json_only)
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, tr("Output folder")))
        self.addOutput(QgsProcessingOutputFile(self.SUMMARY, tr("Summary table (summary.csv)")))
        self.addOutput(QgsProcessingOutputNumber(self.CASES, tr("Cases")))
        self.addOutput(QgsProcessingOutputNumber(self.REVIEWED, tr("Cases reviewed")))
        self.addOutput(QgsProcessingOutputNumber(self.ERRORS, tr("Cases with errors")))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        folder = self.parameterAsFile(parameters, self.INPUT_FOLDER, context)
        files = self._files(parameters, context)
        if not folder and not files:
            return False, tr("Choose a folder of submissions or a list of submission files.")
        return super().checkParameterValues(parameters, context)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        folder = self.parameterAsFile(parameters, self.INPUT_FOLDER, context)
        files = self._files(parameters, context)
        plan = self.plan_parameter(parameters, self.PLAN, context, feedback)
        land_use = self.parameterAsString(parameters, self.LAND_USE, context).strip() or None
        json_only = self.parameterAsBoolean(parameters, self.JSON_ONLY, context)
        out_dir = Path(self.parameterAsString(parameters, self.OUTPUT_FOLDER, context))
        # The same defaults as every review (plan and tolerances from the options, the reviewer).
        defaults = request_defaults()
        plan = plan or defaults.plan
        log_path = review_log.resolve_log_path()
        try:
            cases = list_cases(files if files else folder, out_dir=out_dir)
        except (BatchError, OSError) as error:
            raise self.input_error(error) from error
        feedback.pushInfo(f"共 {len(cases)} 个案件 → {out_dir}")
        writer = None
        try:
            if not json_only:
                from ..qgis_adapters.batch_outputs import BatchReportWriter

                writer = BatchReportWriter(plan)
            summary = run_batch(
                cases,
                out_dir,
                plan=plan,
                land_use=land_use,
                settings=defaults.settings,
                case=complete_case(None, defaults),
                write_outputs=writer or write_json_only,
                progress=lambda done, total, name: feedback.pushInfo(f"[{done}/{total}] {name}"),
                feedback=feedback,
            )
        except (BatchError, PlanSourceError) as error:  # BatchError: an earlier run's summary.csv is there
            raise self.input_error(error) from error
        finally:
            if writer is not None:
                writer.close()
        for outcome in summary.outcomes:
            if not outcome.ok:
                feedback.reportError(f"{outcome.case.name}: {outcome.error}", False)
        if summary.cancelled:
            feedback.pushWarning(f"已取消：完成 {len(summary.outcomes)}/{summary.total} 个案件，已保留其结果")
        feedback.pushInfo(
            f"审查 {summary.ok_count} 个，出错 {summary.error_count} 个 → {summary.summary_path}"
        )
        if log_path is not None:
            feedback.pushInfo(f"审查留痕 → {log_path}")
        return {
            self.OUTPUT_FOLDER: str(out_dir),
            self.SUMMARY: str(summary.summary_path),
            self.CASES: summary.total,
            self.REVIEWED: summary.ok_count,
            self.ERRORS: summary.error_count,
        }

    def _files(self, parameters, context) -> list[str]:
        return [path for path in self.parameterAsFileList(parameters, self.INPUT_FILES, context) if path]
