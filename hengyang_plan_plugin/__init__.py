"""Hengyang plan review plugin for QGIS (衡阳市国土空间总体规划审查)."""

from __future__ import annotations


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from qgis.core import QgsApplication

    from .dependencies import add_dependency_folder, check_shapely, dependency_folder

    # shapely 2 installed by the "Install dependency" button lives in the profile, first on sys.path.
    folder = dependency_folder(QgsApplication.qgisSettingsDirPath())
    add_dependency_folder(folder)
    status = check_shapely()
    if not status.ok:
        from .dependency_notice import DependencyNotice

        return DependencyNotice(iface, status, folder)
    # Imported lazily so that importing the package (tests, qgis_process) stays cheap.
    from .plugin import HengyangPlanPlugin

    return HengyangPlanPlugin(iface)
