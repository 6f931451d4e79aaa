"""The QGIS report writer a batch plugs into ``core.batch.run_batch``.

The styled plan is loaded once into a private project and its layers serve the
map figure and the 审查图 of every case; each case then gets review.json,
review.html, review.pdf, review.docx and review_sheet.pdf from ``write_review_outputs``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qgis.core import QgsProject

from .plan_loader import load_plan
from .print_layout import visible_plan_layers
from .review_outputs import write_review_outputs


class BatchReportWriter:
    """``writer(run, case_dir)``: the report files of one case."""

    def __init__(self, plan: str | None):
        self._project = QgsProject()  # kept alive as long as the writer: it owns the layers
        load_plan(plan or None, self._project)
        self._layers = visible_plan_layers(self._project)

    def __call__(self, run: Any, case_dir: Path):
        return write_review_outputs(
            run.result,
            run.request.case,
            out_dir=case_dir,
            submission=run.submission,
            plan_layers=self._layers,
            project=self._project,
            data=run.data,
        )

    def close(self) -> None:
        self._layers = []
        self._project.clear()
