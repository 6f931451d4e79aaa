"""What every ``hengyangplan`` algorithm shares: its group, a fresh instance, one error form.

Unusable input becomes a ``QgsProcessingException`` whose message starts with
``error:`` (the line ``make review`` prints, exit 2), never a traceback.
"""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException

from ..core.feedback import ReviewCancelled
from ..core.plan.pg_connection import is_pg_source
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

    def plan_parameter(self, parameters, name: str, context, feedback) -> str | None:
        """The PLAN string; a plain ``password=`` in it gets a warning, since qgis_process echoes
        every input (and ps shows its command line) before the algorithm can hide anything."""
        plan = self.parameterAsString(parameters, name, context).strip() or None
        if plan and is_pg_source(plan) and "password" in plan.lower():
            feedback.pushWarning(
                WARNING_PREFIX
                + tr(
                    "The PLAN connection string carries a plain password (password=), which qgis_process "
                    "echoes with its inputs. Use a PostgreSQL service file (PG:service=…, password in "
                    "~/.pgpass) or the QGIS authentication manager (authcfg=) instead."
                )
            )
        return plan

    @staticmethod
    def cancelled() -> QgsProcessingException:
        return QgsProcessingException(tr("The review was cancelled."))


__all__ = ["ERROR_PREFIX", "WARNING_PREFIX", "HengyangAlgorithm", "ReviewCancelled"]
