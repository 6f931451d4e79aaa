"""What every ``hengyangplan`` algorithm shares: its group, a fresh instance, one error form.

Unusable input becomes a ``QgsProcessingException`` whose message starts with
``error:`` (the line ``make review`` prints, exit 2), never a traceback.
"""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException

from ..core.feedback import ReviewCancelled
from ..i18n import tr

ERROR_PREFIX = "error: "
WARNING_PREFIX = "warning: "  # what the CLI passes on to stderr

GROUP_REVIEW = "review"
GROUP_COORDINATES = "coordinates"
GROUP_MONITORING = "monitoring"


def _group_names() -> dict[str, str]:
    return {
        GROUP_REVIEW: tr("Review"),
        GROUP_COORDINATES: tr("Site coordinates"),
        GROUP_MONITORING: tr("Plan monitoring"),
    }


class HengyangAlgorithm(QgsProcessingAlgorithm):
    group_id = GROUP_REVIEW

    def group(self) -> str:
        return _group_names()[self.group_id]

    def groupId(self) -> str:  # noqa: N802 (QGIS's name)
        return self.group_id

    def createInstance(self):  # noqa: N802
        return type(self)()

    @staticmethod
    def input_error(error: BaseException | str) -> QgsProcessingException:
        """The exception for input the user must fix; ``raise self.input_error(e) from e``."""
        return QgsProcessingException(ERROR_PREFIX + str(error))

    @staticmethod
    def cancelled() -> QgsProcessingException:
        return QgsProcessingException(tr("The review was cancelled."))


__all__ = ["ERROR_PREFIX", "WARNING_PREFIX", "HengyangAlgorithm", "ReviewCancelled"]
