"""Hengyang plan review plugin for QGIS (衡阳市国土空间总体规划审查)."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    # Imported lazily so that importing the package (tests, qgis_process) stays cheap.
    from .plugin import HengyangPlanPlugin

    return HengyangPlanPlugin(iface)
