"""Run a review in the background with QgsTask, so QGIS stays responsive.

Shaped like Gispo's BaseTask: ``run`` (worker thread) keeps any exception,
``finished`` (main thread) hands the result or a readable message to the
callbacks; nothing raises into QGIS's Python error dialog.
"""

from __future__ import annotations

from typing import Callable

from qgis.core import QgsTask

from ..core.submission_model import SubmissionError
from ..i18n import tr


class ReviewCancelled(Exception):
    pass


class ReviewTask(QgsTask):
    def __init__(self, description: str, work: Callable[[Callable[[float], None]], object],
                 on_done: Callable[[object], None], on_error: Callable[[str], None]):
        """``work(progress)`` runs in the worker thread; progress takes 0–100."""
        super().__init__(description, QgsTask.CanCancel)
        self._work = work
        self._on_done = on_done
        self._on_error = on_error
        self.result = None
        self.error_message: str | None = None

    def _progress(self, percent: float) -> None:
        if self.isCanceled():
            raise ReviewCancelled()
        self.setProgress(percent)

    def run(self) -> bool:
        try:
            self.result = self._work(self._progress)
            return not self.isCanceled()
        except ReviewCancelled:
            return False
        except SubmissionError as error:
            self.error_message = str(error)
        except Exception as error:  # shown as a message, never a traceback dialog
            self.error_message = tr("The review failed: {}").format(error)
        return False

    def finished(self, succeeded: bool) -> None:
        if succeeded:
            self._on_done(self.result)
        elif self.error_message:
            self._on_error(self.error_message)
        else:
            self._on_error(tr("The review was cancelled."))
