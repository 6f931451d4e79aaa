"""Hengyang plan review plugin for QGIS (衡阳市国土空间总体规划审查)."""

from __future__ import annotations

MINIMUM_SHAPELY = (2, 0)


def _missing_dependency() -> str | None:
    """The review engine needs shapely 2; say so instead of failing with a traceback."""
    try:
        import shapely
    except ImportError:
        return "shapely"
    version = tuple(int(part) for part in shapely.__version__.split(".")[:2] if part.isdigit())
    return None if version >= MINIMUM_SHAPELY else f"shapely>=2 (found {shapely.__version__})"


class _DependencyNotice:
    """Stands in for the plugin when a dependency is missing: one message, nothing else."""

    def __init__(self, iface, missing: str):
        self.iface = iface
        self.missing = missing

    def initGui(self):  # noqa: N802 (QGIS's name)
        from qgis.core import Qgis

        self.iface.messageBar().pushMessage(
            "衡阳规划审查 Hengyang plan review",
            f"需要 Python 包 {self.missing}（pip install 'shapely>=2'）/ requires {self.missing}",
            Qgis.Critical,
            0,
        )

    def unload(self):
        pass


def classFactory(iface):  # noqa: N802 (QGIS's name)
    missing = _missing_dependency()
    if missing:
        return _DependencyNotice(iface, missing)
    # Imported lazily so that importing the package (tests, qgis_process) stays cheap.
    from .plugin import HengyangPlanPlugin

    return HengyangPlanPlugin(iface)
