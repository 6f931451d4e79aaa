"""The dock ``HengyangPlanDock``: plan status, the site, the review and its result."""

from __future__ import annotations

import time
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsProject,
)
from qgis.PyQt.QtCore import QEventLoop, Qt, QTimer
from qgis.PyQt.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.plan.model import PlanSourceError
from ..core.plan_schema import layer_title
from ..core.report.presentation import NOTICE_COLOUR
from ..i18n import tr
from ..qgis_adapters.preferences import Preferences
from .diff_panel import DiffPanel
from .indicators_panel import IndicatorsPanel
from .plan_query_tool import PlanQueryPanel
from .qa_panel import QaPanel
from .result_view import ResultView
from .review_log_panel import ReviewLogPanel
from .review_panel import ReviewPanel

DOCK_NAME = "HengyangPlanDock"


class PlanStatusPanel(QWidget):
    """Which plan is loaded, and which of its layers were found or are missing."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.source_label = QLabel(tr("No plan loaded. Click “Load the Hengyang plan” on the toolbar."))
        self.source_label.setObjectName("planSourceLabel")
        self.source_label.setWordWrap(True)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("planNoticeLabel")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet(f"color: {NOTICE_COLOUR};")
        self.layer_list = QListWidget()
        self.layer_list.setObjectName("planLayerList")
        layout.addWidget(self.source_label)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.layer_list)

    def show_report(self, report) -> None:
        self.source_label.setText(tr("Plan source: {}").format(report.source))
        self.notice_label.setText(
            tr("Bundled sample data (示意数据), not the statutory plan.") if report.is_sample else ""
        )
        self.layer_list.clear()
        for name in report.loaded:
            self.layer_list.addItem(QListWidgetItem(f"✔ {name} {layer_title(name)}"))
        for name in report.missing:
            self.layer_list.addItem(QListWidgetItem("✘ {} {} — {}".format(name, layer_title(name), tr("missing"))))


class HengyangPlanDock(QDockWidget):
    def __init__(self, iface, parent=None):
        super().__init__(tr("Hengyang plan review"), parent)
        self.setObjectName(DOCK_NAME)
        self.iface = iface
        self.last_load_report = None
        self.last_result = None
        self.last_run = None  # the ReviewRun behind last_result: review.json as the dock shows it
        self.export_task = None
        self.export_started = None  # perf_counter of the running export (its progress text)
        self.last_submission = None
        self.case_reviewed = False  # the site on the 送审红线 layer belongs to a finished review
        self.review_started = None  # perf_counter when 运行审查 was triggered (dock_ms)
        self.last_review_ms = None
        self.task = None
        self._alive = True

        self.tabs = QTabWidget()
        self.tabs.setObjectName("hengyangTabs")
        self.plan_panel = PlanStatusPanel()
        self.review_panel = ReviewPanel()
        self.result_view = ResultView()
        review_page = QSplitter()
        review_page.setObjectName("reviewSplitter")
        review_page.setOrientation(Qt.Orientation.Vertical)
        # The inputs and 运行审查 are never scrolled away (no scroll area: the splitter keeps the
        # panel at its full height); the result tree takes what is left of the dock.
        review_page.addWidget(self.review_panel)
        review_page.addWidget(self.result_view)
        review_page.setStretchFactor(0, 0)
        review_page.setStretchFactor(1, 1)
        review_page.setCollapsible(0, False)
        self.tabs.addTab(review_page, tr("Review"))
        self.query_panel = PlanQueryPanel()
        self.log_panel = ReviewLogPanel()
        self.diff_panel = DiffPanel()
        self.indicators_panel = IndicatorsPanel(lambda: Preferences.load().plan_source)
        self.tabs.addTab(self.query_panel, tr("Query"))
        self.tabs.addTab(self.log_panel, tr("Review log"))
        self.tabs.addTab(self.diff_panel, tr("Resubmission diff"))
        self.tabs.addTab(self.indicators_panel, tr("Plan indicators"))
        self.tabs.addTab(self.plan_panel, tr("Plan"))
        # 规划成果质检 under the plan's layer list: check the database before reviewing against it.
        self.qa_panel = QaPanel(lambda: Preferences.load().plan_source)
        self.plan_panel.layout().addWidget(self.qa_panel, 1)
        self.qa_panel.locate.connect(self._locate_qa)
        self.setWidget(self.tabs)

        preferences = Preferences.load()
        self.review_panel.reviewer.setText(preferences.reviewer)
        self.result_view.set_unit(preferences.area_unit)
        self.review_panel.run_button.clicked.connect(self.run_review)
        self.review_panel.cancel_button.clicked.connect(self.cancel_review)
        self.result_view.locate.connect(self._locate)
        self.log_panel.result_requested.connect(self.result_view.show_result)
        self.log_panel.compare_requested.connect(self._compare)
        self.result_view.report_button.clicked.connect(lambda: self.export_report())
        self.result_view.sheet_button.clicked.connect(self.export_sheet)

    # --- plan --------------------------------------------------------------

    def load_plan(self) -> None:
        """Load the configured plan (default: the bundled sample) into the project."""
        from ..qgis_adapters.plan_loader import load_plan

        source = Preferences.load().plan_source
        try:
            report = load_plan(source or None, QgsProject.instance(), self.iface.mapCanvas())
        except PlanSourceError as error:
            self._message(str(error), Qgis.MessageLevel.Critical)
            return
        self.last_load_report = report
        self.plan_panel.show_report(report)
        self.show()
        problems = report.messages()
        if problems:
            self._message("；".join(problems), Qgis.MessageLevel.Warning, 15)
        else:
            self._message(tr("Loaded {} plan layers.").format(len(report.loaded)),
                          Qgis.MessageLevel.Success, 5)
        if not report.is_sample:
            self._offer_qa()

    def _offer_qa(self) -> None:
        """A plan other than the sample: offer 规划成果质检 before anyone reviews against it."""
        from qgis.PyQt.QtWidgets import QPushButton

        bar = self.iface.messageBar()
        text = tr("This is not the sample plan: check it (质检) before reviewing against it.")
        widget = bar.createMessage(tr("Hengyang plan"), text)
        button = QPushButton(tr("Check plan (QA)"))
        button.setObjectName("planQaOffer")

        def start() -> None:
            self.tabs.setCurrentWidget(self.plan_panel)
            self.qa_panel.run()
            bar.popWidget(widget)

        button.clicked.connect(start)
        widget.layout().addWidget(button)
        bar.pushWidget(widget, Qgis.MessageLevel.Info, 30)

    # --- review ------------------------------------------------------------

    def run_review(self) -> bool:
        """Start a review of the chosen site in the background; False when inputs are unusable."""
        from ..core.pipeline import ENTRY_DOCK, run_review
        from ..core.submission_model import SubmissionError
        from ..qgis_adapters.review_defaults import review_request
        from ..qgis_adapters.site_layer import submission_from_layer, with_site_land_use
        from ..toolbelt.tasks import BackgroundTask

        if self.task is not None:
            return False
        layer = self.review_panel.site_layer()
        if layer is None:
            self._message(tr("Choose a site layer, import a coordinates TXT or draw the site first."),
                          Qgis.MessageLevel.Warning)
            return False
        try:
            submission = submission_from_layer(layer, selected_only=self.review_panel.selected_only.isChecked())
        except SubmissionError as error:
            self._message(str(error), Qgis.MessageLevel.Critical)
            return False
        # Each parcel keeps its own 地类编码; the picker's code fills the others (all: when ticked).
        submission, land_use = with_site_land_use(submission, self.review_panel.land_use.code(),
                                                  self.review_panel.apply_to_all.isChecked())
        self.review_started = time.perf_counter()
        request = review_request(submission, entry=ENTRY_DOCK, land_use=land_use, case=self.case_info())
        # The task is the review's feedback: Cancel in the dock or the task manager stops it between checks.
        self.task = BackgroundTask(
            tr("Hengyang plan review"), lambda task: run_review(request, task), self._review_done,
            self._review_failed,
        )
        self.task.progressChanged.connect(lambda value: self._alive and self.review_panel.progress.setValue(int(value)))
        self.review_panel.set_running(True)
        QgsApplication.taskManager().addTask(self.task)
        return True

    def cancel_review(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _review_done(self, run) -> None:
        self.task = None
        if not self._alive:
            return
        from ..qgis_adapters.result_layers import show_result_layers

        self.review_panel.set_running(False)
        self.review_panel.progress.setValue(100)
        self.last_submission = run.submission
        self.last_result = run.result
        self.last_run = run
        self.result_view.set_exportable(True)
        self.log_panel.refresh()
        self.diff_panel.set_current(run.data, run.log_id)
        self.result_view.show_result(run.data)
        layers = show_result_layers(QgsProject.instance(), run.result, run.submission, run.data)
        self._zoom_to_layer(layers.parcels)
        self.case_reviewed = True
        if self.review_started is not None:
            self.last_review_ms = (time.perf_counter() - self.review_started) * 1000.0
        levels = {"pass": Qgis.MessageLevel.Success, "fail": Qgis.MessageLevel.Critical}
        self._message(tr("Review finished: {}").format(run.result.verdict_label),
                      levels.get(run.verdict, Qgis.MessageLevel.Warning), 8)

    def _review_failed(self, message: str) -> None:
        self.task = None
        if not self._alive:
            return
        self.review_panel.set_running(False)
        self._message(message, Qgis.MessageLevel.Critical)

    def wait_for_review(self, timeout_ms: int = 120_000) -> None:
        """Block (running the event loop) until the running review ends; for scripts and tests."""
        if self.task is None:
            return
        loop = QEventLoop()
        timer = QTimer()
        timer.timeout.connect(lambda: self.task is None and loop.quit())
        timer.start(50)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        timer.stop()

    def review_file_and_wait(self, path: str, land_use: str | None = None) -> dict | None:
        """Import a submission file into the 送审红线 layer, review it and wait (screenshots, tests)."""
        from ..core.submission_io import read_submission
        from ..qgis_adapters.site_layer import add_submission_to_site_layer

        submission = read_submission(path)
        layer = add_submission_to_site_layer(QgsProject.instance(), submission, replace=True)
        self.review_panel.site_layer_combo.setLayer(layer)
        self.review_panel.land_use.set_code(land_use or submission.land_use)
        if not self.run_review():
            return None
        self.wait_for_review()
        if self.last_result is None:
            return None
        return {"verdict": self.last_result.verdict,
                "checks": {c["id"]: c["status"] for c in self.last_result.to_dict()["checks"]}}

    def use_site_layer(self, layer, land_use: str | None = None) -> None:
        """Make a layer the site to review (after an import or drawing)."""
        self.review_panel.site_layer_combo.setLayer(layer)
        if land_use:
            self.review_panel.land_use.set_code(land_use)
        self.review_panel.show_parcel_land_uses()  # the same layer with a parcel more
        self.tabs.setCurrentIndex(0)
        self.show()

    def start_drawn_case(self) -> int:
        """Drawing a site after a finished review (or over an imported file) is a new case: the old
        parcels, case fields and result go, and the message bar says so. Parcels drawn since the
        last review stay (the technician may draw a site in several goes). Returns parcels removed."""
        from ..qgis_adapters.result_layers import remove_result_layers
        from ..qgis_adapters.site_layer import SOURCE_PROPERTY, clear_site_layer, find_site_layer

        layer = find_site_layer(QgsProject.instance())
        if layer is None or layer.featureCount() == 0:
            return 0
        if not (self.case_reviewed or layer.customProperty(SOURCE_PROPERTY)):
            return 0
        removed = clear_site_layer(layer)
        self.review_panel.clear_case()
        self.result_view.clear()
        self.result_view.set_exportable(False)
        remove_result_layers(QgsProject.instance())
        self.last_result = self.last_run = self.last_submission = None
        self.case_reviewed = False
        self.review_panel.site_layer_combo.setLayer(layer)
        self.review_panel.progress.setValue(0)
        self._message(tr("New case: the previous case's {} parcel(s), case fields and result were cleared. "
                         "Draw the new site.").format(removed), Qgis.MessageLevel.Info, 10)
        return removed

    # --- outputs -----------------------------------------------------------

    def case_info(self):
        from ..core.report.case_info import CaseInfo

        case = self.review_panel.case_info()
        return CaseInfo(case.project_name, case.document_number, case.applicant, case.reviewer)

    def _require_result(self) -> bool:
        if self.last_result is None:
            self._message(tr("Run a review first."), Qgis.MessageLevel.Warning)
            return False
        return True

    def print_review(self) -> None:
        """The hengyang_print action: the filled review sheet in the layout designer."""
        if not self._require_result():
            return
        from ..qgis_adapters.print_layout import print_review

        print_review(self.iface, self.last_result, self.last_submission, self.case_info(),
                     self.result_view.template_combo.currentData())

    def export_report(self, folder: str | None = None) -> bool:
        """审查意见表 (review.json, review.html, review.pdf) into a folder, written in the background.

        The map figures are drawn first, here on the main thread (they read the project's layers);
        the documents are then written by a task, so QGIS stays responsive. False when nothing starts.
        """
        if not self._require_result() or self.export_task is not None:
            return False
        from ..core.report.geometries import review_geometries
        from ..qgis_adapters.print_layout import visible_plan_layers
        from ..qgis_adapters.review_outputs import render_review_figures, write_review_documents
        from ..toolbelt.tasks import BackgroundTask

        if not folder:
            folder = self._ask_report_folder()
        if not folder:
            return False
        Path(folder).mkdir(parents=True, exist_ok=True)
        data, case, log_id = self.last_run.data, self.case_info(), self.last_run.log_id
        self.result_view.set_exporting(True, tr("Exporting the review report…"))
        self.export_started = time.perf_counter()
        figures = render_review_figures(data, review_geometries(self.last_result, self.last_submission),
                                        visible_plan_layers(QgsProject.instance()))
        self.export_task = BackgroundTask(
            tr("Export the review report"),
            lambda task: write_review_documents(data, case, figures, folder),
            lambda outputs: self._report_written(outputs, folder, log_id),
            self._export_failed,
            can_cancel=False,
        )
        QgsApplication.taskManager().addTask(self.export_task)
        return True

    def default_output_name(self) -> str:
        """The case's name for its output files: 项目名称 or 文号, else the submission's name."""
        from .output_names import safe_file_stem

        case = self.case_info()
        name = case.project_name or case.document_number
        if not name and self.last_run is not None:
            name = str(self.last_run.data["submission"].get("name") or "")
        return safe_file_stem(name or "review")

    def _ask_report_folder(self) -> str:
        """A new folder named after the case, under the last folder used, offered for the report."""
        from qgis.PyQt.QtWidgets import QFileDialog

        from .output_names import last_output_dir, set_last_output_dir

        suggested = str(Path(last_output_dir()) / f"{self.default_output_name()}_审查意见表")
        path, _ = QFileDialog.getSaveFileName(self, tr("Folder for the review report"), suggested,
                                              tr("Report folder (*)"))
        if path:
            set_last_output_dir(str(Path(path).parent))
        return path

    def _report_written(self, outputs, folder: str, log_id: int | None) -> None:
        from ..core import review_log

        self.export_task = None
        if not self._alive:
            return
        self.result_view.set_exporting(False)
        # The review's 留痕 record now says where its report is.
        path = review_log.resolve_log_path()
        if log_id is not None and path is not None and path.is_file():
            review_log.ReviewLog(path).set_report_dir(log_id, str(Path(folder).resolve()))
            self.log_panel.refresh()
        self._message(tr("Review report written to {}").format(outputs.pdf_path), Qgis.MessageLevel.Success)

    def _export_failed(self, message: str) -> None:
        self.export_task = None
        if self._alive:
            self.result_view.set_exporting(False)
            self._message(message, Qgis.MessageLevel.Critical)

    def export_sheet(self) -> None:
        """The review map sheet as PDF (a page per parcel) or PNG.

        On the main thread, not a BackgroundTask: a print layout is not thread-safe (QGIS's own
        native:printlayouttopdf is flagged NoThreading, src/analysis/processing/qgsalgorithmlayouttopdf.cpp).
        """
        if not self._require_result():
            return
        from qgis.PyQt.QtWidgets import QFileDialog

        from ..qgis_adapters.print_layout import export_review_sheet
        from .output_names import last_output_dir, set_last_output_dir

        suggested = str(Path(last_output_dir()) / f"{self.default_output_name()}_审查图.pdf")
        path, _ = QFileDialog.getSaveFileName(self, tr("Export the review sheet"), suggested,
                                              tr("PDF (*.pdf);;PNG image (*.png)"))
        if not path:
            return
        set_last_output_dir(str(Path(path).parent))
        # The layout must be drawn here (not thread-safe); the dock shows it is busy meanwhile.
        self.result_view.set_exporting(True, tr("Exporting the review sheet…"))
        QApplication.processEvents()
        try:
            written = export_review_sheet(self.last_result, self.last_submission, self.case_info(), path,
                                          self.result_view.template_combo.currentData())
        finally:
            self.result_view.set_exporting(False)
        self._message(tr("Review sheet written: {}").format(", ".join(str(p) for p in written)),
                      Qgis.MessageLevel.Success)

    def _compare(self, previous: dict, current: dict) -> None:
        self.diff_panel.compare(previous, current)
        self.tabs.setCurrentWidget(self.diff_panel)
        self.show()

    def show_query(self, answers, missing, x: float, y: float) -> None:
        self.query_panel.show_answers(answers, missing, x, y)
        self.tabs.setCurrentWidget(self.query_panel)
        self.show()

    # --- canvas ------------------------------------------------------------

    def _locate(self, kind: str, key) -> float | None:
        """Zoom to a finding (its extent plus a margin, within readable scales) and flash it;
        returns the scale shown."""
        from ..qgis_adapters.review_layers import to_qgs_geometry
        from .map_zoom import zoom_to_geometry

        canvas = self.iface.mapCanvas()
        if kind == "feature":
            from ..qgis_adapters.plan_loader import find_plan_layer

            layer = find_plan_layer(QgsProject.instance(), key[0])
            feature = layer.getFeature(key[1]) if layer is not None else None
            if feature is None or not feature.hasGeometry():
                return None
            # The feature where it meets the site, not all of it (a 城镇开发边界 spans the city).
            finding = self._on_site(feature.geometry(), layer.crs())
            scale = zoom_to_geometry(canvas, finding, layer.crs())
            canvas.flashFeatureIds(layer, [key[1]])
            return scale
        if self.last_result is None:
            return None
        check_id, parcel_id = key
        check = self.last_result.check(check_id)
        outcome = dict(check.parcels).get(parcel_id) if parcel_id else check.site
        if outcome is None or outcome.conflict_geometry is None or outcome.conflict_geometry.is_empty:
            return None
        geometry = to_qgs_geometry(outcome.conflict_geometry)
        crs = QgsCoordinateReferenceSystem(self.last_result.working_crs)
        scale = zoom_to_geometry(canvas, geometry, crs)
        canvas.flashGeometries([geometry], crs)
        return scale

    def _locate_qa(self, geometry, crs_key: str) -> float:
        """Zoom to a 质检 finding (the gap, the overlap, the bad feature) and flash it."""
        from ..qgis_adapters.review_layers import to_qgs_geometry
        from .map_zoom import zoom_to_geometry

        crs = QgsCoordinateReferenceSystem(crs_key)
        shape = to_qgs_geometry(geometry)
        scale = zoom_to_geometry(self.iface.mapCanvas(), shape, crs)
        self.iface.mapCanvas().flashGeometries([shape], crs)
        return scale

    def _on_site(self, geometry, crs):
        """``geometry`` (in ``crs``) cut to the reviewed site, or whole when they do not meet."""
        if self.last_submission is None or self.last_result is None:
            return geometry
        from qgis.core import QgsCoordinateTransform

        from ..core.report.geometries import review_geometries
        from ..qgis_adapters.review_layers import to_qgs_geometry

        site = review_geometries(self.last_result, self.last_submission).site
        if site is None or site.is_empty:
            return geometry
        site_geometry = to_qgs_geometry(site)
        site_geometry.transform(QgsCoordinateTransform(QgsCoordinateReferenceSystem(self.last_result.working_crs),
                                                       crs, QgsProject.instance()))
        piece = geometry.intersection(site_geometry)
        return piece if not piece.isEmpty() else geometry

    def _zoom_to_layer(self, layer) -> None:
        """Show the reviewed site with some of its surroundings."""
        canvas = self.iface.mapCanvas()
        if layer is None or layer.featureCount() == 0:
            return
        from qgis.core import QgsCoordinateTransform

        transform = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
        extent = transform.transformBoundingBox(layer.extent())
        extent.scale(1.3)
        canvas.setExtent(extent)
        canvas.refresh()

    # --- plumbing ----------------------------------------------------------

    def _message(self, text: str, level=Qgis.MessageLevel.Info, duration: int = 10) -> None:
        self.iface.messageBar().pushMessage(tr("Hengyang plan"), text, level, duration)

    def shutdown(self) -> None:
        """Called by the plugin's unload: stop a running review; its callbacks become no-ops."""
        self._alive = False
        if self.task is not None:
            self.task.cancel()
