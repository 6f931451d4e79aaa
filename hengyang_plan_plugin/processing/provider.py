"""The ``hengyangplan`` Processing provider: every algorithm calls the core."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr
from ..paths import icon_path, plugin_version


def _algorithm_classes() -> list[type]:
    # Each algorithm lives in its own module; add new ones here.
    from .batch_algorithm import BatchReviewAlgorithm
    from .checkplan_algorithm import CheckPlanAlgorithm
    from .coordinate_algorithms import ExportCoordinatesAlgorithm, ImportCoordinatesAlgorithm
    from .indicators_algorithm import PlanIndicatorsAlgorithm
    from .review_algorithm import ReviewAlgorithm

    return [ReviewAlgorithm, BatchReviewAlgorithm, PlanIndicatorsAlgorithm, ImportCoordinatesAlgorithm,
            ExportCoordinatesAlgorithm, CheckPlanAlgorithm]


class HengyangPlanProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "hengyangplan"

    def name(self) -> str:
        return tr("Hengyang plan review")

    def longName(self) -> str:
        return tr("Hengyang plan review {}").format(plugin_version())

    def icon(self) -> QIcon:
        return QIcon(str(icon_path("hengyang.svg")))

    def loadAlgorithms(self) -> None:
        for algorithm_class in _algorithm_classes():
            self.addAlgorithm(algorithm_class())
